"""The Word draft of the annual patrol report (io/docx_report.py), opened again with python-docx."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from minetui.domain.patrols.duties import DutyState
from minetui.domain.patrols.record import ChecklistItem, PatrolMode
from minetui.domain.patrols.report import DutyFact, PatrolFact, summarise
from minetui.io.docx_report import SUMMARY_HEADERS, write_patrol_report

TITLE = "苏店自然资源所2025年度重点监测矿区日常巡查工作总结报告"


def _report():
    duties = [DutyFact("SD", 1, DutyState.MET), DutyFact("SD", 1, DutyState.OVERDUE),
              DutyFact("SD", 2, DutyState.MET), DutyFact("SD", 2, DutyState.OPEN)]
    patrols = [PatrolFact("SD", 1, PatrolMode.ON_SITE, abnormal=(ChecklistItem.ECO_DAMAGE,)),
               PatrolFact("SD", 2, PatrolMode.DRONE, "交通阻断", (ChecklistItem.OUTSIDE_BOUNDARY,
                                                                 ChecklistItem.ECO_DAMAGE))]
    return summarise(2025, duties, patrols, {"SD": "苏店自然资源所"})


def _open(by_office: bool = True, unit: str = "苏店自然资源所"):
    buffer = io.BytesIO()
    write_patrol_report(buffer, _report(), unit=unit, by_office=by_office)
    buffer.seek(0)
    return Document(buffer)


def test_title_is_the_first_paragraph_in_song_bold_size_3():
    document = _open()
    title = document.paragraphs[0]
    assert title.text == TITLE
    run = title.runs[0]
    assert run.bold
    assert run.font.size.pt == 16  # 三号
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_every_run_and_the_normal_style_carry_an_east_asian_font():
    document = _open()
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert normal.font.size.pt == 14  # 四号
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs
    assert all(r._r.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "仿宋", "黑体") for r in runs)


def test_summary_table_cells_hold_the_figures():
    table = _open().tables[0]
    assert [c.text for c in table.rows[0].cells] == list(SUMMARY_HEADERS)
    assert len(table.rows) == 2  # header + the office (an office's report has no district total)
    # mines 2, duties 4, met 2, missed 1, open 1, 2 of 3 due met, 2 patrols: 1 on site, 1 drone, 3 findings
    assert [c.text for c in table.rows[1].cells] == ["苏店自然资源所", "2", "4", "2", "1", "1", "66.7%",
                                                     "2", "1", "1", "3"]


def test_findings_table_and_placeholders():
    document = _open()
    findings = document.tables[1]
    rows = [[c.text for c in r.cells] for r in findings.rows[1:]]
    assert rows == [["越界开采", "1", "执法机构"], ["生态破坏", "2", "生态修复股"]]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "交通阻断1次" in text and "逾期未巡查1次" in text
    assert text.count("【") >= 4  # the clerk's parts are marked
    assert "区局：" in text


def test_bureau_aggregate_lists_offices_and_the_total():
    document = _open(by_office=False, unit="上党区自然资源局")
    assert document.paragraphs[0].text == "上党区自然资源局2025年度重点监测矿区日常巡查工作总结报告"
    names = [r.cells[0].text for r in document.tables[0].rows[1:]]
    assert names == ["苏店自然资源所", "全区合计"]
