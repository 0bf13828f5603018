"""Eligibility in a real browser (Playwright driving Debian's Chromium headless): an enterprise account
asks the chat whether it qualifies and gets the checklist with cited clauses; it fills the 政策体检
form and sees every public policy with its verdict, on a desktop and on a phone; a staff member corrects
one condition of a real published policy in the 文档 tab's review table and confirms it, and the
enterprise's 政策体检 result follows the correction and says the rules were confirmed. Screenshots go to
tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app_server import FIRM, STAFF, AppUnderTest, build_home, running_app
from assistant.audit import audit_log
from assistant.config import Settings
from assistant.eligibility.review import COLUMNS
from assistant.knowledge import KnowledgeBase
from assistant.web.eligibility import POLICY_COLUMNS
from conftest import SHARED

# Chromium and the helpers as test_app_browser.py has them; the app is this module's own (with a real policy).
from test_app_browser import ARTIFACTS, VIEWPORTS, ask, browser, english_words, last_answer, logged_in, open_tab  # noqa: F401

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
REAL_POLICY = SHARED / "bench" / "real_policies" / "科技型中小企业评价办法.txt"  # a published national measure
QUESTION = "我们公司在示范县注册，独立法人，正常经营3年，上年度营业收入1.2亿元，没有失信记录，要买一项30万元的研发设计服务，能不能申请创新券？能抵多少？"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    """The app of test_app_browser.py, its public knowledge base holding one real published policy too."""
    root = tmp_path_factory.mktemp("eligibility_browser")
    home, config = build_home(root)
    KnowledgeBase(Settings(home=home), "default").ingest([REAL_POLICY])
    with running_app(home, config, root / "app.log") as app:
        yield app


def fill_checkup(page, place: str, revenue: str) -> None:  # noqa: ANN001
    open_tab(page, "政策体检")
    page.get_by_label("注册地").fill(place)
    page.get_by_label("上年度营业收入").fill(revenue)
    page.get_by_role("button", name="开始体检").click()


def test_enterprise_chat_answers_with_the_checklist(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM)
    ask(page, QUESTION)
    answer = last_answer(page)
    assert "符合条件" in answer and "150000元" in answer and "第四条（二）" in answer
    assert "条件由程序自动提取，尚未经工作人员核对" in answer  # no staff member has confirmed these rules
    expect(page.locator("#sources .source-card").first).to_contain_text("示范县科技创新券管理办法.pdf")
    page.locator("[data-testid=bot]").last.evaluate("e => e.scrollIntoView()")  # the verdict and the first rows
    page.screenshot(path=str(ARTIFACTS / "eligibility_chat.png"), full_page=True)
    assert audit_log(server.settings).exchanges()[-1].question == QUESTION


HEADERS = """e => [...e.querySelectorAll("[role=columnheader]")].map(h => {
  const box = h.getBoundingClientRect();
  return {text: h.innerText.trim(), width: box.width, height: box.height, right: box.right};
})"""


SCROLL_TO = """h => {
  for (let e = h.parentElement; e; e = e.parentElement) {
    const style = getComputedStyle(e).overflowX;
    if (e.scrollWidth > e.clientWidth + 1 && (style === "auto" || style === "scroll")) { e.scrollLeft = e.scrollWidth; break; }
  }
  return h.getBoundingClientRect().right;
}"""


def assert_summary_readable(page, viewport: str) -> None:  # noqa: ANN001
    """Every header of the 政策体检 summary on at most two lines; on a desktop every column on screen, on a
    phone the table scrolls sideways to them (no column squeezed to one character a line)."""
    table = page.locator(".eligibility-table")
    headers = table.evaluate(HEADERS)
    assert [h["text"] for h in headers] == POLICY_COLUMNS
    line = table.locator("[role=columnheader]").first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
    for header in headers:
        assert header["height"] <= 2.5 * line + 24 and header["width"] >= 2 * line, header
    width = VIEWPORTS[viewport]["width"]
    if viewport == "desktop":
        assert max(h["right"] for h in headers) <= width, headers
    else:
        last = table.locator("[role=columnheader]").last  # scrolled to, the last column comes on screen whole
        assert last.evaluate(SCROLL_TO) <= width, headers


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_enterprise_policy_checkup_tab_lists_every_public_policy(browser, server: AppUnderTest, viewport: str) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM, viewport)
    open_tab(page, "政策体检")
    assert_summary_readable(page, viewport)  # the empty form's table too
    page.get_by_label("注册地").fill("示范县")
    page.get_by_label("成立年限（年）").fill("3")
    page.get_by_label("上年度营业收入").fill("1.2亿元")
    page.locator("#eligibility-form-legal label", has_text="是").click()
    page.locator("#eligibility-form-dishonest label", has_text="无").click()
    page.get_by_label("其他情况（专利、认定、合同金额等）").fill("去年授权了2件发明专利；要买一项30万元的研发设计服务")
    page.get_by_role("button", name="开始体检").click()
    table = page.locator(".eligibility-table")
    expect(table).to_contain_text("示范县科技创新券管理办法", timeout=60_000)
    expect(table).to_contain_text("示范县专利资助办法")
    expect(table).to_contain_text("自动提取")  # whether staff confirmed the rules, for every policy
    expect(page.locator("#eligibility-details")).to_contain_text("150000元")
    expect(page.locator("#eligibility-details")).to_contain_text("16000元")  # 2件×(5000+3000)元
    assert_summary_readable(page, viewport)  # long clauses wrap in their column
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"eligibility_tab_{viewport}.png"), full_page=viewport == "desktop")
    assert audit_log(server.settings).exchanges()[-1].conversation == "政策体检"


def test_staff_correct_a_condition_of_a_real_policy_and_the_checkup_follows(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    page.get_by_role("tab", name="文档").click()
    page.get_by_text("政策条件提取结果").click()
    page.get_by_label("政策文件").click()
    page.get_by_role("option", name=REAL_POLICY.name).click()
    table = page.locator("#policy-rules-table")
    expect(table).to_contain_text("年销售收入不超过2亿元", timeout=30_000)
    expect(page.locator("#policy-rules-status")).to_contain_text("自动提取")
    for header in COLUMNS:
        expect(table.locator("[role=columnheader]", has_text=header).first).to_be_visible()
    assert english_words(page, (REAL_POLICY.name,)) == []  # no field keys, operators or tooltips in English
    assert "rules" not in table.inner_text()

    field, value, words = COLUMNS.index("条件项"), COLUMNS.index("标准"), COLUMNS.index("原文")
    row = next(r for r in range(table.locator("[role=row]").count())
               if table.get_by_test_id(f"cell-{r}-{field}").count()
               and table.get_by_test_id(f"cell-{r}-{field}").inner_text().strip() == "上年度营业收入"
               and "年销售收入不超过2亿元" in table.get_by_test_id(f"cell-{r}-{words}").inner_text())  # fmt: skip
    cell = table.get_by_test_id(f"cell-{row}-{value}")
    expect(cell).to_have_text("2亿元")
    cell.dblclick()  # a staff member reads the clause again and corrects the threshold
    editor = cell.locator("textarea, input").first
    editor.fill("1亿元")
    editor.press("Enter")
    expect(cell).to_contain_text("1亿元")
    page.get_by_role("button", name="确认条件").click()
    status = page.locator("#policy-rules-status")
    expect(status).to_contain_text(f"已由 {STAFF[0]}", timeout=30_000)
    expect(status).to_contain_text("第1版")
    expect(table).to_contain_text("人工校正")
    page.locator("#policy-rules").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "policy_rules_confirmed.png"), full_page=True)
    logged = audit_log(server.settings).exchanges()[-1]
    assert logged.conversation == "政策条件校核" and "不超过2亿元 → 不超过1亿元" in logged.answer

    firm = logged_in(browser, server, FIRM)
    fill_checkup(firm, "广州", "1.5亿元")
    result = firm.locator(".eligibility-table [role=row]", has_text="科技型中小企业评价办法")
    expect(result).to_contain_text("不符合", timeout=60_000)
    expect(result).to_contain_text("已人工确认")
    details = firm.locator("#eligibility-details")
    expect(details).to_contain_text("要求≤1亿元")  # the corrected threshold, not the 2亿元 read from the file
    expect(details).to_contain_text("条件已经工作人员核对确认")
    firm.screenshot(path=str(ARTIFACTS / "eligibility_confirmed.png"), full_page=True)
