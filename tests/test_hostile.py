"""Every file of the hostile corpus (tests/hostile.py, ≥ 1,000 made at test time) through the same worker path the
server and the CLI use: no traceback, exit code 0/1/2 with a Chinese message, none stopped at the time limit or the
memory cap, and injected instructions never change a verdict. A sample also goes through `cjrh check` itself."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from cjrh_assistant.checking import check_bytes
from cjrh_assistant.drafts.limits import DraftLimits
from cjrh_assistant.errors import CjrhError
from cjrh_assistant.isolation import WorkerPool
from cjrh_assistant.rules.loader import DEFAULT_RULES_DIR, load_packs
from tests.hostile import hostile_files

from .conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_ERROR = re.compile(r"Error|Exception|Traceback|Exceeds|integer|float|division")


def _verdicts(report) -> dict[str, str]:
    """Each rule's status, leaving out 字数 limits (an injected line is text, and text counts toward them)."""
    checks = {r.id: r.check for pack in load_packs(DEFAULT_RULES_DIR).values() for r in pack.rules}
    return {r.rule_id: r.status for r in report.results if checks.get(r.rule_id) != "word_limit"}


@pytest.mark.slow
def test_every_hostile_file_is_answered_within_limits_and_injections_change_no_verdict(tmp_path):
    limits = DraftLimits()
    codes: dict[int, int] = {}
    timings: list[tuple[float, str]] = []
    changed: list[str] = []
    start = time.perf_counter()
    with WorkerPool(2, limits.seconds, limits.memory_mb) as pool:
        for case in hostile_files():
            began = time.perf_counter()
            try:
                report = check_bytes(case.data, case.name, limits=limits, pool=pool)
                code = 1 if report.failed_errors() else 0
            except CjrhError as exc:
                code, report = exc.exit_code, None
                message = str(exc)
                assert CJK.search(message) and not ENGLISH_ERROR.search(message), (case.name, message)
            timings.append((time.perf_counter() - began, case.name))
            codes[code] = codes.get(code, 0) + 1
            if case.kind == "injection":
                clean = check_bytes(case.base, case.name, limits=limits, pool=pool)
                if report is None or _verdicts(report) != _verdicts(clean) or report.pack != clean.pack:
                    changed.append(case.name)
        total = time.perf_counter() - start
        peak_mb = pool.peak_rss_kb / 1024
        slowest = max(timings)
        print(f"\n{len(timings)} files in {total:.1f} s; exit codes {codes}; peak worker RSS {peak_mb:.0f} MB; "
              f"slowest {slowest[1]} {slowest[0]:.2f} s; timeouts {pool.timeouts}, crashes {pool.crashes}, "
              f"unexpected {pool.unexpected}")
        assert len(timings) >= 1000 and set(codes) <= {0, 1, 2}
        assert (pool.timeouts, pool.crashes, pool.unexpected) == (0, 0, 0)
        assert peak_mb <= limits.memory_mb
    assert changed == []


@pytest.mark.slow
def test_the_cli_answers_a_sample_of_hostile_files_with_one_chinese_line(tmp_path):
    kinds: dict[str, int] = {}
    for case in hostile_files():
        if kinds.get(case.kind, 0) >= 1 or case.name.endswith((".doc", ".odt", ".wps", ".rtf")):
            continue
        kinds[case.kind] = 1
        path = tmp_path / case.name
        path.write_bytes(case.data)
        run = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(path)], capture_output=True,
                             text=True, cwd=ROOT, timeout=120)
        assert run.returncode in (0, 1, 2), (case.name, run.stderr)
        assert "Traceback" not in run.stderr and not ENGLISH_ERROR.search(run.stderr), (case.name, run.stderr)
        if run.returncode == 2:
            assert run.stderr.startswith("错误：") and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert len(kinds) >= 12
