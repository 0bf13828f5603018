"""The app as an attacker tries it, for real (`python app.py`, HTTP, gradio_client, Chromium): markup,
Markdown and formulas planted in a document or typed in a question stay text, run nothing and make the page
fetch nothing beyond the app; an answer's chart is for its own account; an enterprise account cannot reach
staff features by any path, send an endless question or a huge upload; guessing passwords gets the account
and the address locked out, logged, until the window passes. The lockout window is set to 12 s here so the
test can see it end. (Every route and endpoint over plain HTTP: tests/test_http_security.py.)"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from app import OpenWithoutLoginError, check_exposure
from app_server import FIRM, STAFF, AppUnderTest, running_app
from assistant.access import hash_password, user_toml
from assistant.audit import AuditLog
from assistant.config import AccessSettings, AppSettings, Settings, UserSettings
from assistant.drafting.route import DRAFT_REFUSED
from assistant.knowledge import KnowledgeBase
from conftest import SAMPLE_CORPUS
from vectorstore.database import open_database

TARGET = ("被攻击企业", "target-pass-1")
PAYLOAD = "<img src=x onerror=alert(1)>"
MARKDOWN = "![图](http://evil.example/doc.png)[详情](javascript:alert(2))"
FORMULA = '=HYPERLINK("http://evil.example/","点击领取")'
HOSTILE_NAME = f"星火计划{PAYLOAD}.txt"
HOSTILE_TEXT = f"""示范县星火计划补助说明
第一条 星火计划补助标准：{PAYLOAD}每家企业补助30万元。
第二条 {FORMULA}星火计划补助资金按季度拨付。
第三条 星火计划申报指南见{MARKDOWN}，逾期不予受理。
"""
QUESTION_PAYLOAD = "星火计划补助标准是多少？![x](http://evil.example/q.png)[点我](javascript:alert(3))<img src=y onerror=alert(4)>"
SUMMARIES = ["示范县科学技术局2022年工作总结.txt", "示范县科学技术局2023年工作总结.txt"]  # figures: a chart
LOCKOUT_MINUTES = 0.2


def test_serving_beyond_this_machine_without_logins_is_refused_unless_overridden() -> None:
    with pytest.raises(OpenWithoutLoginError, match="拒绝启动.*0.0.0.0.*allow_open_without_login"):
        check_exposure(Settings(app=AppSettings(host="0.0.0.0")))
    check_exposure(Settings(app=AppSettings(host="127.0.0.1")))
    check_exposure(Settings(app=AppSettings(host="0.0.0.0", allow_open_without_login=True)))
    user = UserSettings(name="王科长", password_hash="x", role="staff")
    check_exposure(Settings(app=AppSettings(host="0.0.0.0"), access=AccessSettings(users=[user])))


def test_chat_eligibility_and_drafting_share_one_length_limit_and_one_slot_per_account(tmp_path: Path) -> None:
    import gradio as gr

    from app import WebApp
    from assistant.web.eligibility import EligibilityPage

    firm = UserSettings(name=FIRM[0], password_hash="x", role="enterprise")
    staff = UserSettings(name=STAFF[0], password_hash="x", role="staff")
    settings = Settings(home=tmp_path / "home", app=AppSettings(max_requests_per_user=1, max_question_chars=100),
                        access=AccessSettings(users=[firm, staff]))  # fmt: skip
    web = WebApp(settings)
    form = ["企业", "示范县", "3", "", "", "", "未说明", "未说明", "未说明"]
    as_firm, as_staff = gr.Request(username=firm.name), gr.Request(username=staff.name)
    with pytest.raises(gr.Error, match="填写的企业情况太长（1[0-9]{2} 字），请精简到 100 字以内再提交"):
        EligibilityPage(web).check(*form, "创" * 100, request=as_firm)
    with pytest.raises(gr.Error, match="草稿太长（101 字），请精简到 100 字以内再提交"):
        web.export_draft("", "创" * 101, None, request=as_staff)
    with pytest.raises(gr.Error, match="问题太长（101 字）"):
        next(web.respond("创" * 101, [], None, [], "全部", "全部", request=as_firm))
    with web.request_slot(firm):  # a question in progress: the account's one slot is taken
        with pytest.raises(gr.Error, match="已有请求正在处理"):
            EligibilityPage(web).check(*form, "", request=as_firm)
    with web.request_slot(staff):
        with pytest.raises(gr.Error, match="已有请求正在处理"):
            web.export_draft("标题", "正文", None, request=as_staff)


def test_every_staff_handler_refuses_an_enterprise_account_by_itself(tmp_path: Path) -> None:
    """Behind the guard, each handler checks the role again: every handler of the page not open to every
    account, called directly as an enterprise account, refuses, and every handler refuses a request without
    a session (the list is the page's own)."""
    import inspect

    import gradio as gr

    from app import WebApp, build_app
    from assistant.access import roles_for

    users = [UserSettings(name=FIRM[0], password_hash="x", role="enterprise")]
    demo = build_app(WebApp(Settings(home=tmp_path / "home", access=AccessSettings(users=users))))
    staff_only = [fn for fn in demo.fns.values() if fn.fn is not None and "enterprise" not in roles_for(fn.fn)]
    assert len(staff_only) >= 10
    calls = [(fn, FIRM[0], "只有工作人员账号") for fn in staff_only]
    calls += [(fn, None, "登录已失效") for fn in demo.fns.values() if fn.fn is not None]  # no session: every handler
    for fn, name, refusal in calls:
        with pytest.raises(gr.Error, match=refusal):
            needed = [p for p in inspect.signature(fn.fn).parameters.values() if p.name != "request" and p.default is p.empty]
            called = fn.fn(*[None] * len(needed), request=gr.Request(username=name))  # event data (👍) included
            if inspect.isgenerator(called):
                next(called)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppUnderTest]:
    root = tmp_path_factory.mktemp("app_security")
    home = root / "home"
    hostile = root / HOSTILE_NAME
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    KnowledgeBase(Settings(home=home), "default").ingest([hostile, *(SAMPLE_CORPUS / name for name in SUMMARIES)])
    users = [UserSettings(name=n, password_hash=hash_password(p), role=r)
             for (n, p), r in ((STAFF, "staff"), (FIRM, "enterprise"), (TARGET, "enterprise"))]  # fmt: skip
    config = root / "bureau.toml"
    config.write_text(
        f'[access]\npublic_kbs = ["default"]\nlogin_lockout_minutes = {LOCKOUT_MINUTES}\n\n'
        + "\n".join(user_toml(u) for u in users),
        encoding="utf-8",
    )
    with running_app(home, config, root / "app.log") as app:
        yield app


