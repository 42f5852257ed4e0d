import json
import re
from pathlib import Path

from cjrh_assistant.cli import main


def _args(settings):
    return ["--data-dir", str(settings.data_dir), "--corpus", str(settings.corpus_dir)]


def test_ask_json_prints_the_answer_record(assistant, full_settings, capsys):
    code = main(["ask", "推荐书什么时候之前报送？", "--json", *_args(full_settings)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert "8月15日" in out["text"] and out["abstained"] is False
    assert out["citations"][0]["doc_id"] == "fujian-ltt-2024"
    assert len(out["retrieved"]) == 10 and "score" in out["retrieved"][0]


def test_ask_with_history_file(assistant, full_settings, tmp_path, capsys):
    history = tmp_path / "h.json"
    history.write_text(json.dumps([{"role": "user", "content": "毕业生就业率要求多少？"},
                                   {"role": "assistant", "content": "95%以上"}], ensure_ascii=False), encoding="utf-8")
    assert main(["ask", "那留泉就业率呢？", "--history", str(history), *_args(full_settings)]) == 0
    assert "50%" in capsys.readouterr().out


def test_index_is_a_no_op_when_nothing_changed(assistant, full_settings, capsys):
    assert main(["index", "--json", *_args(full_settings)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["up_to_date"] is True and report["added"] == 0


def test_errors_are_one_chinese_line_and_a_nonzero_exit(tmp_path, capsys):
    code = main(["index", "--data-dir", str(tmp_path / "d"), "--corpus", str(tmp_path / "missing")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("错误：资料目录不存在") and "Traceback" not in err
    bad = tmp_path / "h.json"
    bad.write_text("[{\"role\": \"robot\"}]")
    code = main(["ask", "问题", "--history", str(bad), "--data-dir", str(tmp_path / "d")])
    assert code == 2 and "对话历史文件格式有误" in capsys.readouterr().err


def test_eval_command_writes_the_contract_json(assistant, full_settings, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "category": "threshold", "question": "留泉就业率要达到多少？",
         "gold_quotes": ["留泉就业率达50%以上"], "must_include": ["50%"], "answerable": True},
        {"id": "b", "category": "unanswerable", "question": "技能大赛一等奖奖金是多少？",
         "gold_quotes": [], "must_include": [], "answerable": False}]), encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["eval", "--questions", str(questions), "--json", str(out), *_args(full_settings)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["recall_at_3"] == 1.0 and result["answer_accuracy"] == 1.0
    assert result["per_question"][0]["retrieved_hit_rank"] <= 3
    assert result["per_question"][1]["abstained"] == (result["abstention_accuracy"] == 1.0)
    assert {"splits", "calibration"} <= set(result)
    assert "召回率@5" in capsys.readouterr().out


DRAFTS = str(Path(__file__).resolve().parents[1] / "eval" / "drafts")


def test_check_failing_draft_writes_contract_reports_and_exits_1(tmp_path, capsys):
    out_json, out_md = tmp_path / "r.json", tmp_path / "r.md"
    code = main(["check", f"{DRAFTS}/qz-b-gaozhi-fail.docx", "--json", str(out_json), "--md", str(out_md)])
    printed = capsys.readouterr().out
    assert code == 1
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert {"file", "pack", "level", "level_source", "summary", "results", "word_counts"} <= report.keys()
    assert report["pack"] == "quanzhou-zyq-2023" and report["level"] == "gaozhi"
    qz008 = next(r for r in report["results"] if r["rule_id"] == "QZ008")
    assert qz008["status"] == "fail" and qz008["value"] == "68%" and qz008["threshold"] == "≥ 70%"
    assert qz008["operator"] == ">=" and qz008["evidence"]["location"] and qz008["source"]["quote"]
    assert {"rule_id", "title", "severity", "status", "value", "threshold", "operator", "evidence", "source",
            "message"} <= qz008.keys()
    assert report["word_counts"][0] == {**report["word_counts"][0], "section": "专业群主要建设成效", "limit": 300,
                                        "count": 301, "rule_id": "QZ021"}
    assert sum(report["summary"].values()) == len(report["results"]) == 26
    # failures are listed first on screen, each with its source
    assert printed.index("✗ QZ003") < printed.index("… QZ023")
    assert "| QZ008 |" in out_md.read_text(encoding="utf-8")


def test_check_passing_draft_exits_0(capsys):
    assert main(["check", f"{DRAFTS}/sh-boundary.yaml"]) == 0
    assert "不通过 0" in capsys.readouterr().out


def test_check_unknown_pack_is_an_input_error(capsys):
    assert main(["check", f"{DRAFTS}/sh-pass.txt", "--pack", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_rules_show_and_list(capsys):
    assert main(["rules", "show", "QZ008"]) == 0
    shown = capsys.readouterr().out
    assert "“双师型”教师占专业课教师总数的比例达到70%以上" in shown and "quanzhou-zyq-2023" in shown
    assert main(["rules", "list", "--pack", "shahe-2020"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("SH0") == 7 and "QZ" not in listed
    assert main(["rules", "show", "XX999"]) == 2



def _doctor_packs_line(tmp_path, capsys) -> str:
    assert main(["doctor", "--rules", str(tmp_path / "rules"), "--data-dir", str(tmp_path / "data")]) == 0
    return next(x for x in capsys.readouterr().out.splitlines() if x.startswith("规则包"))


def test_doctor_without_rule_packs_says_what_to_do_in_chinese(tmp_path, capsys):
    """It printed “规则包：error（规则目录中没有规则包…… 条）”: the error key read as a pack name."""
    (tmp_path / "rules").mkdir()
    line = _doctor_packs_line(tmp_path, capsys)
    assert line.startswith("规则包：不可用（规则目录中没有规则包") and "请把规则包（*.yaml）放入该目录" in line
    assert "--rules" in line and "error" not in line and "条）" not in line
    (tmp_path / "rules" / "bad.yaml").write_text("pack: [\n", encoding="utf-8")
    line = _doctor_packs_line(tmp_path, capsys)
    assert "bad.yaml 不是有效的 YAML（第 2 行" in line and "请修正该规则包文件" in line
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"YAML|yaml|rules", "", line)), line  # no English from PyYAML


def test_help_and_usage_errors_are_chinese_and_aligned(capsys):
    import unicodedata

    import pytest

    from cjrh_assistant.cli import build_parser

    parser = build_parser()
    ask = parser._subparsers._group_actions[0].choices["ask"]  # the `cjrh ask` parser
    text = ask.format_help()
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in text
    assert text.startswith("用法：") and "显示本帮助并退出" in text

    def column(line: str, words: str) -> int:  # display column where `words` starts (CJK characters are two wide)
        head = line[:line.index(words)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head)

    lines = text.splitlines()
    help_line = next(x for x in lines if "显示本帮助并退出" in x)
    data_dir = next(x for x in lines if x.strip().startswith("--data-dir"))
    assert column(data_dir, "索引目录") == column(help_line, "显示本帮助并退出")
    with pytest.raises(SystemExit):
        main(["ask"])
    assert "缺少必需的参数：问题" in capsys.readouterr().err
