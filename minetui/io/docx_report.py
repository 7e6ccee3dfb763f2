"""The Word draft of the annual patrol report (R-PAT-6) that a clerk completes and submits by Dec 31.

Chinese official-document look: the title in 宋体 三号 bold, body text in 仿宋 四号, tables in 仿宋 五号 —
with the East-Asian font set on every run and style (`w:eastAsia`), since Word otherwise renders Chinese in
its default CJK font whatever `font.name` says. Figures come from the report; what only the clerk knows
(how the problems were handled, difficulties, next year's plan, signature date) is left as highlighted
【…】 placeholders. python-docx is imported inside the functions (it is not on the app's start-up path).
"""

from __future__ import annotations

import io
from typing import IO, Any

from minetui.domain.patrols.record import ChecklistItem, finding_receiver
from minetui.domain.patrols.report import DroneReason, OfficeSummary, PatrolReport, report_title
from minetui.i18n import label

TITLE_FONT, BODY_FONT = "宋体", "仿宋"
SIZE_3, SIZE_4, SIZE_5 = 16.0, 14.0, 10.5  # 三号, 四号, 五号 in points
NOTICE = ("《长治市上党区自然资源局关于建立矿产资源管理领域直插到底发现问题解决问题硬措施工作机制的通知》"
          "（长上自然资发〔2025〕47号）")
PLACEHOLDER = "【{text}】"

SUMMARY_HEADERS = ("单位", "巡查矿山数", "应巡查次数", "已巡查", "逾期未巡查", "未到期", "完成率",
                   "巡查总次数", "现场巡查", "无人机巡飞", "发现问题")


def set_font(target: Any, name: str, size: float | None = None, *, bold: bool | None = None) -> None:
    """Set a run's or style's font, East-Asian font included (`w:eastAsia`)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = target.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = target._r if hasattr(target, "_r") else target.element  # a run, else a style
    rpr = element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document: Any, text: str = "", *, size: float = SIZE_4, bold: bool = False,
               font: str = BODY_FONT, align: str | None = None, indent: bool = True) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
    if text:
        set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _placeholder(document: Any, text: str) -> Any:
    """A highlighted 【…】 paragraph for the clerk to replace."""
    from docx.enum.text import WD_COLOR_INDEX

    paragraph = _paragraph(document)
    run = paragraph.add_run(PLACEHOLDER.format(text=text))
    set_font(run, BODY_FONT, SIZE_4)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def _pct(summary: OfficeSummary) -> str:
    return "—" if summary.met_pct is None else f"{summary.met_pct:g}%"


def summary_cells(summary: OfficeSummary) -> list[str]:
    """The summary table's cells of one row, in SUMMARY_HEADERS order."""
    figures = (summary.mines, summary.duties, summary.met, summary.missed, summary.open)
    tail = (summary.patrols, summary.on_site, summary.drone, summary.findings_total)
    return [summary.office_name, *map(str, figures), _pct(summary), *map(str, tail)]


def _table(document: Any, headers: tuple[str, ...] | list[str], rows: list[list[str]]) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(text), BODY_FONT, SIZE_5, bold=True)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            set_font(cell.paragraphs[0].add_run(text), BODY_FONT, SIZE_5)
    return table


def overview_text(report: PatrolReport, subject: OfficeSummary, *, by_office: bool) -> str:
    """The opening paragraph: what the notice asks and the year's figures in words."""
    reasons = subject.drone_reasons
    we = "我所" if by_office else "全区各自然资源所"
    pct = "" if subject.met_pct is None else f"，已到期巡查任务完成率{subject.met_pct:g}%"
    return (
        f"根据{NOTICE}要求，{report.year}年度{we}对{subject.mines}座重点监测矿区矿山开展日常巡查。"
        f"全年应巡查{subject.duties}次，已按期巡查{subject.met}次，逾期未巡查{subject.missed}次，"
        f"尚未到期{subject.open}次{pct}。共开展巡查{subject.patrols}次，其中现场巡查{subject.on_site}次，"
        f"无人机巡飞{subject.drone}次（交通阻断{reasons.get(DroneReason.ROAD_BLOCKED, 0)}次、"
        f"安全隐患{reasons.get(DroneReason.SAFETY_HAZARD, 0)}次、其他原因{reasons.get(DroneReason.OTHER, 0)}次）；"
        f"巡查发现异常问题{subject.findings_total}个。"
    )


def findings_rows(subject: OfficeSummary) -> list[list[str]]:
    """Abnormal findings by checklist item: item, count, where it goes (R-PAT-5); items never found left out."""
    return [[label(item, "zh"), str(subject.findings[item]), label(finding_receiver(item), "zh")]
            for item in ChecklistItem if subject.findings.get(item)]


def build_document(report: PatrolReport, *, unit: str, by_office: bool) -> Any:
    """The report as a python-docx Document; `unit` names the office (or the bureau) in the title."""
    from docx import Document

    document = Document()
    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, SIZE_4)
    subject = report.offices[0] if by_office and report.offices else report.total
    _paragraph(document, report_title(report.year, unit), size=SIZE_3, bold=True, font=TITLE_FONT,
               align="CENTER", indent=False)
    _paragraph(document, "区局：" if by_office else "市局：", indent=False)
    _paragraph(document, overview_text(report, subject, by_office=by_office))
    _paragraph(document, "一、巡查任务完成情况", bold=True, font="黑体")
    rows = [summary_cells(s) for s in (report.offices if by_office else report.rows)]
    _table(document, SUMMARY_HEADERS, rows)
    _paragraph(document, "二、发现的问题及处理情况", bold=True, font="黑体")
    found = findings_rows(subject)
    if found:
        _table(document, ("问题类型", "数量", "移送单位"), found)
    else:
        _paragraph(document, "全年巡查未发现异常问题。")
    _placeholder(document, "请填写：问题线索的移送、查处和整改落实情况")
    _paragraph(document, "三、存在的困难和不足", bold=True, font="黑体")
    _placeholder(document, "请填写：巡查工作中存在的困难和不足")
    _paragraph(document, "四、下一步工作打算", bold=True, font="黑体")
    _placeholder(document, "请填写：下一年度巡查工作打算")
    _paragraph(document, unit, align="RIGHT", indent=False)
    _paragraph(document, PLACEHOLDER.format(text="    年  月  日"), align="RIGHT", indent=False)
    return document


def write_patrol_report(out: IO[bytes], report: PatrolReport, *, unit: str, by_office: bool) -> None:
    """Write the Word draft (.docx) of `report` to a binary stream."""
    buffer = io.BytesIO()
    build_document(report, unit=unit, by_office=by_office).save(buffer)
    out.write(buffer.getvalue())
