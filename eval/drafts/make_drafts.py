"""Generate the sample drafts of eval/drafts/ and their expected verdicts (expected.jsonl).

    python eval/drafts/make_drafts.py          # rewrites the drafts and expected.jsonl in this folder

The expected statuses are written here by hand (a base per pack and level, then what each draft changes),
never computed by the rule engine. Long texts are built from CJK characters and full-width punctuation only,
so their Word 字数 is their length: the 300-character summary is exactly 300.
Needs python-docx, PyYAML and reportlab (the `dev` extra).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FILLER = "本专业群坚持产教融合、校企合作，深化人才培养模式改革，服务区域产业发展，成效显著。"


def text_of(n: int, filler: str = FILLER) -> str:
    """Exactly n characters, every one counted 1 by Word (CJK and full-width punctuation only)."""
    return (filler * (n // len(filler) + 1))[:n]


# ---- 泉州 专业群申报表 ---------------------------------------------------------------------------------------

QZ_BASE = {
    "学校名称": "泉州海洋职业学院", "专业群名称": "智能制造专业群", "对接产业类别": "装备制造产业",
    "核心专业": "机电一体化技术（460301）", "毕业生届数": "3", "在校学生数": "260", "专业群在校生数": "620",
    "专任教师总数": "50", "“双师型”教师占比": "72%", "行业企业兼职教师占比": "26%",
    "市级以上学科（专业）带头人数量": "2", "市级以上教学成果数": "1", "主持市级以上教研教改课题数": "1",
    "生均教学科研仪器设备值": "5200元", "虚拟仿真实训室数": "2", "就业率": "96%", "专业对口就业率": "72%",
    "留泉就业率": "55%", "学年度面向社会和行业企业开展培训人次": "1300",
}
QZ_LISTS = {
    "群内其他专业": [["工业机器人技术", "150"], ["电气自动化技术", "120"], ["数控技术", "90"]],
    "合作企业名单": [[f"泉州{n}智能装备有限公司", "2019年", "订单培养"] for n in "一二三四五六七八九十"] +
                [["泉州海创科技有限公司", "2020年", "共建实训基地"], ["福建宏盛机械有限公司", "2021年", "现代学徒制"]],
    "1+X证书制度试点": [["工业机器人操作与运维", "2020年", "机电一体化技术、工业机器人技术"],
                   ["可编程控制器系统应用编程", "2021年", "电气自动化技术"]],
    "校企共建课程": [["液压与气动技术", "泉州一智能装备有限公司"], ["工业机器人编程", "泉州海创科技有限公司"],
               ["PLC应用技术", "福建宏盛机械有限公司"]],
}
LIST_HEADERS = {
    "群内其他专业": ["序号", "专业名称", "在校生数"],
    "合作企业名单": ["序号", "企业名称", "合作时间", "合作内容"],
    "1+X证书制度试点": ["序号", "证书名称", "开展时间", "开展试点专业"],
    "校企共建课程": ["序号", "课程名称", "合作企业"],
}
QZ_IDS = [f"QZ{n:03d}" for n in range(1, 25)] + ["QZ101", "QZ102"]


def qz_expected(level: str, **changes: str) -> dict:
    out = {rid: "pass" for rid in QZ_IDS}
    out.update(QZ023="manual", QZ024="manual")
    if level == "zhongzhi":
        out["QZ019"] = "not_applicable"
    else:
        out["QZ022"] = "not_applicable"
    out.update(changes)
    return out


def _save(doc: Document, path: Path) -> None:
    """Save as Word would: a document never ends with a table (Word keeps a paragraph after it; LibreOffice's .doc
    export drops a table that ends the document)."""
    if doc.element.body[-2].tag == qn("w:tbl"):  # [-1] is the section properties
        doc.add_paragraph()
    doc.save(str(path))


def qz_doc_title(doc: Document) -> None:
    doc.add_paragraph("泉州市职业学校产教融合特色专业群项目申报表")


def _row(table, cells: list[str]) -> None:
    row = table.add_row()
    for i, text in enumerate(cells):
        row.cells[i].text = text


def _title_row(table, text: str) -> None:
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    merged.text = text


def _list_table(doc: Document, name: str, rows: list[list[str]]) -> None:
    """A header-row list as its own table: 序号 plus the list's columns."""
    t = doc.add_table(rows=1, cols=len(LIST_HEADERS[name]))
    t.style = "Table Grid"
    for i, h in enumerate(LIST_HEADERS[name]):
        t.rows[0].cells[i].text = h
    for k, item in enumerate(rows, start=1):
        _row(t, [str(k)] + item)


def _summary_table(doc: Document, v: dict, lists: dict, summary: str, school_label: str = "学校") -> None:
    doc.add_paragraph("推荐汇总表")
    t = doc.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    for i, h in enumerate([school_label, "专业群名称", "对接产业类别", "群内包含专业名称",
                           "专业群主要建设成效（荣誉、人才培养创新、产教融合校企合作、服务区域产业发展情方面），300字以内"]):
        t.rows[0].cells[i].text = h
    majors = "、".join([v["核心专业"].split("（")[0]] + [m[0] for m in lists["群内其他专业"]])
    _row(t, [v["学校名称"], v["专业群名称"], v["对接产业类别"], majors, summary])


def qz_layout_a(path: Path, v: dict, lists: dict, summary: str) -> None:
    """One big form table as in 附件2: label/value pairs side by side, merged title rows, lists inside it."""
    doc = Document()
    qz_doc_title(doc)
    t = doc.add_table(rows=0, cols=4)
    t.style = "Table Grid"
    _title_row(t, "一、项目院校基本情况")
    _row(t, ["学校名称", v["学校名称"], "专业群名称", v["专业群名称"]])
    _row(t, ["对接产业类别", v["对接产业类别"], "核心专业（代码）", v["核心专业"]])
    _title_row(t, "1.核心专业")
    _row(t, ["开办时间", "2012年", "在校学生数", v["在校学生数"]])
    _row(t, ["毕业生届数", v["毕业生届数"], "已毕业学生总数", "612"])
    for name in ["群内其他专业", "合作企业名单", "1+X证书制度试点", "校企共建课程"]:
        _title_row(t, name)
        header = LIST_HEADERS[name] + [""] * (4 - len(LIST_HEADERS[name]))
        _row(t, header)
        for k, item in enumerate(lists[name], start=1):
            _row(t, ([str(k)] + item + [""] * 4)[:4])
    _title_row(t, "3.加强双师队伍建设 ①师资队伍")
    _row(t, ["专任教师总数", v["专任教师总数"], "市级以上学科（专业）带头人数量", v["市级以上学科（专业）带头人数量"]])
    _row(t, ["“双师型”教师占比", v["“双师型”教师占比"], "行业企业兼职教师占比", v["行业企业兼职教师占比"]])
    _row(t, ["市级以上教学成果数", v["市级以上教学成果数"], "主持市级以上教研教改课题数", v["主持市级以上教研教改课题数"]])
    _title_row(t, "4.共建共享实训基地 ①实训基地")
    _row(t, ["校内实训基地数", "8", "生均教学科研仪器设备值", v["生均教学科研仪器设备值"]])
    _row(t, ["校外实训基地数", "12", "虚拟仿真实训室数", v["虚拟仿真实训室数"]])
    _title_row(t, "（三）服务发展情况 ①人才培养")
    _row(t, ["专业群在校生数", v["专业群在校生数"], "就业率", v["就业率"]])
    _row(t, ["专业对口就业率", v["专业对口就业率"], "留泉就业率", v["留泉就业率"]])
    _row(t, ["学年度面向社会和行业企业开展培训人次", v["学年度面向社会和行业企业开展培训人次"], "学年度承接校外技能培训项目数", "6"])
    _summary_table(doc, v, lists, summary)
    _save(doc, path)


