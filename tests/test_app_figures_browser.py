"""A figures question in a real browser (Playwright driving Debian's Chromium): 专利申请量这几年怎么变化？
on the sample corpus (示范县 summaries 2022–2025 and the drafting workbook) gives a table of the years,
each value cited, the changes, and a line chart that can be downloaded and is kept in the audit log; a
comparison shows the same years in its table, its sentence and its chart; one value is a cited sentence.
Screenshots go to tests/artifacts/ (figures_chat.png, item4_*.png, item9_chart_*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app_server import AppUnderTest, running_app
from assistant.audit import audit_log
from assistant.config import Settings
from assistant.knowledge import KnowledgeBase
from conftest import SAMPLE_CORPUS
from test_app_browser import ARTIFACTS, CHROMIUM, FLAGS, LOCALES, VIEWPORTS, browser, english_words, screens, shoot  # noqa: F401

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


def open_chat(browser, server: AppUnderTest, viewport: str, locale: str):  # noqa: ANN001, ANN201
    page = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[locale]).new_page()
    page.goto(server.url, wait_until="domcontentloaded")
    page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=ANSWER_TIMEOUT)
    return page


def ask(page, question: str) -> None:  # noqa: ANN001
    box = page.get_by_placeholder("输入问题，按回车发送")
    box.fill(question)
    box.press("Enter")
    page.locator("[data-testid=user]", has_text=question).wait_for(timeout=ANSWER_TIMEOUT)
    page.locator("#sources .sources-answer:not(.sources-earlier) [data-count]").wait_for(timeout=ANSWER_TIMEOUT)


def chart_values(page) -> dict[str, str]:  # noqa: ANN001
    """What the chart draws, as the line under it says: {"2024年": "126"}."""
    caption = page.locator("#figures-chart-data").inner_text()
    return dict(point.split(" ") for point in caption.split("：", 1)[1].split("；"))


@screens
def test_item4_a_comparison_s_table_sentence_and_chart_show_the_same_years(browser, server, viewport, locale) -> None:  # noqa: ANN001, E501
    page = open_chat(browser, server, viewport, locale)
    ask(page, "高新技术企业数量比2023年多了多少？")
    answer = page.locator("[data-testid=bot]").last
    rows = {r.locator("td").first.inner_text(): r.locator("td").nth(1).inner_text() for r in answer.locator("tbody tr").all()}
    table = {period: re.match(r"\d+(\.\d+)?", value)[0] for period, value in rows.items()}
    assert table == {"2023年": "109", "2024年": "126", "2025年": "148"}  # 2024 is not left out
    expect(answer.locator("tbody tr", has_text="2025年")).to_contain_text("增加22家")  # against the 2024 row shown
    assert re.search(r"2025年高新技术企业数为148家\[\d\]，2023年为109家\[\d\]，增加39家", answer.inner_text())
    expect(page.locator("#figures-chart")).to_be_visible(timeout=ANSWER_TIMEOUT)
    assert chart_values(page) == table  # the chart draws exactly the table's values
    assert not (english := english_words(page)), english
    shoot(page, "item4_comparison", viewport, locale)
    answer.get_by_role("link", name="查看本回答的图表").click()  # the chart below the fold: the answer points to it
    expect(page.locator("#figures-chart")).to_be_in_viewport(ratio=0.9)
    shoot(page, "item9_chart", viewport, locale)

    ask(page, "2024年研发投入占GDP比重是多少？")
    single = page.locator("[data-testid=bot]").last
    expect(single).to_contain_text(re.compile(r"2024年R&D经费支出占GDP比重为2\.35%\[\d\]"))
    assert single.locator("table").count() == 0  # one value: a sentence with its citation, no one-row table
    expect(page.locator("#figures-chart")).to_be_hidden()  # nor a one-point chart
    single.locator('a[href^="#source-"]').first.click()
    expect(page.locator("#sources .source-card.flash")).to_contain_text("2.35")
    shoot(page, "item4_single_value", viewport, locale)
