"""Logins and what each role may read: hashed passwords, staff vs enterprise, knowledge-base discovery."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from assistant.access import (
    LOCAL_USER,
    authenticate,
    find_user,
    hash_password,
    readable_kbs,
    verify_password,
)
from assistant.config import AccessSettings, Settings, UserSettings
from assistant.terminal.cli import app
from vectorstore.database import open_database
from vectorstore.manifest import Manifest
from vectorstore.names import collection_name


def settings_with_users(home: Path, public: list[str] | None = None) -> Settings:
    users = [
        UserSettings(name="王科长", password_hash=hash_password("staff-pw"), role="staff"),
        UserSettings(name="示范企业", password_hash=hash_password("firm-pw"), role="enterprise"),
    ]
    return Settings(home=home, access=AccessSettings(users=users, public_kbs=public or ["default"]))


def make_kb(home: Path, name: str) -> None:
    """A knowledge base exists once something was written to it (here: its version raised, as every write does)."""
    Manifest(open_database(Settings(home=home).database_url), name, collection_name(name)).bump()


def test_hash_is_salted_and_never_holds_the_password() -> None:
    first, second = hash_password("机密口令123"), hash_password("机密口令123")
    assert first != second  # a fresh salt each time
    assert "机密口令123" not in first
    assert first.startswith("scrypt$")
    assert verify_password("机密口令123", first)
    assert not verify_password("机密口令124", first)
    assert not verify_password("x", "not-a-hash")
    assert not verify_password("x", "md5$1$2$3$abc$def")


def test_authenticate_needs_the_right_name_and_password(tmp_path: Path) -> None:
    settings = settings_with_users(tmp_path)
    assert authenticate(settings, "王科长", "staff-pw").role == "staff"
    assert authenticate(settings, "示范企业", "firm-pw").role == "enterprise"
    assert authenticate(settings, "王科长", "firm-pw") is None
    assert authenticate(settings, "无此人", "staff-pw") is None
    assert authenticate(settings, "", "") is None


def test_enterprise_reads_only_public_knowledge_bases(tmp_path: Path) -> None:
    settings = settings_with_users(tmp_path, public=["default", "政策公开库", "not-built-yet"])
    for name in ("default", "internal", "政策公开库"):
        make_kb(tmp_path, name)
    staff, firm = find_user(settings, "王科长"), find_user(settings, "示范企业")
    assert readable_kbs(settings, firm) == ["default", "政策公开库"]  # existing public ones only
    staff_kbs = readable_kbs(settings, staff)
    assert staff_kbs[0] == "default"
    assert set(staff_kbs) == {"default", "internal", "政策公开库"}
    assert readable_kbs(settings, None) == []
    assert find_user(settings, "陌生人") is None


def test_without_users_everyone_is_the_local_staff_user(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    make_kb(tmp_path, "default")
    make_kb(tmp_path, "internal")
    assert find_user(settings, None) is LOCAL_USER
    assert set(readable_kbs(settings, LOCAL_USER)) == {"default", "internal"}


def test_bureau_user_add_prints_a_toml_snippet_with_a_hash(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("BUREAU_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["user", "add", "示范企业", "--role", "enterprise"], input="s3cret!-long\ns3cret!-long\n")
    assert result.exit_code == 0, result.output
    assert "[[access.users]]" in result.output
    assert 'name = "示范企业"' in result.output
    assert 's3cret!' not in result.output.split("[[access.users]]")[1]
    stored = result.output.split('password_hash = "')[1].split('"')[0]
    assert verify_password("s3cret!-long", stored)
    assert 'role = "enterprise"' in result.output


def test_bureau_user_add_refuses_a_short_password(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("BUREAU_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["user", "add", "示范企业", "--role", "enterprise"], input="1\n1\n")
    assert result.exit_code == 2 and "口令太短：至少 10 个字符" in result.output
    assert "[[access.users]]" not in result.output


def test_bureau_user_add_refuses_an_unknown_role(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["user", "add", "张三", "--role", "admin"], input="a\na\n")
    assert result.exit_code == 2


def test_user_add_from_a_pipe_appends_a_toml_that_loads(tmp_path: Path) -> None:
    """printf 'pw-of-12char\\n' | bureau user add 甲 --role staff --password-stdin >> bureau.toml: prompts and notes go to
    stderr, only the TOML lines to stdout, and the file loads with a login that works."""
    import os
    import subprocess
    import sys

    config = tmp_path / "bureau.toml"
    config.write_text('[access]\npublic_kbs = ["default"]\n\n', encoding="utf-8")
    bureau = f"{sys.executable} -m assistant.terminal.cli"
    command = f"printf 'pw-of-12char\\n' | {bureau} user add 甲 --role staff --password-stdin >> bureau.toml"
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "bureau.toml" in done.stderr  # the note about where the lines go stayed on the terminal
    loaded = subprocess.run(
        [sys.executable, "-c", "from assistant.config import Settings; from assistant.access import authenticate;"
         "s = Settings(); print(len(s.access.users), authenticate(s, '甲', 'pw-of-12char').role)"],
        cwd=tmp_path, env=env | {"BUREAU_CONFIG": str(config)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.split() == ["1", "staff"]


def test_user_add_asks_twice_on_stderr_and_refuses_a_mismatch() -> None:
    result = CliRunner().invoke(app, ["user", "add", "张三"], input="a1b2c3\nother\n")
    assert result.exit_code == 2 and "两次输入的口令不一致" in result.output
    assert "[[access.users]]" not in result.stdout
