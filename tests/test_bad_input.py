"""Bad input, property-based: every import kind and the form services either accept a value or refuse it
with a clear message — none crashes, none writes half — and what was typed is kept as text (never a
formula in an export, never SQL, never Rich markup)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from minetui.domain.normalize import clean_text
from minetui.errors import ServiceError
from minetui.io.output import render
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.importing import KINDS, import_file
from minetui.services.mines.edit import EDITABLE, MineEditRefused, edit_view, update_mine
from minetui.services.patrols.patrols import record_patrol
from minetui.services.reporting.export import export_rows
from minetui.store import audit
from tests.factories import add_mine, add_office
from tests.patrol_fixtures import add_zone, good_record

FORMULAS = ("=cmd|' /C calc'!A0", "=1+1", "+1+1", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"y\")",
            "\t=1+1", "=")
SQL = ("'); DROP TABLE mines;--", "\" OR 1=1 --", "Robert'); DELETE FROM audit_log; --", "%_\\")
MARKUP = ("[b]粗[/b]", "[link=http://x]点我[/link]", "[red", "[/]", "[@click=app.quit]x[/]", "\\[b]")
PLAIN = ("甲煤矿（整合）", "⛏️🏔️ 矿", "𠀀𪚥", "ｆｕｌｌ　ｗｉｄｔｈ", "a\u200bb", "\u202eevil", "x\x00y", "")

nasty = st.one_of(
    st.sampled_from(FORMULAS + SQL + MARKUP + PLAIN),
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=30),
    st.builds(lambda head, tail: head + tail, st.sampled_from("=+-@"), st.text(max_size=30)),
    st.integers(min_value=2001, max_value=20000).map(lambda n: "长" * n),  # huge cells
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "gbk", "big5", "shift_jis", "latin-1", "cp1252")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LICENCE = "C1404002009121120046101"


@pytest.fixture
def district(ctx: Context) -> int:
    add_office(ctx)
    mine_id = add_mine(ctx, LICENCE, "甲煤矿", area_km2=1.5, valid_from=date(2019, 3, 17), valid_to=date(2029, 3, 17))
    add_zone(ctx, 2025, [mine_id])
    return mine_id


def fingerprint(ctx: Context) -> dict[str, object]:
    """Every table's row count, the audit chain's head and the mines' content: equal means nothing written."""
    names = [r[0] for r in ctx.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite_%'")]
    found: dict[str, object] = {n: ctx.conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    found["audit_head"] = audit.head(ctx.conn)
    found["mines_rows"] = [tuple(r) for r in ctx.conn.execute("SELECT * FROM mines ORDER BY id")]
    return found


@pytest.fixture
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def assert_clear(refusal: ServiceError) -> None:
    """A refusal says what is wrong: a message, and (for imports) each problem names its place and reason."""
    assert str(refusal).strip()
    for problem in getattr(refusal, "problems", []):
        assert str(problem).strip()
        assert getattr(problem, "expected", None) or getattr(problem, "message", None)


# --- imports --------------------------------------------------------------------------------------------------


@SETTINGS
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ""]))
def test_random_bytes_as_any_kind_are_refused_cleanly(ctx: Context, district: int, scratch: Path, kind: str,
                                                      data: bytes, suffix: str) -> None:
    path = scratch / f"file{suffix}"
    path.write_bytes(data)
    before = fingerprint(ctx)
    try:
        import_file(ctx, kind, path)
    except ServiceError as refusal:
        assert_clear(refusal)
        assert fingerprint(ctx) == before


@SETTINGS
@given(kind=st.sampled_from(KINDS), text=st.text(max_size=400), encoding=st.sampled_from(ENCODINGS))
def test_random_text_in_any_encoding_is_accepted_or_refused(ctx: Context, district: int, scratch: Path, kind: str,
                                                            text: str, encoding: str) -> None:
    path = scratch / "file.csv"
    path.write_bytes(encoded(text, encoding))
    before = fingerprint(ctx)
    try:
        import_file(ctx, kind, path)
    except ServiceError as refusal:
        assert_clear(refusal)
        assert fingerprint(ctx) == before


MINE_ROW = {"licence_no": "C1404002009121120046199", "name": "乙煤矿", "holder": "乙公司", "minerals": "煤",
            "method": "地下", "status": "在产", "office": "SD", "villages": "东村", "area_km2": "1.2",
            "valid_from": "2019-03-17", "valid_to": "2029-03-17", "forest_grass": "否"}


