"""Helpers for tests that start a real server on the loopback address."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

# A server that neither answers nor dies within this long hangs: the bound only keeps the suite
# from waiting forever, it is no speed target (a busy machine may take minutes to load a model).
HUNG_SERVER_SECONDS = 900


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_factor() -> float:
    """How many times slower than a quiet machine this one is now: the 1-minute load per core, at least 1."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def patient(seconds: float) -> float:
    """A wait that a quiet machine meets in `seconds`, stretched by the machine's load right now."""
    return seconds * load_factor()


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = HUNG_SERVER_SECONDS) -> None:
    """Poll url until it answers, for as long as the server process lives (it failing is reported at
    once); `timeout` only bounds a server that hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_llama_server(model_path: str, n_ctx: int = 4096) -> tuple[subprocess.Popen, str]:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port; returns it and its /v1 URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", model_path, "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", str(n_ctx)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_for_http(f"{base_url}/models", process)
    except Exception:
        stop(process)
        raise
    return process, base_url


def llm_timeout(base_url: str, prompt_words: int = 1500, max_tokens: int = 32) -> float:
    """A request timeout for the model behind base_url on this machine now: one request with a long
    prompt is timed, and a test request may take ten times as long (its prompt and answer may be
    longer, the machine busier), but never less than a minute."""
    body = {"prompt": "word " * prompt_words, "max_tokens": max_tokens, "temperature": 0}
    request = urllib.request.Request(
        f"{base_url}/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=HUNG_SERVER_SECONDS) as response:
        response.read()
    return max(60.0, 10 * (time.monotonic() - started))


def completion_body(content: str) -> bytes:
    """An OpenAI chat completion whose one choice says `content`."""
    return json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "stand-in",
                       "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()  # fmt: skip


@contextmanager
def canned_reply(status: int, body: bytes) -> Iterator[str]:
    """A loopback endpoint that answers every POST with this status and body, whatever was asked;
    yields its /v1 URL. It stands in for an LLM only where a test needs a reply that the real
    llama.cpp server cannot be made to give (malformed, refused, or exactly this content)."""

    class Reply(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Reply)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()
        server.server_close()
