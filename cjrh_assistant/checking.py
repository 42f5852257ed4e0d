"""Use case “check”: a draft file -> a Report (interfaces.md §3), and the report as Markdown."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .drafts.limits import DraftLimits
from .drafts.readers import DEFAULT_MAX_BYTES, read_draft
from .errors import DraftError, InputError
from .config import DEFAULT_CORPUS
from .models import LEVEL_NAMES, STATUS_NAMES, Draft, Level, Report, RuleResult
from .rules.detect import detect_level, detect_pack, school_name
from .rules.engine import evaluate
from .rules.loader import DEFAULT_RULES_DIR, load_packs
from .rules.schema import Pack

STATUS_ORDER = ["fail", "missing", "manual", "pass", "not_applicable"]
SEVERITY_NAMES = {"error": "硬性", "warning": "提醒", "info": "人工"}
# What each word means, for the legend every view shows beside the results (page, Markdown, Word).
STATUS_MEANINGS = {"pass": "草稿中的值符合要求", "fail": "草稿中的值不符合要求", "missing": "草稿中未找到该项，未能判定",
                   "manual": "规则无法自动判定，需由人核对", "not_applicable": "该要求不适用于本办学层次"}
SEVERITY_MEANINGS = {"error": "申报条件，不通过即不符合", "warning": "建议达到", "info": "供人工核对"}
# What a failure of each severity asks of the writer, in the headline (“硬性 4 条必须改，提醒 5 条建议改”).
FAIL_ACTIONS = {"error": "必须改", "warning": "建议改", "info": "请人工核对"}
STATUS_COLOURS = {"fail": "#c62828", "missing": "#ef6c00", "manual": "#1565c0", "pass": "#2e7d32",
                  "not_applicable": "#757575"}


@lru_cache(maxsize=4)
def document_titles(corpus_dir: Path = DEFAULT_CORPUS) -> dict[str, str]:
    """doc_id -> title, from the corpus manifest: reports name a rule's source by its title, never its id."""
    from .corpus.loading import load_manifest
    from .errors import CorpusError

    try:
        return {e["doc_id"]: e["title"] for e in load_manifest(corpus_dir).values() if e.get("doc_id") and e.get("title")}
    except (CorpusError, OSError):
        return {}


def check_draft(draft: Draft, packs: dict[str, Pack], pack_name: Optional[str] = None,
                level: Optional[Level] = None, titles: Optional[dict[str, str]] = None) -> Report:
    if pack_name:
        if pack_name not in packs:
            raise InputError(f"没有名为 {pack_name} 的规则包；可用：{'、'.join(packs)}")
        pack, pack_source = packs[pack_name], "given"
    else:
        found = detect_pack(draft, packs)
        if found is None:
            raise DraftError(f"无法从草稿判断适用的规则包，请用 --pack 指定（可用：{'、'.join(packs)}）")
        pack, pack_source = found, "detected"
    if level:
        level_source = "given"
    else:
        detected = detect_level(draft, pack)
        level, level_source = (detected[0], "detected") if detected else ("gaozhi", "default")
    results, word_counts = evaluate(pack, draft, level)
    titles = document_titles() if titles is None else titles
    results = [r.model_copy(update={"source": r.source.model_copy(update={"doc_title": titles.get(r.source.doc, "")})})
               for r in results]
    summary = {status: sum(1 for r in results if r.status == status) for status in
               ["pass", "fail", "missing", "manual", "not_applicable"]}
    return Report(file=draft.file, pack=pack.pack, pack_source=pack_source, level=level,
                  level_source=level_source, summary=summary, results=results, word_counts=word_counts,
                  hidden_text=draft.hidden, pack_title=pack.title, school=school_name(draft, pack),
                  checked_on=dt.date.today().isoformat())


def check_file(path: Path, pack_name: Optional[str] = None, level: Optional[Level] = None,
               rules_dir: Path = DEFAULT_RULES_DIR, max_bytes: int = DEFAULT_MAX_BYTES,
               name: Optional[str] = None, limits: Optional[DraftLimits] = None) -> Report:
    """Read the draft and check it, in this process; the draft itself is not kept anywhere."""
    packs = load_packs(rules_dir)
    draft = read_draft(path, max_bytes=max_bytes, name=name, limits=limits)
    return check_draft(draft, packs, pack_name, level)


