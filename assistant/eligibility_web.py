"""The web app's eligibility parts, built into app.py's page: the 政策体检 tab (a short form of common
facts, every policy of the readable knowledge bases with its verdict) and, in the 文档 tab, the staff's
view and correction of a policy's extracted conditions. Handlers check the user on every request."""

from __future__ import annotations

import json
from typing import Protocol

import gradio as gr

from assistant.access import readable_kbs
from assistant.config import Settings, UserSettings
from assistant.eligibility import PolicyNotFoundError, form_text, read_facts, record_check
from assistant.eligibility.chat import service
from assistant.eligibility_view import POLICY_COLUMNS, RULE_COLUMNS, checklist_markdown, policy_rows, rule_rows
from assistant.web_view import as_text

ANSWERS = ["未说明", "是", "否"]
NO_CHECK = "填写企业情况后点击“开始体检”，这里逐项列出每份政策的条件对照（✓ 符合 ✗ 不符合 ? 待说明）、依据条款和可获金额。"


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
    """What the page needs of the web app (app.py's WebApp): the settings and the request's user."""

    settings: Settings

    def user(self, request: gr.Request | None) -> UserSettings: ...

    def staff(self, request: gr.Request | None) -> UserSettings: ...


class EligibilityPage:
    """Handlers behind the 政策体检 tab and the rules view; `web` supplies the settings and the user."""

    def __init__(self, web: WebSession) -> None:
        self.web = web

    def check(
        self, kind: str, place: str, years: object, revenue: str, rd: object, staff: object, legal: str, tax: str,
        dishonest: str, other: str, request: gr.Request,
    ) -> tuple[list[list[str]], str]:  # fmt: skip
        """Every policy the user may read, judged on the form's facts; the check goes to the audit log."""
        user = self.web.user(request)
        kbs = readable_kbs(self.web.settings, user)
        values = {
            "kind": kind if kind and kind != "未说明" else "", "registered_in": (place or "").strip(),
            "years_operating": _number(years, "成立年限"), "revenue": (revenue or "").strip(),
            "rd_ratio": _number(rd, "研发费用占比"), "staff_ratio": _number(staff, "科技人员占比"),
            "legal_person": _flag(legal), "tax_paid": _flag(tax),
            "dishonest": {"有": True, "无": False}.get(dishonest or ""),
        }  # fmt: skip
        text = form_text(values, other or "")
        checker = service(self.web.settings, kbs)
        check = checker.judge(text, read_facts(text), checker.policies())
        record_check(self.web.settings, user, kbs, check)
        return policy_rows(check), as_text(checklist_markdown(check))  # clauses are document text: shown as text

    def policies(self, kb: str, request: gr.Request) -> dict:
        """The policy files of a knowledge base, for the staff's rules view."""
        self.web.staff(request)
        names = [p.rules.source for p in service(self.web.settings, [kb]).policies()]
        return gr.update(choices=names, value=names[0] if names else None)

    def rules(self, kb: str, source: str | None, request: gr.Request) -> tuple[list[list[str]], str]:
        self.web.staff(request)
        if not source:
            return [], ""
        try:
            rules = service(self.web.settings, [kb]).rules_of(source).rules
        except PolicyNotFoundError as exc:
            raise gr.Error(str(exc), title="无法完成", print_exception=False) from exc
        return rule_rows(rules), json.dumps(rules.as_dict(), ensure_ascii=False, indent=1)

    def correct(self, kb: str, source: str | None, text: str, request: gr.Request) -> tuple[list[list[str]], str]:
        user = self.web.staff(request)
        if not source:
            raise gr.Error("请先选择政策文件", title="无法完成", print_exception=False)
        try:
            service(self.web.settings, [kb]).correct(source, json.loads(text or "{}"), user)
        except (json.JSONDecodeError, TypeError, KeyError) as exc:
            raise gr.Error(f"校正内容不是有效的提取结果（{exc}），请在原 JSON 上修改", title="无法保存", print_exception=False) from exc
        gr.Info(f"已保存对 {source} 的校正，之后的体检按校正后的条件判断", title="已保存")
        return self.rules(kb, source, request)

    def reset(self, kb: str, source: str | None, request: gr.Request) -> tuple[list[list[str]], str]:
        self.web.staff(request)
        if source:
            service(self.web.settings, [kb]).reset(source)
            gr.Info(f"已撤销对 {source} 的校正", title="已撤销")
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
            other = gr.Textbox(label="其他情况（专利、认定、合同金额等）", lines=3,
                               placeholder="如：去年授权2件发明专利；首次认定为国家高新技术企业；要签16万元的检验检测服务合同")  # fmt: skip
            run = gr.Button("开始体检", variant="primary")
        with gr.Column(scale=3, min_width=420):
            table = gr.Dataframe(headers=POLICY_COLUMNS, label="体检结果", interactive=False, wrap=True,
                                 max_height=260, elem_classes="eligibility-table")  # fmt: skip
            details = gr.Markdown(NO_CHECK, elem_id="eligibility-details")
    run.click(page.check, [kind, place, years, revenue, rd, staff, legal, tax, dishonest, other], [table, details],
              api_name="eligibility", show_progress_on=table)  # fmt: skip


def rules_panel(page: EligibilityPage, kb: gr.Dropdown) -> None:
    """The staff's view of a policy's extracted conditions, with correction (inside the 文档 tab)."""
    with gr.Accordion("政策条件提取结果（可校正）", open=False, elem_id="policy-rules") as panel:
        with gr.Row():
            source = gr.Dropdown(label="政策文件", choices=[], scale=3, allow_custom_value=True)
            show = gr.Button("查看", scale=1)
        rows = gr.Dataframe(headers=RULE_COLUMNS, interactive=False, wrap=True, max_height=300, elem_classes="rules-table")
        editor = gr.Code(label="提取结果（JSON，可修改后保存）", language="json", lines=8, max_lines=20)
        with gr.Row():
            save = gr.Button("保存校正", variant="primary")
            undo = gr.Button("撤销校正，重新提取")
    kb.change(page.policies, [kb], source, api_name=False)
    panel.expand(page.policies, [kb], source, api_name=False)
    show.click(page.rules, [kb, source], [rows, editor], api_name="policy_rules")
    source.change(page.rules, [kb, source], [rows, editor], api_name=False)
    save.click(page.correct, [kb, source, editor], [rows, editor], api_name="correct_policy_rules")
    undo.click(page.reset, [kb, source], [rows, editor], api_name=False)
