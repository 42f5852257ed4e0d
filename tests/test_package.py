"""The package as a user installs it: a wheel built from the project, installed with --no-deps into a fresh venv
that sees the project's installed dependencies, run from a directory outside the checkout. The rule packs, the
corpus and the decision model must come from the wheel, not from the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

DRAFT = ROOT / "eval" / "drafts" / "fj-fail.docx"
QUESTION = "“双师型”教师占专业课教师的比例要达到多少？"


def _run(args: list, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _clean_env() -> dict:
    """No PYTHONPATH (it would put the checkout's code first) and no CJRH_* setting: the defaults are under test."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("CJRH_")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The venv with the wheel installed; returns its directory."""
    tmp = tmp_path_factory.mktemp("package")
    # Build from a copy of what the wheel is made of, so the build leaves no build/ or egg-info in the checkout.
    # The _data symlinks are copied as links and point at the copied rules/ and corpus/.
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("cjrh_assistant", "rules", "corpus"):
        shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    built = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp / "dist",
                  src], tmp, _clean_env())
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("cjrh_assistant-*.whl"))

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, _clean_env())
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp,
                     _clean_env()).stdout.strip())
    # The project's installed dependencies, after the venv's own site-packages: the wheel's package comes first.
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "project-deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel], tmp,
                     _clean_env())
    assert installed.returncode == 0, installed.stderr
    return venv


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("elsewhere")


def test_the_wheel_holds_the_packs_the_corpus_and_the_decision(installed, outside):
    code = ("import cjrh_assistant, json; from cjrh_assistant import bundled;"
            "print(json.dumps([cjrh_assistant.__file__, sorted(p.name for p in bundled.RULES_DIR.glob('*.yaml')),"
            " sorted(p.name for p in bundled.CORPUS_DIR.iterdir()), bundled.DECISION_FILE.is_file(),"
            " sorted(p.name for p in bundled.VECTORS_DIR.iterdir())]))")
    out = _run([installed / "bin" / "python", "-c", code], outside, _clean_env())
    assert out.returncode == 0, out.stderr
    package, packs, corpus, decision, vectors = json.loads(out.stdout)
    assert Path(package).resolve().is_relative_to(installed.resolve())  # not the checkout's code
    assert packs == sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert corpus == sorted(p.name for p in (ROOT / "corpus").iterdir())
    assert decision
    assert vectors == sorted(p.name for p in (ROOT / "cjrh_assistant" / "_data" / "vectors").glob("*.npz"))


def test_check_outside_the_checkout_gives_the_checkouts_verdicts(installed, outside):
    draft = outside / DRAFT.name
    shutil.copy(DRAFT, draft)
    from_wheel = _run([installed / "bin" / "cjrh", "check", draft, "--json", "-"], outside, _clean_env())
    from_checkout = _run([sys.executable, "-m", "cjrh_assistant", "check", DRAFT, "--json", "-"], ROOT, _clean_env())
    assert from_wheel.returncode == from_checkout.returncode == 1, from_wheel.stderr  # an error rule failed

    def verdicts(out: str) -> list:
        report = json.loads(out)
        return [report["pack"], report["level"], [(r["rule_id"], r["status"]) for r in report["results"]]]

    assert verdicts(from_wheel.stdout) == verdicts(from_checkout.stdout)
    assert ("FJ", "fail") in {(rule_id[:2], status) for rule_id, status in verdicts(from_wheel.stdout)[2]}


def test_ask_outside_the_checkout_indexes_the_bundled_corpus_and_cites_it(installed, outside):
    out = _run([installed / "bin" / "cjrh", "ask", QUESTION, "--json"], outside, _clean_env(), timeout=1200)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert "70%" in answer["text"] and not answer["abstained"]
    assert answer["citations"] and "70%" in answer["citations"][0]["quote"]
    snapshot = json.loads((outside / ".cjrh" / "passages.json").read_text(encoding="utf-8"))
    assert Path(snapshot["corpus_dir"]).is_relative_to(installed.resolve())  # the corpus the wheel installed
