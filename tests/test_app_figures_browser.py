"""A figures question in a real browser (Playwright driving Debian's Chromium): 专利申请量这几年怎么变化？
on the sample corpus (示范县 summaries 2022–2025 and the drafting workbook) gives a table of the years,
each value cited, the changes, and a line chart that can be downloaded and is kept in the audit log.
The screenshot goes to tests/artifacts/figures_chat.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app_server import AppUnderTest, running_app
from assistant.audit import audit_log
from assistant.config import Settings
from assistant.knowledge import KnowledgeBase
from conftest import SAMPLE_CORPUS
from test_app_browser import ARTIFACTS, CHROMIUM, FLAGS

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
ANSWER_TIMEOUT = 60_000
QUESTION = "专利申请量这几年怎么变化？"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    root = tmp_path_factory.mktemp("figures_browser")
    home = root / "home"
    assert not KnowledgeBase(Settings(home=home), "default").ingest([SAMPLE_CORPUS]).failed
    config = root / "bureau.toml"
    config.write_text("", encoding="utf-8")  # no users: the chat opens without a login
    with running_app(home, config, root / "app.log") as app:
        yield app


def test_how_patent_applications_moved_is_a_cited_table_with_a_chart(server: AppUnderTest) -> None:
    if not CHROMIUM.exists():
        pytest.fail("找不到 /usr/bin/chromium：请先安装 Debian 的 chromium（apt-get install -y chromium）")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
        page.goto(server.url, wait_until="domcontentloaded")
        box = page.get_by_placeholder("输入问题，按回车发送")
        box.fill(QUESTION)
        box.press("Enter")
        page.locator("#sources [data-count]").wait_for(timeout=ANSWER_TIMEOUT)
        answer = page.locator("[data-testid=bot]").last
        table = answer.locator("table")
        expect(table).to_contain_text("2022年", timeout=ANSWER_TIMEOUT)
        rows = {r.locator("td").first.inner_text(): r.inner_text() for r in table.locator("tbody tr").all()}
        for year, value in (("2022年", "938件"), ("2023年", "1050件"), ("2024年", "1180件"), ("2025年", "1342件")):
            assert value in rows[year] and "[" in rows[year], rows  # each value with its citation
        assert "增长12.4%" in rows["2024年"] and "增长13.7%" in rows["2025年"]
        expect(page.locator("#sources")).to_contain_text("示范县科学技术局2022年工作总结.txt")
        chart = page.locator("#figures-chart")
        expect(chart.locator("img, svg, canvas").first).to_be_visible(timeout=ANSWER_TIMEOUT)
        expect(page.locator("#figures-chart-file")).to_contain_text(".png")
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "figures_chat.png"), full_page=True)
        browser.close()
    log = audit_log(server.settings)
    last = log.exchanges()[-1]
    assert last.question == QUESTION
    assert (log.chart(last.id) or b"")[:4] == b"\x89PNG"
