"""Helpers for tests that start a real server on the loopback address."""

from __future__ import annotations

import glob
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def running_chroma(data: Path) -> Iterator[int]:
    """`chroma run` on a free loopback port with its data in `data`; yields the port."""
    port = free_port()
    chroma = shutil.which("chroma")
    assert chroma, "the chromadb package provides the chroma command"
    process = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", process)
        yield port
    finally:
        stop(process)


def postgres_program(name: str) -> str:
    """initdb/pg_ctl from Debian's postgresql package (not on PATH: /usr/lib/postgresql/<version>/bin)."""
    found = shutil.which(name) or max(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), default=None)
    assert found, "install Debian's postgresql package (scripts/install.sh does)"
    return found


@contextmanager
def running_postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on a free loopback port, its data in a new temporary directory;
    yields the SQLAlchemy URL. PostgreSQL refuses to run as root, so under root it runs as `postgres`."""
    port = free_port()
    root = Path(tempfile.mkdtemp(prefix="bureau-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "server.log"
    subprocess.run(
        [*as_user, postgres_program("initdb"), "-D", str(data), "-U", "bureau", "--auth=trust", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    pg_ctl = [*as_user, postgres_program("pg_ctl"), "-D", str(data)]
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off"
    subprocess.run([*pg_ctl, "-l", str(log), "-o", options, "-w", "-t", "120", "start"], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        yield f"postgresql+psycopg://bureau@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(root, ignore_errors=True)


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
