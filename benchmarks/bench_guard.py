"""The answer guard's figures: crafted hostile replies rejected (target: all), correct replies kept, and the guard's
false rejections on the corpus's own sentences — each sentence of every passage sent as a reply that cites its own
passage, which a correct guard must always let through.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_guard.py [--show N]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cjrh_assistant.answering.grounding import guard_answer, reply_problems  # noqa: E402
from cjrh_assistant.config import DEFAULT_CORPUS  # noqa: E402
from cjrh_assistant.corpus.loading import list_corpus_files, load_manifest, read_document  # noqa: E402
from tests.test_grounding import CORRECT, FUJIAN, HOSTILE, OTHER_RULES, QUANZHOU  # noqa: E402

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def corpus_sentences() -> list[tuple[str, str]]:
    """(sentence, its passage as the answer cites it) for every sentence of the bundled corpus."""
    manifest = load_manifest(DEFAULT_CORPUS)
    out = []
    for file in list_corpus_files(DEFAULT_CORPUS):
        _, passages = read_document(file, manifest)
        for p in passages:
            source = f"《{p.doc_title}》{p.clause}：{p.text}"
            out += [(s.strip(), source) for s in _SENTENCE.findall(p.text) if s.strip()]
    return out


def main() -> None:
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    hostile = sum(not guard_answer(reply, [passage], OTHER_RULES[:2]).passed for reply, passage in HOSTILE)
    kept = sum(guard_answer(r, [QUANZHOU, FUJIAN]).passed for r in CORRECT)
    rejected = []
    sentences = corpus_sentences()
    for sentence, source in sentences:
        reply = re.sub(r"[。！？；]$", "", sentence) + "[1]。"
        report = guard_answer(reply, [source])
        if not report.passed:
            rejected.append((sentence, report.reason()))
    print(f"crafted hostile replies rejected: {hostile} of {len(HOSTILE)}")
    print(f"correct replies kept:             {kept} of {len(CORRECT)}")
    print(f"corpus sentences rejected:        {len(rejected)} of {len(sentences)}")
    # the claim patterns alone, without the exemption of a verbatim quote: how often policy language trips them
    claims = sum(any("结论" in why or "标记" in why for why in reply_problems(s, [])) for s, _ in sentences)
    print(f"verdict/markup patterns on corpus sentences, no verbatim exemption: {claims} of {len(sentences)}")
    for sentence, why in rejected[:show]:
        print(f"  {why}: {sentence[:80]}")


if __name__ == "__main__":
    main()
