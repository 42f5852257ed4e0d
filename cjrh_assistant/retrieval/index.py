"""The on-disk index: parsed passages (JSON) plus their embeddings in a persistent Chroma collection.

Incremental and safe to interrupt: new embeddings are added first, then the passage snapshot is replaced
atomically (temporary file + os.replace), and only then are stale embeddings deleted. `--rebuild` re-embeds
every passage in place (upsert) instead of dropping the store first, so a run killed at any point leaves the
last good snapshot with all of its embeddings. The index counts as current only when the store holds an
embedding for every passage and sentence of the snapshot; `build` embeds exactly the missing ones. One
`cjrh index` at a time: a lock file (released by the kernel even when the holder is killed).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from pydantic import BaseModel, ValidationError

from ..config import Settings
from ..corpus.loading import list_corpus_files, load_manifest, read_document
from ..errors import CorpusError, DataDirError, IndexBusyError, IndexCorruptError, StoreUnavailableError
from ..corpus.units import sentences, unit_id, unit_text
from ..models import DocumentInfo, Passage
from .embedder_id import embedder_id
from .keyword import SavedTokens, save_tokens, tokens_version
from .store import CORRUPT_HINT, chroma_client, store_error

log = logging.getLogger("cjrh.index")

SNAPSHOT_FILE = "passages.json"
CHROMA_DIR = "chroma"
LOCK_FILE = "index.lock"
# Bump when parsing changes what passages look like, so existing indexes are rebuilt.
PARSER_VERSION = 9
BUSY = "另一个建立索引的进程正在运行，请等它完成后再试。"
# Vectors per Chroma `add` call: each call costs about 0.2 s whatever its size, so 16 a call spent 79.5 of 85.6 s
# of a 30× build in Chroma (issue 15). A run killed mid-way loses at most this many embeddings (re-made next run).
ADD_BATCH = 512
EMBED_BATCH = 16  # what the embedder gets at once (progress and interruption granularity)
UNIT_BATCH = 5000  # sentence embeddings read from the store at once


class Snapshot(BaseModel):
    parser_version: int
    embedder: str
    corpus_dir: str
    files: dict[str, str]  # file name -> sha256
    documents: list[DocumentInfo]
    passages: list[Passage]
    keyword: Optional[SavedTokens] = None  # BM25's tokens, so that a start does not re-tokenise the corpus

    def unit_ids(self) -> set[str]:
        return {unit_id(p, s) for p in self.passages for s in sentences(p)}


@dataclass
class Completeness:
    """How many of the snapshot's passages and sentences have an embedding in the store."""

    passages: int
    passages_stored: int
    units: int
    units_stored: int

    @property
    def complete(self) -> bool:
        return self.passages_stored == self.passages and self.units_stored == self.units


@dataclass
class BuildReport:
    up_to_date: bool
    added: int
    removed: int
    total: int
    documents: int
    seconds: float


def read_corpus(corpus_dir: Path) -> tuple[list, list[DocumentInfo], list[Passage]]:
    """The corpus files, their document records and their passages, parsed (no embedding)."""
    files = list_corpus_files(corpus_dir)
    manifest = load_manifest(corpus_dir)
    documents, passages = [], []
    for f in files:
        info, doc_passages = read_document(f, manifest)
        documents.append(info)
        passages.extend(doc_passages)
    return files, documents, passages


