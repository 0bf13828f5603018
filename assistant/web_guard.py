"""What the web app enforces below Gradio, as one ASGI middleware: failed-login limits (per account and per
client address, logged in the audit log), session cookies that are HttpOnly and SameSite=Lax, and file
URLs (downloads and uploads) that only staff accounts may use — the audit CSV and drafts are files; the
one download an enterprise page offers is a figures answer's chart image."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.requests import Request

from assistant.access import find_user, is_staff
from assistant.audit import AuditLog
from assistant.config import Settings
from assistant.login_guard import LoginGuard
from assistant.login_view import session_user

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGIN_PATHS = ("/login", "/login/")
STAFF_ONLY_PATH = re.compile(r"^(?:/gradio_api)?/(?:file=|upload(?:/|$)|upload_progress)")
FILE_PATH = re.compile(r"^(?:/gradio_api)?/file=")
ANY_ACCOUNT_FILES = (".png",)  # a figures answer's chart (下载图表); CSV and Word files stay staff-only
MAX_LOGIN_BODY = 16 * 1024
SAMESITE = re.compile(rb";\s*samesite=[a-z]+", re.IGNORECASE)


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


class WebGuard:
    """ASGI middleware in front of Gradio; the account of a request is read from Gradio's session tokens."""

    def __init__(self, app: ASGIApp, settings: Settings, audit: AuditLog, guard: LoginGuard) -> None:
        self.app = app
        self.settings = settings
        self.audit = audit
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if scope["method"] == "POST" and path in LOGIN_PATHS and self.settings.access.users:
            return await self._login(scope, receive, send)
        if self.settings.access.users and STAFF_ONLY_PATH.match(path) and not self._may_fetch(scope, path):
            start, body = _json(403, "当前账号无权访问这个文件")
            await send(start)
            return await send(body)

        async def secure_cookies(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _cookie(list(message.get("headers", [])))
            await send(message)

        return await self.app(scope, receive, secure_cookies)

    def _may_fetch(self, scope: Scope, path: str) -> bool:
        user = find_user(self.settings, session_user(Request(scope)))
        if is_staff(user):
            return True
        return user is not None and bool(FILE_PATH.match(path)) and path.lower().endswith(ANY_ACCOUNT_FILES)

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
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

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

        await self.app(scope, replay, watch)
