"""科技局智能助手 web app: chat with citations, documents, status; login with roles. A thin Gradio layer
over assistant/ — run `python app.py` or `bureau serve`."""

from __future__ import annotations

import ipaddress
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline product: no telemetry calls

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from assistant.access import (  # noqa: E402
    LOCAL_USER,
    authenticate,
    find_user,
    for_every_account,
    is_staff,
    knowledge_base_names,
    login_required,
    readable_kbs,
)
from assistant.answer import Answer, Assistant  # noqa: E402
from assistant.audit import audit_log  # noqa: E402
from assistant.clock import now_in  # noqa: E402
from assistant.composition import chat_routes, ingest_hooks  # noqa: E402
from assistant.config import Settings, UserSettings, load_settings  # noqa: E402
from assistant.drafting import DraftDataError, UnknownTopicError, draft_section, recheck  # noqa: E402
from assistant.drafting.docx_export import write_docx  # noqa: E402
from assistant.embeddings import build_embedding  # noqa: E402
from assistant.figures.workbook import forget_stored_workbook  # noqa: E402
from assistant.first_start import ingest_sample_if_empty  # noqa: E402
from assistant.knowledge import STATUS_LABELS, FileOutcome, KnowledgeBase  # noqa: E402
from assistant.legacy import import_legacy_home, legacy_files  # noqa: E402
from assistant.web import chart, chat, login, page, render  # noqa: E402
from assistant.web.chat import Session  # noqa: E402
from assistant.web.chat_store import ChatStore  # noqa: E402
from assistant.web.eligibility import CSS as ELIGIBILITY_CSS  # noqa: E402
from assistant.web.eligibility import EligibilityPage, eligibility_tab, rules_panel
from assistant.web.guard import OwnedFiles, WebGuard  # noqa: E402
from assistant.web.login_guard import LoginGuard  # noqa: E402
from assistant.web.uploads import UploadError, discard_upload, store_upload  # noqa: E402
from ingest.limits import MB  # noqa: E402
from vectorstore.database import DatabaseUnavailableError  # noqa: E402
from vectorstore.model import SearchFilters  # noqa: E402
from vectorstore.names import KnowledgeBaseNameError, validate_kb_name  # noqa: E402

ALL = "全部"
USER_ERRORS = (RuntimeError, LookupError, ValueError, OSError)  # the project's errors carry Chinese messages


def refuse(message: str) -> gr.Error:
    """An error shown to the user in Chinese (Gradio's default title is English)."""
    return gr.Error(message, title="无法完成", print_exception=False)


def chat_filters(year: str | None, doc_type: str | None) -> SearchFilters:
    """The 年份 and 文种 choices as search filters; 全部 (or nothing) means no filter."""
    year = None if year in (None, "", ALL) else str(year).strip().removesuffix("年")
    if year is not None and not year.isdigit():
        raise refuse("年份应为四位数字，如 2024")
    return SearchFilters(doc_type=None if doc_type in (None, "", ALL) else doc_type, year=year and int(year))