def mines_file(path: Path, row: dict[str, str], encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(row.keys())
    writer.writerow(row.values())
    path.write_bytes(encoded(buffer.getvalue(), encoding))
    return path


@SETTINGS
@given(column=st.sampled_from(sorted(MINE_ROW)), value=nasty,
       encoding=st.sampled_from(("utf-8", "utf-8-sig", "gb18030", "utf-16")))
def test_a_bad_cell_in_a_mines_file_is_accepted_as_typed_or_refused_whole(
        ctx: Context, district: int, scratch: Path, column: str, value: str, encoding: str) -> None:
    row = {**MINE_ROW, column: value}
    before = fingerprint(ctx)
    try:
        import_file(ctx, "mines", mines_file(scratch / "mines.csv", row, encoding))
    except ImportRefused as refusal:
        assert_clear(refusal)
        assert fingerprint(ctx) == before
        return
    if column in ("name", "holder"):
        stored = ctx.conn.execute(f"SELECT {column} FROM mines WHERE licence_no = ?",
                                  (MINE_ROW["licence_no"],)).fetchone()[0]
        assert stored == clean_text(value.replace("\x00", "")) or stored == clean_text(value)
    assert ctx.conn.execute("SELECT count(*) FROM mines").fetchone()[0] == 2  # the table survived any SQL


# --- the edit form's service ----------------------------------------------------------------------------------


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(EDITABLE), nasty, min_size=1, max_size=4))
def test_mine_edits_are_accepted_or_refused_and_never_half_written(ctx: Context, district: int,
                                                                   changes: dict[str, str]) -> None:
    view = edit_view(ctx, district)
    before = fingerprint(ctx)
    try:
        saved = update_mine(ctx, district, changes, view.version)
    except MineEditRefused as refusal:
        assert_clear(refusal)
        assert {p.field for p in refusal.problems} <= set(changes)
        assert fingerprint(ctx) == before
        return
    for field in ("name", "holder", "town", "credit_code"):
        if field in changes and saved[field] is not None:
            assert saved[field] == ctx.conn.execute(f"SELECT {field} FROM mines WHERE id = ?",
                                                    (district,)).fetchone()[0]
    assert audit.first_broken_row(ctx.conn) is None


@pytest.mark.parametrize("value", SQL + MARKUP + ("⛏️🏔️ 矿",))
def test_sql_and_markup_looking_names_are_stored_as_typed(ctx: Context, district: int, value: str) -> None:
    update_mine(ctx, district, {"name": value, "holder": value}, 1)
    stored = ctx.conn.execute("SELECT name, holder FROM mines WHERE id = ?", (district,)).fetchone()
    assert tuple(stored) == (value, value)
    assert ctx.conn.execute("SELECT count(*) FROM mines").fetchone()[0] == 1


# --- the patrol form's service --------------------------------------------------------------------------------


@SETTINGS
@given(inspector=nasty, findings=nasty, inquiry=st.one_of(st.none(), nasty), reason=st.one_of(st.none(), nasty))
def test_patrol_texts_are_accepted_or_refused_and_never_half_written(
        ctx: Context, district: int, inspector: str, findings: str, inquiry: str | None,
        reason: str | None) -> None:
    mine_id = fresh_mine(ctx)  # a mine of its own, so no earlier example's patrol is in the way
    record = good_record(inspectors=[inspector], findings=findings, village_inquiry=inquiry, drone_reason=reason)
    before = fingerprint(ctx)
    try:
        saved = record_patrol(ctx, mine_id, record)
    except ServiceError as refusal:
        assert_clear(refusal)
        assert fingerprint(ctx) == before
        return
    stored = ctx.conn.execute("SELECT findings_text FROM patrols WHERE id = ?", (saved.id,)).fetchone()
    assert stored[0] == findings.strip() or stored[0] == clean_text(findings)
    assert audit.first_broken_row(ctx.conn) is None


def fresh_mine(ctx: Context) -> int:
    number = ctx.conn.execute("SELECT count(*) FROM mines").fetchone()[0] + 1
    mine_id = add_mine(ctx, f"C14040020091211{number:08d}", f"煤矿{number}")
    add_zone(ctx, 2025, [mine_id], name=f"矿区{number}")
    return mine_id


# --- exports never turn text into a formula -------------------------------------------------------------------


@SETTINGS
@given(value=st.one_of(st.sampled_from(FORMULAS + SQL + MARKUP),
                       st.builds(lambda head, tail: head + tail, st.sampled_from("=+-@"), st.text(min_size=1,
                                                                                                  max_size=30))))
def test_formula_looking_text_is_exported_as_text_and_re_imports_as_typed(ctx: Context, district: int,
                                                                          scratch: Path, value: str) -> None:
    import openpyxl

    try:
        update_mine(ctx, district, {"name": value, "holder": value}, edit_view(ctx, district).version)
    except MineEditRefused:
        assume(False)
    name = ctx.conn.execute("SELECT name FROM mines WHERE id = ?", (district,)).fetchone()[0]
    columns, rows = export_rows(ctx, "mines")
    out = scratch / "mines.xlsx"
    with open(out, "wb") as handle:
        render(columns, rows, "xlsx", handle)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.escape import unescape

    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    for key in ("name", "holder"):
        cell = sheet.cell(row=2, column=header.index({"name": "矿山名称", "holder": "矿业权人"}[key]) + 1)
        # text, exactly as typed — less the control characters an XLSX file cannot hold at all
        shown = unescape(cell.value)  # OOXML keeps a carriage return as _x000D_ (Excel shows the character)
        assert cell.data_type == "s" and shown == ILLEGAL_CHARACTERS_RE.sub("", name)
    columns, rows = export_rows(ctx, "mines")
    text = io.BytesIO()
    render(columns, rows, "csv", text)
    cells = next(csv.DictReader(io.StringIO(text.getvalue().decode("utf-8-sig"))))
    assert cells["name"][0] not in "=+-@\t\r" or cells["name"].startswith("'")
    (scratch / "again.csv").write_bytes(text.getvalue())
    import_file(ctx, "mines", scratch / "again.csv")  # the defused export re-imports as typed
    assert ctx.conn.execute("SELECT name FROM mines WHERE id = ?", (district,)).fetchone()[0] == name
