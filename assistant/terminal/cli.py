"""The `bureau` command: a thin layer over ingest/, vectorstore/ and assistant/, and a composition root
(the routes and ingest hooks come from assistant/composition.py).

Each command imports what it uses inside its function: behind those modules stand Chroma, torch,
llama-index and Gradio, which take seconds to load, and `bureau --help` or `bureau inspect` need none."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from assistant.config import load_settings
from assistant.paths import expand_paths

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.knowledge import IngestHook, KnowledgeBase

app = typer.Typer(help="科技局智能助手 命令行工具", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)


@app.callback()
def main_callback() -> None:
    """科技局智能助手：文档入库、检索、问答与起草。"""
    from assistant.legacy import import_legacy_home, legacy_files

    settings = load_settings()
    if legacy_files(Path(settings.home)):
        import_legacy_home(settings, echo=err_console.print)


@app.command()
def inspect(
    paths: Annotated[list[Path], typer.Argument(help="要检查的文件或文件夹")],
    chunks: Annotated[bool, typer.Option("--chunks/--no-chunks", help="是否列出切分后的段落")] = True,
) -> None:
    """显示入库时会得到的文档、标题层级、元数据和段落（不写入知识库）。"""
    from assistant.terminal.inspection import render_ingested
    from ingest.isolation import parse_isolated
    from ingest.load import unreadable
    from ingest.model import IngestError

    settings = load_settings()
    failed = 0
    for path in expand_paths(paths):
        try:
            if isinstance(path, IngestError):  # a link the folder walk does not follow
                raise path
            result = parse_isolated(path, settings.retrieval.chunk_chars, settings.limits)
        except (IngestError, OSError) as exc:
            exc = unreadable(path, exc) if isinstance(exc, OSError) else exc
            failed += 1
            err_console.print(f"[red]✗ {exc.path}[/red]：{exc.reason}。{exc.advice}")
            continue
        render_ingested(console, result, show_chunks=chunks)
    raise typer.Exit(1 if failed else 0)


KbOption = Annotated[str | None, typer.Option("--kb", help="知识库名称（默认 default）")]


@contextmanager
def user_errors() -> Iterator[None]:
    """Known failures as one Chinese line: exit 2 for a bad name or setting, 1 for the rest."""
    from assistant.embeddings import EmbeddingConfigError, EmbeddingUnavailableError
    from assistant.knowledge import DocumentNotFoundError
    from vectorstore.chroma_store import ChromaUnavailableError, ModelMismatchError
    from vectorstore.database import DatabaseUnavailableError
    from vectorstore.locks import WriterBusyError
    from vectorstore.names import KnowledgeBaseNameError

    try:
        yield
    except (KnowledgeBaseNameError, EmbeddingConfigError) as exc:
        err_console.print(f"[red]✗[/red] {exc}")
        raise typer.Exit(2) from exc
    except (
        ModelMismatchError, ChromaUnavailableError, EmbeddingUnavailableError, DocumentNotFoundError, WriterBusyError,
        DatabaseUnavailableError,
    ) as exc:  # fmt: skip
        err_console.print(f"[red]✗[/red] {exc}")
        raise typer.Exit(1) from exc


def answering_settings() -> Settings:
    """The settings, after a first start has put the sample corpus in (as the web app does), so that
    a fresh install answers at once; what it says goes to stderr, away from --json output."""
    from assistant.composition import ingest_hooks
    from assistant.first_start import ingest_sample_if_empty

    settings = load_settings()
    ingest_sample_if_empty(settings, ingest_hooks(), echo=err_console.print)
    return settings


def one_or_many(text: str | None, file: Path | None) -> list[str]:
    """The one question given, or the non-empty lines of the file; exit 2 unless exactly one is given."""
    if (text is None) == (file is None):
        err_console.print("[red]✗[/red] 请直接给出问题，或用文件参数指定每行一个问题的文本文件（二者选一）")
        raise typer.Exit(2)
    if file is not None and not file.is_file():
        err_console.print(f"[red]✗[/red] 找不到问题文件：{file}")
        raise typer.Exit(2)
    lines = [text] if text is not None else file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def open_kb(kb: str | None, hooks: Sequence[IngestHook] = ()) -> KnowledgeBase:
    from assistant.knowledge import KnowledgeBase

    return KnowledgeBase(load_settings(), kb, hooks)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="要入库的文件或文件夹", show_default=False)],
    kb: KbOption = None,
    allow_duplicates: Annotated[
        bool, typer.Option("--allow-duplicates", help="内容与已入库文件相同但文件名不同时，仍然导入")
    ] = False,
) -> None:
    """把文件导入知识库：新文件加入，改过的文件替换，未变的文件跳过；换了名字的相同内容会报告而不重复导入。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.composition import ingest_hooks
    from assistant.terminal.kb import render_ingest_summary

    missing = [p for p in paths if not p.exists()]
    if missing:
        err_console.print(f"[red]✗[/red] 找不到：{'，'.join(map(str, missing))}")
        raise typer.Exit(2)
    files = expand_paths(paths)
    if not files:
        err_console.print("[red]✗[/red] 所给的文件夹中没有文件")
        raise typer.Exit(2)
    with user_errors():
        knowledge = open_kb(kb, ingest_hooks())
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err_console, transient=True) as progress:
            task = progress.add_task("入库", total=len(files))
            report = knowledge.ingest(
                files, progress=lambda o: progress.update(task, advance=1, description=o.source),
                allow_duplicates=allow_duplicates,
                on_wait=lambda: err_console.print(f"知识库「{knowledge.name}」正在被另一个导入写入，等它完成后继续……"),
            )  # fmt: skip
    render_ingest_summary(console, knowledge.name, report)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="检索内容", show_default=False)] = None,
    kb: KbOption = None,
    k: Annotated[int, typer.Option("--k", min=1, help="返回段落数")] = 5,
    year: Annotated[int | None, typer.Option("--year", help="只看该年份的文档")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="只看该文种，如 办法、通知、总结")] = None,
    source: Annotated[str | None, typer.Option("--source", help="只看该文件")] = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid（默认）、bm25 或 dense")] = "hybrid",
    queries: Annotated[Path | None, typer.Option("--queries", help="每行一个检索内容的文本文件")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="每个检索输出一行 JSON")] = False,
) -> None:
    """在知识库中检索段落（关键词与语义混合检索）。"""
    from assistant.terminal.kb import render_results, search_json
    from vectorstore.model import SearchFilters

    if mode not in ("hybrid", "bm25", "dense"):
        err_console.print("[red]✗[/red] --mode 只能是 hybrid、bm25 或 dense")
        raise typer.Exit(2)
    lines = one_or_many(query, queries)
    filters = SearchFilters(doc_type=doc_type, year=year, source=source)
    with user_errors():
        knowledge = open_kb(kb)
        for line in lines:
            results = knowledge.search(line, k=k, filters=filters, mode=mode)
            if as_json:
                typer.echo(search_json(line, results))
            else:
                render_results(console, line, results)


