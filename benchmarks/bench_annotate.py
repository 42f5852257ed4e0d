"""Annotation speed: a 20-page .docx draft checked, then written back with a Word comment at each failing or missing
field (goal: annotation under 2 s), against python-docx opening and saving the same file unchanged (baseline measured
in the same run).

    .venv/bin/python benchmarks/bench_annotate.py

Last run (2 cores shared with other jobs): 20-page 推荐书 with 10 failing fields -> 10 comments; annotate median
344 ms (max 533 ms; goal < 2000 ms); python-docx open + save alone 258 ms (ratio 1.33); check + annotate 1245 ms.
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "drafts"))

import docx  # noqa: E402
from make_drafts import FJ_BASE, fj_docx  # noqa: E402

from bench_check import timed  # noqa: E402
from cjrh_assistant.annotate import annotate_file  # noqa: E402
from cjrh_assistant.checking import check_file  # noqa: E402
from cjrh_assistant.rules.loader import load_packs  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, out, plain = Path(tmp) / "twenty-pages.docx", Path(tmp) / "annotated.docx", Path(tmp) / "resaved.docx"
        # the same ≈ 20 A4 pages as bench_check.py, with the failures of eval/drafts/fj-fail.docx: comments to place
        big = copy.deepcopy(FJ_BASE)
        big.update({"联合体名称": "泉州智能装备产教联合体", "填表日期": "2024年8月16日"})
        big["members"]["普通本科学校"] = "0"
        big["lengths"].update({"产业园区主导产业情况": 201, "特色与创新": 9000, "建设规划": 7000,
                               "搭建人才供需信息平台，完善职业教育专业动态调整机制情况": (150, 201)})
        fj_docx(path, big, good_format=False)
        report = check_file(path)
        pack = load_packs()[report.pack]
        annotate_file(path, report, out, pack)  # warm imports
        baseline = timed(lambda: docx.Document(str(path)).save(str(plain)))
        annotated = timed(lambda: annotate_file(path, report, out, pack))
        both = timed(lambda: annotate_file(path, check_file(path), out, pack))
        comments = len(docx.Document(str(out)).comments)
        print(f"draft: {path.stat().st_size / 1024:.0f} KB; {comments} comments "
              f"({report.summary['fail']} fail + {report.summary['missing']} missing)")
        print(f"python-docx open + save (baseline): median {statistics.median(baseline) * 1000:.1f} ms")
        print(f"annotate (open, place comments, save): median {statistics.median(annotated) * 1000:.1f} ms, "
              f"max {max(annotated) * 1000:.1f} ms  (goal < 2000 ms)")
        print(f"check + annotate: median {statistics.median(both) * 1000:.1f} ms")
        print(f"ratio annotate / open+save: {statistics.median(annotated) / statistics.median(baseline):.2f}")


if __name__ == "__main__":
    main()