class PassageIndex:
    def __init__(self, settings: Settings, embedder: Any = None) -> None:
        """`embedder`: a LlamaIndex embedding to use instead of the configured one (benchmarks pass a cache)."""
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT_FILE
        self.chroma_path = self.data_dir / CHROMA_DIR
        self._client: Any = None
        self._embedder = embedder
        self._swap_checked = False

    # -- snapshot -------------------------------------------------------------------------------------------
    def load_snapshot(self) -> Optional[Snapshot]:
        if not self.snapshot_path.exists():
            return None
        try:
            return Snapshot.model_validate_json(self.snapshot_path.read_bytes())
        except (ValidationError, ValueError, OSError) as exc:
            log.info("snapshot %s unreadable: %r", self.snapshot_path, exc)
            raise IndexCorruptError(f"{CORRUPT_HINT}（{self.snapshot_path} 无法解析）") from exc

    def _write_snapshot(self, snapshot: Snapshot) -> None:
        """Written beside the old one and renamed over it: a reader or a crash sees the old or the new, never half."""
        tmp = self.snapshot_path.with_name(f"{SNAPSHOT_FILE}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(snapshot.model_dump_json())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.snapshot_path)

    def matches_corpus(self, snapshot: Snapshot) -> bool:
        """The snapshot was made from the current corpus files, parser, embedder and tokenizer (no store access)."""
        files = {f.path.name: f.sha256 for f in list_corpus_files(Path(self.settings.corpus_dir))}
        return (snapshot.parser_version == PARSER_VERSION and snapshot.embedder == embedder_id(self.settings)
                and snapshot.corpus_dir == str(Path(self.settings.corpus_dir).resolve()) and snapshot.files == files
                and snapshot.keyword is not None and snapshot.keyword.version == tokens_version())

    def is_current(self, snapshot: Optional[Snapshot] = None) -> bool:
        """Up to date with the corpus, and every passage and sentence of the snapshot has its embedding."""
        snapshot = snapshot if snapshot is not None else self.load_snapshot()
        if snapshot is None or not self.matches_corpus(snapshot):
            return False
        return self.completeness(snapshot).complete

    def completeness(self, snapshot: Snapshot) -> Completeness:
        passages = {p.id for p in snapshot.passages}
        units = snapshot.unit_ids()
        if not self.settings.chroma_url and not self.chroma_path.exists():
            return Completeness(len(passages), 0, len(units), 0)
        stored = {kind: self._ids_on_disk(kind) for kind in ("passages", "units")}
        stored = {kind: ids if ids is not None else self._stored_ids(kind) for kind, ids in stored.items()}
        return Completeness(len(passages), len(passages & stored["passages"]), len(units), len(units & stored["units"]))

    def _ids_on_disk(self, kind: str) -> Optional[set[str]]:
        """The collection's record ids read straight from the embedded store's SQLite file (read-only), or None
        when that file cannot be read this way (then the caller asks Chroma). Importing chromadb costs more than a
        second, which a no-change `cjrh index` or a `cjrh doctor` should not pay just to count ids. Chroma accepts
        no record without its embedding, so a listed id has one."""
        path = self.chroma_path / "chroma.sqlite3"
        if self.settings.chroma_url or not path.is_file() or path.stat().st_size == 0:
            return None
        import sqlite3

        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)) as db:
                if db.execute("SELECT 1 FROM collections WHERE name = ?", (self.collection_name(kind),)).fetchone() \
                        is None:
                    return None  # no live collection (a rebuild killed inside its swap?): Chroma itself decides
                rows = db.execute(
                    "SELECT e.embedding_id FROM embeddings e JOIN segments s ON e.segment_id = s.id "
                    "JOIN collections c ON s.collection = c.id WHERE c.name = ? AND s.scope = 'METADATA'",
                    (self.collection_name(kind),)).fetchall()
        except sqlite3.Error as exc:  # a damaged file, or another Chroma schema: Chroma itself decides
            log.info("store ids not readable from %s: %r", path, exc)
            return None
        return {r[0] for r in rows}

    # -- chroma ---------------------------------------------------------------------------------------------
    def collection_name(self, kind: str = "passages", staging: bool = False) -> str:
        return f"{kind}-{embedder_id(self.settings)}" + (".rebuild" if staging else "")

    def client(self) -> Any:
        """The one Chroma client of this index (the only place a client is made)."""
        if self._client is None:
            try:
                self._client = chroma_client(self.settings, self.chroma_path)
            except StoreUnavailableError:
                raise
            except Exception as exc:  # chromadb raises many types (sqlite, rust bindings) for a damaged store
                raise store_error(exc) from exc
        return self._client

    def collection(self, kind: str = "passages", staging: bool = False) -> Any:
        """The Chroma collection of passage embeddings, or (kind="units") of sentence embeddings."""
        if not staging:
            self._finish_interrupted_swap()
        try:
            # embedding_function=None: we always pass embeddings, and Chroma must not fetch its own model.
            return self.client().get_or_create_collection(
                self.collection_name(kind, staging), embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}})
        except (IndexCorruptError, StoreUnavailableError):
            raise
        except Exception as exc:
            raise store_error(exc) from exc

    def _stored_ids(self, kind: str) -> set[str]:
        try:
            return set(self.collection(kind).get(include=[])["ids"])
        except (IndexCorruptError, StoreUnavailableError):
            raise
        except Exception as exc:
            raise store_error(exc) from exc

    def unit_vectors(self) -> dict[str, Any]:
        """Every sentence embedding by unit id, as float32 rows (loaded once; the answer path scores the sentences
        of the retrieved passages against the query embedding it already has). Read a batch at a time: one get of
        every embedding peaked at 1.4 GB at 100× the corpus (66,052 vectors), where the rows need 70 MB."""
        import numpy as np

        out: dict[str, Any] = {}
        try:
            collection = self.collection("units")
            while True:
                got = collection.get(include=["embeddings"], limit=UNIT_BATCH, offset=len(out))
                if not len(got["ids"]):
                    return out
                rows = np.asarray(got["embeddings"], dtype=np.float32)
                out.update(zip(got["ids"], rows))
        except (IndexCorruptError, StoreUnavailableError):
            raise
        except Exception as exc:
            raise store_error(exc) from exc

    def _store_works(self) -> bool:
        """The store opens, lists its ids and answers a nearest-neighbour query (which reads the vector files)."""
        try:
            for kind in ("passages", "units"):
                col = self.collection(kind)
                got = col.get(limit=1, include=["embeddings"])
                if got["ids"]:
                    col.query(query_embeddings=[got["embeddings"][0]], n_results=1, include=[])
            return True
        except Exception as exc:
            log.info("store at %s does not work: %r", self.chroma_path, exc)
            return False

    def _remove_store(self) -> None:
        """Delete a store that cannot be used at all (nothing in it can be saved); on a Chroma server, this
        index's collections only."""
        if self.settings.chroma_url:
            for kind in ("passages", "units"):
                try:
                    self.client().delete_collection(self.collection_name(kind))
                except (IndexCorruptError, StoreUnavailableError):
                    raise
                except Exception as exc:  # a collection that is not there: nothing to delete
                    log.info("delete_collection %s: %r", kind, exc)
            return
        from chromadb.api.client import SharedSystemClient

        self._client = None
        SharedSystemClient.clear_system_cache()  # chroma caches one system per path
        shutil.rmtree(self.chroma_path, ignore_errors=True)

    def _drop_staging(self) -> None:
        for kind in ("passages", "units"):
            name = self.collection_name(kind, staging=True)
            if name in {c.name for c in self.client().list_collections()}:
                self.client().delete_collection(name)

    def _finish_interrupted_swap(self) -> None:
        """A rebuild killed between deleting a live collection and renaming its complete staging copy (see
        `_swap_in_staging`) left that staging copy as the only one: give it the live name before anything reads or
        creates an empty live collection. Only when no build holds the lock: a running build does its own swap."""
        if self._swap_checked:
            return
        self._swap_checked = True
        try:
            names = {c.name for c in self.client().list_collections()}
            stranded = [k for k in ("passages", "units")
                        if self.collection_name(k) not in names and self.collection_name(k, staging=True) in names]
            if not stranded or not self.data_dir.is_dir():
                return
            with self._lock():
                for kind in stranded:
                    self.client().get_collection(self.collection_name(kind, staging=True)).modify(
                        name=self.collection_name(kind))
        except IndexBusyError:
            self._swap_checked = False  # look again once the build is over
        except (IndexCorruptError, StoreUnavailableError):
            raise
        except Exception as exc:
            raise store_error(exc) from exc

    def _swap_in_staging(self) -> None:
        """The rebuilt collections take the live names. A crash between a delete and a rename leaves the complete
        staging copy as the only one of its kind, which the next opening of the index renames
        (`_finish_interrupted_swap`)."""
        client = self.client()
        live = {c.name for c in client.list_collections()}
        for kind in ("passages", "units"):
            if self.collection_name(kind) in live:
                client.delete_collection(self.collection_name(kind))
            client.get_collection(self.collection_name(kind, staging=True)).modify(name=self.collection_name(kind))

    def vector_store(self, staging: bool = False) -> Any:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection(staging=staging))

    # -- build ----------------------------------------------------------------------------------------------
    def build(self, rebuild: bool = False, progress: bool = True,
              on_progress: Optional[Callable[[int, int], None]] = None) -> BuildReport:
        """Bring the index up to date, embedding only what the store lacks. `rebuild` embeds everything again
        into staging collections and swaps them in at the end, so the live index stays usable until then."""
        t0 = time.perf_counter()
        self._ensure_data_dir()
        with self._lock():
            old = None if rebuild else self.load_snapshot()
            if not rebuild and old is not None and self.is_current(old):
                return BuildReport(True, 0, 0, len(old.passages), len(old.documents), time.perf_counter() - t0)

            corpus_dir = Path(self.settings.corpus_dir)
            files, documents, passages = read_corpus(corpus_dir)
            self._check_unique_doc_ids(documents)
            keyword = save_tokens(passages)

            if rebuild:
                if not self._store_works():
                    self._remove_store()
                self._drop_staging()
                existing: set[str] = set()
                existing_units: set[str] = set()
            else:
                existing, existing_units = self._stored_ids("passages"), self._stored_ids("units")
            current = {p.id for p in passages}
            all_units = {unit_id(p, s): unit_text(p, s) for p in passages for s in sentences(p)}
            todo = [(p.id, p.index_text(), {"doc_id": p.doc_id, "clause": p.clause, "kind": p.kind})
                    for p in passages if p.id not in existing]
            todo += [(uid, text, None) for uid, text in all_units.items() if uid not in existing_units]
            self._embed_and_add(todo, progress, on_progress, staging=rebuild)
            if rebuild:
                self._swap_in_staging()

            self._write_snapshot(Snapshot(
                parser_version=PARSER_VERSION, embedder=embedder_id(self.settings),
                corpus_dir=str(corpus_dir.resolve()), files={f.path.name: f.sha256 for f in files},
                documents=documents, passages=passages, keyword=keyword))
            stale = sorted(existing - current)
            if stale:
                self.collection().delete(ids=stale)
            stale_units = sorted(existing_units - set(all_units))
            if stale_units:
                self.collection("units").delete(ids=stale_units)
            added = sum(1 for _, _, meta in todo if meta is not None)
            return BuildReport(False, added, len(stale), len(passages), len(documents), time.perf_counter() - t0)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """One build at a time per data directory. flock is released by the kernel when the holder exits, even
        by kill -9, so a crashed run never leaves a stale lock behind. A second build fails at once (it does not
        wait): the user sees why and can retry."""
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        with open(self.data_dir / LOCK_FILE, "a+", encoding="utf-8") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise IndexBusyError(BUSY) from exc
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _embed_and_add(self, items: list[tuple[str, str, Optional[dict]]], progress: bool,
                       on_progress: Optional[Callable[[int, int], None]], staging: bool = False) -> None:
        """Embed (id, text, metadata) items: passages (with metadata) go to the LlamaIndex vector store, sentence
        units (metadata None) to their own collection, ADD_BATCH vectors a Chroma call."""
        if not items:
            return
        from llama_index.core.schema import TextNode
        from tqdm import tqdm

        embedder = self._embedder
        if embedder is None:
            from .embedders import make_embedder
            from .shipped_vectors import with_shipped_vectors

            embedder = with_shipped_vectors(make_embedder(self.settings), self.settings)
        store, units = self.vector_store(staging), self.collection("units", staging)
        nodes: list = []
        plain: list[tuple[str, list[float]]] = []

        def flush() -> None:
            if nodes:
                store.add(nodes)
                nodes.clear()
            if plain:
                units.add(ids=[i for i, _ in plain], embeddings=[v for _, v in plain])
                plain.clear()

        bar = tqdm(total=len(items), desc="建立索引", unit="段", disable=not progress, file=sys.stderr)
        for k in range(0, len(items), EMBED_BATCH):
            chunk = items[k : k + EMBED_BATCH]
            vectors = embedder.get_text_embedding_batch([text for _, text, _ in chunk])
            for (i, text, meta), v in zip(chunk, vectors, strict=True):
                if meta is not None:
                    nodes.append(TextNode(id_=i, text=text, embedding=v, metadata=meta))
                else:
                    plain.append((i, v))
            if len(nodes) + len(plain) >= ADD_BATCH:
                flush()
            bar.update(len(chunk))
            if on_progress:
                on_progress(min(k + EMBED_BATCH, len(items)), len(items))
        flush()
        bar.close()

    def _ensure_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise DataDirError(f"数据目录无法创建或写入：{self.data_dir}（{exc.strerror}）") from exc

    @staticmethod
    def _check_unique_doc_ids(documents: list[DocumentInfo]) -> None:
        seen: dict[str, str] = {}
        for d in documents:
            if d.doc_id in seen:
                raise CorpusError(f"两个文件使用了同一个 doc_id「{d.doc_id}」：{seen[d.doc_id]} 与 {d.file}")
            seen[d.doc_id] = d.file
