"""One knowledge base built from the settings: ingest files, search, list, remove, reindex."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Literal, Protocol

from assistant.config import Settings
from assistant.embeddings import EmbeddingUnavailableError, build_embedding
from assistant.paths import expand_paths
from ingest.figures import FigureRecord
from ingest.isolation import parse_isolated
from ingest.limits import check_size
from ingest.load import check_regular_file, unreadable
from ingest.model import IngestError
from ingest.normalize import normalize_for_search
from ingest.pipeline import IngestedFile, file_hash
from vectorstore.chroma_store import DenseStore, ModelMismatchError, open_client
from vectorstore.database import open_database
from vectorstore.figures_store import FigureStore
from vectorstore.index import Consistency, KnowledgeIndex
from vectorstore.lexical import tokenize
from vectorstore.manifest import DocumentRecord, FileEntry, FileRecord, Manifest
from vectorstore.model import SearchFilters, SearchMode, SearchResult, StoredChunk
from vectorstore.names import collection_name, validate_kb_name
from vectorstore.retrieval import search

Status = Literal["added", "updated", "unchanged", "duplicate", "failed"]
# What each front end calls a status (the terminal's ingest summary, the web's outcome table and toast).
STATUS_LABELS: dict[Status, str] = {"added": "新增", "updated": "更新", "unchanged": "未变", "duplicate": "重复", "failed": "失败"}
GROUP_CHUNKS = 64  # files are embedded and written together until their chunks reach this many


@dataclass
class FileOutcome:
    path: Path
    source: str
    status: Status
    chunks: int = 0
    reason: str = ""
    advice: str = ""
    duplicate_of: str = ""  # for a duplicate: the file already holding the same content
    seconds: float = 0.0  # reading and parsing the file (its worker's time), not embedding


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    repaired: Consistency | None = None  # the check before the first write; not .ok after a crash

    def with_status(self, status: Status) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def failed(self) -> list[FileOutcome]:
        return self.with_status("failed")


class IngestHook(Protocol):
    """Work a feature does after files went into a knowledge base (e.g. reading the policies' conditions).
    The composition roots hand the hooks to the KnowledgeBase that ingests (assistant/composition.py),
    so storage imports no feature. A hook's failure must not undo the ingest: it handles its own errors."""

    name: str

    def after_ingest(self, kb: KnowledgeBase, report: IngestReport) -> None: ...


class DocumentNotFoundError(LookupError):
    def __init__(self, kb: str, source: str) -> None:
        super().__init__(f"知识库「{kb}」中没有文件 {source}，可用 bureau docs --kb {kb} 查看已入库的文件")


def source_key(source: str) -> str:
    """A short stable prefix that keeps chunk ids of files with identical content apart."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]


def stored_chunks(source: str, ingested: IngestedFile) -> list[StoredChunk]:
    return [
        StoredChunk(
            id=f"{source_key(source)}-{c.chunk_id}",
            chunk_id=c.chunk_id,
            source=source,
            doc_id=c.doc_id,
            text=c.text,
            search_text=c.search_text,
            heading_path=list(c.heading_path),
            location=c.location,
            metadata=dict(c.metadata),
            position=position,
        )
        for position, c in enumerate(ingested.chunks)
    ]


def _unexpected(path: Path, source: str, exc: Exception) -> FileOutcome:
    return FileOutcome(
        path, source, "failed", reason=f"处理时出现意外错误（{type(exc).__name__}: {exc}）",
        advice="请确认文件能正常打开；如仍失败，请把该文件和这条信息交给技术支持",
    )  # fmt: skip


class KnowledgeBase:
    """Opening one is cheap: the embedding model and Chroma are reached only when a step needs them."""

    def __init__(self, settings: Settings, kb: str | None = None, hooks: Sequence[IngestHook] = ()) -> None:
        self.settings = settings
        self.name = validate_kb_name(kb or settings.kb)
        self.hooks = list(hooks)  # run after each ingest, in order
        self.collection = collection_name(self.name)
        self.manifest = Manifest(
            open_database(settings.database_url), self.name, self.collection, settings.database.lock_timeout
        )

    @cached_property
    def figures(self) -> FigureStore:
        """The figures the files state, in the manifest's database."""
        return FigureStore(self.manifest.engine, self.name)

    @cached_property
    def index(self) -> KnowledgeIndex:
        embed = build_embedding(self.settings.embedding)
        connect = partial(open_client, self.settings.chroma, self.settings.home)
        connect(False)  # fail early if the server is down
        dense = DenseStore(connect, self.collection, self.name, embed.model_name)
        return KnowledgeIndex(self.manifest, dense, embed)

    def ingest(
        self,
        paths: Iterable[Path],
        progress: Callable[[FileOutcome], None] | None = None,
        allow_duplicates: bool = False,
        on_wait: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Add new files, replace changed ones, skip unchanged ones (by content hash, before parsing).
        A file whose content is already stored under another name is a duplicate and not added,
        unless allow_duplicates. Another writer on this knowledge base (a second ingest, the app) is
        waited for; `on_wait` is called first when that happens."""
        report = IngestReport()
        group: list[tuple[FileEntry, FileOutcome, list[FigureRecord]]] = []

        def finish(outcome: FileOutcome) -> None:
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)

        def flush() -> None:
            if report.repaired is None:
                report.repaired = self.index.check(repair=True)
            try:
                self.index.put([entry for entry, _, _ in group])
            except (ModelMismatchError, EmbeddingUnavailableError):
                raise  # concerns every file: stop with the one message
            except Exception as exc:  # noqa: BLE001 — one bad batch must not stop the others
                for _, outcome, _ in group:
                    finish(_unexpected(outcome.path, outcome.source, exc))
            else:
                for entry, outcome, figures in group:
                    self.figures.add(entry.source, entry.content_hash, figures)
                    finish(outcome)
            group.clear()

        with self.manifest.writer(on_wait):
            seen: dict[str, str] = {}  # source → content hash, of this run's files
            for item in expand_paths(paths):
                if isinstance(item, IngestError):  # a link the walk would not follow
                    finish(FileOutcome(Path(item.path), Path(item.path).name, "failed", reason=item.reason,
                                       advice=item.advice))  # fmt: skip
                    continue
                started = time.monotonic()
                prepared = self._prepare(item, seen, allow_duplicates)
                (prepared if isinstance(prepared, FileOutcome) else prepared[1]).seconds = time.monotonic() - started
                if isinstance(prepared, FileOutcome):
                    finish(prepared)
                    continue
                group.append(prepared)
                if sum(len(entry.chunks) for entry, _, _ in group) >= GROUP_CHUNKS:
                    flush()
            if group:
                flush()
        for hook in self.hooks:
            hook.after_ingest(self, report)
        return report

    def _prepare(
        self, path: Path, seen: dict[str, str], allow_duplicates: bool
    ) -> FileOutcome | tuple[FileEntry, FileOutcome, list[FigureRecord]]:
        """A final outcome (unchanged, duplicate, failed), or the entry to write, the outcome it will have and its figures."""
        source = path.name
        try:
            if source in seen:
                return FileOutcome(
                    path, source, "failed", reason="本次导入中已有同名文件",
                    advice="知识库按文件名区分文件，请重命名后再导入",
                )  # fmt: skip
            seen[source] = ""  # the name is taken; its content counts for duplicates once it is stored
            check_regular_file(path)  # before hashing: a pipe would block the hash for ever
            check_size(path, self.settings.limits)  # nor is a 10 GB file hashed only to be refused
            content_hash = file_hash(path)
            same = next((s for s, h in seen.items() if h == content_hash), None)
            previous = self.manifest.content_hash(source)
            if previous == content_hash:
                seen[source] = content_hash
                if self.figures.content_hash(source) != content_hash:  # ingested before figures were kept
                    self.figures.add(source, content_hash, self._parse(path).figures)
                return FileOutcome(path, source, "unchanged")
            same = same or self.manifest.source_with_hash(content_hash)
            if same and not allow_duplicates:
                return FileOutcome(
                    path, source, "duplicate", reason=f"与已入库的 {same} 内容完全相同，未重复导入",
                    advice="同样的内容只保留一份；确需以新文件名另存一份时，可选择仍然导入", duplicate_of=same,
                )  # fmt: skip
            ingested = self._parse(path)
        except OSError as exc:  # a looping or dangling link named directly, a file without read rights
            exc = unreadable(path, exc)
            return FileOutcome(path, source, "failed", reason=exc.reason, advice=exc.advice)
        except IngestError as exc:
            return FileOutcome(path, source, "failed", reason=exc.reason, advice=exc.advice)
        except Exception as exc:  # noqa: BLE001 — one bad file must not stop the others
            return _unexpected(path, source, exc)
        chunks = stored_chunks(source, ingested)
        if not chunks:
            return FileOutcome(
                path, source, "failed", reason="文件中没有可检索的文字",
                advice="请确认文件不是空白页或扫描图片；扫描件请先做文字识别",
            )  # fmt: skip
        seen[source] = content_hash
        entry = FileEntry(source, str(path.resolve()), content_hash, ingested.documents, chunks)
        status: Status = "added" if previous is None else "updated"
        return entry, FileOutcome(path, source, status, chunks=len(chunks)), ingested.figures

    def _parse(self, path: Path) -> IngestedFile:
        """The file read, cleaned and chunked in a worker process under the settings' limits."""
        return parse_isolated(path, self.settings.retrieval.chunk_chars, self.settings.limits)

    def search(
        self,
        query: str,
        k: int | None = None,
        filters: SearchFilters | None = None,
        mode: SearchMode = "hybrid",
    ) -> list[SearchResult]:
        """The k best passages, best first; mode "bm25" or "dense" uses one ranking alone."""
        k = self.settings.retrieval.top_k if k is None else k
        return search(self.index, query, k, filters, mode, self.settings.retrieval.reranker_path)

    def idf(self, term: str) -> float:
        """How informative a search token is in this knowledge base (see vectorstore.lexical.tokenize)."""
        return self.index.view(check=False).bm25.idf(term)

    def uses(self, word: str) -> bool:
        """Whether any passage may contain the word: every search token of it occurs somewhere, or it is
        a compound of two words that do (申请专利 = 申请 + 专利, although no passage has the pair 请专)."""
        vocabulary = self.index.view(check=False).bm25.vocabulary
        word = normalize_for_search(word)

        def used(piece: str) -> bool:
            return all(vocabulary.get(token) is not None for token in tokenize(piece))

        # splits[i]: word[:i] is a run of used pieces of two or more characters
        splits = [True] + [False] * len(word)
        for end in range(2, len(word) + 1):
            splits[end] = any(splits[start] and used(word[start:end]) for start in range(0, end - 1))
        return splits[-1] or used(word)

    def files(self) -> list[FileRecord]:
        return self.manifest.files()

    def documents(self) -> list[DocumentRecord]:
        return self.manifest.documents()

    def remove(self, source: str) -> int:
        """Remove a file (by name or path) from every store; returns how many chunks went."""
        source = Path(source).name
        with self.manifest.writer():
            count = len(self.manifest.chunk_ids(source))
            if self.manifest.content_hash(source) is None:
                raise DocumentNotFoundError(self.name, source)
            self.index.remove(source)
            self.figures.remove(source)
        return count

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the vectors with the configured model and the tokens with the current tokenizer."""
        with self.manifest.writer():
            return self.index.rebuild(progress)

    def check(self, repair: bool = False) -> Consistency:
        with self.manifest.writer():
            return self.index.check(repair)