class WebApp:
    """The handlers behind the page; each one finds the user from the request and checks what they may do."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.labels = settings.app.kb_labels  # display names of knowledge bases
        self.audit = audit_log(settings)
        access = settings.access
        self.login_guard = LoginGuard(self.audit.engine, access.login_max_failures, access.login_lockout_minutes * 60)
        self._assistants: dict[tuple[tuple[str, ...], bool], Assistant] = {}
        self._lock = threading.Lock()
        self._active: Counter[str] = Counter()  # requests with a person's text in progress per account
        self.chats = ChatStore()  # conversations, per account: the page holds only a key
        self.files = OwnedFiles(Path(gr.utils.get_upload_folder()))  # downloads, each for the account it was made for

    # who is asking -------------------------------------------------------------------------------
    def user(self, request: gr.Request | None) -> UserSettings:
        user = find_user(self.settings, request.username if request else None)
        if user is None:
            raise refuse("登录已失效，请刷新页面重新登录")
        return user

    def staff(self, request: gr.Request | None) -> UserSettings:
        user = self.user(request)
        if not is_staff(user):
            raise refuse("只有工作人员账号可以管理文档")
        return user

    def assistant(self, kbs: list[str], may_draft: bool = True) -> Assistant:
        """One per set of knowledge bases (and drafting right), shared by the sessions that read the same ones."""
        with self._lock:
            key = (tuple(kbs), may_draft)
            if key not in self._assistants:
                self._assistants[key] = Assistant(self.settings, list(kbs), chat_routes(may_draft))
            return self._assistants[key]

    def check_length(self, what: str, *texts: object) -> None:
        """The one length limit of every endpoint that takes a person's text (chat, eligibility, drafting),
        checked before any work: app.max_question_chars characters in all."""
        size = sum(len(t if isinstance(t, str) else str(t)) for t in texts if t is not None)
        limit = self.settings.app.max_question_chars
        if size > limit:
            raise refuse(f"{what}太长（{size} 字），请精简到 {limit} 字以内再提交")

    @contextmanager
    def request_slot(self, user: UserSettings) -> Iterator[None]:
        """At most app.max_requests_per_user requests of one account at once over every endpoint that takes
        its text (chat, eligibility, drafting), so one account cannot take every worker from the others
        (without login everyone is the one local user: no cap)."""
        if not login_required(self.settings):
            yield
            return
        with self._lock:
            if self._active[user.name] >= self.settings.app.max_requests_per_user:
                raise refuse("这个账号已有请求正在处理，请等完成后再提交")
            self._active[user.name] += 1
        try:
            yield
        finally:
            with self._lock:
                self._active[user.name] -= 1

    # page load -----------------------------------------------------------------------------------
    @for_every_account
    def on_load(self, request: gr.Request) -> tuple:
        user = self.user(request)
        kbs = readable_kbs(self.settings, user)
        documents = [d for kb in kbs for d in KnowledgeBase(self.settings, kb).documents()]
        years = sorted({str(d.metadata["year"]) for d in documents if "year" in d.metadata}, reverse=True)
        types = sorted({str(d.metadata["doc_type"]) for d in documents if "doc_type" in d.metadata})
        role = "工作人员" if is_staff(user) else "企业用户"
        staff = is_staff(user)
        signed_in = ' <a href="logout" id="logout">退出登录</a>' if login_required(self.settings) else " · 未启用登录，仅限本机使用"
        return (
            f"**{user.name}**（{role}）{signed_in}",
            gr.update(choices=render.kb_choices(kbs, self.labels), value=kbs),
            gr.update(choices=[ALL, *years], value=ALL),
            gr.update(choices=[ALL, *types], value=ALL),
            gr.update(visible=staff),
            gr.update(visible=staff),
            self.status(request),
            *(self.documents(self.settings.kb, request) if staff else (gr.update(),) * 4),
        )

    # chat ----------------------------------------------------------------------------------------
    @for_every_account
    def respond(
        self, question: str, _browser_history: list[dict], state: str | None, kbs: list[str] | None, year: str,
        doc_type: str, request: gr.Request,
    ) -> Iterator[tuple]:  # fmt: skip
        """Stream the answer into the chat, then show its sources and log the exchange. The history shown
        and continued is the one kept on the server for this account: the browser's copy is never used."""
        user = self.user(request)
        key, session = self.chats.open(user.name, state)
        question = (question or "").strip()
        if not question:
            yield session["history"], gr.update(), "", key
            return
        self.check_length("问题", question)
        with self.request_slot(user):
            yield from self._respond(question, key, session, kbs, year, doc_type, user)

    def _respond(
        self, question: str, key: str, session: Session, kbs: list[str] | None, year: str, doc_type: str,
        user: UserSettings,
    ) -> Iterator[tuple]:  # fmt: skip
        allowed = readable_kbs(self.settings, user)
        chosen = [kb for kb in (kbs or []) if kb in allowed] or allowed  # never beyond what the user may read
        filters = chat_filters(year, doc_type)
        history = session["history"] = [
            *session["history"], {"role": "user", "content": render.as_text(question)}, {"role": "assistant", "content": "……"},
        ]  # fmt: skip
        yield history, chat.sources_panel(session, render.SEARCHING), "", key
        text = ""
        try:
            for piece in self.assistant(chosen, is_staff(user)).stream(question, session["conversation"], filters):
                if isinstance(piece, Answer):
                    answer = piece
                else:
                    text += piece
                    history[-1] = {"role": "assistant", "content": render.as_text(text)}
                    yield history, gr.update(), "", key
        except USER_ERRORS as exc:
            history[-1] = {"role": "assistant", "content": render.as_text(f"⚠ 出错了：{exc}")}
            session["sources"] = chat.add_sources(session, chat.next_answer_key(session), render.NONE_CITED)
            yield history, session["sources"], "", key
            return
        answered = chat.next_answer_key(session)  # its [n] open its own cards
        history[-1] = {"role": "assistant", "content": render.answer_markdown(answer, answered)}
        drawn = chart.draw(answer.chart) if answer.chart is not None else None
        session["chart"] = drawn  # a figures answer's chart, shown by show_chart
        exchange = self.audit.record(user, session["conversation"].id, chosen, answer, drawn.png if drawn else None)
        session["exchanges"][str(len(history) - 1)] = exchange
        session["sources"] = chat.add_sources(session, answered, render.sources_html(answer, self.labels, answered))
        yield history, session["sources"], "", key

    @for_every_account
    def show_chart(self, state: str | None, request: gr.Request) -> tuple:
        """The last answer's chart (a figures answer), its values in words and its PNG for download, a copy
        only this account may fetch; hidden otherwise."""
        user = self.user(request)
        drawn: chart.Drawn | None = self.chats.open(user.name, state)[1].get("chart")
        if drawn is None:
            return gr.update(value=None, visible=False), gr.update(value="", visible=False), gr.update(value=None, visible=False)
        path = self.files.path_for(user.name, "指标图表.png")
        path.write_bytes(drawn.png)
        return (gr.update(value=drawn.figure, visible=True), gr.update(value=drawn.caption, visible=True),
                gr.update(value=str(path), visible=True))  # fmt: skip

    @for_every_account
    def on_like(self, data: gr.LikeData, state: str | None, request: gr.Request) -> None:
        """👍/👎 on an answer goes to the audit log, linked to that exchange."""
        user = self.user(request)
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        exchange = self.chats.open(user.name, state)[1]["exchanges"].get(str(index))
        if exchange is not None and isinstance(data.liked, bool):  # not when a vote is taken back
            self.audit.feedback(exchange, user, bool(data.liked))
            gr.Info("已记录您的反馈，谢谢", title="反馈")

    # the conversation list: web.chat over this account's session on the server --------------------
    def _conversations(self, state: str | None, request: gr.Request, change: Callable[[Session], Session]) -> tuple:
        """`change` applied to the account's session on the server: its key, the session and the list."""
        user = self.user(request)
        key, session = self.chats.open(user.name, state)
        session = change(session)
        self.chats.replace(user.name, key, session)
        return key, session, gr.update(choices=chat.choices(session), value=chat.current_id(session))

    @for_every_account
    def remember_conversation(self, state: str | None, request: gr.Request) -> tuple:
        key, _, listed = self._conversations(state, request, lambda s: chat.remember(s, s["history"], _sources(s)))
        return key, listed

    @for_every_account
    def start_conversation(self, state: str | None, request: gr.Request) -> tuple:
        key, _, listed = self._conversations(state, request, lambda s: chat.start_new(s, s["history"], _sources(s)))
        return [], render.NO_SOURCES, key, listed

    @for_every_account
    def reopen_conversation(self, state: str | None, chosen: str | None, request: gr.Request) -> tuple:
        def reopen(session: Session) -> Session:
            history, sources, session = chat.reopen(session, session["history"], _sources(session), chosen)
            session.update(history=list(history), sources=sources)
            return session

        key, session, listed = self._conversations(state, request, reopen)
        return session["history"], session["sources"], key, listed

    @for_every_account
    def clear_chat(self, state: str | None, request: gr.Request) -> tuple:
        """The chat's 清空 button: an empty conversation; the list keeps the earlier ones."""
        user = self.user(request)
        key, session = self.chats.open(user.name, state)
        self.chats.replace(user.name, key, chat.new_session(session.get("saved")))
        return render.NO_SOURCES, key

    # documents (staff only) ----------------------------------------------------------------------
    def documents(self, kb: str, request: gr.Request) -> tuple:
        """The document table, the knowledge-base choices, what the chosen one is (new, 公开 or 内部) and
        the files that can be deleted."""
        self.staff(request)
        kb = self._kb_name(kb)
        knowledge = KnowledgeBase(self.settings, kb)
        files = knowledge.files()
        existing = knowledge_base_names(self.settings)
        names = list(dict.fromkeys([self.settings.kb, *existing, kb]))
        public = kb in self.settings.access.public_kbs
        return (
            render.document_rows(files, knowledge.documents(), self.settings.app.timezone),
            gr.update(choices=render.kb_choices(names, self.labels), value=kb),
            render.kb_note(render.kb_label(kb, self.labels), kb in existing, public),
            gr.update(choices=[f.source for f in files], value=None),
        )

    def chat_kbs(self, chosen: list[str] | None, filled: str, request: gr.Request) -> dict:
        """After an upload, the chat's 知识库 choices again, with the base just filled among the chosen ones,
        so that a base created in the 文档 tab is searched by the next question on the same page."""
        readable = readable_kbs(self.settings, self.staff(request))
        value = [kb for kb in chosen or [] if kb in readable]
        if value and filled in readable and filled not in value:  # none chosen already means all of them
            value.append(filled)
        return gr.update(choices=render.kb_choices(readable, self.labels), value=value)

    def ingest(self, paths: list[str] | None, kb: str, request: gr.Request, progress=gr.Progress()) -> tuple:  # noqa: B008, ANN001
        """Store the uploads with safe names, ingest them with a progress bar, report each file; a file whose
        content is already in under another name is not added, and the page asks whether to add it anyway."""
        return self._ingest(paths, kb, request, progress, allow_duplicates=False)

    def ingest_duplicates(self, pending: list[str] | None, kb: str, request: gr.Request, progress=gr.Progress()) -> tuple:  # noqa: B008, ANN001
        """仍然导入: the duplicates the user chose to keep under their new names."""
        return self._ingest(pending, kb, request, progress, allow_duplicates=True)

    def _ingest(self, paths: list[str] | None, kb: str, request: gr.Request, progress, allow_duplicates: bool) -> tuple:  # noqa: ANN001
        self.staff(request)
        kb = self._kb_name(kb)
        if not paths:
            raise refuse("请先选择要上传的文件")
        try:
            stored = [store_upload(self.settings, kb, Path(p), Path(p).name) for p in paths]
        except UploadError as exc:
            raise refuse(str(exc)) from exc
        done: list[FileOutcome] = []
        progress(0, desc=f"正在解析和入库 {len(stored)} 个文件……")

        def advance(outcome: FileOutcome) -> None:
            done.append(outcome)
            progress(len(done) / len(stored), desc=f"已处理 {len(done)}/{len(stored)} 个文件：{outcome.source}")

        knowledge = KnowledgeBase(self.settings, kb, ingest_hooks())
        try:
            report = knowledge.ingest(stored, progress=advance, allow_duplicates=allow_duplicates)
        except USER_ERRORS as exc:
            raise refuse(str(exc)) from exc
        held = {f.source for f in knowledge.files()}
        for outcome in report.outcomes:  # an upload is kept exactly while its file is in the knowledge base
            if outcome.source not in held:
                discard_upload(self.settings, kb, outcome.source)
        counts = "，".join(f"{label} {n}" for s, label in STATUS_LABELS.items() if (n := len(report.with_status(s))))
        gr.Info(f"知识库「{render.kb_label(kb, self.labels)}」入库完成：{counts}", title="导入完成")
        duplicates = report.with_status("duplicate")
        uploaded = dict(zip(stored, paths))  # the stored copy → what the browser sent, for 仍然导入
        pending = [uploaded[d.path] for d in duplicates if d.path in uploaded]
        return (render.outcome_rows(report.outcomes), *self.documents(kb, request), None,
                gr.update(visible=bool(duplicates)), render.duplicates_markdown(duplicates), pending)  # fmt: skip

    def ask_remove(self, kb: str, source: str | None, request: gr.Request) -> tuple:
        """删除所选文件 first asks: the confirmation row names the file and what deleting it does."""
        self.staff(request)
        if not source:
            raise refuse("请先在列表中选择要删除的文件")
        question = (f"确定从知识库「{render.kb_label(kb, self.labels)}」删除 **{source}** 吗？它的全部段落将从检索中移除，"
                    "保存的上传文件也一并删除，此操作不能撤销。")  # fmt: skip
        return gr.update(visible=True), question

    def remove(self, kb: str, source: str | None, request: gr.Request) -> tuple:
        self.staff(request)
        if not source:
            raise refuse("请先在列表中选择要删除的文件")
        kb = self._kb_name(kb)
        try:
            count = KnowledgeBase(self.settings, kb).remove(source)
        except USER_ERRORS as exc:
            raise refuse(str(exc)) from exc
        discard_upload(self.settings, kb, Path(source).name)
        gr.Info(f"已删除 {source}（{count} 段）", title="已删除")
        return (*self.documents(kb, request), gr.update(visible=False))

    def reindex(self, kb: str, request: gr.Request, progress=gr.Progress()) -> tuple:  # noqa: B008, ANN001
        self.staff(request)
        progress(0, desc="正在重建索引……")
        try:
            count = KnowledgeBase(self.settings, self._kb_name(kb)).reindex(
                lambda done, total: progress(done / max(total, 1), desc=f"正在重建索引：{done}/{total} 段")
            )
        except USER_ERRORS as exc:
            raise refuse(str(exc)) from exc
        gr.Info(f"知识库「{render.kb_label(kb, self.labels)}」已重建索引：{count} 段", title="重建完成")
        return self.documents(kb, request)

    def show(self, request: gr.Request) -> dict:
        self.staff(request)
        return gr.update(visible=True)

    def hide(self, request: gr.Request) -> dict:
        """取消: the confirmation row goes away."""
        self.staff(request)
        return gr.update(visible=False)

    def skip_duplicates(self, request: gr.Request) -> tuple:
        """不导入: the duplicates waiting for an answer are dropped."""
        return self.hide(request), []

    def export_audit(self, request: gr.Request) -> str:
        """The audit log as CSV (UTF-8 with BOM, opens in Excel), times in the bureau's time zone; a notice
        says where to download it."""
        user = self.staff(request)
        path = self.audit.export_csv(self.files.path_for(user.name, "问答记录.csv"), self.settings.app.timezone, self.labels)
        count = len(self.audit.exchanges())
        gr.Info(f"已导出 {path.name}（{count} 条问答记录），请在页面下方“问答记录”处下载", title="导出完成")
        return str(path)

    def embedding_label(self) -> str:
        """The model id recorded in the index (loading the model once per process), or why it cannot load."""
        try:
            return build_embedding(self.settings.embedding).model_name
        except USER_ERRORS as exc:
            return f"⚠ {exc}"

    def warm_up(self) -> None:
        """Load the embedding model and the indexes, so the first question is answered quickly."""
        kbs = readable_kbs(self.settings, LOCAL_USER)
        if kbs:
            self.assistant(kbs).answer("科技")

    @staticmethod
    def _kb_name(kb: str | None) -> str:
        try:
            return validate_kb_name(kb or "")
        except KnowledgeBaseNameError as exc:
            raise refuse(str(exc)) from exc

    # drafting (staff only) -----------------------------------------------------------------------
    def draft(self, data_file: str | None, topic: str, request: gr.Request) -> tuple:
        """Draft a topic's section from the uploaded data (or the configured sample); numbers checked."""
        user = self.staff(request)
        self.check_length("主题", topic)
        data = self.draft_data(data_file)
        try:
            with self.request_slot(user):
                drafted = draft_section(self.settings, data, topic, KnowledgeBase(self.settings, self.settings.kb),
                                        self.assistant([self.settings.kb]).llm)  # fmt: skip
        except (DraftDataError, UnknownTopicError) as exc:
            raise refuse(str(exc)) from exc
        return (drafted.title, drafted.text, render.fact_rows(drafted), render.draft_report(drafted, data.name),
                drafted, gr.update(visible=False))  # fmt: skip

    def draft_data(self, data_file: str | None) -> Path:
        """The uploaded workbook, or the configured sample when none is uploaded."""
        return Path(data_file) if data_file else Path(self.settings.drafting.data_path)

    def topics(self, data_file: str | None, current: str, request: gr.Request) -> dict:
        """Offer the topics the uploaded (or sample) data has figures for, keeping the choice when it still fits."""
        self.staff(request)
        names = render.topic_names(self.draft_data(data_file))
        return gr.update(choices=names, value=current if current in names else names[0])

    def export_draft(self, title: str, text: str, drafted: object, request: gr.Request) -> dict:
        """The (possibly edited) draft as an official-format .docx; edited figures are re-checked."""
        user = self.staff(request)
        if not (text or "").strip():
            raise refuse("请先起草，或在草稿框中输入内容")
        self.check_length("草稿", title, text)
        with self.request_slot(user):
            unverified = recheck(drafted, text) if drafted is not None else []
            if unverified:
                gr.Warning(f"以下数字在数据中找不到出处，请核实：{'、'.join(unverified)}", title="核数提示")
            path = write_docx(title or "工作总结", text, self.files.path_for(user.name, f"{render.safe_title(title)}.docx"),
                              self.settings.bureau_name)  # fmt: skip
        return gr.update(value=str(path), visible=True)

    # status --------------------------------------------------------------------------------------
    @for_every_account
    def status(self, request: gr.Request) -> str:
        user = self.user(request)
        stats = []
        for kb in readable_kbs(self.settings, user):
            knowledge = KnowledgeBase(self.settings, kb)
            stats.append(render.KbStats(
                kb, len(knowledge.files()), len(knowledge.documents()), knowledge.manifest.chunk_count(),
                kb in self.settings.access.public_kbs,
            ))  # fmt: skip
        llm = self.settings.llm
        staff = is_staff(user)  # an enterprise has no use for model ids and server paths
        return render.status_markdown(
            self.embedding_label() if staff else None,
            render.llm_label(llm.backend, llm.model, llm.base_url) if staff else render.answer_mode(llm.backend),
            stats,
            str(Path(self.settings.home).resolve()) if staff else None,
            now_in(self.settings.app.timezone),
            self.labels,
        )

    @for_every_account
    def refresh_status(self, request: gr.Request) -> str:
        """刷新: the status again, with a notice that it was refreshed."""
        shown = self.status(request)
        gr.Info("运行状态已刷新", title="已刷新")
        return shown


