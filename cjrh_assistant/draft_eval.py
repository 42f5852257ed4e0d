"""`cjrh eval --drafts DIR`: check every draft listed in DIR/expected.jsonl and score the verdicts.

expected.jsonl, one line per draft:
  {"file": "qz-pass.docx", "pack": "quanzhou-zyq-2023", "level": "gaozhi", "expected": {"QZ001": "pass", …}}
The pack and level are detected from each draft, as `cjrh check` does; whether detection agreed is scored too.
`"level": null` says the pack has no levels (no rule depends on one): any level the check settles on is right.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Optional

from pydantic import BaseModel

from .checking import check_draft
from .drafts.readers import read_draft
from .errors import CjrhError
from .evaluation import load_jsonl
from .models import Level, Status
from .rules.loader import DEFAULT_RULES_DIR, load_packs


class ExpectedDraft(BaseModel):
    file: str
    pack: str
    level: Optional[Level] = None
    expected: dict[str, Status]


def run_draft_eval(directory: Path, rules_dir: Path = DEFAULT_RULES_DIR) -> dict:
    packs = load_packs(rules_dir)
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule -> [correct, total]
    drafts, mismatches = [], []
    for row in load_jsonl(directory / "expected.jsonl", ExpectedDraft, "预期结论 expected.jsonl "):
        entry = {"file": row.file, "pack_ok": False, "level_ok": False, "correct": 0, "total": 0, "error": None}
        try:
            report = check_draft(read_draft(directory / row.file), packs)
        except CjrhError as exc:
            entry["error"] = str(exc)
            for rule_id in row.expected:
                per_rule[rule_id][1] += 1
            entry["total"] = len(row.expected)
            drafts.append(entry)
            continue
        entry["pack_ok"] = report.pack == row.pack
        entry["level_ok"] = row.level is None or (report.level == row.level and report.level_source == "detected")
        got = {r.rule_id: r.status for r in report.results}
        for rule_id, want in row.expected.items():
            ok = got.get(rule_id) == want
            per_rule[rule_id][0] += ok
            per_rule[rule_id][1] += 1
            entry["correct"] += ok
            entry["total"] += 1
            if not ok:
                mismatches.append({"file": row.file, "rule_id": rule_id, "expected": want, "got": got.get(rule_id)})
        drafts.append(entry)
    correct = sum(c for c, _ in per_rule.values())
    total = sum(t for _, t in per_rule.values())
    return {
        "drafts": len(drafts), "verdicts": total,
        "verdict_accuracy": round(correct / total, 4) if total else 0.0,
        "pack_detection_accuracy": round(sum(d["pack_ok"] for d in drafts) / len(drafts), 4) if drafts else 0.0,
        "level_detection_accuracy": round(sum(d["level_ok"] for d in drafts) / len(drafts), 4) if drafts else 0.0,
        "per_rule": {k: round(c / t, 4) for k, (c, t) in sorted(per_rule.items())},
        "per_draft": drafts, "mismatches": mismatches,
    }


def format_draft_table(result: dict) -> str:
    lines = [f"草稿数 {result['drafts']}  结论数 {result['verdicts']}",
             f"  结论正确率      {result['verdict_accuracy']:.4f}",
             f"  规则包识别正确率  {result['pack_detection_accuracy']:.4f}",
             f"  办学层次识别正确率 {result['level_detection_accuracy']:.4f}"]
    imperfect = {k: v for k, v in result["per_rule"].items() if v < 1}
    if imperfect:
        lines.append("  未全对的规则：" + "，".join(f"{k} {v:.2f}" for k, v in imperfect.items()))
    for m in result["mismatches"][:20]:
        lines.append(f"  ✗ {m['file']} {m['rule_id']}：预期 {m['expected']}，实际 {m['got']}")
    for d in result["per_draft"]:
        if d["error"]:
            lines.append(f"  ✗ {d['file']}：{d['error']}")
    return "\n".join(lines)