@app.command()
def docs(
    kb: KbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="每篇文档输出一行 JSON")] = False,
) -> None:
    """列出知识库中的文档及其元数据。"""
    from assistant.terminal.kb import document_json, documents_table

    with user_errors():
        knowledge = open_kb(kb)
        files, documents = knowledge.files(), knowledge.documents()
    if as_json:
        ingested = {f.source: f.ingested_at for f in files}
        for document in documents:
            typer.echo(document_json(document, ingested[document.source]))
    else:
        console.print(documents_table(knowledge.name, files, documents))


@app.command()
def remove(
    source: Annotated[str, typer.Argument(help="要删除的文件名（见 bureau docs）", show_default=False)],
    kb: KbOption = None,
) -> None:
    """从知识库的全部索引中删除一个文件。"""
    with user_errors():
        knowledge = open_kb(kb)
        count = knowledge.remove(source)
    console.print(f"已从知识库「{knowledge.name}」删除 {Path(source).name}（{count} 段）")


@app.command()
def reindex(kb: KbOption = None) -> None:
    """用当前配置的嵌入模型重建知识库的索引（更换模型后运行）。"""
    from rich.progress import Progress

    with user_errors():
        knowledge = open_kb(kb)
        with Progress(console=err_console, transient=True) as progress:
            task = progress.add_task("重建索引", total=None)
            count = knowledge.reindex(lambda done, total: progress.update(task, completed=done, total=total))
        model = knowledge.index.embed.model_name
    console.print(f"已用嵌入模型 {model} 重建知识库「{knowledge.name}」的索引：{count} 段")