def login(server: AppUnderTest, user: tuple[str, str]) -> Client:
    return Client(server.url, auth=user, verbose=False, download_files=False)


def session(server: AppUnderTest, user: tuple[str, str]) -> httpx.Client:
    """A plain HTTP client holding the user's session cookie, as a browser would."""
    client = httpx.Client(base_url=server.url, timeout=60)
    reply = client.post("/login", data={"username": user[0], "password": user[1]})
    assert reply.status_code == 200, reply.text
    return client


def answer_text(history: list[dict]) -> str:
    content = history[-1]["content"]
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content)


@pytest.mark.slow
def test_planted_markup_is_shown_as_text_in_the_browser(server: AppUnderTest) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    from test_app_browser import CHROMIUM, FLAGS, VIEWPORT, ask, last_answer

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url, wait_until="domcontentloaded")
        page.get_by_label("用户名").fill(STAFF[0])
        page.get_by_label("密码").fill(STAFF[1])
        page.get_by_role("button", name="登录").click()
        page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=30_000)
        ask(page, "星火计划补助标准是多少？")
        assert PAYLOAD in last_answer(page)  # the answer quotes it, as text
        assert PAYLOAD in page.locator("#sources").inner_text()  # so does the source card
        assert page.locator("img[src=x]").count() == 0
        page.get_by_role("tab", name="文档").click()
        playwright_api.expect(page.locator(".doc-table")).to_contain_text(PAYLOAD, timeout=30_000)  # the file name
        assert page.locator("img[src=x]").count() == 0
        page.wait_for_timeout(1000)  # an onerror handler would have fired by now
        browser.close()
    assert dialogs == []


