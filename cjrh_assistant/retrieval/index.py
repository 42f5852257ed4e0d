"""The on-disk index: parsed passages (JSON) plus their embeddings in a persistent Chroma collection.

Incremental and safe to interrupt: new embeddings are added first, then the passage snapshot is replaced
atomically, and only then are stale embeddings deleted. A run killed at any point leaves a snapshot whose
passages all have embeddings; extra embeddings are ignored until the next run removes them.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import BaseModel, ValidationError

from ..config import Settings
from ..corpus.loading import list_corpus_files, load_manifest, read_document
from ..errors import CorpusError, DataDirError, IndexCorruptError, StoreUnavailableError
from ..corpus.units import sentences, unit_id, unit_text
from ..models import DocumentInfo, Passage

SNAPSHOT_FILE = "passages.json"
CHROMA_DIR = "chroma"
# Bump when parsing changes what passages look like, so existing indexes are rebuilt.
PARSER_VERSION = 9
CORRUPT_HINT = "索引已损坏或不完整，请运行：cjrh index --rebuild"


class Snapshot(BaseModel):
    parser_version: int
    embedder: str
    corpus_dir: str
    files: dict[str, str]  # file name -> sha256
    documents: list[DocumentInfo]
    passages: list[Passage]


@dataclass
class BuildReport:
    up_to_date: bool
    added: int
    removed: int
    total: int
    documents: int
    seconds: float


def _embedder_id(settings: Settings) -> str:
    # Imported here: the no-change check must not pay for importing the embedding stack.
    from .embedders import embedder_id

    return embedder_id(settings)


def chroma_client(settings: Settings, path: Path) -> Any:
    """The Chroma store: a server shared by several replicas when `chroma_url` is set, else the embedded store at
    `path`. Collections are named the same in both."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if not settings.chroma_url:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    from urllib.parse import urlsplit

    url = urlsplit(settings.chroma_url)
    try:
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    except Exception as exc:  # connection refused, DNS, TLS, not a Chroma server: chromadb wraps them variously
        raise StoreUnavailableError(f"无法连接 Chroma 服务 {settings.chroma_url}：请确认服务已启动"
                                    f"（chroma run --path 目录 --host 127.0.0.1 --port 端口）") from exc


class PassageIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.snapshot_path = self.data_dir / SNAPSHOT_FILE
        self.chroma_path = self.data_dir / CHROMA_DIR
        self._client: Any = None

    # -- snapshot -------------------------------------------------------------------------------------------
    def load_snapshot(self) -> Optional[Snapshot]:
        if not self.snapshot_path.exists():
            return None
        try:
            return Snapshot.model_validate_json(self.snapshot_path.read_bytes())
        except (ValidationError, ValueError, OSError) as exc:
            raise IndexCorruptError(f"{CORRUPT_HINT}（{self.snapshot_path} 无法解析）") from exc

    def _write_snapshot(self, snapshot: Snapshot) -> None:
        tmp = self.snapshot_path.with_suffix(".tmp")
        tmp.write_text(snapshot.model_dump_json(), encoding="utf-8")
        os.replace(tmp, self.snapshot_path)

    def is_current(self, snapshot: Optional[Snapshot] = None) -> bool:
        snapshot = snapshot if snapshot is not None else self.load_snapshot()
        if snapshot is None or (not self.settings.chroma_url and not self.chroma_path.exists()):
            return False
        if self.settings.chroma_url and not self._server_holds(snapshot):
            return False
        files = {f.path.name: f.sha256 for f in list_corpus_files(Path(self.settings.corpus_dir))}
        return (snapshot.parser_version == PARSER_VERSION and snapshot.embedder == _embedder_id(self.settings)
                and snapshot.corpus_dir == str(Path(self.settings.corpus_dir).resolve()) and snapshot.files == files)

    def _server_holds(self, snapshot: Snapshot) -> bool:
        """A Chroma server may be new, or emptied, since this data folder was indexed (or it was indexed into the
        embedded store): the snapshot is current only when the server's collection holds its passages."""
        try:
            return self.collection().count() == len(snapshot.passages)
        except (StoreUnavailableError, IndexCorruptError):
            return False  # building will say what is wrong with the server

    # -- chroma ---------------------------------------------------------------------------------------------
    def collection_name(self, kind: str = "passages") -> str:
        return f"{kind}-{_embedder_id(self.settings)}"

    def collection(self, kind: str = "passages") -> Any:
        """The Chroma collection of passage embeddings, or (kind="units") of sentence embeddings."""
        try:
            if self._client is None:
                self._client = chroma_client(self.settings, self.chroma_path)
            # embedding_function=None: we always pass embeddings, and Chroma must not fetch its own model.
            return self._client.get_or_create_collection(
                self.collection_name(kind), embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        except StoreUnavailableError:
            raise
        except Exception as exc:  # chromadb raises many types (sqlite, rust bindings) for a damaged store
            raise IndexCorruptError(f"{CORRUPT_HINT}（{type(exc).__name__}: {exc}）") from exc

    def unit_vectors(self) -> dict[str, list[float]]:
        """Every sentence embedding by unit id (loaded once; the answer path scores the sentences of the
        retrieved passages against the query embedding it already has)."""
        try:
            got = self.collection("units").get(include=["embeddings"])
        except Exception as exc:
            raise IndexCorruptError(f"{CORRUPT_HINT}（{type(exc).__name__}）") from exc
        return {i: e for i, e in zip(got["ids"], got["embeddings"])}

    def _drop_store(self) -> None:
        """Forget every embedding: drop the collections, or the whole store when it cannot even be opened."""
        try:
            self.collection()
            self._client.delete_collection(self.collection_name())
            self._client.delete_collection(self.collection_name("units"))
        except Exception:
            from chromadb.api.client import SharedSystemClient

            self._client = None
            SharedSystemClient.clear_system_cache()  # chroma caches one system per path
            shutil.rmtree(self.chroma_path, ignore_errors=True)

    def vector_store(self) -> Any:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection())

    # -- build ----------------------------------------------------------------------------------------------
    def build(self, rebuild: bool = False, progress: bool = True,
              on_progress: Optional[Callable[[int, int], None]] = None) -> BuildReport:
        t0 = time.perf_counter()
        self._ensure_data_dir()
        old = None if rebuild else self.load_snapshot()
        if not rebuild and old is not None and self.is_current(old):
            return BuildReport(True, 0, 0, len(old.passages), len(old.documents), time.perf_counter() - t0)

        corpus_dir = Path(self.settings.corpus_dir)
        files = list_corpus_files(corpus_dir)
        manifest = load_manifest(corpus_dir)
        documents, passages = [], []
        for f in files:
            info, doc_passages = read_document(f, manifest)
            documents.append(info)
            passages.extend(doc_passages)
        self._check_unique_doc_ids(documents)

        if rebuild:
            self._drop_store()
        collection, units = self.collection(), self.collection("units")
        try:
            existing = set(collection.get(include=[])["ids"])
            existing_units = set(units.get(include=[])["ids"])
        except Exception as exc:
            raise IndexCorruptError(f"{CORRUPT_HINT}（{type(exc).__name__}）") from exc
        current = {p.id for p in passages}
        all_units = {unit_id(p, s): unit_text(p, s) for p in passages for s in sentences(p)}
        todo = [(p.id, p.index_text(), {"doc_id": p.doc_id, "clause": p.clause, "kind": p.kind})
                for p in passages if p.id not in existing]
        todo += [(uid, text, None) for uid, text in all_units.items() if uid not in existing_units]
        self._embed_and_add(todo, progress, on_progress)

        self._write_snapshot(Snapshot(
            parser_version=PARSER_VERSION, embedder=_embedder_id(self.settings),
            corpus_dir=str(corpus_dir.resolve()), files={f.path.name: f.sha256 for f in files},
            documents=documents, passages=passages))
        stale = sorted(existing - current)
        if stale:
            collection.delete(ids=stale)
        stale_units = sorted(existing_units - set(all_units))
        if stale_units:
            units.delete(ids=stale_units)
        added = sum(1 for _, _, meta in todo if meta is not None)
        return BuildReport(False, added, len(stale), len(passages), len(documents), time.perf_counter() - t0)

    def _embed_and_add(self, items: list[tuple[str, str, Optional[dict]]], progress: bool,
                       on_progress: Optional[Callable[[int, int], None]]) -> None:
        """Embed (id, text, metadata) items: passages (with metadata) go to the LlamaIndex vector store, sentence
        units (metadata None) to their own collection."""
        if not items:
            return
        from llama_index.core.schema import TextNode
        from tqdm import tqdm

        from .embedders import make_embedder

        embedder = make_embedder(self.settings)
        store, units = self.vector_store(), self.collection("units")
        batch = 16
        bar = tqdm(total=len(items), desc="建立索引", unit="段", disable=not progress, file=sys.stderr)
        for k in range(0, len(items), batch):
            chunk = items[k : k + batch]
            vectors = embedder.get_text_embedding_batch([text for _, text, _ in chunk])
            nodes = [TextNode(id_=i, text=text, embedding=v, metadata=meta)
                     for (i, text, meta), v in zip(chunk, vectors, strict=False) if meta is not None]
            if nodes:
                store.add(nodes)
            plain = [(i, v) for (i, _, meta), v in zip(chunk, vectors, strict=False) if meta is None]
            if plain:
                units.add(ids=[i for i, _ in plain], embeddings=[v for _, v in plain])
            bar.update(len(chunk))
            if on_progress:
                on_progress(min(k + batch, len(items)), len(items))
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
