"""The web app's eligibility parts, built into app.py's page: the 政策体检 tab (a short form of common
facts, every policy of the readable knowledge bases with its verdict) and, in the 文档 tab, the staff's
review of a policy's rules: a table edited row by row and confirmed (or a correction file, the format
`bureau policy-rules --correct` takes), with the review history and what a re-read of a changed file
changed. Handlers check the user on every request."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Protocol

import gradio as gr

from assistant.access import for_every_account, readable_kbs
from assistant.config import Settings, UserSettings
from assistant.eligibility import PolicyNotFoundError, form_text, read_facts, record_check
from assistant.eligibility.chat import service
from assistant.eligibility.checklist import checklist_markdown
from assistant.eligibility.model import Check, PolicyVerdict
from assistant.eligibility.reading import shown
from assistant.eligibility.review import COLUMNS, ORIGIN, RuleEditError, apply_edits, rule_table
from assistant.web.render import as_text

ANSWERS = ["未说明", "是", "否"]
POLICY_COLUMNS = ["政策", "结论", "可获金额", "不符合的条款", "还需说明", "条件核对", "是否有效"]
VERDICT_WORDS = {"eligible": "符合", "ineligible": "不符合", "needs_info": "待补充"}
REVIEWED_SHORT = {True: "已人工确认", False: "自动提取"}
# The eligibility parts' own page styles (app.py adds them to the page's): the 政策体检 summary keeps a
# readable width and scrolls sideways on a phone instead of squeezing its headers to one character a line;
# in the checklist and the review table, clause numbers (第四条（二）) and the ✓/✗ column never break.
CSS = """
.eligibility-table .table-wrap, .rules-table .table-wrap { overflow-x: auto; }
.eligibility-table .upload-container { min-width: 680px; }
.rules-table .upload-container { min-width: 900px; }
#eligibility-details th, #eligibility-details td:nth-child(2), #eligibility-details td:nth-child(3) { white-space: nowrap; }
#eligibility-details table { display: block; overflow-x: auto; }
"""
# The 政策体检 summary: long clauses wrap inside their column, so 还需说明, 是否有效 and 条件核对 stay on screen.
POLICY_WIDTHS = ["19%", "8%", "10%", "23%", "24%", "8%", "8%"]
RULE_WIDTHS = ["5%", "8%", "8%", "11%", "9%", "7%", "8%", "9%", "27%", "8%"]  # the clause gets the room
NO_CHECK = "填写企业情况后点击“开始体检”，这里逐项列出每份政策的条件对照（✓ 符合 ✗ 不符合 ? 待说明）、依据条款和可获金额。"


def payable_words(verdict: PolicyVerdict) -> str:
    """The amount for the summary: payable only when eligible; if the enterprise still has to say
    something, the amount it would get (若符合); nothing beside 不符合."""
    if verdict.amount is None or verdict.verdict == "ineligible" or not verdict.rules.valid:
        return ""
    return shown(verdict.amount, "元") if verdict.verdict == "eligible" else f"若符合：{shown(verdict.amount, '元')}"


def policy_rows(check: Check) -> list[list[str]]:
    """One row per policy for the 政策体检 table."""
    return [
        [v.rules.title + (f"（{v.measure}）" if v.measure else ""), VERDICT_WORDS[v.verdict], payable_words(v),
         "；".join(f"{r.condition.location} {r.condition.text}" for r in v.failed),
         "；".join(v.missing), REVIEWED_SHORT[v.rules.corrected],
         "有效" if v.rules.valid else "已被替代" if v.rules.superseded_by else f"已失效（{v.rules.validity_note}）"]  # fmt: skip
        for v in check.policies
    ]


def _flag(answer: str | None) -> bool | None:
    return {"是": True, "否": False}.get(answer or "")


def _number(value: object, label: str) -> str:
    """A form number as written ("" when left empty); anything else gets a message saying what to type."""
    text = str(value or "").strip().removesuffix("%").removesuffix("年")
    if not text:
        return ""
    try:
        return f"{float(text):g}"
    except ValueError:
        raise gr.Error(f"“{label}”应填数字，如 3 或 4.2", title="无法体检", print_exception=False) from None


class WebSession(Protocol):
    """What the page needs of the web app (app.py's WebApp): the settings, the request's user and the limits
    every endpoint taking a person's text shares."""

    settings: Settings

    def user(self, request: gr.Request | None) -> UserSettings: ...

    def staff(self, request: gr.Request | None) -> UserSettings: ...

    def check_length(self, what: str, *texts: object) -> None: ...

    def request_slot(self, user: UserSettings) -> AbstractContextManager[None]: ...


class EligibilityPage:
    """Handlers behind the 政策体检 tab and the rules view; `web` supplies the settings and the user."""

    def __init__(self, web: WebSession) -> None:
        self.web = web

    @for_every_account
    def check(
        self, kind: str, place: str, years: object, revenue: str, rd: object, staff: object, legal: str, tax: str,
        dishonest: str, other: str, request: gr.Request,
    ) -> tuple[list[list[str]], str]:  # fmt: skip
        """Every policy the user may read, judged on the form's facts; the check goes to the audit log."""
        user = self.web.user(request)
        self.web.check_length("填写的企业情况", kind, place, years, revenue, rd, staff, legal, tax, dishonest, other)
        kbs = readable_kbs(self.web.settings, user)
        values = {
            "kind": kind if kind and kind != "未说明" else "", "registered_in": (place or "").strip(),
            "years_operating": _number(years, "成立年限"), "revenue": (revenue or "").strip(),
            "rd_ratio": _number(rd, "研发费用占比"), "staff_ratio": _number(staff, "科技人员占比"),
            "legal_person": _flag(legal), "tax_paid": _flag(tax),
            "dishonest": {"有": True, "无": False}.get(dishonest or ""),
        }  # fmt: skip
        text = form_text(values, other or "")
        with self.web.request_slot(user):
            checker = service(self.web.settings, kbs)
            check = checker.judge(text, read_facts(text), checker.policies())
            record_check(self.web.settings, user, kbs, check)
        return policy_rows(check), as_text(checklist_markdown(check))  # clauses are document text: shown as text

    def policies(self, kb: str, request: gr.Request) -> dict:
        """The policy files of a knowledge base, for the staff's rules view."""
        self.web.staff(request)
        names = [p.rules.source for p in service(self.web.settings, [kb]).policies()]
        return gr.update(choices=names, value=names[0] if names else None)

    def rules(self, kb: str, source: str | None, request: gr.Request) -> tuple[list[list[str]], dict, str, str]:
        """A policy's rules as the review table, the rules shown (the edits apply to them), where they stand
        with the staff, and the correction file."""
        self.web.staff(request)
        if not source:
            return [], {}, "", ""
        try:
            state = service(self.web.settings, [kb]).review(source)
        except PolicyNotFoundError as exc:
            raise gr.Error(str(exc), title="无法完成", print_exception=False) from exc
        data = state.policy.rules.as_dict()
        status = "\n\n".join(as_text(line) for line in state.lines(self.web.settings.app.timezone))
        return [row.cells for row in rule_table(data)], data, status, json.dumps(data, ensure_ascii=False, indent=1)

    def confirm(self, kb: str, source: str | None, table: list[list[str]], shown: dict, request: gr.Request) -> tuple[list[list[str]], dict, str, str]:
        """Confirm the rules as the table now says (a new review version in the audit log)."""
        self.web.staff(request)
        if not source or not shown:
            raise gr.Error("请先选择政策文件并查看其条件", title="无法确认", print_exception=False)
        try:
            edited = apply_edits(shown, [list(row) for row in table or []])
        except RuleEditError as exc:
            raise gr.Error(f"{exc}。未保存，请改正后再确认", title="无法确认", print_exception=False) from exc
        except (TypeError, KeyError, IndexError, AttributeError) as exc:  # a table not made from these rules
            raise gr.Error("表格与所选政策的条件对不上，请点击“查看”重新载入后再修改", title="无法确认", print_exception=False) from exc
        return self._save(kb, source, edited, request)

    def correct(self, kb: str, source: str | None, text: str, request: gr.Request) -> tuple[list[list[str]], dict, str, str]:
        """Confirm the rules as a correction file says (the JSON `bureau policy-rules --json` exports)."""
        self.web.staff(request)
        if not source:
            raise gr.Error("请先选择政策文件", title="无法完成", print_exception=False)
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError as exc:
            raise gr.Error(f"校正文件不是有效的格式（第{exc.lineno}行：{exc.msg}），请在导出的内容上修改", title="无法保存",
                           print_exception=False) from exc  # fmt: skip
        return self._save(kb, source, data, request)

    def _save(self, kb: str, source: str, data: dict, request: gr.Request) -> tuple[list[list[str]], dict, str, str]:
        user = self.web.staff(request)
        try:
            rules = service(self.web.settings, [kb]).correct(source, data, user)
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise gr.Error(f"校正内容不是有效的条件（{exc}），请在导出的内容上修改", title="无法保存", print_exception=False) from exc
        gr.Info(f"已确认《{rules.title}》的条件，之后的体检按这些条件判断", title="已确认")
        return self.rules(kb, source, request)

    def reset(self, kb: str, source: str | None, request: gr.Request) -> tuple[list[list[str]], dict, str, str]:
        user = self.web.staff(request)
        if source:
            service(self.web.settings, [kb]).reset(source, user)
            gr.Info(f"已撤销对 {source} 的确认，将重新从文件提取", title="已撤销")
        return self.rules(kb, source, request)


def eligibility_tab(page: EligibilityPage) -> None:
    """The 政策体检 tab's contents (inside app.py's `with gr.Tab(...)`)."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=320):
            gr.Markdown("填写贵单位的基本情况（不填的项按“未说明”处理），对照知识库中的每一份政策。", elem_classes="hint")
            with gr.Row():
                kind = gr.Dropdown(label="申请人类型", choices=["未说明", "企业", "事业单位", "社会组织", "个人"], value="企业", min_width=120)
                place = gr.Textbox(label="注册地", placeholder="如 示范县", min_width=120)
            with gr.Row():
                years = gr.Textbox(label="成立年限（年）", placeholder="如 3", min_width=120)
                revenue = gr.Textbox(label="上年度营业收入", placeholder="如 3000万元、1.2亿元", min_width=120)
            with gr.Row():
                rd = gr.Textbox(label="研发费用占比（%）", placeholder="如 4.2", min_width=120)
                staff = gr.Textbox(label="科技人员占比（%）", placeholder="如 15", min_width=120)
            with gr.Row():
                legal = gr.Radio(ANSWERS, value="未说明", label="独立法人资格", min_width=120, elem_id="eligibility-form-legal")
                tax = gr.Radio(ANSWERS, value="未说明", label="在本地依法纳税", min_width=120, elem_id="eligibility-form-tax")
            dishonest = gr.Radio(["未说明", "无", "有"], value="未说明", label="严重失信记录", elem_id="eligibility-form-dishonest")
            other = gr.Textbox(label="其他情况（专利、认定、合同金额等）", lines=3, max_length=page.web.settings.app.max_question_chars,
                               placeholder="如：去年授权2件发明专利；首次认定为国家高新技术企业；要签16万元的检验检测服务合同")  # fmt: skip
            run = gr.Button("开始体检", variant="primary")
        with gr.Column(scale=3, min_width=420):
            table = gr.Dataframe(headers=POLICY_COLUMNS, label="体检结果", interactive=False, wrap=True,
                                 max_height=320, elem_classes="eligibility-table", column_widths=POLICY_WIDTHS)  # fmt: skip
            details = gr.Markdown(NO_CHECK, elem_id="eligibility-details")
    run.click(page.check, [kind, place, years, revenue, rd, staff, legal, tax, dishonest, other], [table, details],
              api_name="eligibility", show_progress_on=table)  # fmt: skip


def rules_panel(page: EligibilityPage, kb: gr.Dropdown) -> None:
    """The staff's review of a policy's rules (inside the 文档 tab): one row per test, tier or amount; the
    编号 and 来源 columns are the program's, the others are edited in place and confirmed."""
    with gr.Accordion("政策条件提取结果（逐行核对、修改并确认）", open=False, elem_id="policy-rules") as panel:
        with gr.Row():
            source = gr.Dropdown(label="政策文件", choices=[], scale=3, allow_custom_value=True)
            show = gr.Button("查看", scale=1)
        status = gr.Markdown(elem_id="policy-rules-status")
        rows = gr.Dataframe(headers=COLUMNS, interactive=True, wrap=True, max_height=420, type="array",
                            static_columns=[0, ORIGIN], elem_classes="rules-table", elem_id="policy-rules-table",
                            column_widths=RULE_WIDTHS)  # fmt: skip
        gr.Markdown("请对照原文逐行核对，可直接在表中修改“类别、分组、条件项、档次、比较、标准、出处、原文”；删去一行即删去该项，"
                    "新增条件请加一行并让“编号”留空。无误后点击“确认条件”，企业体检即按确认的条件判断。", elem_classes="hint")  # fmt: skip
        shown = gr.State({})  # the rules the table was made from: the edits apply to them
        with gr.Row():
            confirm = gr.Button("确认条件", variant="primary")
            undo = gr.Button("撤销确认，重新提取")
        with gr.Accordion("校正文件（高级：导出、修改后导入）", open=False):
            editor = gr.Code(label="校正文件", language="json", lines=8, max_lines=20)
            save = gr.Button("按校正文件保存并确认")
    outputs = [rows, shown, status, editor]
    kb.change(page.policies, [kb], source, api_name=False)
    panel.expand(page.policies, [kb], source, api_name=False)
    show.click(page.rules, [kb, source], outputs, api_name="policy_rules")
    source.change(page.rules, [kb, source], outputs, api_name=False)
    confirm.click(page.confirm, [kb, source, rows, shown], outputs, api_name="confirm_policy_rules")
    save.click(page.correct, [kb, source, editor], outputs, api_name="correct_policy_rules")
    undo.click(page.reset, [kb, source], outputs, api_name=False)
