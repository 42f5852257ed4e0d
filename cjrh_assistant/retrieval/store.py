"""Access to the Chroma store: the one way a client is made (embedded, or a server shared by replicas) and the one
Chinese line any store failure becomes."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import IndexCorruptError, StoreUnavailableError

log = logging.getLogger("cjrh.index")
CORRUPT_HINT = "索引已损坏或不完整，请运行：cjrh index --rebuild"


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


def store_error(exc: Exception) -> IndexCorruptError:
    """One Chinese line for any failure of the vector store; the technical cause goes to the log only (at info
    level: without a log file, Python prints warnings to the terminal)."""
    log.info("vector store error: %r", exc)
    return IndexCorruptError(f"{CORRUPT_HINT}（向量库无法读取）")
