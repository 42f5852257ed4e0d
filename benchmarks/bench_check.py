"""Check speed: a 20-page .docx 申报表 read and checked end to end (goal: under 1 s), against the time python-docx
alone needs to open the same file (baseline measured in the same run); then the cost of isolation: the same check
in a pooled worker process (the web server) and in a fresh worker from the forkserver (`cjrh check`), against in-process; then
the same draft saved as .doc (Word 97, by LibreOffice) and as PDF, to show what the conversion and the PDF table
reader add (goal: a .doc adds < 5 s).

    .venv/bin/python benchmarks/bench_check.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "drafts"))

import docx  # noqa: E402
from make_drafts import FJ_BASE, fj_docx  # noqa: E402

from cjrh_assistant.checking import check_bytes, check_file  # noqa: E402
from cjrh_assistant.isolation import WorkerPool  # noqa: E402
from cjrh_assistant.drafts.readers import read_draft  # noqa: E402


def timed(fn, runs: int = 7) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "twenty-pages.docx"
        big = dict(FJ_BASE, lengths=dict(FJ_BASE["lengths"], 特色与创新=9000, 建设规划=7000))
        fj_docx(path, big)  # ≈ 16 000 characters of body text in 12 pt with 16 pt lines: about 20 A4 pages
        draft = read_draft(path)
        chars = sum(len(p.text) for p in draft.paragraphs) + sum(len(c) for t in draft.tables for r in t.rows for c in r)
        check_file(path)  # warm imports and the pack cache
        baseline = timed(lambda: docx.Document(str(path)))
        full = timed(lambda: check_file(path))
        print(f"draft: {chars} characters, {len(draft.paragraphs)} paragraphs, {len(draft.tables)} tables, "
              f"{path.stat().st_size / 1024:.0f} KB")
        print(f"python-docx open only (baseline): median {statistics.median(baseline) * 1000:.1f} ms")
        print(f"cjrh check (read + all rules):     median {statistics.median(full) * 1000:.1f} ms, "
              f"max {max(full) * 1000:.1f} ms  (goal < 1000 ms)")
        print(f"ratio check / open: {statistics.median(full) / statistics.median(baseline):.2f}")
        data = path.read_bytes()
        with WorkerPool(1) as pool:
            check_bytes(data, path.name, pool=pool)  # start the worker and warm its imports
            pooled = timed(lambda: check_bytes(data, path.name, pool=pool))
        forked = timed(lambda: check_bytes(data, path.name))  # a fresh worker per call, as `cjrh check`
        base = statistics.median(full)
        print(f"pooled worker (web server):        median {statistics.median(pooled) * 1000:.1f} ms, "
              f"overhead {(statistics.median(pooled) - base) * 1000:+.1f} ms, ratio {statistics.median(pooled) / base:.2f}")
        print(f"fresh worker (cjrh check):         median {statistics.median(forked) * 1000:.1f} ms, "
              f"overhead {(statistics.median(forked) - base) * 1000:+.1f} ms, ratio {statistics.median(forked) / base:.2f}")
        other_formats(path, statistics.median(full))


def other_formats(path: Path, docx_seconds: float) -> None:
    """The same draft as .doc and .pdf (made by LibreOffice, skipped without it): median of 3 checks each."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice not installed: .doc and .pdf not measured")
        return
    blank = path.parent / "blank.txt"
    blank.write_text("x", encoding="utf-8")
    start = time.perf_counter()  # LibreOffice's own start-up on a one-character file: the floor of any conversion
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{path.parent}/blank-profile",
                    "--convert-to", "docx", "--outdir", str(path.parent), str(blank)], check=True,
                   capture_output=True, timeout=300)
    startup = time.perf_counter() - start
    print(f"LibreOffice start-up (1-character file, fresh profile, baseline): {startup * 1000:.0f} ms")
    for target in ("doc", "pdf"):
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{path.parent}/profile",
                        "--convert-to", target, "--outdir", str(path.parent), str(path)], check=True,
                       capture_output=True, timeout=300)
        converted = path.with_suffix(f".{target}")
        runs = timed(lambda: check_file(converted), runs=3)
        median = statistics.median(runs)
        print(f"cjrh check of the .{target}:            median {median * 1000:.0f} ms, "
              f"adds {(median - docx_seconds) * 1000:.0f} ms to the .docx (ratio {median / docx_seconds:.1f}; "
              f"{median / startup:.2f} × LibreOffice's start-up)")


if __name__ == "__main__":  # the worker pool's forkserver re-imports this module: keep the guard
    main()