def qz_layout_b(path: Path, v: dict, lists: dict, summary: str, counts: dict) -> None:
    """Stacked layout: a row of labels over a row of values, each part its own table with a caption."""
    doc = Document()
    qz_doc_title(doc)

    def stacked(caption: str, labels: list[str], values: list[str]) -> None:
        doc.add_paragraph(caption)
        t = doc.add_table(rows=2, cols=len(labels))
        t.style = "Table Grid"
        for i, (lab, val) in enumerate(zip(labels, values)):
            t.rows[0].cells[i].text = lab
            t.rows[1].cells[i].text = val

    stacked("一、基本情况", ["学校名称", "专业群名称", "对接产业类别", "核心专业"],
            [v["学校名称"], v["专业群名称"], v["对接产业类别"], v["核心专业"]])
    stacked("核心专业", ["毕业生届数", "在校学生数"], [v["毕业生届数"], v["在校学生数"]])
    for name in ["群内其他专业", "合作企业名单", "1+X证书制度试点", "校企共建课程"]:
        doc.add_paragraph(name)
        _list_table(doc, name, lists[name])
    stacked("师资队伍", ["专任教师总数", "“双师型”教师数", "行业企业兼职教师数", "市级以上学科（专业）带头人数量"],
            [v["专任教师总数"], counts["双师型"], counts["兼职"], v["市级以上学科（专业）带头人数量"]])
    stacked("教学成果", ["市级以上教学成果数", "主持市级以上教研教改课题数"],
            [v["市级以上教学成果数"], v["主持市级以上教研教改课题数"]])
    stacked("实训基地", ["生均教学科研仪器设备值", "虚拟仿真实训室数"], [v["生均教学科研仪器设备值"], v["虚拟仿真实训室数"]])
    stacked("人才培养", ["专业群在校生数", "就业率", "专业对口就业率", "留泉就业率"],
            [v["专业群在校生数"], v["就业率"], v["专业对口就业率"], v["留泉就业率"]])
    stacked("技能培训", ["学年度面向社会和行业企业开展培训人次"], [v["学年度面向社会和行业企业开展培训人次"]])
    _summary_table(doc, v, lists, summary)
    _save(doc, path)


def qz_layout_c(path: Path, v: dict, lists: dict, summary: str, extra: dict) -> None:
    """Headings (Word heading styles) over two-column label | value tables; the summary as a headed section."""
    doc = Document()
    doc.add_heading("泉州市职业学校产教融合特色专业群项目申报表", level=1)

    def pairs(heading: str, items: list[tuple[str, str]]) -> None:
        doc.add_heading(heading, level=2)
        t = doc.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for lab, val in items:
            _row(t, [lab, val])

    pairs("一、项目院校基本情况", [(k, v[k]) for k in ["学校名称", "专业群名称", "对接产业类别", "核心专业"] if k in v])
    pairs("1.核心专业", [("毕业生届数", v["毕业生届数"]), ("核心专业在校生数", v["在校学生数"])])
    for name in ["群内其他专业", "合作企业名单", "1+X证书制度试点", "校企共建课程"]:
        if name not in lists:
            continue
        doc.add_heading(name, level=3)
        _list_table(doc, name, lists[name])
    keys = ["专任教师总数", "“双师型”教师占比", "行业企业兼职教师占比", "市级以上学科（专业）带头人数量", "市级以上教学成果数",
            "主持市级以上教研教改课题数", "生均教学科研仪器设备值", "虚拟仿真实训室数", "专业群在校生数", "就业率",
            "专业对口就业率", "留泉就业率", "学年度面向社会和行业企业开展培训人次"]
    pairs("二、专业群建设情况", [(k, v[k]) for k in keys if k in v] + list(extra.items()))
    doc.add_heading("专业群主要建设成效", level=2)
    doc.add_paragraph(summary)
    doc.add_heading("三、审核意见", level=2)
    doc.add_paragraph("申报学校承诺：前述所填报数据、内容均真实、准确、有效。")
    _save(doc, path)


def qz_text(v: dict, lists: dict, summary: str) -> str:
    lines = ["# 泉州市职业学校产教融合特色专业群项目申报表", ""]
    lines += [f"{k}：{val}" for k, val in v.items()]
    for name, rows in lists.items():
        lines += ["", name, "", "| " + " | ".join(LIST_HEADERS[name]) + " |",
                  "|" + "---|" * len(LIST_HEADERS[name])]
        lines += ["| " + " | ".join([str(k)] + r) + " |" for k, r in enumerate(rows, start=1)]
    lines += ["", "## 专业群主要建设成效", "", summary, "", "## 三、审核意见", "", "申报学校承诺：所填数据真实有效。"]
    return "\n".join(lines) + "\n"


def qz_json(v: dict, lists: dict, summary: str) -> dict:
    data: dict = {"标题": "泉州市职业学校产教融合特色专业群项目申报表", **v}
    for name, rows in lists.items():
        headers = LIST_HEADERS[name][1:]
        data[name] = [dict(zip(headers, r)) for r in rows]
    data["专业群主要建设成效"] = summary
    return data


def qz_pdf(path: Path, v: dict, summary: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 11)
    y = 800
    lines = ["泉州市职业学校产教融合特色专业群项目申报表"] + [f"{k}：{val}" for k, val in v.items()]
    lines += ["专业群主要建设成效"] + [summary[i:i + 40] for i in range(0, len(summary), 40)]
    for line in lines:
        c.drawString(50, y, line)
        y -= 18
    c.save()


