"""Synthetic corpora N times the size of the bundled one, for scale benchmarks.

Copy k of a document has every number of two or more digits raised by k (single digits stay: they number the
clauses, and the passages must parse the same) and each place name replaced by another city from jieba's
dictionary (its ns class), so every copy's passages differ in wording and ids while keeping the real documents'
structure and vocabulary. `canonical` maps a text and all its copies to one key: a benchmark can reuse a real
embedding of the original for its copies instead of spending hours embedding 100× the corpus.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from cjrh_assistant.config import DEFAULT_CORPUS
from cjrh_assistant.retrieval.keyword import place_names

_NUMBER = re.compile(r"\d{2,}")


def _cities(exclude: set[str]) -> list[str]:
    """City stems from jieba's bundled dictionary (“漳州市” -> 漳州), in dictionary order."""
    import jieba

    out = []
    with jieba.get_dict_file() as fh:
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3 and parts[2] == "ns" and len(parts[0]) == 3 and parts[0].endswith("市"):
                stem = parts[0][:-1]
                if stem not in exclude and stem not in out:
                    out.append(stem)
    return out


class Variants:
    def __init__(self, corpus: Path = DEFAULT_CORPUS) -> None:
        self.corpus = corpus
        self.manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
        self.files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
        text = "\n".join(p.read_text(encoding="utf-8") for p in self.files)
        scopes = " ".join(f"{d['title']} {d.get('issuer') or ''}" for d in self.manifest["documents"])
        self.places = sorted(place_names(scopes + "\n" + text), key=len, reverse=True)
        self.cities = _cities(set(self.places))
        self._names = set(self.places) | set(self.cities)
        self._lengths = sorted({len(n) for n in self._names}, reverse=True)

    def _substitute(self, text: str, k: int) -> str:
        if k == 0:
            return text
        mapping = {p: self.cities[(k * len(self.places) + i) % len(self.cities)] for i, p in enumerate(self.places)}
        text = re.compile("|".join(map(re.escape, self.places))).sub(lambda m: mapping[m.group()], text)
        return _NUMBER.sub(lambda m: str(int(m.group()) + k), text)

    def canonical(self, text: str) -> str:
        """The text with numbers and place names masked: the same for a document's every copy."""
        # a scan with set look-ups, longest name first: a regex alternation of ~1,000 names took seconds a text
        out, i = [], 0
        while i < len(text):
            for n in self._lengths:
                if text[i : i + n] in self._names:
                    out.append("@")
                    i += n
                    break
            else:
                out.append(text[i])
                i += 1
        return re.sub(r"\d+", "#", "".join(out))

    def write(self, dest: Path, copies: int) -> Path:
        """`copies` copies of every document (copy 0 is the original) with their manifest, in `dest`."""
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        entries = []
        for k in range(copies):
            for doc in self.manifest["documents"]:
                src = self.corpus / doc["file"]
                name = src.name if k == 0 else f"{src.stem}-v{k:03d}{src.suffix}"
                (dest / name).write_text(self._substitute(src.read_text(encoding="utf-8"), k), encoding="utf-8")
                entry = {key: (self._substitute(v, k) if isinstance(v, str) else v) for key, v in doc.items()}
                entry.update(file=name, doc_id=doc["doc_id"] if k == 0 else f"{doc['doc_id']}-v{k:03d}")
                entry.pop("sha256", None)
                entries.append(entry)
        (dest / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True),
                                            encoding="utf-8")
        return dest