@pytest.mark.slow
def test_markup_in_a_question_or_a_passage_runs_nothing_and_the_page_fetches_only_the_app(server: AppUnderTest) -> None:
    """As an enterprise account: HTML and Markdown typed in a question and planted in a document show as text;
    no dialog opens, no image or javascript: link is made, and every request the page makes goes to the app
    (127.0.0.1). A figures answer's chart downloads for this account, and for nobody else."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from test_app_browser import CHROMIUM, FLAGS, VIEWPORT, ask, last_answer

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        page = context.new_page()
        dialogs: list[str] = []
        requested: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        refused: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("response", lambda reply: reply.status in (401, 403) and refused.append(f"{reply.status} {reply.url}"))
        page.goto(server.url, wait_until="domcontentloaded")
        page.get_by_label("用户名").fill(FIRM[0])
        page.get_by_label("密码").fill(FIRM[1])
        page.get_by_role("button", name="登录").click()
        page.get_by_placeholder("输入问题，按回车发送").wait_for(timeout=30_000)
        ask(page, QUESTION_PAYLOAD)
        chat = page.locator("[data-testid=user]").last.inner_text() + last_answer(page)
        assert "![x](http://evil.example/q.png)" in chat and "<img src=y onerror=alert(4)>" in chat  # shown as typed
        ask(page, "星火计划申报指南在哪里看？")
        assert "[详情](javascript:alert(2))" in last_answer(page) + page.locator("#sources").inner_text()  # as text
        made = page.locator("img[src*=evil], img[src=x], img[src=y], a[href^='javascript']")
        assert made.count() == 0
        ask(page, "专利申请量这几年怎么变化？")
        link = page.locator("#figures-chart-file a[href]").first
        link.wait_for(timeout=60_000)
        chart = link.get_attribute("href")
        assert context.request.get(chart).status == 200  # its own chart
        browser.close()
    chart_url = server.url.rstrip("/") + chart if chart.startswith("/") else chart
    assert session(server, STAFF).get(chart_url).status_code == 403 and httpx.get(chart_url).status_code == 401
    assert dialogs == []
    outside = [u for u in requested if not u.startswith(("data:", "blob:")) and httpx.URL(u).host != "127.0.0.1"]
    assert outside == [], outside
    assert refused == [], refused  # the guard lets through everything the page itself asks for
    print(f"{len(requested)} requests, all to 127.0.0.1")


@pytest.mark.slow
def test_the_audit_csv_neutralises_formulas_and_its_url_is_for_staff_only(server: AppUnderTest) -> None:
    staff = login(server, STAFF)
    staff.predict(FORMULA, [], [], "全部", "全部", api_name="/ask")  # a question that is a formula
    exported = staff.predict(api_name="/export_audit")
    with open(exported["path"], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert ["'" + FORMULA] == [row[6] for row in rows if FORMULA in row[6]]
    url = exported["url"]
    assert session(server, STAFF).get(url).status_code == 200
    refused = session(server, FIRM).get(url)
    assert refused.status_code == 403 and "无权" in refused.json()["detail"]
    assert httpx.get(url).status_code == 401  # nor without logging in


@pytest.mark.slow
def test_an_enterprise_account_is_refused_staff_features_and_unbounded_requests(server: AppUnderTest) -> None:
    firm = login(server, FIRM)
    started = time.monotonic()
    with pytest.raises(AppError, match="问题太长（50000 字），请精简到 2000 字以内"):
        firm.predict("创" * 50_000, [], [], "全部", "全部", api_name="/ask")
    print(f"50,000-character question refused in {time.monotonic() - started:.2f} s")
    history, sources, _ = firm.predict("帮我起草今年知识产权工作的总结段落", [], [], "全部", "全部", api_name="/ask")
    assert answer_text(history) == DRAFT_REFUSED and "专利授权" not in answer_text(history)
    with pytest.raises(httpx.HTTPStatusError) as refused:  # the guard refuses a staff endpoint before Gradio runs it
        firm.predict(None, "知识产权", api_name="/draft")
    assert refused.value.response.status_code == 403 and "无权" in refused.value.response.json()["detail"]

    def huge_body(mib: int) -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n\r\n'
        for _ in range(mib):
            yield b"\0" * (1 << 20)
        yield b"\r\n--b--\r\n"

    headers = {"content-type": "multipart/form-data; boundary=b"}
    refused = session(server, FIRM).post("/gradio_api/upload", content=huge_body(100), headers=headers)
    assert refused.status_code == 403
    too_big = session(server, STAFF).post("/gradio_api/upload", content=huge_body(120), headers=headers)
    assert too_big.status_code == 413  # over max_file_size (limits.max_file_mb = 100 MB) even for staff
    print(f"upload of 100 MiB by an enterprise account: {refused.status_code}; 120 MiB by staff: {too_big.status_code}")


@pytest.mark.slow
def test_one_account_cannot_hold_more_than_its_share_of_workers(server: AppUnderTest) -> None:
    barrier = Barrier(6)

    def ask(_: int) -> str:
        client = login(server, FIRM)
        barrier.wait()
        try:
            client.predict("星火计划补助资金怎么拨付？", [], [], "全部", "全部", api_name="/ask")
        except AppError as exc:
            return str(exc)
        return "answered"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(ask, range(6)))
    assert "answered" in outcomes
    assert any("已有请求正在处理" in o for o in outcomes), outcomes


@pytest.mark.slow
def test_guessing_passwords_locks_the_account_and_address_out_and_is_logged(server: AppUnderTest) -> None:
    audit = AuditLog(open_database(server.settings.database_url))  # the database the app writes to
    before = len(audit.login_events())
    ok = httpx.post(server.url + "login", data={"username": STAFF[0], "password": STAFF[1]})
    cookies = [v for k, v in ok.headers.multi_items() if k == "set-cookie"]
    assert cookies and all("HttpOnly" in c and "SameSite=Lax" in c for c in cookies), cookies
    codes = [httpx.post(server.url + "login", data={"username": TARGET[0], "password": f"guess{n}"}).status_code
             for n in range(30)]  # fmt: skip
    assert codes == [400] * 5 + [429] * 25
    right = httpx.post(server.url + "login", data={"username": TARGET[0], "password": TARGET[1]})
    assert right.status_code == 429 and "登录失败次数过多" in right.json()["detail"]  # the right password too
    events = [e.outcome for e in audit.login_events()[before:] if e.user == TARGET[0]]
    assert events == ["failed"] * 4 + ["locked"] + ["refused"] * 26
    time.sleep(LOCKOUT_MINUTES * 60 + 1)
    assert httpx.post(server.url + "login", data={"username": TARGET[0], "password": TARGET[1]}).status_code == 200