@app.command()
def check(
    kb: KbOption = None,
    repair: Annotated[bool, typer.Option("--repair", help="发现不一致时修复")] = False,
) -> None:
    """核对向量库与清单是否一致（程序中断后可用），可选修复。"""
    from assistant.terminal.kb import render_repair

    with user_errors():
        knowledge = open_kb(kb)
        found = knowledge.check(repair=repair)
    if found.ok:
        console.print(f"知识库「{knowledge.name}」一致：{len(knowledge.manifest.chunk_ids())} 段")
        return
    render_repair(console, found, repaired=repair)
    raise typer.Exit(0 if repair else 1)


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="问题", show_default=False)] = None,
    kb: KbOption = None,
    questions: Annotated[Path | None, typer.Option("--questions", help="每行一个问题的文本文件")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="每个回答输出一行 JSON")] = False,
) -> None:
    """根据知识库回答问题，附引用依据；未配置大模型时用离线摘录方式回答。"""
    import json

    from assistant.answer import Assistant
    from assistant.composition import chat_routes
    from assistant.terminal.answer import render_answer

    lines = one_or_many(question, questions)
    with user_errors():
        assistant = Assistant(answering_settings(), [kb] if kb else None, chat_routes())
        for line in lines:
            answer = assistant.answer(line)
            if as_json:
                typer.echo(json.dumps(answer.as_json(), ensure_ascii=False))
            else:
                render_answer(console, answer)


@app.command()
def figures(
    indicator: Annotated[str | None, typer.Option("--indicator", help="指标名称或其中的词，如 专利申请量、高企")] = None,
    region: Annotated[str | None, typer.Option("--region", help="地区，如 示范县")] = None,
    kb: KbOption = None,
    plans: Annotated[bool, typer.Option("--plans", help="列出计划目标（默认列出已完成的数值）")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="每条数据输出一行 JSON")] = False,
) -> None:
    """列出从已入库文件（及起草用的指标数据表）中提取的指标数值，每条附出处。"""
    from assistant.figures import figure_records
    from assistant.terminal.figures import figures_json, render_figures

    settings = load_settings()
    with user_errors():
        found = [r for _, r in figure_records([open_kb(kb)], indicator, region, plans, settings.drafting.data_path)]
    if as_json:
        for line in figures_json(found):
            typer.echo(line)
        return
    render_figures(console, found, plans)


@app.command()
def chat(kb: KbOption = None) -> None:
    """在终端里连续对话（可追问，如“那实用新型呢？”）；输入空行或 Ctrl+D 结束。"""
    from assistant.answer import Answer, Assistant, Conversation
    from assistant.composition import chat_routes
    from assistant.terminal.answer import render_answer

    conversation = Conversation.new()
    with user_errors():
        assistant = Assistant(answering_settings(), [kb] if kb else None, chat_routes())
        while True:
            try:
                question = console.input("[bold green]问：[/bold green]").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not question:
                break
            for piece in assistant.stream(question, conversation):
                if isinstance(piece, Answer):
                    console.print()
                    render_answer(console, piece)
                else:
                    console.print(piece, end="", highlight=False, markup=False)


user_app = typer.Typer(help="管理网页版的登录账号", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="登录名（可用中文）", show_default=False)],
    role: Annotated[
        str, typer.Option("--role", help="staff（工作人员，可读全部知识库）或 enterprise（企业，只读公开知识库）")
    ] = "staff",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取一行作为口令（供脚本使用，不提示）")
    ] = False,
) -> None:
    """新建一个登录账号：输入口令后，把要加入 bureau.toml 的配置打印到标准输出（只保存口令的哈希值）。

    提示和说明都写到标准错误，所以可以直接 `>> bureau.toml`。"""
    from assistant.access import hash_password, user_toml
    from assistant.config import UserSettings

    if role not in ("staff", "enterprise"):
        err_console.print("[red]✗[/red] --role 只能是 staff（工作人员）或 enterprise（企业）")
        raise typer.Exit(2)
    password = read_password(password_stdin)
    shortest = load_settings().access.min_password_chars
    if len(password.strip()) < shortest:
        err_console.print(f"[red]✗[/red] 口令太短：至少 {shortest} 个字符（设置项 access.min_password_chars），请换一个更长的口令")
        raise typer.Exit(2)
    user = UserSettings(name=name, password_hash=hash_password(password), role=role)
    err_console.print("请把下面几行加入 bureau.toml（已有同名账号时替换它），然后重启网页版：")
    typer.echo(user_toml(user))