# ---- 福建 联合体推荐书 -----------------------------------------------------------------------------------------

FJ_IDS = ["FJ001", "FJ002", "FJ003", "FJ004", "FJ010", "FJ011", "FJ012", "FJ013", "FJ014", "FJ015", "FJ016", "FJ017",
          "FJ020", "FJ021", "FJ022", "FJ023", "FJ030"]
FJ_FILLER = "联合体依托产业园区，整合政府、学校、企业资源，共建实训基地，开展订单培养和技术服务。"


def fj_expected(docx: bool, **changes: str) -> dict:
    out = {rid: "pass" for rid in FJ_IDS}
    out["FJ030"] = "manual"
    if not docx:
        out.update(FJ021="not_applicable", FJ022="not_applicable", FJ023="not_applicable")
    out.update(changes)
    return out


FJ_BASE = {
    "联合体名称": "泉州陶瓷工艺产教联合体", "推荐地市": "泉州", "依托园区": "德化陶瓷产业园区",
    "牵头学校": "泉州工艺美术职业学院", "牵头企业": "德化陶瓷集团有限公司", "填表日期": "2024年8月10日",
    "members": {"中职学校": "3", "高职院校（含职教本科）": "2", "普通本科学校": "1", "企业": "25"},
    "lengths": {"产业园区主导产业情况": 180, "联合体所在地制定支持职业教育政策及落实情况": 450,
                "教师教学团队获国家级奖励情况": 80, "职业院校技能大赛获奖情况": 90,
                "搭建人才供需信息平台，完善职业教育专业动态调整机制情况": (150, 160),
                "联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况": (170, 190),
                "特色与创新": 1800, "建设规划": 900},
}


def _set_east_asia(rpr, font: str) -> None:
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def fj_docx(path: Path, f: dict, good_format: bool = True, box: bool = False) -> None:
    """The 推荐书. With `box`, 3.特色与创新 and 4.建设规划 are laid out as in the official form: the heading, then a
    one-column box table whose first row is the hint “(2000字以内)” and whose second row holds the text; a length of 0
    leaves the box blank, None leaves the heading with nothing under it."""
    doc = Document()
    normal = doc.styles["Normal"]
    if good_format:  # set on the style only: the body inherits it (FJ021–FJ023 must resolve inheritance)
        normal.font.size = Pt(12)
        _set_east_asia(normal.element.get_or_add_rPr(), "仿宋_GB2312")
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = Pt(16)
    doc.add_heading("福建省市域产教联合体推荐书", level=1)
    for key in ["联合体名称", "推荐地市", "依托园区", "牵头学校", "牵头企业", "填表日期"]:
        doc.add_paragraph(f"{key}：{f[key]}")
    L = f["lengths"]
    doc.add_heading("1.联合体概况", level=2)
    t = doc.add_table(rows=0, cols=4)
    t.style = "Table Grid"
    _row(t, ["联合体成员情况", "组成", "数量（在校生数）", "单位名称"])
    for kind, n in f["members"].items():
        _row(t, ["联合体成员情况", kind, n, "（略）"])
    for name in ["产业园区主导产业情况", "联合体所在地制定支持职业教育政策及落实情况"]:
        if name in L:
            row = t.add_row()
            row.cells[0].text = name + ("（不超过200字）" if name.startswith("产业") else "（不超过500字）")
            merged = row.cells[1].merge(row.cells[3])
            merged.text = text_of(L[name], FJ_FILLER)
    doc.add_heading("2.办学成效和服务能力", level=2)
    t = doc.add_table(rows=0, cols=3)
    t.style = "Table Grid"
    _row(t, ["项目名称", "2022年", "2023年"])
    _row(t, ["共建专业", "5个", "6个"])
    for name in ["搭建人才供需信息平台，完善职业教育专业动态调整机制情况",
                 "联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况"]:
        a, b = L[name]
        _row(t, [name, text_of(a, FJ_FILLER), text_of(b, FJ_FILLER)])
    for name in ["教师教学团队获国家级奖励情况", "职业院校技能大赛获奖情况"]:
        if name in L:
            row = t.add_row()
            row.cells[0].text = name + "（不超过100字）"
            merged = row.cells[1].merge(row.cells[2])
            merged.text = text_of(L[name], FJ_FILLER)
    for number, name, limit in [("3", "特色与创新", 2000), ("4", "建设规划", 1000)]:
        doc.add_heading(f"{number}.{name}", level=2)
        if L.get(name) is None:
            continue
        body = text_of(L[name], FJ_FILLER)
        chunks = [body[i:i + 300] for i in range(0, len(body), 300)]
        if box:
            t = doc.add_table(rows=2, cols=1)
            t.style = "Table Grid"
            t.rows[0].cells[0].text = f"({limit}字以内)"
            cell = t.rows[1].cells[0]
            cell.text = chunks[0] if chunks else ""
            for chunk in chunks[1:]:
                cell.add_paragraph(chunk)
            continue
        for chunk in chunks:
            p = doc.add_paragraph(chunk)
            if not good_format:
                run = p.runs[0]
                run.font.size = Pt(10.5)
                _set_east_asia(run._r.get_or_add_rPr(), "宋体")
    if box:  # the official form numbers its pages in the footer: a PDF prints “第 N 页” between the section's lines
        footer = doc.sections[0].footer.paragraphs[0]
        footer.add_run("第 ")
        field = _w("fldSimple", instr=" PAGE ")
        number = _w("r")
        text = _w("t")
        text.text = "1"
        number.append(text)
        field.append(number)
        footer._p.append(field)
        footer.add_run(" 页")
    doc.add_heading("5.申报承诺", level=2)
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.rows[0].cells[0].text = "申报单位承诺"
    t.rows[0].cells[1].text = "我承诺：前述所填报数据、内容均真实、准确、有效，并自愿接受有关方面核查。负责人签字：王某某（公章）"
    _save(doc, path)


def fj_text(f: dict) -> str:
    L = f["lengths"]
    lines = ["# 福建省市域产教联合体推荐书", ""]
    lines += [f"{k}：{f[k]}" for k in ["联合体名称", "推荐地市", "依托园区", "牵头学校", "牵头企业", "填表日期"] if k in f]
    lines += ["", "联合体成员情况", "", "| 组成 | 数量（在校生数） | 单位名称 |", "|---|---|---|"]
    lines += [f"| {k} | {n} | （略） |" for k, n in f["members"].items()]
    for name, n in L.items():
        if isinstance(n, tuple):  # one cell a year, as in the form's table
            lines += ["", "| 项目名称 | 2022年 | 2023年 |", "|---|---|---|",
                      f"| {name} | {text_of(n[0], FJ_FILLER)} | {text_of(n[1], FJ_FILLER)} |"]
        else:
            lines += ["", f"## {name}", "", text_of(n, FJ_FILLER)]
    lines += ["", "## 5.申报承诺", "", "申报单位承诺：我承诺：前述所填报数据、内容均真实、准确、有效。负责人签字：王某某"]
    return "\n".join(lines) + "\n"


