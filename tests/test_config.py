"""The one settings object: where the app listens (its own settings first, then Gradio's variables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings


@pytest.fixture(autouse=True)
def no_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUREAU_CONFIG", str(tmp_path / "absent.toml"))
    for name in ("GRADIO_SERVER_PORT", "GRADIO_SERVER_NAME", "BUREAU_APP__PORT", "BUREAU_APP__HOST"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_to_the_loopback_address_and_port_7860() -> None:
    assert (Settings().app.host, Settings().app.port) == ("127.0.0.1", 7860)


def test_gradio_variables_are_honoured_when_the_settings_set_no_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    assert (Settings().app.host, Settings().app.port) == ("0.0.0.0", 7999)


def test_the_settings_own_port_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    config = tmp_path / "bureau.toml"
    config.write_text('[app]\nport = 8080\nhost = "127.0.0.1"\n', encoding="utf-8")
    monkeypatch.setenv("BUREAU_CONFIG", str(config))
    assert (Settings().app.host, Settings().app.port) == ("127.0.0.1", 8080)
    monkeypatch.setenv("BUREAU_APP__PORT", "8081")
    assert Settings().app.port == 8081


def test_knowledge_base_display_names_and_time_zone_have_defaults() -> None:
    settings = Settings()
    assert settings.app.kb_labels == {"default": "公共知识库"} and settings.app.timezone == "Asia/Shanghai"
