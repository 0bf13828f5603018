"""`pip install .` gives a working assistant anywhere: the prompts, the lexicons and the sample data are
package data, found through the import system rather than through a source checkout's layout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.config import data_package, load_settings
from conftest import REPO

pytestmark = pytest.mark.slow
SOURCES = ["pyproject.toml", "README.md", "app.py", "assistant", "ingest", "vectorstore", "language", "prompts",
           "sample_corpus", "sample_data"]  # fmt: skip


def test_the_wheel_carries_prompts_lexicons_and_sample_data(tmp_path: Path):
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path / "dist"), str(source)], check=True, capture_output=True)  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("bureau_assistant-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [p for d in ("prompts", "sample_corpus", "sample_data") for p in (REPO / d).iterdir() if p.is_file()]
    data += list((REPO / "language" / "lexicon").glob("*.toml"))
    shipped = {p.relative_to(REPO).as_posix() for p in data}
    assert shipped <= names, shipped - names


def test_settings_find_the_data_through_the_import_system():
    settings = load_settings()
    assert (settings.prompts_dir / "answer_system.txt").is_file()
    assert any(settings.sample_corpus_dir.iterdir()) and settings.drafting.data_path.is_file()
    with pytest.raises(FileNotFoundError, match="pip install"):
        data_package("没有这个数据包")
