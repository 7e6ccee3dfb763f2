"""`minetui export KIND`: the columns and the streamed rows of each table kind (formats.md keys).

Titles: Chinese = the first alias formats.md lists; English = the key itself, so an XLSX export in either
UI language re-imports. Values are the stored keys (CSV/JSON) or the header language's words.
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


def _c(key: str, zh: str, kind: str = "text", enum: Any = None) -> Column:
    return Column(key, zh, key, kind, enum)


LICENCE = _c("licence_no", "许可证号", "licence")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "offices": (_c("code", "编号"), _c("name", "名称"), _c("towns", "乡镇")),
    "mines": (
        LICENCE, _c("name", "矿山名称"), _c("holder", "矿业权人"), _c("credit_code", "统一社会信用代码"),
        _c("minerals", "开采矿种"), _c("method", "开采方式", "enum", MiningMethod),
        _c("scale", "生产规模", "enum", MineScale), _c("status", "矿山状态", "enum", MineStatus),
        _c("status_since", "状态日期", "date"), _c("office", "自然资源所"), _c("town", "乡镇"),
        _c("villages", "涉及村庄"), _c("area_km2", "矿区面积", "float"), _c("depth_top_m", "开采深度上限", "float"),
        _c("depth_bottom_m", "开采深度下限", "float"), _c("valid_from", "有效期起", "date"),
        _c("valid_to", "有效期止", "date"), _c("forest_grass", "涉林涉草", "bool"), _c("epsg", "坐标系", "int"),
    ),
    "corners": (LICENCE, _c("point_no", "点号"), _c("x", "X坐标", "float"), _c("y", "Y坐标", "float"),
                _c("ring", "圈号", "int")),
    "status": (LICENCE, _c("status", "矿山状态", "enum", MineStatus), _c("effective_from", "起始日期", "date")),
    "zones": (_c("year", "年度", "int"), _c("level", "级别", "enum", ZoneLevel), _c("zone", "监测矿区"),
              _c("zone_code", "编号"), LICENCE, _c("basis", "依据")),
    "patrols": (LICENCE, _c("date", "巡查日期", "date"), _c("inspectors", "巡查人员"), _c("office", "自然资源所"),
                _c("mode", "方式", "enum", PatrolMode), _c("drone_reason", "无人机原因"), _c("route", "轨迹"),
                _c("village_inquiry", "村委会问询"), _c("findings", "发现问题")),
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
