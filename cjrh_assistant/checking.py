"""Use case “check”: a draft file -> a Report (interfaces.md §3), and the report as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from .drafts.limits import DraftLimits
from .drafts.readers import DEFAULT_MAX_BYTES, read_draft
from .errors import DraftError, InputError
from .models import LEVEL_NAMES, STATUS_NAMES, Draft, Level, Report
from .rules.detect import detect_level, detect_pack
from .rules.engine import evaluate
from .rules.loader import DEFAULT_RULES_DIR, load_packs
from .rules.schema import Pack

STATUS_ORDER = ["fail", "missing", "manual", "pass", "not_applicable"]
SEVERITY_NAMES = {"error": "硬性", "warning": "提醒", "info": "人工"}


def check_draft(draft: Draft, packs: dict[str, Pack], pack_name: Optional[str] = None,
                level: Optional[Level] = None) -> Report:
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
    summary = {status: sum(1 for r in results if r.status == status) for status in
               ["pass", "fail", "missing", "manual", "not_applicable"]}
    return Report(file=draft.file, pack=pack.pack, pack_source=pack_source, level=level,
                  level_source=level_source, summary=summary, results=results, word_counts=word_counts,
                  hidden_text=draft.hidden)


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


def summary_line(report: Report) -> str:
    return "，".join(f"{STATUS_NAMES[s]} {report.summary.get(s, 0)}" for s in STATUS_ORDER)


def verdict_line(report: Report) -> str:
    """The headline: what failed, and honestly what could not be decided (a missing value is not a pass)."""
    errors = len(report.failed_errors())
    missing = report.summary.get("missing", 0)
    manual = report.summary.get("manual", 0)
    undecided = f"{missing} 条缺少数据、未能判定" if missing else ""
    if errors:
        head = f"有 {errors} 条硬性要求不通过" + (f"；另有 {undecided}" if undecided else "")
    elif undecided:
        head = f"已判定的硬性要求均通过，但有 {undecided}，补充后请再检查"
    else:
        head = "全部硬性要求均已判定并通过"
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
