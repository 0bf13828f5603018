"""The login page: the product's name and a title, Chinese labels, 用户名或密码错误 for a wrong password,
and the user name kept for the next try. Gradio's own page has none of these (an empty <title>,
凭据不正确, the name cleared) and takes no translations, so a small middleware serves this page instead of
Gradio's when a browser without a valid session opens the app. The form posts to Gradio's own /login
route, so the password check (and any limit on it) stays where it is; /logout is Gradio's too."""

from __future__ import annotations

from html import escape

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

PRODUCT = "科技局智能助手"

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · {product}</title>
<style>
  body {{ margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
         font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; background: #f4f6fa; color: #1f2937; }}
  main {{ width: min(360px, calc(100vw - 32px)); background: #fff; border-radius: 12px; padding: 28px 24px;
          box-shadow: 0 4px 24px rgba(15, 23, 42, .08); }}
  h1 {{ font-size: 22px; margin: 0 0 4px; }}
  p.message {{ color: #6b7280; font-size: 14px; margin: 0 0 20px; line-height: 1.6; }}
  label {{ display: block; font-size: 14px; margin: 12px 0 4px; }}
  input {{ box-sizing: border-box; width: 100%; padding: 9px 10px; font-size: 16px; border: 1px solid #d1d5db;
           border-radius: 8px; }}
  button {{ width: 100%; margin-top: 20px; padding: 10px; font-size: 16px; color: #fff; background: #ea580c;
            border: 0; border-radius: 8px; cursor: pointer; }}
  button:disabled {{ opacity: .6; cursor: wait; }}
  #error {{ color: #b91c1c; font-size: 14px; min-height: 20px; margin-top: 12px; }}
</style>
</head>
<body>
<main>
  <h1>{product}</h1>
  <p class="message">{message}</p>
  <form id="login" method="post" action="login">
    <label for="username">用户名</label>
    <input id="username" name="username" autocomplete="username" required autofocus>
    <label for="password">密码</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">登录</button>
    <div id="error" role="alert"></div>
  </form>
</main>
<script>
  const form = document.getElementById("login"), error = document.getElementById("error");
  const password = document.getElementById("password"), button = form.querySelector("button");
  form.addEventListener("submit", async (event) => {{
    event.preventDefault();
    button.disabled = true;
    error.textContent = "";
    try {{
      const response = await fetch("login", {{method: "POST", body: new URLSearchParams(new FormData(form))}});
      if (response.ok) {{ window.location.reload(); return; }}
      let detail = "";
      try {{ detail = (await response.json()).detail; }} catch (_) {{}}
      error.textContent = response.status === 400 || typeof detail !== "string" || !/[\\u4e00-\\u9fff]/.test(detail)
        ? "用户名或密码错误" : detail;
    }} catch (_) {{
      error.textContent = "无法连接服务器，请检查网络后重试";
    }}
    button.disabled = false;
    password.value = "";  // the user name stays for the next try
    password.focus();
  }});
</script>
</body>
</html>
"""


def login_page(message: str) -> str:
    return PAGE.format(product=PRODUCT, message=escape(message))


class LoginPage(BaseHTTPMiddleware):
    """Serves login_page() for the app's page (GET /) to a browser that has no valid Gradio session."""

    def __init__(self, app, message: str) -> None:  # noqa: ANN001
        super().__init__(app)
        self.page = login_page(message)

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method == "GET" and request.url.path in ("/", "") and not _logged_in(request):
            return HTMLResponse(self.page)
        return await call_next(request)


def _logged_in(request: Request) -> bool:
    """Gradio's own test (routes.get_current_user): a known token in its access cookie, or no login at all."""
    return getattr(request.scope.get("app"), "auth", None) is None or session_user(request) is not None


def session_user(request: Request) -> str | None:
    """The account name behind the request's Gradio access cookie, if it holds a valid session token."""
    app = request.scope.get("app")
    cookie_id = getattr(app, "cookie_id", "")
    tokens = getattr(app, "tokens", {})
    names = (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}")
    return next((tokens[token] for name in names if (token := request.cookies.get(name)) in tokens), None)