def build_app(web: WebApp) -> gr.Blocks:
    """The page: 对话, 文档 (staff only) and 状态 tabs; the handlers live in WebApp."""
    settings = web.settings
    with gr.Blocks(title="科技局智能助手", analytics_enabled=False) as demo:
        session = gr.State(None)  # the key of this page's conversations on the server (see ChatStore)
        with gr.Row(elem_classes="app-header"):
            gr.Markdown("## 科技局智能助手", elem_classes="app-title")
            who = gr.Markdown(elem_classes="app-user")
        with gr.Tabs():
            with gr.Tab("对话", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        chatbot = gr.Chatbot(  # no floating label: it covered the placeholder and table rows
                            label="对话", show_label=False, height=470, buttons=["copy", "copy_all"], elem_id="chat-log",
                            feedback_options=["Like", "Dislike"], layout="panel",
                            placeholder="请输入问题，例如：示范县科技创新券的申请条件是什么？",
                        )  # fmt: skip
                        with gr.Row():
                            question = gr.Textbox(
                                label="问题", show_label=False, placeholder="输入问题，按回车发送", scale=5, lines=1, max_lines=4,
                                autofocus=True, container=False, max_length=settings.app.max_question_chars,
                            )  # fmt: skip
                            send = gr.Button("发送", variant="primary", scale=1, min_width=80)
                            new_chat = gr.Button("新对话", scale=1, min_width=80)
                    with gr.Column(scale=2, min_width=320):
                        with gr.Accordion("本次的对话", open=True, elem_id="conversations"):
                            conversations = gr.Radio(choices=[], label="本次的对话", show_label=False, container=False,
                                                     info="点“新对话”后，之前的对话留在这里，点一下即可回到该对话")  # fmt: skip
                        with gr.Accordion("筛选", open=False):
                            kbs = gr.Dropdown(label="知识库", multiselect=True, choices=[], allow_custom_value=True)
                            with gr.Row():
                                year = gr.Dropdown(label="年份", choices=[ALL], value=ALL, min_width=100, allow_custom_value=True)
                                doc_type = gr.Dropdown(label="文种", choices=[ALL], value=ALL, min_width=100,
                                                       allow_custom_value=True)
                        gr.Markdown("#### 依据")
                        sources = gr.HTML(render.NO_SOURCES, elem_id="sources", elem_classes="sources-panel")
                        chart = gr.Plot(label="图表", visible=False, elem_id="figures-chart")
                        chart_data = gr.Markdown(visible=False, elem_id="figures-chart-data")
                        chart_file = gr.File(label="下载图表（PNG）", visible=False, height=60, elem_id="figures-chart-file")
            with gr.Tab("文档", id="documents", visible=not login_required(settings)) as documents_tab:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2, min_width=320):
                        doc_kb = gr.Dropdown(label="知识库", choices=render.kb_choices([settings.kb], web.labels),
                                             value=settings.kb, allow_custom_value=True,
                                             info="选择已有的知识库，或输入新名称后导入文件来新建",
                                             elem_id="documents-kb")  # fmt: skip
                        kb_note = gr.Markdown(elem_id="kb-note", elem_classes="hint")
                        uploads = gr.File(label="上传文件（可多选）", file_count="multiple", height=120, elem_id="uploads")
                        ingest = gr.Button("导入知识库", variant="primary")
                        pending = gr.State([])  # duplicates waiting for the user's answer
                        with gr.Column(visible=False, elem_classes="confirm-row", elem_id="duplicates") as duplicate_row:
                            duplicate_text = gr.Markdown()
                            with gr.Row():
                                keep_duplicates = gr.Button("仍然导入", size="sm")
                                skip_duplicates = gr.Button("不导入", size="sm", variant="primary")
                    with gr.Column(scale=3, min_width=420):
                        outcomes = gr.Dataframe(headers=render.OUTCOME_COLUMNS, label="导入结果", interactive=False,
                                                wrap=True, max_height=230, elem_classes="outcomes",
                                                column_widths=["28%", "9%", "10%", "26%", "27%"])  # fmt: skip
                doc_table = gr.Dataframe(headers=render.DOCUMENT_COLUMNS, label="已入库文档", interactive=False,
                                         wrap=True, max_height=300, elem_classes="doc-table",
                                         column_widths=["28%", "30%", "10%", "8%", "8%", "16%"])  # fmt: skip
                with gr.Row(equal_height=False, elem_classes="doc-actions"):
                    to_remove = gr.Dropdown(label="选择要删除的文件", choices=[], scale=3, allow_custom_value=True)
                    remove = gr.Button("删除所选文件", variant="stop", scale=1)
                    reindex = gr.Button("重建索引", scale=1)
                    export = gr.Button("导出问答记录（CSV）", scale=1)
                with gr.Column(visible=False, elem_classes="confirm-row", elem_id="confirm-remove") as confirm_row:
                    confirm_text = gr.Markdown()
                    with gr.Row():
                        confirm_remove = gr.Button("确认删除", variant="stop", size="sm")
                        cancel_remove = gr.Button("取消", size="sm")
                audit_file = gr.File(label="问答记录", visible=False, height=60, elem_id="audit-file")
                rules_panel(EligibilityPage(web), doc_kb)
            with gr.Tab("政策体检", id="eligibility"):
                eligibility_tab(EligibilityPage(web))
            with gr.Tab("起草", id="draft", visible=not login_required(settings)) as draft_tab:
                drafted = gr.State(None)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2, min_width=320):
                        data_file = gr.File(label="指标数据", file_types=[".xlsx", ".xls", ".csv", ".docx"], height=140,
                                            elem_id="draft-data")  # fmt: skip
                        gr.Markdown("不上传则使用示例数据。表格列：指标、单位、上年（如 2024年）、本年（如 2025年）、备注；"
                                    "可另附“重点工作”表（类别、事项）。", elem_classes="hint")  # fmt: skip
                        topics = render.topic_names(web.draft_data(None))
                        topic = gr.Dropdown(label="主题", choices=topics, value=topics[0])
                        draft_button = gr.Button("起草", variant="primary")
                        draft_report = gr.Markdown()
                    with gr.Column(scale=3, min_width=420):
                        draft_title = gr.Textbox(label="标题")
                        draft_text = gr.Textbox(label="草稿（可直接修改）", lines=12, max_lines=24, elem_id="draft-text")
                        export_draft = gr.Button("导出公文格式 .docx")
                        draft_file = gr.File(label="下载", visible=False, height=60)
                facts_table = gr.Dataframe(headers=render.FACT_COLUMNS, label="草稿中每个数字的来源（单元格或算式）",
                                           interactive=False, wrap=True, max_height=2000, elem_id="figures")  # fmt: skip
            with gr.Tab("状态", id="status"):
                status = gr.Markdown()
                with gr.Row():
                    refresh = gr.Button("刷新", size="sm", scale=0, min_width=100)

        doc_outputs = [doc_table, doc_kb, kb_note, to_remove]
        demo.load(web.on_load, None, [who, kbs, year, doc_type, documents_tab, draft_tab, status, *doc_outputs])
        draft_button.click(web.draft, [data_file, topic], [draft_title, draft_text, facts_table, draft_report, drafted,
                                                         draft_file], api_name="draft")  # fmt: skip
        data_file.change(web.topics, [data_file, topic], topic, api_name=False)
        export_draft.click(web.export_draft, [draft_title, draft_text, drafted], draft_file, api_name="export_draft")
        chat_io = ([question, chatbot, session, kbs, year, doc_type], [chatbot, sources, question, session])
        listed = ([session], [session, conversations])
        for asked in (question.submit(web.respond, *chat_io, api_name="ask", show_progress_on=chatbot),
                      send.click(web.respond, *chat_io, api_name=False, show_progress_on=chatbot)):  # fmt: skip
            asked.then(web.show_chart, [session], [chart, chart_data, chart_file], api_name=False, show_progress="hidden").then(
                web.remember_conversation, *listed, api_name=False, show_progress="hidden"
            )
        new_chat.click(web.start_conversation, [session], [chatbot, sources, session, conversations], api_name=False)
        conversations.input(web.reopen_conversation, [session, conversations], [chatbot, sources, session, conversations],
                            api_name=False)  # fmt: skip
        chatbot.like(web.on_like, [session], None, api_name=False)
        chatbot.clear(web.clear_chat, [session], [sources, session], api_name=False)
        ingested = [outcomes, *doc_outputs, uploads, duplicate_row, duplicate_text, pending]
        for filled in (ingest.click(web.ingest, [uploads, doc_kb], ingested, api_name="ingest", show_progress_on=outcomes),
                       keep_duplicates.click(web.ingest_duplicates, [pending, doc_kb], ingested, api_name=False,
                                             show_progress_on=outcomes)):  # fmt: skip
            filled.success(web.chat_kbs, [kbs, doc_kb], kbs, api_name=False, show_progress="hidden")
        skip_duplicates.click(web.skip_duplicates, None, [duplicate_row, pending], api_name=False)
        doc_kb.change(web.documents, [doc_kb], doc_outputs, api_name="documents", show_progress_on=doc_table)
        remove.click(web.ask_remove, [doc_kb, to_remove], [confirm_row, confirm_text], api_name=False).success(
            None, None, None, js=page.reveal("confirm-remove"), api_name=False
        )
        confirm_remove.click(web.remove, [doc_kb, to_remove], [*doc_outputs, confirm_row], api_name="remove",
                             show_progress_on=doc_table)  # fmt: skip
        cancel_remove.click(web.hide, None, confirm_row, api_name=False)
        reindex.click(web.reindex, [doc_kb], doc_outputs, api_name="reindex", show_progress_on=doc_table)
        export.click(web.export_audit, None, audit_file, api_name="export_audit").success(
            web.show, None, audit_file, api_name=False
        ).then(None, None, None, js=page.reveal("audit-file"), api_name=False)
        refresh.click(web.refresh_status, None, status, api_name="status")
    return demo


