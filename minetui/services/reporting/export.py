"""`minetui export KIND`: the columns and the streamed rows of each table kind (formats.md keys).

Titles: English = the key itself (the msgid, context "column"), Chinese = the first alias formats.md lists (its
translation), so an XLSX export in either UI language re-imports. Values are the stored keys (CSV/JSON) or the
header language's words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from minetui.domain.model import MineScale, MineStatus, MiningMethod, ZoneLevel
from minetui.domain.patrols.record import PatrolMode
from minetui.errors import ServiceError
from minetui.io.output import Column
from minetui.services.core.context import Context
from minetui.store import exports

LICENCE = Column("licence_no", "licence_no", "licence")

COLUMNS: dict[str, tuple[Column, ...]] = {
    # An office's name is 名称 (a mine's is 矿山名称): its own context, so that both files re-import.
    "offices": (Column("code", "code"), Column("name", "name", context="column:offices"), Column("towns", "towns")),
    "mines": (
        LICENCE, Column("name", "name"), Column("holder", "holder"), Column("credit_code", "credit_code"),
        Column("minerals", "minerals"), Column("method", "method", "enum", MiningMethod),
        Column("scale", "scale", "enum", MineScale), Column("status", "status", "enum", MineStatus),
        Column("status_since", "status_since", "date"), Column("office", "office"), Column("town", "town"),
        Column("villages", "villages"), Column("area_km2", "area_km2", "float"),
        Column("depth_top_m", "depth_top_m", "float"), Column("depth_bottom_m", "depth_bottom_m", "float"),
        Column("valid_from", "valid_from", "date"), Column("valid_to", "valid_to", "date"),
        Column("forest_grass", "forest_grass", "bool"), Column("epsg", "epsg", "int"),
    ),
    "corners": (LICENCE, Column("point_no", "point_no"), Column("x", "x", "float"), Column("y", "y", "float"),
                Column("ring", "ring", "int")),
    "status": (LICENCE, Column("status", "status", "enum", MineStatus),
               Column("effective_from", "effective_from", "date")),
    "zones": (Column("year", "year", "int"), Column("level", "level", "enum", ZoneLevel), Column("zone", "zone"),
              Column("zone_code", "zone_code"), LICENCE, Column("basis", "basis")),
    "patrols": (LICENCE, Column("date", "date", "date"), Column("inspectors", "inspectors"),
                Column("office", "office"), Column("mode", "mode", "enum", PatrolMode),
                Column("drone_reason", "drone_reason"), Column("route", "route"),
                Column("village_inquiry", "village_inquiry"), Column("findings", "findings")),
}
KINDS = tuple(COLUMNS)


def export_rows(ctx: Context, kind: str) -> tuple[tuple[Column, ...], Iterator[Mapping[str, Any]]]:
    """The columns of `kind` and an iterator over its rows (read as they are written out)."""
    readers = {
        "offices": lambda: exports.offices(ctx.conn),
        "mines": lambda: exports.mines(ctx.conn, ctx.today),
        "corners": lambda: exports.corners(ctx.conn),
        "status": lambda: exports.status_history(ctx.conn),
        "zones": lambda: exports.zone_members(ctx.conn),
        "patrols": lambda: exports.patrols(ctx.conn),
    }
    if kind not in readers:
        raise ServiceError(f"unknown export kind {kind!r}; use one of {', '.join(KINDS)}")
    return COLUMNS[kind], readers[kind]()
