"""Hand-over packages to outside agencies and the replies that come back: round trip, repeats, bad files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minetui.domain.leads.leads import LeadState
from minetui.domain.model import Section
from minetui.errors import ServiceError
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.leads import handover, leads
from tests.factories import add_mine
from tests.lead_fixtures import draft


def forestry_leads(ctx: Context, tmp_path: Path) -> tuple[int, int, bytes]:
    mine_id = add_mine(ctx, "C1404042020011110000001", "林场边石料矿", office=None)
    first = draft(ctx, "R-LEAD-6", mine_id, description="破坏林地约2亩")
    second = draft(ctx, "R-LEAD-5", mine_id, description="新登记涉林")
    photo = tmp_path / "航拍.jpg"
    photo.write_bytes(b"\xff\xd8 aerial photo")
    leads.attach_evidence(ctx, first, [photo])
    return first, second, photo.read_bytes()


def test_a_package_holds_the_leads_and_the_evidence_hashes_and_marks_them_sent(ctx: Context, tmp_path: Path) -> None:
    first, second, photo = forestry_leads(ctx, tmp_path)
    draft(ctx, "R-LEAD-1", add_mine(ctx, "C2", "乙矿", office=None))  # not for forestry
    package = handover.write_package(ctx, Section.FORESTRY, tmp_path / "out")
    assert package.lead_ids == [first, second] and package.id == "forestry-20250615-01"
    manifest = json.loads(package.manifest.read_text(encoding="utf-8"))
    assert manifest["package_id"] == package.id and manifest["lead_ids"] == [first, second]
    evidence = manifest["leads"][0]["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(photo).hexdigest() and evidence["name"] == "航拍.jpg"
    assert (package.folder / evidence["file"]).read_bytes() == photo
    assert manifest["spreadsheet"]["sha256"] == hashlib.sha256(package.spreadsheet.read_bytes()).hexdigest()
    sheet = load_workbook(package.spreadsheet).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "线索编号" and values[2][0] == first and "破坏林地约2亩" in values[2]
    assert all(leads.get_lead(ctx, i).state is LeadState.SENT for i in (first, second))
    assert leads.get_lead(ctx, first).package_id == package.id
    with pytest.raises(ServiceError):
        handover.write_package(ctx, Section.FORESTRY, tmp_path / "out")  # nothing left to send
    with pytest.raises(ServiceError):
        handover.write_package(ctx, Section.ENFORCEMENT, tmp_path / "out")


def test_the_filled_package_comes_back_as_the_reply(ctx: Context, tmp_path: Path) -> None:
    first, second, _photo = forestry_leads(ctx, tmp_path)
    package = handover.write_package(ctx, Section.FORESTRY, tmp_path)
    book = load_workbook(package.spreadsheet)
    sheet = book.active
    sheet.cell(3, 10, "2025-06-16")
    sheet.cell(3, 11, "已立案查处")
    sheet.cell(4, 10, "2025-06-17")
    reply = tmp_path / "回复.xlsx"
    book.save(reply)
    result = handover.import_reply(ctx, reply)
    assert result.received == [first, second] and result.closed == [first]
    one, two = leads.get_lead(ctx, first), leads.get_lead(ctx, second)
    assert one.state is LeadState.CLOSED and one.outcome == "已立案查处"
    assert two.state is LeadState.RECEIVED and str(two.received_on) == "2025-06-17"
    snapshot = ctx.conn.execute("SELECT count(*) FROM audit").fetchone()[0], [
        (r.state, r.version) for r in leads.list_leads(ctx)]
    again = handover.import_reply(ctx, reply)
    assert again.unchanged == [first, second] and not again.received and not again.closed
    assert (ctx.conn.execute("SELECT count(*) FROM audit").fetchone()[0],
            [(r.state, r.version) for r in leads.list_leads(ctx)]) == snapshot


def test_a_reply_to_an_unknown_or_unsent_lead_is_refused_whole(ctx: Context, tmp_path: Path) -> None:
    first, second, _photo = forestry_leads(ctx, tmp_path)
    handover.write_package(ctx, Section.FORESTRY, tmp_path, [first])
    reply = tmp_path / "reply.csv"
    reply.write_text(f"线索编号,接收日期,办理结果\n{first},2025-06-16,已处理\n999,2025-06-16,\n{second},2025-06-16,\n",
                     encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        handover.import_reply(ctx, reply)
    messages = [p.message for p in refused.value.problems]
    assert any("999" in m for m in messages) and any(str(second) in m and "尚未移送" in m for m in messages)
    assert leads.get_lead(ctx, first).state is LeadState.SENT  # the good row was not applied either


def test_bad_reply_files_are_refused(ctx: Context, tmp_path: Path) -> None:
    first, _second, _photo = forestry_leads(ctx, tmp_path)
    handover.write_package(ctx, Section.FORESTRY, tmp_path, [first])
    for name, text in (("no_date.csv", f"线索编号,办理结果\n{first},已处理\n"),
                       ("bad_date.csv", f"线索编号,接收日期\n{first},2025年2月30日\n"),
                       ("twice.csv", f"线索编号,接收日期\n{first},2025-06-16\n{first},2025-06-17\n"),
                       ("early.csv", f"线索编号,接收日期\n{first},2025-06-01\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ImportRefused):
            handover.import_reply(ctx, path)
    assert leads.get_lead(ctx, first).state is LeadState.SENT
