"""Find the corpus files, attach their manifest metadata and parse them into passages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import CorpusError
from ..models import DocumentInfo, Passage
from .parsing import clean_line, parse_text
from .readers import SUPPORTED_SUFFIXES, read_policy_file

MANIFEST = "manifest.yaml"


@dataclass
class CorpusFile:
    path: Path
    sha256: str


def list_corpus_files(corpus_dir: Path) -> list[CorpusFile]:
    """Every policy file in the folder (not recursive), with the hash that decides whether to re-index it."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"资料目录不存在：{corpus_dir}")
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    if not files:
        raise CorpusError(f"资料目录中没有 .txt/.md/.docx/.pdf 文件：{corpus_dir}")
    return [CorpusFile(p, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]


def load_manifest(corpus_dir: Path) -> dict[str, dict]:
    """Manifest entries keyed by file name; an absent manifest is an empty one."""
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {entry["file"]: entry for entry in data.get("documents", [])}
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(f"资料清单 {path} 格式有误：{exc}") from exc


def _doc_id(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    return slug or "doc-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


def _first_heading(text: str) -> str:
    for line in text.split("\n"):
        cleaned = clean_line(line)
        if cleaned:
            return cleaned.lstrip("#").strip()[:60]
    return ""


def read_document(file: CorpusFile, manifest: dict[str, dict]) -> tuple[DocumentInfo, list[Passage]]:
    text = read_policy_file(file.path)
    entry = manifest.get(file.path.name)
    if entry:
        info = DocumentInfo(**{**entry, "sha256": file.sha256})
    else:
        info = DocumentInfo(doc_id=_doc_id(file.path.stem), title=_first_heading(text) or file.path.stem,
                            file=file.path.name, sha256=file.sha256)
    passages = parse_text(text, info.doc_id, info.title)
    if not passages:
        raise CorpusError(f"文件中没有可检索的条文：{file.path.name}")
    return info, [metadata_passage(info)] + passages


def _chinese_date(value: str | None) -> str | None:
    """2022-07-14 -> 2022年7月14日, the way staff and documents write dates."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", value or "")
    if not m:
        return value
    year, month, day = m.groups()
    return f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")


def metadata_passage(info: DocumentInfo) -> Passage:
    """The document's own facts (issuer, 文号, date) as a passage, so “文号是什么” has something to cite."""
    fields = [("文件名称", info.title), ("发布机关", info.issuer), ("文号", info.doc_number),
              ("发布日期", _chinese_date(info.date))]
    text = "\n".join(f"{k}：{v}" for k, v in fields if v)
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]  # ids are content hashes: a changed entry re-embeds
    return Passage(id=f"{info.doc_id}:meta-{digest}", doc_id=info.doc_id, doc_title=info.title, clause_path=["文件信息"],
                   kind="meta", text=text, start=0, end=0)
