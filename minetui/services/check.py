"""`minetui check`: data problems across the whole database (R-GEO-1, licence validity, gaps, integrity)."""

from __future__ import annotations

from datetime import date

from minetui.domain.checks import CheckSettings, DataProblem, MineRecord, check_mines, integrity_problems
from minetui.domain.model import MineStatus
from minetui.services.context import Context
from minetui.store import audit
from minetui.store import checks as store


def run_checks(ctx: Context) -> list[DataProblem]:
    """Every finding: database integrity first, then mine by mine (licence number order)."""
    problems = integrity_problems(
        store.integrity_messages(ctx.conn),
        list(store.foreign_key_violations(ctx.conn)),
        audit.first_broken_row(ctx.conn),
    )
    corners = store.corners_by_mine(ctx.conn)
    records = (_record(row, corners.get(row["id"], [])) for row in store.mine_rows(ctx.conn, ctx.today))
    settings = CheckSettings(
        today=ctx.today,
        expiry_warning_days=ctx.config.expiry_warning_days,
        area_tolerance=ctx.config.area_tolerance,
    )
    return problems + check_mines(records, settings)


def _record(row: dict, corners: list) -> MineRecord:
    return MineRecord(
        licence_no=row["licence_no"],
        name=row["name"],
        office_code=row["office_code"],
        valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        area_km2=row["area_km2"],
        epsg=row["epsg"],
        has_status=bool(row["has_status"]),
        status=MineStatus(row["status"]) if row["status"] else None,
        corners=corners,
    )
