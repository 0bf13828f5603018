"""A real app for the slow app tests: a data directory with a small public and a small internal knowledge
base, two logins (staff, enterprise), and `python app.py` running on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.access import hash_password, user_toml
from assistant.config import Settings, UserSettings
from assistant.knowledge import KnowledgeBase
from conftest import REPO, SAMPLE_CORPUS
from local_servers import free_port, stop, wait_for_http

STAFF = ("王科长", "staff-pass-1")
FIRM = ("示范企业", "firm-pass-1")
INTERNAL_KB = "内部资料"  # a Chinese name: found through Chroma's metadata, not the file name
PUBLIC_FILES = ["示范县科技创新券管理办法.pdf", "示范县专利资助办法.docx"]
SECRET = "星河光电有限公司追加创新券额度80万元"
INTERNAL_TEXT = f"""示范县科学技术局内部工作备忘

一、创新券额度调整
经局务会研究，2025年拟对{SECRET}，该事项尚未公开，请勿外传。

二、专利资助复核
对2024年度专利资助申请中材料不全的12家企业，由知识产权股另行电话通知补正。
"""
SECRET_QUESTION = "星河光电有限公司追加创新券额度是多少？"


@dataclass
class AppUnderTest:
    url: str
    home: Path
    settings: Settings


def build_home(root: Path) -> tuple[Path, Path]:
    """The data directory (both knowledge bases ingested) and the bureau.toml that configures the logins."""
    home = root / "home"
    settings = Settings(home=home)
    KnowledgeBase(settings, "default").ingest([SAMPLE_CORPUS / name for name in PUBLIC_FILES])
    memo = root / "内部工作备忘.txt"
    memo.write_text(INTERNAL_TEXT, encoding="utf-8")
    KnowledgeBase(settings, INTERNAL_KB).ingest([memo])
    config = root / "bureau.toml"
    users = [
        UserSettings(name=STAFF[0], password_hash=hash_password(STAFF[1]), role="staff"),
        UserSettings(name=FIRM[0], password_hash=hash_password(FIRM[1]), role="enterprise"),
    ]
    config.write_text(  # the API tests hold ten conversations of these two accounts at once: five each
        '[app]\nmax_requests_per_user = 5\n\n[access]\npublic_kbs = ["default"]\n\n' + "\n".join(user_toml(u) for u in users),
        encoding="utf-8",
    )
    return home, config


@contextmanager
def running_app(home: Path, config: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[AppUnderTest]:
    """`python app.py` with this home, config and further BUREAU_* variables; stopped (and its log kept) afterwards.
    The port is given the way Gradio users give it (GRADIO_SERVER_PORT): the settings set none, so the app honours it."""
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if k not in ("BUREAU_APP__PORT", "BUREAU_APP__HOST")}
    env = inherited | (env or {}) | {
        "BUREAU_HOME": str(home), "BUREAU_CONFIG": str(config), "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }  # fmt: skip
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            try:
                wait_for_http(url, process)
            except (RuntimeError, TimeoutError) as exc:
                tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
                raise RuntimeError(f"app did not start ({exc}); the end of {log}:\n{tail}") from exc
            yield AppUnderTest(url, home, Settings(home=home))
        finally:
            stop(process)