def read_password(from_stdin: bool) -> str:
    """One line of standard input, or asked twice on the terminal; prompts go to stderr, never into the TOML."""
    import sys

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = typer.prompt("口令", hide_input=True, err=True)
    if typer.prompt("再输入一次口令", hide_input=True, err=True) != password:
        err_console.print("[red]✗[/red] 两次输入的口令不一致，请重新运行")
        raise typer.Exit(2)
    return password


@app.command()
def serve() -> None:
    """启动网页版（对话、文档管理、状态），地址见配置 app.host 和 app.port。"""
    from app import main as serve_app

    serve_app()


@app.command()
def draft(
    data: Annotated[Path, typer.Option("--data", help="本年度指标数据（.xlsx、.csv 或含表格的 .docx）")],
    topic: Annotated[str, typer.Option("--topic", help="主题，如 知识产权、高新技术企业培育、研发投入")],
    kb: KbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="另存为公文格式的 .docx 文件")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """根据本年度数据起草工作总结的一个部分：数字由程序计算并逐一核对，可导出公文格式 .docx。"""
    import json

    from assistant.drafting import DraftDataError, UnknownTopicError, draft_section, export_docx
    from assistant.llm import LLMUnavailableError, build_llm

    if not data.is_file():
        err_console.print(f"[red]✗[/red] 找不到数据文件：{data}")
        raise typer.Exit(2)
    settings = load_settings()
    with user_errors():
        try:
            llm = build_llm(settings.llm)
            result = draft_section(settings, data, topic, open_kb(kb), llm)
        except UnknownTopicError as exc:
            err_console.print(f"[red]✗[/red] {exc}")
            raise typer.Exit(2) from exc
        except (DraftDataError, LLMUnavailableError) as exc:
            err_console.print(f"[red]✗[/red] {exc}")
            raise typer.Exit(1) from exc
    if out is not None:
        export_docx(result, out, author=settings.bureau_name)
    if as_json:
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
        return
    console.print(f"[bold]{result.title}[/bold]\n{result.text}", highlight=False, soft_wrap=True)
    for line in result.corrections:
        console.print(f"[yellow]核数：{line}[/yellow]")
    if result.notice:
        console.print(f"[yellow]提示：{result.notice}[/yellow]")
    if out is not None:
        console.print(f"已保存：{out}")


def main() -> None:
    app()


@app.command()
def eligibility(
    text: Annotated[str | None, typer.Argument(help="企业情况，如：我们公司在示范县注册，成立3年……", show_default=False)] = None,
    kb: KbOption = None,
    policy: Annotated[str | None, typer.Option("--policy", help="只对照标题含该词的政策，如 创新券")] = None,
    profiles: Annotated[Path | None, typer.Option("--profiles", help="每行一段企业情况的文本文件")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="每段企业情况输出一行 JSON")] = False,
) -> None:
    """政策体检：逐条对照政策条件（✓/✗/?）、引用条款、计算可获金额、列出还需说明的情况。"""
    from assistant.terminal.eligibility import run_eligibility

    blank = text is not None and not text.strip() and profiles is None  # a profile that states nothing
    lines = [""] if blank else one_or_many(text, profiles)
    with user_errors():
        raise typer.Exit(run_eligibility(lines, kb, policy, as_json, console, err_console))


@app.command("policy-rules")
def policy_rules(
    policy: Annotated[str, typer.Argument(help="政策标题中的词或文件名", show_default=False)],
    kb: KbOption = None,
    correct: Annotated[Path | None, typer.Option("--correct", help="用校正后的 JSON 文件（先用 --json 导出再修改）替换提取结果")] = None,
    reset: Annotated[bool, typer.Option("--reset", help="撤销人工校正，重新从文件提取")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（可修改后用 --correct 写回）")] = False,
) -> None:
    """查看（并校正）从政策文件中提取的申请条件、待遇标准、上限和有效期。"""
    from assistant.terminal.eligibility import run_policy_rules

    with user_errors():
        raise typer.Exit(run_policy_rules(policy, kb, correct, reset, as_json, console, err_console))


if __name__ == "__main__":  # python -m assistant.terminal.cli …, as the docs, the helpers' notes and the benchmarks use it
    main()