def check_bytes(data: bytes, name: str, pack_name: Optional[str] = None, level: Optional[Level] = None, *,
                rules_dir: Path = DEFAULT_RULES_DIR, max_bytes: int = DEFAULT_MAX_BYTES,
                limits: Optional[DraftLimits] = None, pool: Any = None) -> Report:
    """The one way every front end (CLI, page, API, chat) checks a draft: its bytes and its file name in, a Report
    out. Reading and checking run in a worker process (`isolation.WorkerPool`: `pool`, or a fresh one for this
    call) under the wall-clock and memory limits of `limits`; the bytes are never written to disk."""
    from .isolation import run_once

    limits = limits or DraftLimits()
    if len(data) > max_bytes:  # refused before the bytes travel to a worker
        raise DraftError(f"文件过大（{len(data) / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB：{name}")
    args = (data, name, pack_name, level, rules_dir, max_bytes, limits)
    if pool is not None:
        return pool.run(_check_in_worker, *args, name=name)
    return run_once(_check_in_worker, *args, seconds=limits.seconds, memory_mb=limits.memory_mb, name=name)


def _check_in_worker(data: bytes, name: str, pack_name: Optional[str], level: Optional[Level], rules_dir: Path,
                     max_bytes: int, limits: DraftLimits) -> Report:
    """Inside the worker: the bytes as an anonymous in-memory file (memfd, never on disk), which every reader —
    python-docx, pypdf, LibreOffice's copy — opens by its /proc path like any file."""
    import os

    fd = os.memfd_create("draft", os.MFD_CLOEXEC)
    try:
        with open(fd, "wb", closefd=False) as memory:
            memory.write(data)
        return check_file(Path(f"/proc/self/fd/{fd}"), pack_name, level, rules_dir, max_bytes, name, limits)
    finally:
        os.close(fd)


def ordered_results(report: Report):
    """Failures first, then missing, manual, passes, not applicable; pack order within each."""
    return sorted(report.results, key=lambda r: STATUS_ORDER.index(r.status))


def source_line(result: RuleResult) -> str:
    """《document title》clause：“quote” — the title when the corpus manifest gives one."""
    return f"《{result.source.doc_title or result.source.doc}》{result.source.clause}：“{result.source.quote}”"


def pack_line(report: Report) -> str:
    """The form checked against, by its title (the pack id only when a pack has none)."""
    how = "从草稿识别" if report.pack_source == "detected" else "由用户指定"
    return f"{report.pack_title or report.pack}（{how}）"


def legend_line() -> str:
    """The status and severity words with their meanings, one line."""
    statuses = "；".join(f"{STATUS_NAMES[k]}：{v}" for k, v in STATUS_MEANINGS.items())
    severities = "；".join(f"{SEVERITY_NAMES[k]}：{v}" for k, v in SEVERITY_MEANINGS.items())
    return f"结果——{statuses}。级别——{severities}。"


def summary_line(report: Report) -> str:
    return "，".join(f"{STATUS_NAMES[s]} {report.summary.get(s, 0)}" for s in STATUS_ORDER)


def verdict_line(report: Report) -> str:
    """The headline: how many results failed in all and how they split by severity (what must be changed, what is
    advised), and honestly what could not be decided (a missing value is not a pass). Its total is the 不通过 count of
    the summary line below it, so the two never read as contradicting each other."""
    failed = [r for r in report.results if r.status == "fail"]
    missing = report.summary.get("missing", 0)
    manual = report.summary.get("manual", 0)
    undecided = f"{missing} 条缺少数据、未能判定" if missing else ""
    if failed:
        split = [(SEVERITY_NAMES[s], n, FAIL_ACTIONS[s]) for s in SEVERITY_NAMES
                 if (n := sum(1 for r in failed if r.severity == s))]
        if len(split) == 1:  # all of one severity: said simply
            name, _, action = split[0]
            head = f"不通过 {len(failed)} 条，{'都是' if len(failed) > 1 else '是'}{name}要求，{action}"
        else:
            head = f"不通过 {len(failed)} 条（" + "，".join(f"{name} {n} 条{action}" for name, n, action in split) + "）"
        head += f"；另有 {undecided}" if undecided else ""
    elif undecided:
        head = f"已判定的要求均通过，但有 {undecided}，补充后请再检查"
    else:
        head = "全部要求均已判定并通过"
    return head + (f"；{manual} 条需人工核对。" if manual else "。")


def level_line(report: Report) -> str:
    how = {"detected": "从草稿识别", "given": "由用户指定", "default": "未能从学校名称识别，按高职处理，可另行指定"}
    return f"{LEVEL_NAMES[report.level]}（{how[report.level_source]}）"


def hidden_text_lines(report: Report) -> list[str]:
    """The warning about text nobody sees on the page (hidden, white, tiny), one line per place; empty when none."""
    if not report.hidden_text:
        return []
    head = (f"注意：草稿中有 {len(report.hidden_text)} 处隐藏或看不见的文字（隐藏、白色或 2 磅以下），"
            "未作为数值读取，也不用于识别规则包。请打开原文件核对并删除：")
    return [head] + [f"  {h.location}：“{h.text[:60]}{'…' if len(h.text) > 60 else ''}”" for h in report.hidden_text]
