"""Eligibility in a real browser (Playwright driving Debian's Chromium headless): an enterprise account
asks the chat whether it qualifies and gets the checklist with cited clauses; it fills the 政策体检
form and sees every public policy with its verdict; a staff member reviews a policy's extracted
conditions in the 文档 tab. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest

from app_server import FIRM, STAFF, AppUnderTest
from assistant.audit import audit_log

# The app under test and Chromium, as test_app_browser.py starts them (one instance per module).
from test_app_browser import ARTIFACTS, ask, browser, last_answer, logged_in, server  # noqa: F401

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
QUESTION = "我们公司在示范县注册，独立法人，正常经营3年，上年度营业收入1.2亿元，没有失信记录，要买一项30万元的研发设计服务，能不能申请创新券？能抵多少？"


def test_enterprise_chat_answers_with_the_checklist(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM)
    ask(page, QUESTION)
    answer = last_answer(page)
    assert "符合条件" in answer and "150000元" in answer and "第四条（二）" in answer
    expect(page.locator("#sources .source-card").first).to_contain_text("示范县科技创新券管理办法.pdf")
    page.locator("[data-testid=bot]").last.evaluate("e => e.scrollIntoView()")  # the verdict and the first rows
    page.screenshot(path=str(ARTIFACTS / "eligibility_chat.png"), full_page=True)
    assert audit_log(server.settings).exchanges()[-1].question == QUESTION


def test_enterprise_policy_checkup_tab_lists_every_public_policy(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, FIRM)
    page.get_by_role("tab", name="政策体检").click()
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
    expect(page.locator("#eligibility-details")).to_contain_text("150000元")
    expect(page.locator("#eligibility-details")).to_contain_text("16000元")  # 2件×(5000+3000)元
    page.screenshot(path=str(ARTIFACTS / "eligibility_tab.png"), full_page=True)
    assert audit_log(server.settings).exchanges()[-1].conversation == "政策体检"


def test_staff_review_the_extracted_conditions(browser, server: AppUnderTest) -> None:  # noqa: ANN001
    page = logged_in(browser, server, STAFF)
    page.get_by_role("tab", name="文档").click()
    page.get_by_text("政策条件提取结果（可校正）").click()
    page.get_by_label("政策文件").click()
    page.get_by_role("option", name="示范县科技创新券管理办法.pdf").click()
    rules = page.locator(".rules-table")
    expect(rules).to_contain_text("上年度营业收入不超过2亿元", timeout=30_000)
    expect(rules).to_contain_text("第四条（二）")
    page.locator("#policy-rules").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "policy_rules.png"), full_page=True)
