"""What the web app enforces below Gradio, as one ASGI middleware. Deny by default: a request passes only
when its route is on the list of its role (anonymous, enterprise, staff):

- anyone: the page (or the login page), logging in and out, static assets;
- a logged-in account: the page's configuration and API description, the call and queue protocol for
  the endpoints its role may use (an endpoint's handler is for staff unless marked `for_every_account`;
  hidden endpoints are for the page's own queue, never called by name), and file URLs of files made for
  that account (its own answer's chart; for staff also the audit CSV, drafts, uploads), however the
  route is spelt (`file=`, `file/`, percent-encoded, doubled slashes, `..`);
- staff: uploads as well.

A Gradio session hash and a call's event id belong to the first account that uses them: another account
presenting them is refused, so it can neither read nor continue that session's events. Also here:
failed-login limits (per account and per client address, logged in the audit log) and session cookies
that are HttpOnly and SameSite=Lax."""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote

from starlette.requests import Request

from assistant.access import find_user, roles_for
from assistant.audit import AuditLog
from assistant.config import Settings, UserSettings
from assistant.web.login import session_user
from assistant.web.login_guard import LoginGuard

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API = "/gradio_api"
LOGIN_PATHS = ("/login", "/login/")
PUBLIC = {"/", "/login", "/login/", "/logout", "/favicon.ico", "/robots.txt", "/manifest.json", "/theme.css",
          f"{API}/theme.css", f"{API}/startup-events"}  # fmt: skip (Gradio's launch() calls the last one, logged in or not)
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/pwa_icon")
ACCOUNT_READS = {"/config", "/config/", f"{API}/info", f"{API}/info/", f"{API}/app_id", f"{API}/app_id/"}
FILE = re.compile(rf"^{API}/file(?:=|/)(?P<path>.*)$", re.DOTALL)
NAMED_CALL = re.compile(rf"^{API}/(?:call/v2|call|run|api)/(?P<api>[^/]+)/?$")
CALL_RESULT = re.compile(rf"^{API}/call(?:/v2)?/(?P<api>[^/]+)/(?P<event>[^/]+)$")
HEARTBEAT = re.compile(rf"^{API}/heartbeat/(?P<session>[^/]+)$")
MAX_LOGIN_BODY = 16 * 1024
MAX_API_BODY = 4 * 1024 * 1024  # a JSON call: far above any text limit, so the handler says what is too long
MAX_OWNERS = 20_000  # session hashes, event ids and files remembered (least recently used forgotten first)
SAMESITE = re.compile(rb";\s*samesite=[a-z]+", re.IGNORECASE)


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


NOT_LOGGED_IN = (401, "请先登录")
NOT_ALLOWED = (403, "当前账号无权访问")
NOT_YOURS = (403, "当前账号无权访问这个文件")
TOO_LARGE = (413, "请求内容太大，请精简后再提交")


def _json(status: int, detail: str) -> tuple[dict, dict]:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]}  # fmt: skip
    return start, {"type": "http.response.body", "body": body}