# ---- 沙河 进展报告、淄博 教师名册 ---------------------------------------------------------------------------------

SH_IDS = [f"SH{n:03d}" for n in range(1, 8)]
SH_BASE = {"学校名称": "沙河市综合职教中心", "校企共建实训基地数": "3", "众创空间数": "2", "众创空间总面积": "2400平方米",
           "专业实践课程占总课时比例": "56%", "专业教师到企业实践人次": "68", "每人每年企业实践时长": "1.5个月",
           "新聘企业兼职教师数": "34", "出台产教融合支持政策数": "1"}
ZB_IDS = ["ZB001", "ZB002"]
ZB_HEAD = ["序号", "姓名", "入职年限", "近5年企业实践累计月数", "前3年连续企业实践月数"]
ZB_ROWS = [["张伟", "12", "8", ""], ["李娜", "6", "7", "6"], ["王强", "4", "6", "7"], ["赵敏", "2", "6", "6"]]


def zb_docx(path: Path, rows: list[list[str]]) -> None:
    doc = Document()
    doc.add_paragraph("淄博科学技术学校专业课教师企业实践情况")
    doc.add_paragraph("学校名称：淄博科学技术学校")
    doc.add_paragraph("专业课教师企业实践名册")
    t = doc.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    for i, h in enumerate(ZB_HEAD):
        t.rows[0].cells[i].text = h
    for k, r in enumerate(rows, start=1):
        _row(t, [str(k)] + r)
    _save(doc, path)


# ---- drafts as staff really send them (issue 10) --------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _wrap_runs(paragraph, wrapper) -> None:
    """Move the paragraph's runs into `wrapper` (a content control, tracked insertion, hyperlink, smart tag or field):
    python-docx's Paragraph.text no longer sees them; Word shows them as before."""
    runs = paragraph._p.findall(qn("w:r"))
    if not runs:
        return
    runs[0].addprevious(wrapper)
    target = wrapper.find(qn("w:sdtContent")) if wrapper.tag == qn("w:sdt") else wrapper
    for r in runs:
        target.append(r)


def _content_control():
    sdt = _w("sdt")
    props = _w("sdtPr")
    props.append(_w("alias", val="填写项"))
    sdt.append(props)
    sdt.append(_w("sdtContent"))
    return sdt


def _cells_with(doc: Document, text: str):
    return [cell for t in doc.tables for row in t.rows for cell in row.cells if cell.text == text]


def qz_sdt_ins(path: Path) -> None:
    """Layout A as a form with content controls: values in w:sdt, some typed as tracked insertions (w:ins) beside a
    deleted wrong value (w:del), a company name as a hyperlink, a count as a field result, a major as a smart tag,
    and the 汇总表 inside a block-level content control. Word shows exactly the values of qz-a-gaozhi-pass."""
    tmp = path.with_suffix(".tmp.docx")
    qz_layout_a(tmp, QZ_BASE, QZ_LISTS, text_of(300))
    doc = Document(str(tmp))
    tmp.unlink()
    for value in [QZ_BASE["学校名称"], QZ_BASE["核心专业"], QZ_BASE["专任教师总数"], QZ_BASE["就业率"]]:
        for cell in _cells_with(doc, value)[:1]:
            _wrap_runs(cell.paragraphs[0], _content_control())
    for value in [QZ_BASE["专业群在校生数"], QZ_BASE["在校学生数"]]:
        for cell in _cells_with(doc, value)[:1]:
            p = cell.paragraphs[0]
            _wrap_runs(p, _w("ins", id="1", author="教务处", date="2024-05-01T00:00:00Z"))
            deleted = _w("del", id="2", author="教务处", date="2024-05-01T00:00:00Z")
            run = _w("r")
            gone = _w("delText")
            gone.text = "999"
            run.append(gone)
            deleted.append(run)
            p._p.append(deleted)  # a wrong value struck out: never read
    for cell in _cells_with(doc, "泉州海创科技有限公司")[:1]:
        _wrap_runs(cell.paragraphs[0], _w("hyperlink", anchor="partner11"))
    for cell in _cells_with(doc, QZ_BASE["毕业生届数"])[:1]:
        _wrap_runs(cell.paragraphs[0], _w("fldSimple", instr=" QUOTE 3 "))
    for cell in _cells_with(doc, "工业机器人技术")[:1]:
        _wrap_runs(cell.paragraphs[0], _w("smartTag", uri="urn:cjrh", element="major"))
    summary = doc.tables[-1]._tbl
    block = _content_control()
    summary.addprevious(block)
    block.find(qn("w:sdtContent")).append(summary)
    _save(doc, path)