def _sources(session: Session) -> str:
    """The 依据 panel of the conversation on screen."""
    return session.get("sources") or render.NO_SOURCES


class OpenWithoutLoginError(SystemExit):
    """Serving beyond this machine with no users configured would make every visitor staff."""


def check_exposure(settings: Settings) -> None:
    host = settings.app.host
    loopback = host == "localhost" or (_is_ip(host) and ipaddress.ip_address(host).is_loopback)
    if not loopback and not login_required(settings) and not settings.app.allow_open_without_login:
        raise OpenWithoutLoginError(
            f"拒绝启动：app.host = {host} 会让本机以外的人访问，但没有配置任何登录账号，所有访问者都会成为工作人员。"
            "请先用 bureau user add 建立账号并写入 bureau.toml；确实要不设登录对外开放，请设置 app.allow_open_without_login = true"
        )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def launch(settings: Settings, **kwargs: object) -> gr.Blocks:
    """Serve on settings.app.host:port, with login when users are configured."""
    check_exposure(settings)
    if legacy_files(Path(settings.home)):
        import_legacy_home(settings)
    ingest_sample_if_empty(settings, ingest_hooks())
    for kb in knowledge_base_names(settings):  # answering no longer copies it there: remove an old copy
        forget_stored_workbook(KnowledgeBase(settings, kb), Path(settings.drafting.data_path))
    web = WebApp(settings)
    demo = build_app(web)
    auth = (lambda name, password: authenticate(settings, name, password) is not None) if login_required(settings) else None
    demo.queue(default_concurrency_limit=10)
    threading.Thread(target=web.warm_up, daemon=True).start()
    auth_message = "请使用管理员分配的账号登录（科技局工作人员或企业账号）"
    middleware = [Middleware(WebGuard, settings=settings, audit=web.audit, guard=web.login_guard, files=web.files)]
    if auth:
        middleware.append(Middleware(login.LoginPage, message=auth_message))
    demo.launch(
        server_name=settings.app.host, server_port=settings.app.port, auth=auth, auth_message=auth_message,
        show_error=True, css=render.CSS + ELIGIBILITY_CSS, footer_links=[], i18n=page.i18n(), js=page.page_script(),
        max_file_size=int(settings.limits.max_file_mb * MB), app_kwargs={"middleware": middleware}, **kwargs,
    )  # fmt: skip
    return demo


def main() -> None:
    try:
        launch(load_settings())
    except DatabaseUnavailableError as exc:  # a replica whose database is down says so in one line
        raise SystemExit(f"✗ {exc}") from None


if __name__ == "__main__":
    main()