def _cookie(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Every Set-Cookie HttpOnly and SameSite=Lax (Gradio sends its login cookie with SameSite=None)."""
    out = []
    for name, value in headers:
        if name.lower() == b"set-cookie":
            value = SAMESITE.sub(b"", value) + b"; SameSite=Lax"
            if b"httponly" not in value.lower():
                value += b"; HttpOnly"
        out.append((name, value))
    return out


def canonical(path: str) -> str:
    """The route a path names: percent-escapes decoded until none is left, runs of slashes made one."""
    while (decoded := unquote(path)) != path:
        path = decoded
    return re.sub(r"/{2,}", "/", path)


class Owners:
    """key → account, the first account that claimed the key keeping it; bounded, least recently used first out."""

    def __init__(self, limit: int = MAX_OWNERS) -> None:
        self.limit = limit
        self._owners: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str, account: str) -> bool:
        """True when `key` is (now) the account's; False when another account holds it."""
        with self._lock:
            owner = self._owners.setdefault(key, account)
            self._owners.move_to_end(key)
            while len(self._owners) > self.limit:
                self._owners.popitem(last=False)
            return owner == account

    def owner(self, key: str) -> str | None:
        with self._lock:
            return self._owners.get(key)


class OwnedFiles:
    """Files the app makes for one account (a chart, the audit CSV, a draft) and files an account uploads:
    each in a folder of its own with an unguessable name inside Gradio's cache (so Gradio serves it where
    it is), and served by the guard only to that account."""

    def __init__(self, folder: Path, limit: int = MAX_OWNERS) -> None:
        self.folder = folder
        self._owners = Owners(limit)

    def path_for(self, account: str, name: str) -> Path:
        """Where to write a file called `name` for the account."""
        path = self.folder / secrets.token_hex(16) / name
        path.parent.mkdir(parents=True)
        self.register(account, str(path))
        return path

    def register(self, account: str, path: str) -> None:
        self._owners.claim(self._key(path), account)

    def owner(self, path: str) -> str | None:
        return self._owners.owner(self._key(path))

    @staticmethod
    def _key(path: str) -> str:
        return os.path.realpath(path)  # relative to the working directory, as Gradio reads it; links followed


class WebGuard:
    """ASGI middleware in front of Gradio; the account of a request is read from Gradio's session tokens."""

    def __init__(self, app: ASGIApp, settings: Settings, audit: AuditLog, guard: LoginGuard, files: OwnedFiles) -> None:
        self.app = app
        self.settings = settings
        self.audit = audit
        self.guard = guard
        self.files = files
        self.sessions = Owners()  # Gradio session hash → account
        self.events = Owners()  # event id of a named call → account

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # no route of the page uses one
            return await send({"type": "websocket.close", "code": 1008})
        if scope["type"] != "http":  # lifespan
            return await self.app(scope, receive, send)
        path, method = canonical(scope.get("path", "")), scope["method"]
        if method == "POST" and path in LOGIN_PATHS and self.settings.access.users:
            return await self._login(scope, receive, send)
        try:
            if unquote(scope.get("path", "")) != scope.get("path", ""):
                raise Refused(*NOT_ALLOWED)  # encoded twice: no page or client of the app sends that
            body, after = await self._check(scope, receive, path, method)
        except Refused as refused:
            start, reply = _json(refused.status, refused.detail)
            await send(start)
            return await send(reply)
        if body is not None:
            receive = _replay(body, receive)
        return await self.app(scope, receive, _secure_cookies(send, after))

    # what each role may reach --------------------------------------------------------------------
    async def _check(self, scope: Scope, receive: Receive, path: str, method: str) -> tuple[bytes | None, Callable | None]:
        """Raises Refused unless the request is on its role's list; returns the request body when it had to be
        read (it is replayed to Gradio) and what to do with the response, if anything."""
        if method in ("GET", "HEAD") and (path in PUBLIC or path.startswith(PUBLIC_PREFIXES)):
            return None, None
        user = find_user(self.settings, session_user(Request(scope)))
        if user is None:
            raise Refused(*NOT_LOGGED_IN)
        if method in ("GET", "HEAD"):
            return None, self._check_read(scope, path, user)
        if method != "POST":
            raise Refused(*NOT_ALLOWED)
        if path == f"{API}/upload":
            if user.role != "staff":
                raise Refused(*NOT_ALLOWED)
            return None, self._owned_uploads(user)  # multipart: Gradio itself enforces max_file_size
        body = await _read(receive)
        message = _parse(body)
        if path == f"{API}/queue/join":
            self._check_fn(scope, user, message.get("fn_index"), None)
            self._claim_session(message.get("session_hash"), user, required=True)
        elif named := NAMED_CALL.match(path):
            self._check_fn(scope, user, message.get("fn_index"), named["api"])
            self._claim_session(message.get("session_hash"), user)
            return body, self._owned_event(user)
        elif path in (f"{API}/cancel", f"{API}/reset", f"{API}/reset/"):
            self._claim_session(message.get("session_hash"), user)
            if message.get("event_id") is not None and not self.events.claim(str(message["event_id"]), user.name):
                raise Refused(*NOT_ALLOWED)
        else:
            raise Refused(*NOT_ALLOWED)
        return body, None

    def _check_read(self, scope: Scope, path: str, user: UserSettings) -> None:
        if path in ACCOUNT_READS:
            return None
        if path == f"{API}/queue/data":
            session = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("session_hash") or [None])[0]
            return self._claim_session(session, user, required=True)
        if beat := HEARTBEAT.match(path):
            return self._claim_session(beat["session"], user, required=True)
        if result := CALL_RESULT.match(path):
            if self.events.owner(result["event"]) != user.name:
                raise Refused(*NOT_ALLOWED)
            return None
        if file := FILE.match(path):
            if self.files.owner(file["path"]) != user.name:
                raise Refused(*NOT_YOURS)
            return None
        if path == f"{API}/upload_progress" and user.role == "staff":
            return None
        raise Refused(*NOT_ALLOWED)

    def _check_fn(self, scope: Scope, user: UserSettings, fn_index: object, api_name: str | None) -> None:
        """Every endpoint the call names is for this role: the one of its fn_index and the one of its name (which
        one Gradio runs depends on the route), by name only endpoints with a public name (hidden ones are the
        page's own, run through the queue)."""
        fns = scope["app"].get_blocks().fns
        named = []
        if fn_index is not None or api_name is None:
            named.append(fns.get(fn_index) if isinstance(fn_index, int) else None)
        if api_name is not None:
            fn = next((f for f in fns.values() if f.api_name == api_name), None)
            named.append(fn if fn is not None and fn.api_visibility != "private" else None)
        if any(fn is None or user.role not in roles_for(fn.fn) for fn in named):
            raise Refused(*NOT_ALLOWED)

    def _claim_session(self, session: object, user: UserSettings, required: bool = False) -> None:
        if session is None and not required:
            return
        if not isinstance(session, str) or not session or not self.sessions.claim(session, user.name):
            raise Refused(*NOT_ALLOWED)

    # responses that hand out something of the account's --------------------------------------------
    def _owned_event(self, user: UserSettings) -> Callable[[bytes], None]:
        def claim(body: bytes) -> None:
            try:
                event = json.loads(body).get("event_id")
            except (ValueError, AttributeError):  # an error page: no event was made
                return
            if isinstance(event, str):
                self.events.claim(event, user.name)

        return claim

    def _owned_uploads(self, user: UserSettings) -> Callable[[bytes], None]:
        def claim(body: bytes) -> None:
            try:
                paths = json.loads(body)
            except ValueError:
                return
            for path in paths if isinstance(paths, list) else []:
                if isinstance(path, str):
                    self.files.register(user.name, path)

        return claim

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse while the account or the address is locked out; count the outcome otherwise."""
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_LOGIN_BODY or not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", errors="replace"))
        name = (form.get("username") or [""])[0].strip()
        address = (scope.get("client") or ("unknown", 0))[0]
        wait = self.guard.locked(name, address)
        if wait > 0:
            self.audit.login_event(name, address, "refused")
            minutes = max(1, round(wait / 60))
            start, reply = _json(429, f"登录失败次数过多，已暂停登录，请约 {minutes} 分钟后再试")
            await send(start)
            return await send(reply)

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _cookie(list(message.get("headers", [])))
                if message["status"] == 200:
                    self.guard.succeeded(name)
                    self.audit.login_event(name, address, "ok")
                else:
                    locked = self.guard.failed(name, address)
                    self.audit.login_event(name, address, "locked" if locked else "failed")
            await send(message)

        await self.app(scope, _replay(body, receive), watch)


async def _read(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_API_BODY:
            raise Refused(*TOO_LARGE)
        if not message.get("more_body"):
            return body


def _parse(body: bytes) -> dict:
    try:
        message = json.loads(body or b"{}")
    except ValueError:
        raise Refused(*NOT_ALLOWED) from None
    return message if isinstance(message, dict) else {}


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever the client sends next (a disconnect)."""
    replayed = False

    async def replay() -> dict:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _secure_cookies(send: Send, after: Callable[[bytes], None] | None) -> Send:
    """Cookies hardened; when `after` is given, the response body is handed to it as well."""
    body = bytearray()

    async def sending(message: dict) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = _cookie(list(message.get("headers", [])))
        elif message["type"] == "http.response.body" and after is not None and len(body) < MAX_API_BODY:
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                after(bytes(body))
        await send(message)

    return sending
