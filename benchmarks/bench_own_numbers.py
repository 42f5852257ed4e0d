"""Own-number questions: “我们学校双师型教师35人，专业课教师一共50人，达标吗？” answered by the rule engine (goal: under
1 s on this machine), against an ordinary cited question answered from the passages (baseline, same run, same index).

    .venv/bin/python benchmarks/bench_own_numbers.py

Last run (2 cores shared with other jobs, built index): own-number question p50 74.3 ms, max 198.5 ms (goal < 1 s);
ordinary cited question p50 78.6 ms (ratio 0.94).
"""

from __future__ import annotations

import statistics
import time

from cjrh_assistant.assistant import Assistant
from cjrh_assistant.config import Settings

OWN = ["我们学校双师型教师35人，专业课教师一共50人，达标吗？", "我们是高职，专业群在校生600人，一年培训人次至少要多少？",
       "我们合作企业有9家，够吗？"]
BASELINE = ["推荐书什么时候之前报送？", "南平茶产业产教联合体依托哪个园区？", "专任教师评职称有什么条件？"]


def timed(assistant: Assistant, questions: list[str], rounds: int = 5) -> tuple[list[float], list[str]]:
    times, texts = [], []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            answer = assistant.ask(q)
            times.append(time.perf_counter() - start)
            texts.append(answer.text)
    return times, texts


def main() -> None:
    start = time.perf_counter()
    assistant = Assistant(Settings(), progress=False)
    print(f"assistant loaded in {time.perf_counter() - start:.1f} s")
    assistant.ask(BASELINE[0])  # warm-up
    own, texts = timed(assistant, OWN)
    base, _ = timed(assistant, BASELINE)
    for q, t in zip(OWN, texts):
        print(f"  {q} -> {t[:70]}…")
    print(f"ordinary question (baseline): p50 {statistics.median(base) * 1000:.1f} ms, max {max(base) * 1000:.1f} ms")
    print(f"own-number question:          p50 {statistics.median(own) * 1000:.1f} ms, max {max(own) * 1000:.1f} ms "
          f"(goal < 1000 ms)")
    print(f"ratio own-number / ordinary: {statistics.median(own) / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
