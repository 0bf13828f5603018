"""The 起草 tab in a real browser (Playwright driving Debian's Chromium) with every development workbook
(tests/fixtures/workbooks/: .xlsx, .xls, GBK .csv, a Word table, in the layouts of real statistics
tables): upload, draft, and download the .docx. The draft on the page is the one `draft_section` writes
from the same file (its figures are checked one by one in tests/test_drafting_workbooks.py), the title
names the place the workbook gives, and the .docx holds every line of it. Screenshots go to
tests/artifacts/drafting_<n>.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from app_server import AppUnderTest, running_app
from assistant.config import Settings
from assistant.drafting import draft_section
from local_servers import patient
from test_app_browser import ARTIFACTS, VIEWPORT, browser, open_tab  # noqa: F401 — browser: the Chromium fixture

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
WORKBOOKS = Path(__file__).parent / "fixtures" / "workbooks"
EXPECTED = json.loads((WORKBOOKS / "expected.json").read_text(encoding="utf-8"))
TOPIC = "知识产权"  # the tab's first topic, which every development workbook covers


def timeout() -> float:
    """Milliseconds to wait for the page: half a minute on a quiet machine, stretched by the load now."""
    return patient(30) * 1000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    root = tmp_path_factory.mktemp("drafting_browser")
    config = root / "bureau.toml"
    config.write_text("", encoding="utf-8")  # no users: the 起草 tab opens without a login
    env = {"BUREAU_APP__INGEST_SAMPLE_ON_FIRST_START": "false"}  # drafting needs no documents
    with running_app(root / "home", config, root / "app.log", env) as app:
        yield app


@pytest.mark.parametrize("expected", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_each_workbook_is_uploaded_drafted_and_downloaded(browser, server: AppUnderTest, expected, tmp_path) -> None:  # noqa: ANN001
    from docx import Document

    path = WORKBOOKS / expected["file"]
    wanted = draft_section(Settings(home=tmp_path / "home"), path, TOPIC)
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=timeout())  # the app has rendered its tabs
    open_tab(page, "起草")
    page.locator("#draft-data input[type=file]").set_input_files(str(path))
    expect(page.locator("#draft-data")).to_contain_text(path.stem, timeout=timeout())  # the upload is in
    page.get_by_role("button", name="起草", exact=True).click()
    draft = page.locator("#draft-text textarea")
    expect(draft).to_have_value(wanted.text, timeout=timeout())
    expect(page.get_by_label("标题")).to_have_value(wanted.title)
    assert wanted.title.startswith(f"{expected['place']}{expected['year']}年")
    expect(page.locator("#figures")).to_contain_text(wanted.facts[0].derived_from)  # where the first figure comes from
    page.screenshot(path=str(ARTIFACTS / f"drafting_{EXPECTED.index(expected) + 1}.png"))
    with page.expect_download(timeout=timeout()) as download:
        page.get_by_role("button", name="导出公文格式 .docx").click()
        exported = f'a[download][href$="{quote(wanted.title + ".docx")}"]'  # the export's link, not the upload's
        page.locator(exported).click(timeout=timeout())
    assert download.value.suggested_filename == f"{wanted.title}.docx"
    written = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert wanted.title in written and all(line.strip() in written for line in wanted.text.splitlines())
    page.context.close()
