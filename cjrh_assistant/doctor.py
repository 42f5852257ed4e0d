"""`cjrh doctor`: what this installation uses (embedder, vector store, index, rule packs, language model), whether
each part works, and that report as the lines the terminal shows."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .errors import CjrhError


def diagnose(settings, rules_dir: Path) -> dict:
    """The report `cjrh doctor --json` prints: each part, and its error in Chinese when it does not work."""
    from .answering.llm import LLMClient, LLMError
    from .retrieval.index import PassageIndex, chroma_client
    from .rules.loader import load_packs

    report: dict = {"embedder": settings.embedder, "data_dir": str(settings.data_dir),
                    "corpus_dir": str(settings.corpus_dir)}
    index = PassageIndex(settings)
    report["index"] = _index_state(index)
    if settings.chroma_url:
        store = {"kind": "server", "url": settings.chroma_url}
        try:
            chroma_client(settings, index.chroma_path).heartbeat()
            store["ok"] = True
        except Exception as exc:  # the client names an unreachable server; a failing heartbeat has chromadb's types
            store.update(ok=False, error=str(exc) if isinstance(exc, CjrhError) else "服务没有正常响应")
    else:
        store = {"kind": "embedded", "path": str(index.chroma_path)}
    report["store"] = store
    try:
        packs = load_packs(rules_dir)
        report["rule_packs"] = {name: len(p.rules) for name, p in packs.items()}
    except CjrhError as exc:  # what is wrong, and what to do: a folder without packs, or a pack to correct
        todo = ("请修正该规则包文件后重试，或用 --rules 指定其他规则包目录" if any(rules_dir.glob("*.yaml")) else
                "请把规则包（*.yaml）放入该目录，或用 --rules 指定规则包目录（不指定时使用项目自带的规则包）")
        report["rule_packs"] = {"error": str(exc), "hint": todo}
    llm: dict = {"configured": bool(settings.llm_base_url), "base_url": settings.llm_base_url,
                 "model": settings.llm_model}
    if settings.llm_base_url:
        try:
            reply = LLMClient(settings).ping()
            llm.update(ok=True, reply=(reply.splitlines() or [""])[0][:40])
        except LLMError as exc:
            llm.update(ok=False, error=str(exc))
    report["llm"] = llm
    return report


def report_lines(report: dict) -> list[str]:
    """The report as `cjrh doctor` prints it: one line per part."""
    store, llm = report["store"], report["llm"]
    lines = [f"向量模型：{report['embedder']}"]
    if store["kind"] == "embedded":
        lines.append(f"向量库：内置存储（{store['path']}）")
    else:
        lines.append(f"向量库：Chroma 服务 {store['url']} —— " + ("可用" if store["ok"] else f"不可用：{store['error']}"))
    lines.append(_index_line(report["index"]))
    packs = report["rule_packs"]
    if "error" in packs:
        lines.append(f"规则包：不可用（{packs['error']}）。{packs['hint']}。")
    else:
        lines.append("规则包：" + "、".join(f"{k}（{v} 条）" for k, v in packs.items()))
    if not llm["configured"]:
        lines.append("大模型：未配置（回答为原文摘录；设置 CJRH_LLM_BASE_URL 与 CJRH_LLM_MODEL 可启用）")
    else:
        state = f"可用（回复：{llm['reply']}）" if llm.get("ok") else f"不可用：{llm['error']}"
        lines.append(f"大模型：{llm['model']} @ {llm['base_url']} —— {state}")
    return lines


def _index_state(index) -> Optional[dict]:
    """The index as doctor reports it: sizes, how many passages and sentences have an embedding, or the error."""
    try:
        snapshot = index.load_snapshot()
        if snapshot is None:
            return None
        done = index.completeness(snapshot)
        return {"documents": len(snapshot.documents), "passages": len(snapshot.passages),
                "passages_embedded": done.passages_stored, "sentences": done.units,
                "sentences_embedded": done.units_stored,
                "up_to_date": done.complete and index.matches_corpus(snapshot)}
    except CjrhError as exc:
        return {"error": str(exc), "up_to_date": False}


def _index_line(idx: Optional[dict]) -> str:
    if idx is None:
        return "索引：尚未建立（运行 cjrh index）"
    if "error" in idx:
        return f"索引：{idx['error']}"
    if idx["passages_embedded"] < idx["passages"]:
        return f"索引不完整：{idx['passages']} 条中 {idx['passages_embedded']} 条有向量，请运行 cjrh index"
    if idx["sentences_embedded"] < idx["sentences"]:
        return (f"索引不完整：{idx['sentences']} 个句子中 {idx['sentences_embedded']} 个有向量，"
                "请运行 cjrh index")
    state = "最新" if idx["up_to_date"] else "资料有变化，需要 cjrh index"
    return f"索引：{idx['documents']} 个文件，{idx['passages']} 段条文，{state}"
