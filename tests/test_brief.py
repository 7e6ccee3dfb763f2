"""The coordination-meeting brief: a Markdown snapshot on the demo district with a fixed --today, its
sections on the hand-built district, the Word draft and the placeholders other services fill in."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from minetui import cli
from minetui.services.demo.district import DEMO_PASSWORD
from minetui.services.reporting import brief as brief_service
from minetui.services.reporting.brief import build_brief
from minetui.services.reporting.model import BriefSection
from tests.test_reports import hand_district

TODAY = "2025-06-15"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("MINETUI_PASSWORD", DEMO_PASSWORD)  # the demo has users: its admin signs in

    def invoke(db: Path, *argv: str, user: str = "tester") -> int:
        return cli.main(["--db", str(db), "--today", TODAY, "--user", user, *argv])

    return invoke


def test_brief_markdown_on_the_demo_district(run, tmp_path, capsys, snapshot):
    demo = tmp_path / "demo.db"
    assert run(demo, "demo") == 0
    capsys.readouterr()
    assert run(demo, "report", "brief", "--format", "markdown", user="admin") == 0
    out = capsys.readouterr().out
    body, _sep, footer = out.partition("\n---\n\n")
    assert body == snapshot
    assert "admin" in footer and "数据截至 2025-06-15" in footer and "审计链" in footer


def test_brief_sections_by_hand(ctx):
    hand_district(ctx)
    brief = build_brief(ctx)
    sections = {s.key: s for s in brief.sections}
    notice = sections["notice"]
    assert notice.rows[0][0] == "R-PAT-1/2" and notice.rows[0][4] == "应巡查6次，已巡查4次，逾期2次"
    by_rule = {r[0]: r for r in notice.rows[1:]}
    assert by_rule["R-SAT-1"][2:4] == ["2025-02-28", "已过期"]
    assert by_rule["R-LEAD-1"][2:4] == ["2025-11-30", "168"] and by_rule["R-PAT-6"][3] == "199"
    assert sections["overdue"].rows == [["苏店自然资源所", "2", "甲煤矿×2"]]
    assert sections["findings"].lines == ["没有发现问题。"] and not sections["findings"].rows
    for key in ("leads", "patches", "spotchecks", "visits"):
        assert sections[key].no_data and sections[key].lines == ["尚无数据。"]


def test_a_capability_section_replaces_its_placeholder(ctx, monkeypatch):
    hand_district(ctx)
    section = BriefSection("leads", "超过30天未办结的线索", headers=["股室", "件数"], rows=[["执法机构", "2"]])
    monkeypatch.setattr(brief_service, "CAPABILITY_SECTIONS", (lambda c: section,))
    sections = {s.key: s for s in build_brief(ctx).sections}
    assert sections["leads"] is section and not sections["leads"].no_data


def test_brief_docx_and_xlsx(run, db_path, ctx, tmp_path):
    from openpyxl import load_workbook

    hand_district(ctx)
    out = tmp_path / "brief.docx"
    assert run(db_path, "report", "brief", "--out", str(out)) == 0
    document = Document(str(out))
    assert document.paragraphs[0].text == "调度会议简报（2025-06-15）"
    assert "数据截至 2025-06-15" in document.sections[0].footer.paragraphs[0].text
    assert document.core_properties.author == "tester"
    assert document.tables[0].rows[1].cells[0].text == "R-PAT-1/2"
    sheet_file = tmp_path / "brief.xlsx"
    assert run(db_path, "report", "brief", "--out", str(sheet_file)) == 0
    rows = list(load_workbook(sheet_file).active.iter_rows(values_only=True))
    assert "调度会议简报" in rows[0][0] and rows[1] == ("部分", "事项", "情况")
    assert rows[2][:2] == ("通知各项任务进展", "R-PAT-1/2")