def qz_wps_style(path: Path) -> None:
    """Layout A as WPS Office saves it: every run a few characters long with a w:hint, WPS named as the application,
    the title in a text box. Same values as qz-a-gaozhi-pass."""
    import re
    import zipfile

    tmp = path.with_suffix(".tmp.docx")
    qz_layout_a(tmp, QZ_BASE, QZ_LISTS, text_of(300))
    doc = Document(str(tmp))
    tmp.unlink()
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        for r in list(p.iter(qn("w:r"))):
            t = r.find(qn("w:t"))
            if t is None or not t.text or len(t.text) < 4:
                continue
            text, parent = t.text, r.getparent()
            index = parent.index(r)
            parent.remove(r)
            for k in range(0, len(text), 3):
                piece = _w("r")
                props = _w("rPr")
                props.append(_w("rFonts", hint="eastAsia"))
                piece.append(props)
                chunk = _w("t")
                chunk.text = text[k:k + 3]
                chunk.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                piece.append(chunk)
                parent.insert(index + k // 3, piece)
    title = doc.paragraphs[0]
    words = title.text
    for r in title._p.findall(qn("w:r")):
        title._p.remove(r)
    box = _w("r")
    pict = _w("pict")
    vml = "urn:schemas-microsoft-com:vml"
    from lxml import etree

    shape = etree.SubElement(pict, f"{{{vml}}}shape", style="width:400pt;height:30pt")
    textbox = etree.SubElement(shape, f"{{{vml}}}textbox")
    content = _w("txbxContent")
    inner = _w("p")
    run = _w("r")
    t = _w("t")
    t.text = words
    run.append(t)
    inner.append(run)
    content.append(inner)
    textbox.append(content)
    box.append(pict)
    title._p.append(box)
    _save(doc, path)
    # WPS names itself in the package's application properties
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    app = parts.get("docProps/app.xml", b"").decode("utf-8")
    parts["docProps/app.xml"] = re.sub(r"<Application>[^<]*</Application>",
                                       "<Application>WPS Office_12.1.0.17827</Application>", app).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def qz_prose(path: Path, summary_length: int = 280) -> None:
    """A 申报表 typed as plain text: lists in one line, a count instead of the company list, teacher counts instead of
    ratios, “无/没有” for zero, label variants (核心专业已有毕业生, 近三年平均就业率)."""
    lines = [
        "泉州市职业学校产教融合特色专业群项目申报表",
        "学校名称：泉州轻工职业学院",
        "专业群名称：电子商务专业群",
        "对接产业类别：现代服务产业",
        "核心专业：电子商务",
        "核心专业已有毕业生：4届",
        "核心专业在校生数：260人",
        "群内其他专业：跨境电子商务（在校生120人）、现代物流管理（在校生150人）、市场营销（在校生90人）",
        "专业群在校生数：620人",
        "合作企业数量：十一家",
        "1+X证书制度试点：网店运营推广（电子商务、跨境电子商务）；物流管理（现代物流管理）",
        "校企共建课程：网店运营（泉州一达电子商务有限公司）；直播营销（泉州二达传媒有限公司）；跨境电商实务（泉州三达贸易有限公司）",
        "专任教师总数：36人",
        "双师型教师：24人",
        "行业企业兼职教师：10人",
        "市级以上学科（专业）带头人数量：1名",
        "市级以上教学成果数：无",
        "主持市级以上教研教改课题数：2项",
        "生均教学科研仪器设备值：6000元",
        "虚拟仿真实训室：没有",
        "近三年平均就业率：97%",
        "专业对口就业率：75%",
        "留泉就业率：60%",
        "学年度面向社会和行业企业开展培训人次：1300",
        "专业群主要建设成效：" + text_of(summary_length),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def libreoffice_convert(sources: list[Path], target: str, outdir: Path, infilter: str = "") -> None:
    """Convert with LibreOffice headless (.docx -> .doc/.odt/.pdf), as staff's other tools would save the form."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed to make the converted drafts"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        *([f"--infilter={infilter}"] if infilter else []),
                        "--convert-to", target, "--outdir", str(outdir), *map(str, sources)],
                       check=True, capture_output=True, timeout=600)


def qz_form_pdf(path: Path, v: dict, lists: dict, summary: str, extra: dict) -> None:
    """A PDF drawn as a ruled form table by another producer than LibreOffice (reportlab, as a print driver would),
    with merged title rows spanning the table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=13, wordWrap="CJK")
    rows: list[list[str]] = []
    spans: list[int] = []

    def title(text: str) -> None:
        spans.append(len(rows))
        rows.append([text, "", "", ""])

    title("一、项目院校基本情况")
    rows.append(["学校名称", v["学校名称"], "专业群名称", v["专业群名称"]])
    rows.append(["对接产业类别", v["对接产业类别"], "核心专业（代码）", v["核心专业"]])
    title("1.核心专业")
    rows.append(["毕业生届数", v["毕业生届数"], "在校学生数", v["在校学生数"]])
    for name in ["群内其他专业", "合作企业名单", "1+X证书制度试点", "校企共建课程"]:
        title(name)
        rows.append((LIST_HEADERS[name] + [""] * 4)[:4])
        for k, item in enumerate(lists[name], start=1):
            rows.append(([str(k)] + item + [""] * 4)[:4])
    title("二、专业群建设情况")
    pairs = [(k, v[k]) for k in ["专任教师总数", "“双师型”教师占比", "行业企业兼职教师占比", "市级以上学科（专业）带头人数量",
                                 "市级以上教学成果数", "主持市级以上教研教改课题数", "生均教学科研仪器设备值", "虚拟仿真实训室数",
                                 "专业群在校生数", "就业率", "专业对口就业率", "留泉就业率",
                                 "学年度面向社会和行业企业开展培训人次"]] + list(extra.items())
    for i in range(0, len(pairs), 2):
        a, b = pairs[i], pairs[i + 1] if i + 1 < len(pairs) else ("", "")
        rows.append([a[0], a[1], b[0], b[1]])
    cells = [[Paragraph(c, style) for c in row] for row in rows]
    table = Table(cells, colWidths=[110, 130, 110, 130])
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    commands += [("SPAN", (0, r), (-1, r)) for r in spans]
    table.setStyle(TableStyle(commands))
    header = ["学校", "专业群名称", "对接产业类别", "专业群主要建设成效（荣誉、人才培养创新、产教融合校企合作、服务区域产业发展情方面），300字以内"]
    summary_table = Table([[Paragraph(c, style) for c in header],
                           [Paragraph(c, style) for c in [v["学校名称"], v["专业群名称"], v["对接产业类别"], summary]]],
                          colWidths=[90, 90, 90, 210])
    summary_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    heading = ParagraphStyle("h", fontName="STSong-Light", fontSize=14, leading=20)
    SimpleDocTemplate(str(path), pagesize=A4).build([
        Paragraph("泉州市职业学校产教融合特色专业群项目申报表", heading), Spacer(1, 8), table, Spacer(1, 16),
        Paragraph("推荐汇总表", heading), summary_table])


def qz_summary_multi(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    """A 推荐汇总表 of several schools (附件3): 序号, 学校, 专业群名称, 对接产业类别, 专业群主要建设成效 — one row a school."""
    doc = Document()
    doc.add_paragraph("泉州市职业学校产教融合特色专业群推荐汇总表")
    t = doc.add_table(rows=1, cols=5)
    t.style = "Table Grid"
    for i, h in enumerate(["序号", "学校", "专业群名称", "对接产业类别",
                           "专业群主要建设成效（荣誉、人才培养创新、产教融合校企合作、服务区域产业发展情方面），300字以内"]):
        t.rows[0].cells[i].text = h
    for k, row in enumerate(rows, start=1):
        _row(t, [str(k), *row])
    _save(doc, path)


# ---- the set ------------------------------------------------------------------------------------------------


def build() -> list[dict]:
    expected: list[dict] = []

    def record(file: str, pack: str, level: str, statuses: dict) -> None:
        expected.append({"file": file, "pack": pack, "level": level, "expected": statuses})

    # 1. layout A, 高职, passing; the summary is exactly 300 characters (“300字以内” includes 300)
    qz_layout_a(HERE / "qz-a-gaozhi-pass.docx", QZ_BASE, QZ_LISTS, text_of(300))
    record("qz-a-gaozhi-pass.docx", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))

    # 2. layout B (stacked), 高职, failing: 34 of 50 双师型 = 68%, 9 companies, a course without a company …
    v = dict(QZ_BASE, **{"对接产业类别": "汽车后市场服务", "专业群在校生数": "600", "生均教学科研仪器设备值": "4999元",
                         "学年度面向社会和行业企业开展培训人次": "1199"})
    lists = copy.deepcopy(QZ_LISTS)
    lists["合作企业名单"] = lists["合作企业名单"][:9]
    lists["校企共建课程"][2] = ["PLC应用技术", ""]
    qz_layout_b(HERE / "qz-b-gaozhi-fail.docx", v, lists, text_of(301), {"双师型": "34", "兼职": "13"})
    record("qz-b-gaozhi-fail.docx", "quanzhou-zyq-2023", "gaozhi", qz_expected(
        "gaozhi", QZ003="fail", QZ007="fail", QZ008="fail", QZ012="fail", QZ019="fail", QZ020="fail",
        QZ021="fail", QZ101="fail"))

    # 3. layout C, 中职, exactly on every 中职 boundary: 300 / 150 students, 3000元, 96%
    v = dict(QZ_BASE, **{"学校名称": "泉州市工业职业中专学校", "在校学生数": "150", "专业群在校生数": "300",
                         "生均教学科研仪器设备值": "3000元", "学年度面向社会和行业企业开展培训人次": "200"})
    lists = copy.deepcopy(QZ_LISTS)
    lists["群内其他专业"] = [["工业机器人技术", "80"], ["电气自动化技术", "70"]]
    qz_layout_c(HERE / "qz-c-zhongzhi-boundary.docx", v, lists, text_of(250), {"专业基础知识合格率": "96%"})
    record("qz-c-zhongzhi-boundary.docx", "quanzhou-zyq-2023", "zhongzhi", qz_expected("zhongzhi"))

    # 4. layout C, 中职, with gaps: no 留泉就业率, no 合格率, no course list, an unreadable 生均 value
    v = {k: val for k, val in QZ_BASE.items() if k != "留泉就业率"}
    v.update({"学校名称": "晋江市职业中专学校", "在校学生数": "180", "专业群在校生数": "360", "生均教学科研仪器设备值": "待统计"})
    lists = {k: val for k, val in copy.deepcopy(QZ_LISTS).items() if k != "校企共建课程"}
    lists["群内其他专业"] = [["工业机器人技术", "100"], ["电气自动化技术", "80"]]
    qz_layout_c(HERE / "qz-c-zhongzhi-missing.docx", v, lists, text_of(120), {})
    record("qz-c-zhongzhi-missing.docx", "quanzhou-zyq-2023", "zhongzhi", qz_expected(
        "zhongzhi", QZ006="missing", QZ007="missing", QZ012="missing", QZ018="missing", QZ022="missing"))

    # 5. .txt, 职业本科, every boundary exactly: 500/200 students, 5000元, 6 majors, 10 companies, 70%/95%/50%
    v = dict(QZ_BASE, **{"学校名称": "泉州职业技术大学", "在校学生数": "200", "专业群在校生数": "500",
                         "“双师型”教师占比": "70%", "行业企业兼职教师占比": "25%", "生均教学科研仪器设备值": "5000元",
                         "就业率": "95%", "专业对口就业率": "70%", "留泉就业率": "50%",
                         "学年度面向社会和行业企业开展培训人次": "1000"})
    lists = copy.deepcopy(QZ_LISTS)
    lists["群内其他专业"] = [[m, "60"] for m in ["工业机器人技术", "电气自动化技术", "数控技术", "智能焊接技术", "模具设计与制造"]]
    lists["合作企业名单"] = lists["合作企业名单"][:10]
    (HERE / "qz-benke-boundary.txt").write_text(qz_text(v, lists, text_of(300)), encoding="utf-8")
    record("qz-benke-boundary.txt", "quanzhou-zyq-2023", "benke", qz_expected("benke"))

    # 6. .json, 高职, failing: 1+X without the core major and no other major, 0.69, 94.9%, 4999.99元, 450 students
    v = dict(QZ_BASE, **{"“双师型”教师占比": "0.69", "就业率": "94.9%", "生均教学科研仪器设备值": "4999.99元",
                         "在校学生数": "210", "专业群在校生数": "450", "学年度面向社会和行业企业开展培训人次": "900"})
    lists = copy.deepcopy(QZ_LISTS)
    lists["群内其他专业"] = [["工业机器人技术", "100"], ["电气自动化技术", "80"], ["数控技术", "60"]]
    lists["1+X证书制度试点"] = [["数控车铣加工", "2020年", "机电一体化技术"]]
    (HERE / "qz-gaozhi-fail.json").write_text(json.dumps(qz_json(v, lists, text_of(200)), ensure_ascii=False,
                                                         indent=2), encoding="utf-8")
    record("qz-gaozhi-fail.json", "quanzhou-zyq-2023", "gaozhi", qz_expected(
        "gaozhi", QZ005="fail", QZ008="fail", QZ012="fail", QZ014="fail", QZ016="fail"))

    # 7. .pdf, 高职: values only, no lists (the list rules are missing, never guessed)
    qz_pdf(HERE / "qz-gaozhi-values.pdf", QZ_BASE, text_of(200))
    record("qz-gaozhi-values.pdf", "quanzhou-zyq-2023", "gaozhi", qz_expected(
        "gaozhi", QZ001="missing", QZ003="missing", QZ004="missing", QZ005="missing", QZ006="missing",
        QZ007="missing", QZ101="missing"))

    # 8. .md, 高职, numbers as staff type them: ７２％ written as 36/50, 百分之九十六, ５,２００元, full-width digits
    v = dict(QZ_BASE, **{"“双师型”教师占比": "36/50", "就业率": "百分之九十六", "生均教学科研仪器设备值": "５,２００元",
                         "专业群在校生数": "６２０", "留泉就业率": "５５ ％", "虚拟仿真实训室数": "两个"})
    (HERE / "qz-gaozhi-numbers.md").write_text(qz_text(v, QZ_LISTS, text_of(299)), encoding="utf-8")
    record("qz-gaozhi-numbers.md", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))

    # 9. 推荐书 .docx passing; the formatting comes from the Normal style (inherited, not on the runs)
    fj_docx(HERE / "fj-pass.docx", FJ_BASE)
    record("fj-pass.docx", "fujian-ltt-2024", "gaozhi", fj_expected(True))

    # 10. 推荐书 .docx failing: name not in the 指导目录, no 本科 member, 201/2001 characters, 8月16日, 宋体 10.5 磅
    f = copy.deepcopy(FJ_BASE)
    f.update({"联合体名称": "泉州智能装备产教联合体", "填表日期": "2024年8月16日"})
    f["members"]["普通本科学校"] = "0"
    f["lengths"].update({"产业园区主导产业情况": 201, "特色与创新": 2001,
                         "搭建人才供需信息平台，完善职业教育专业动态调整机制情况": (150, 201)})
    fj_docx(HERE / "fj-fail.docx", f, good_format=False)
    record("fj-fail.docx", "fujian-ltt-2024", "gaozhi", fj_expected(
        True, FJ001="fail", FJ004="fail", FJ010="fail", FJ013="fail", FJ016="fail", FJ020="fail", FJ021="fail",
        FJ022="fail", FJ023="fail"))

    # 11. 推荐书 .md, every limit exactly reached, deadline day itself, half-width brackets in the name
    f = copy.deepcopy(FJ_BASE)
    f.update({"联合体名称": "三明市现代农业(种业)产教联合体", "填表日期": "2024-08-15", "牵头学校": "三明医学科技职业学院"})
    f["lengths"] = {"产业园区主导产业情况": 200, "联合体所在地制定支持职业教育政策及落实情况": 500,
                    "教师教学团队获国家级奖励情况": 100, "职业院校技能大赛获奖情况": 100,
                    "搭建人才供需信息平台，完善职业教育专业动态调整机制情况": (200, 200),
                    "联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况": (200, 199),
                    "特色与创新": 2000, "建设规划": 1000}
    (HERE / "fj-boundary.md").write_text(fj_text(f), encoding="utf-8")
    record("fj-boundary.md", "fujian-ltt-2024", "gaozhi", fj_expected(False))

    # 12. 推荐书 .yaml with gaps: two sections, the date and the pledge missing
    data = {"标题": "福建省市域产教联合体推荐书", "联合体名称": "南平茶产业产教联合体", "牵头学校": "武夷山职业学院",
            "联合体成员情况": None, "中职学校": 2, "高职院校（含职教本科）": 1, "普通本科学校": 1,
            "产业园区主导产业情况": text_of(150, FJ_FILLER), "联合体所在地制定支持职业教育政策及落实情况": text_of(300, FJ_FILLER),
            "搭建人才供需信息平台，完善职业教育专业动态调整机制情况": text_of(120, FJ_FILLER),
            "联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况": text_of(100, FJ_FILLER),
            "特色与创新": text_of(1500, FJ_FILLER), "建设规划": text_of(800, FJ_FILLER)}
    (HERE / "fj-missing.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    record("fj-missing.yaml", "fujian-ltt-2024", "gaozhi", fj_expected(
        False, FJ012="missing", FJ015="missing", FJ020="missing", FJ030="missing"))

    # 13–15. 沙河 progress reports: passing .txt, boundary .yaml, failing .json
    (HERE / "sh-pass.txt").write_text("沙河市职业教育产教融合工作进展报告\n" + "\n".join(
        f"{k}：{val}" for k, val in SH_BASE.items()) + "\n", encoding="gb18030")
    record("sh-pass.txt", "shahe-2020", "zhongzhi", {rid: "pass" for rid in SH_IDS})
    boundary = dict(SH_BASE, **{"校企共建实训基地数": "2", "众创空间数": "2", "众创空间总面积": "2,000平方米",
                                "专业实践课程占总课时比例": "50%", "专业教师到企业实践人次": "50",
                                "每人每年企业实践时长": "1个月", "新聘企业兼职教师数": "30"})
    (HERE / "sh-boundary.yaml").write_text(yaml.safe_dump({"标题": "沙河市职业教育产教融合工作进展", **boundary},
                                                          allow_unicode=True, sort_keys=False), encoding="utf-8")
    record("sh-boundary.yaml", "shahe-2020", "zhongzhi", {rid: "pass" for rid in SH_IDS})
    failing = dict(SH_BASE, **{"校企共建实训基地数": "1", "众创空间总面积": "1800平方米", "专业实践课程占总课时比例": "45%",
                               "每人每年企业实践时长": "0.5个月", "出台产教融合支持政策数": "0"})
    (HERE / "sh-fail.json").write_text(json.dumps({"标题": "沙河市职业教育产教融合工作进展", **failing},
                                                  ensure_ascii=False, indent=2), encoding="utf-8")
    record("sh-fail.json", "shahe-2020", "zhongzhi", {**{rid: "pass" for rid in SH_IDS}, "SH001": "fail",
                                                      "SH002": "fail", "SH003": "fail", "SH005": "fail", "SH007": "fail"})

    # 16–18. 淄博 rosters: a teacher inside the first 3 years is `manual`, not `fail`
    rows = ZB_ROWS + [["刘洋", "3", "5", "6"], ["陈静", "1", "6", "2"]]
    zb_docx(HERE / "zb-roster.docx", rows)
    record("zb-roster.docx", "zibo-kjxx-2025", "zhongzhi", {"ZB001": "fail", "ZB002": "manual"})
    roster = [dict(zip(ZB_HEAD[1:], r)) for r in ZB_ROWS]
    (HERE / "zb-roster-pass.yaml").write_text(yaml.safe_dump(
        {"标题": "淄博科学技术学校专业课教师企业实践情况", "学校名称": "淄博科学技术学校", "专业课教师企业实践名册": roster},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    record("zb-roster-pass.yaml", "zibo-kjxx-2025", "zhongzhi", {"ZB001": "pass", "ZB002": "pass"})
    md_rows = ZB_ROWS + [["孙磊", "4", "9", "5"]]
    (HERE / "zb-roster-fail.md").write_text(
        "# 淄博科学技术学校专业课教师企业实践情况\n\n学校名称：淄博科学技术学校\n\n专业课教师企业实践名册\n\n"
        "| " + " | ".join(ZB_HEAD) + " |\n|" + "---|" * 5 + "\n" +
        "".join("| " + " | ".join([str(k)] + r) + " |\n" for k, r in enumerate(md_rows, start=1)), encoding="utf-8")
    record("zb-roster-fail.md", "zibo-kjxx-2025", "zhongzhi", {"ZB001": "pass", "ZB002": "fail"})

    # ---- 19–32: drafts as staff really send them (issue 10); expected verdicts worked out from the catalogue ----
    # 19. content controls, tracked insertions beside a struck-out wrong value, hyperlink, field, smart tag: Word shows
    #     exactly qz-a's values, so every verdict is qz-a's
    qz_sdt_ins(HERE / "qz-sdt-ins.docx")
    record("qz-sdt-ins.docx", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))

    # 20. the same form as WPS saves it (runs of 3 characters with w:hint, title in a text box)
    qz_wps_style(HERE / "qz-wps-style.docx")
    record("qz-wps-style.docx", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))

    # 21. plain-text 申报表 in prose: 24 双师型 of 36 专任教师 = 66.7% < 70% (QZ008 fail); 10 of 36 兼职 = 27.8% ≥ 25%;
    #     11 companies stated as a count; 教学成果 “无” but 2 课题 (QZ011 either one); 虚拟仿真实训室 “没有” = 0 < 1
    #     (QZ013 fail); 120 + 150 + 90 + core 260 = 620 (QZ101 pass); 4 majors with the core (QZ001 pass)
    qz_prose(HERE / "qz-prose.txt")
    record("qz-prose.txt", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi", QZ008="fail", QZ013="fail"))

    # 22. 推荐书 with box-table sections: 特色与创新 2001 characters in the box must fail (not 0字 -> pass)
    f = copy.deepcopy(FJ_BASE)
    f["lengths"].update({"特色与创新": 2001, "建设规划": 1000})
    fj_docx(HERE / "fj-box-fail.docx", f, box=True)
    record("fj-box-fail.docx", "fujian-ltt-2024", "gaozhi", fj_expected(True, FJ016="fail"))

    # 23. 推荐书 with the 特色与创新 box left blank (only the hint) and 建设规划's heading with nothing under it: 未填写
    f = copy.deepcopy(FJ_BASE)
    f["lengths"].update({"特色与创新": 0, "建设规划": None})
    fj_docx(HERE / "fj-box-empty.docx", f, box=True)
    record("fj-box-empty.docx", "fujian-ltt-2024", "gaozhi", fj_expected(True, FJ016="missing", FJ017="missing"))

    # 24. multi-school 推荐汇总表: the second school's summary has 301 characters (QZ021 fail); the 汇总表 holds no
    #     申报表 data, so every other rule that needs a value is missing; the industries are all “8+4” ones
    qz_summary_multi(HERE / "qz-summary-multi.docx", [
        ("泉州海洋职业学院", "智能制造专业群", "装备制造产业", text_of(280)),
        ("泉州轻工职业学院", "电子商务专业群", "现代服务产业", text_of(301)),
        ("黎明职业大学", "数字媒体专业群", "数字经济产业", text_of(300))])
    missing_all = {rid: "missing" for rid in QZ_IDS}
    missing_all.update(QZ020="pass", QZ021="fail", QZ022="not_applicable", QZ023="manual", QZ024="manual")
    record("qz-summary-multi.docx", "quanzhou-zyq-2023", "gaozhi", missing_all)

    # 25. a 中专's form drawn as a ruled table by another PDF producer (reportlab): level 中职 from the school name,
    #     on every 中职 boundary as qz-c-zhongzhi-boundary (300 / 150 students, 3000元, 96%)
    v = dict(QZ_BASE, **{"学校名称": "泉州市工业职业中专学校", "在校学生数": "150", "专业群在校生数": "300",
                         "生均教学科研仪器设备值": "3000元", "学年度面向社会和行业企业开展培训人次": "200"})
    lists = copy.deepcopy(QZ_LISTS)
    lists["群内其他专业"] = [["工业机器人技术", "80"], ["电气自动化技术", "70"]]
    qz_form_pdf(HERE / "qz-zhongzhi-form.pdf", v, lists, text_of(250), {"专业基础知识合格率": "96%"})
    record("qz-zhongzhi-form.pdf", "quanzhou-zyq-2023", "zhongzhi", qz_expected("zhongzhi"))

    # 26–31. the same forms saved by other tools (LibreOffice 7.4): Word 97 .doc, OpenDocument .odt, PDF. A .doc or
    #     .odt gives the original's verdicts; a PDF too, except FJ021–FJ023, which a PDF cannot prove (manual)
    libreoffice_convert([HERE / "qz-a-gaozhi-pass.docx", HERE / "qz-b-gaozhi-fail.docx"], "doc", HERE)
    record("qz-a-gaozhi-pass.doc", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))
    record("qz-b-gaozhi-fail.doc", "quanzhou-zyq-2023", "gaozhi", expected[1]["expected"])
    libreoffice_convert([HERE / "fj-pass.docx", HERE / "zb-roster.docx"], "odt", HERE)
    record("fj-pass.odt", "fujian-ltt-2024", "gaozhi", fj_expected(True))
    record("zb-roster.odt", "zibo-kjxx-2025", "zhongzhi", {"ZB001": "fail", "ZB002": "manual"})
    pdf_format = {"FJ021": "manual", "FJ022": "manual", "FJ023": "manual"}
    f = copy.deepcopy(FJ_BASE)
    f["lengths"].update({"特色与创新": 2000, "建设规划": 1000})  # exactly the limits: the hint must not count
    fj_docx(HERE / "fj-box-pass.tmp.docx", f, box=True)
    libreoffice_convert([HERE / "qz-a-gaozhi-pass.docx", HERE / "fj-fail.docx", HERE / "fj-box-pass.tmp.docx"], "pdf",
                        HERE)
    (HERE / "fj-box-pass.tmp.docx").unlink()
    (HERE / "fj-box-pass.tmp.pdf").replace(HERE / "fj-box-pass.pdf")
    record("qz-a-gaozhi-pass.pdf", "quanzhou-zyq-2023", "gaozhi", qz_expected("gaozhi"))
    record("fj-fail.pdf", "fujian-ltt-2024", "gaozhi", {**expected[9]["expected"], **pdf_format})
    record("fj-box-pass.pdf", "fujian-ltt-2024", "gaozhi", fj_expected(True, **pdf_format))

    # 32. the prose 申报表 printed to PDF, its 建设成效 301 characters long: the value wraps over several lines of the
    #     page and must be counted whole (QZ021 fail), everything else as qz-prose.txt
    qz_prose(HERE / "qz-prose.tmp.txt", summary_length=301)
    libreoffice_convert([HERE / "qz-prose.tmp.txt"], "pdf", HERE, infilter="Text (encoded):UTF8,LF,,,")
    (HERE / "qz-prose.tmp.txt").unlink()
    (HERE / "qz-prose.tmp.pdf").replace(HERE / "qz-prose-301.pdf")
    record("qz-prose-301.pdf", "quanzhou-zyq-2023", "gaozhi",
           qz_expected("gaozhi", QZ008="fail", QZ013="fail", QZ021="fail"))
    return expected


if __name__ == "__main__":
    rows = build()
    with (HERE / "expected.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} drafts written to {HERE}")
