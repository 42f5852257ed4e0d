"""The index in a Chroma server (chromadb's own `chroma run`), chosen by CJRH_CHROMA_URL: it answers as the embedded
store does, and two `cjrh serve` replicas with their own data folders share it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, wait_for_http

pytestmark = pytest.mark.e2e

# One document keeps the two index builds (embedded and server) short; the question is answered by its clause.
DOCUMENT = "zibo-kjxx-2025.txt"
QUESTION = "新入职专业课教师前3年要在企业连续实践多久？"


def _env(**settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CJRH_")}
    env.update({f"CJRH_{k.upper()}": v for k, v in settings.items()})
    return env


def _cjrh(args: list, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cjrh_assistant", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "corpus" / DOCUMENT, folder / DOCUMENT)
    return folder


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log_path = tmp / "chroma.log"
    log = open(log_path, "w", encoding="utf-8")
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp / "store"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_for_http(f"{url}/api/v2/heartbeat", proc, 60, log_path)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def embedded_answer(tmp_path_factory, corpus) -> dict:
    env = _env(data_dir=str(tmp_path_factory.mktemp("embedded")), corpus_dir=str(corpus))
    out = _cjrh(["ask", QUESTION, "--json"], env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _essentials(answer: dict) -> tuple:
    return answer["text"], [(c["doc_id"], c["clause"], c["quote"]) for c in answer["citations"]], answer["abstained"]


def test_the_server_store_answers_as_the_embedded_one_and_replicas_share_it(
        tmp_path, corpus, chroma_url, embedded_answer):
    replica_a = _env(data_dir=str(tmp_path / "a"), corpus_dir=str(corpus), chroma_url=chroma_url)
    built = _cjrh(["index", "--json"], replica_a)
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert report["added"] == report["total"] > 0
    assert not (tmp_path / "a" / "chroma").exists()  # the embeddings went to the server, not to a local store

    doctor = _cjrh(["doctor", "--json"], replica_a)
    assert json.loads(doctor.stdout)["store"] == {"kind": "server", "url": chroma_url, "ok": True}

    asked = _cjrh(["ask", QUESTION, "--json"], replica_a)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert "6个月" in answer["text"] and answer["citations"]
    assert _essentials(answer) == _essentials(embedded_answer)

    # A second replica with its own data folder finds every embedding already in the shared store.
    replica_b = _env(data_dir=str(tmp_path / "b"), corpus_dir=str(corpus), chroma_url=chroma_url)
    built_b = _cjrh(["index", "--json"], replica_b)
    assert built_b.returncode == 0, built_b.stderr
    report_b = json.loads(built_b.stdout)
    assert (report_b["added"], report_b["total"]) == (0, report["total"])

    from gradio_client import Client

    servers = []
    try:
        for name, env in (("a", replica_a), ("b", replica_b)):
            port = free_port()
            log_path = tmp_path / f"serve-{name}.log"
            log = open(log_path, "w", encoding="utf-8")
            proc = subprocess.Popen([sys.executable, "-m", "cjrh_assistant", "serve", "--port", str(port)], cwd=ROOT,
                                    env=env, stdout=log, stderr=subprocess.STDOUT)
            servers.append((proc, log))
            url = f"http://127.0.0.1:{port}/"
            wait_for_http(url, proc, 120, log_path)
            served = Client(url, verbose=False).predict(QUESTION, None, api_name="/ask")
            assert _essentials(served) == _essentials(embedded_answer), name
    finally:
        for proc, log in servers:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()


def test_an_unreachable_server_is_one_chinese_line(tmp_path, corpus):
    env = _env(data_dir=str(tmp_path / "d"), corpus_dir=str(corpus), chroma_url=f"http://127.0.0.1:{free_port()}")
    out = _cjrh(["index"], env)
    assert out.returncode != 0
    assert "无法连接 Chroma 服务" in out.stderr and "Traceback" not in out.stderr

    doctor = _cjrh(["doctor", "--json"], env)
    assert doctor.returncode == 0
    store = json.loads(doctor.stdout)["store"]
    assert store["kind"] == "server" and store["ok"] is False and "无法连接" in store["error"]
