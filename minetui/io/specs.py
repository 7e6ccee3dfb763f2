"""One declarative `TableSpec` per import KIND (formats.md, "Tables and their columns"); io/tablespec.py applies
them (`parse_table`).

A new KIND (patrols, patches, tasks) is a new spec in `SPECS` plus a planner in its capability, listed in
services/importing.py; the reader and `parse_table` stay as they are.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from minetui.domain import normalize as n
from minetui.domain.leads.lists import REGISTRAR_ALIASES, Registrar
from minetui.domain.leads.patches import VERDICT_ALIASES, Handling, Verdict, patch_problems
from minetui.domain.model import MineScale, MineStatus, MiningMethod, ZoneLevel
from minetui.domain.patrols.record import ChecklistItem, ItemAnswer, ItemCheck, PatrolMode
from minetui.domain.validation import WARNING, Message, Problem
from minetui.i18n import N_
from minetui.io.tablespec import Column, Combined, TableSpec

# --- parsers that only the specs need -------------------------------------------------------------------

BAD_CREDIT_CODE = Message("credit_code.invalid", N_("a unified social credit code is 18 digits and capital letters"))
BAD_EPSG = Message("epsg.invalid", N_("the coordinate system should be an EPSG code (e.g. 4526, CGCS2000 3° zone 38)"))
BAD_TASK_KIND = Message("task_kind.invalid", N_(
    "should be patrol/verification/survey/spotcheck/other (or 日常巡查/实地核查/专项勘测/联合抽查/其他)"))
WINDOW_ORDER = Message("window.order", N_("the latest date is before the earliest"))
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_CGCS_ZONE = re.compile(r"(?:cgcs2000|2000).*?(?:3°|3度|三度)?.*?(\d{2})\s*带?", re.IGNORECASE)


def parse_credit_code(raw: Any) -> str:
    text = n.clean(raw).upper()
    if not _CREDIT_CODE.fullmatch(text):
        raise n.ParseError(BAD_CREDIT_CODE)
    return text


def parse_epsg(raw: Any) -> int:
    """An EPSG code (4526, "EPSG:4526"), or "CGCS2000 3度带 38带" → 4526 (zones 25–45 → 4513–4533)."""
    text = n.clean(raw)
    digits = re.fullmatch(r"(?:epsg:?)?\s*(\d{4,5})", text, re.IGNORECASE)
    if digits:
        return int(digits.group(1))
    zone = _CGCS_ZONE.search(text)
    if zone and 25 <= int(zone.group(1)) <= 45:
        return 4488 + int(zone.group(1))
    raise n.ParseError(BAD_EPSG)


def parse_joined_list(raw: Any) -> str:
    """A list cell stored 、-joined (minerals, villages, towns)."""
    return "、".join(n.split_list(raw))


def parse_point_no(raw: Any) -> str:
    text = n.clean(raw)
    if not text:
        raise n.ParseError(n.Msg.REQUIRED)
    return text


def _depth_order(values: dict[str, Any]) -> list[Problem]:
    top, bottom = values.get("depth_top_m"), values.get("depth_bottom_m")
    if top is not None and bottom is not None and top <= bottom:
        return [Problem.of(n.Msg.DEPTH_ORDER, field="depth_bottom_m")]
    return []


def _validity_order(values: dict[str, Any]) -> list[Problem]:
    start, end = values.get("valid_from"), values.get("valid_to")
    if start is not None and end is not None and start > end:
        return [Problem.of(n.Msg.VALIDITY_ORDER, field="valid_to")]
    return []


def _coordinates(values: dict[str, Any]) -> list[Problem]:
    found = []
    for axis in ("x", "y"):
        value = values.get(axis)
        message = n.coordinate_warning(axis, value) if value is not None else None
        if message:
            found.append(Problem.of(message, WARNING, field=axis))
    return found


# --- the specs ------------------------------------------------------------------------------------------

LICENCE = Column("licence_no", ("许可证号", "采矿许可证号", "证号", "采矿证号"), n.parse_licence, required=True)

OFFICES = TableSpec(
    kind="offices",
    columns=(
        Column("code", ("编号", "代码"), parse_point_no, required=True),
        Column("name", ("名称", "自然资源所"), required=True),
        Column("towns", ("乡镇", "辖区"), parse_joined_list),
    ),
    key=("code",),
)

MINES = TableSpec(
    kind="mines",
    columns=(
        LICENCE,
        Column("name", ("矿山名称",), required=True),
        Column("holder", ("矿业权人", "采矿权人"), required=True),
        Column("credit_code", ("统一社会信用代码",), parse_credit_code),
        Column("minerals", ("开采矿种", "矿种"), parse_joined_list, required=True),
        Column("method", ("开采方式",), partial(n.parse_enum, enum_cls=MiningMethod), required=True),
        Column("scale", ("生产规模", "矿山规模"), partial(n.parse_enum, enum_cls=MineScale)),
        Column("status", ("矿山状态", "生产状态"), partial(n.parse_enum, enum_cls=MineStatus), required=True),
        Column("status_since", ("状态日期",), n.parse_date),
        Column("office", ("自然资源所", "所属自然资源所"), required=True),
        Column("town", ("乡镇",)),
        Column("villages", ("涉及村庄",), parse_joined_list),
        Column("area_km2", ("矿区面积",), lambda raw: round(n.parse_positive(raw, n.AREA_UNITS), 4)),
        Column("depth_top_m", ("开采深度上限",), lambda raw: n.parse_number(raw, n.METRE_UNITS)),
        Column("depth_bottom_m", ("开采深度下限",), lambda raw: n.parse_number(raw, n.METRE_UNITS)),
        Column("valid_from", ("有效期起",), n.parse_date),
        Column("valid_to", ("有效期止",), n.parse_date),
        Column("forest_grass", ("涉林涉草",), n.parse_bool),
        Column("epsg", ("坐标系",), parse_epsg),
        Column("registered_by", ("登记机关", "发证机关"),
               partial(n.parse_enum, enum_cls=Registrar, aliases=REGISTRAR_ALIASES)),
    ),
    key=("licence_no",),
    combined=(
        Combined(("开采深度",), ("depth_top_m", "depth_bottom_m"), n.parse_depth_range),
        Combined(("有效期",), ("valid_from", "valid_to"), n.parse_validity),
    ),
    checks=(_depth_order, _validity_order),
)

CORNERS = TableSpec(
    kind="corners",
    columns=(
        LICENCE,
        Column("point_no", ("点号", "拐点号"), parse_point_no, required=True),
        Column("x", ("X", "X坐标"), n.parse_number, required=True),
        Column("y", ("Y", "Y坐标"), n.parse_number, required=True),
        Column("ring", ("圈号", "块段"), partial(n.parse_int, low=1, high=999)),
    ),
    checks=(_coordinates,),  # duplicate points are checked per ring by the corners import (closing repeats)
)

STATUS = TableSpec(
    kind="status",
    columns=(
        LICENCE,
        Column("status", ("矿山状态", "生产状态", "状态"), partial(n.parse_enum, enum_cls=MineStatus),
               required=True),
        Column("effective_from", ("起始日期", "变更日期", "生效日期"), n.parse_date, required=True),
    ),
    key=("licence_no", "effective_from"),
)

ZONES = TableSpec(
    kind="zones",
    columns=(
        Column("year", ("年度", "年份"), partial(n.parse_int, low=2000, high=2100), required=True),
        Column("level", ("级别",), partial(n.parse_enum, enum_cls=ZoneLevel), required=True),
        Column("zone", ("监测矿区", "矿区名称", "重点监测矿区"), required=True),
        Column("zone_code", ("编号",)),
        LICENCE,
        Column("basis", ("依据", "文号")),
    ),
    key=("year", "level", "zone", "licence_no"),
)


# --- patrols (the evidence files named in route/photos are resolved by services/patrols/imports.py) ----------

_ANSWER_ALIASES = {"n.a.": ItemAnswer.NOT_APPLICABLE, "n.a": ItemAnswer.NOT_APPLICABLE,
                   "na": ItemAnswer.NOT_APPLICABLE, "n/a": ItemAnswer.NOT_APPLICABLE,
                   "not applicable": ItemAnswer.NOT_APPLICABLE}
_ANSWER_NOTE = re.compile(r"^(\S+?)\s*[:：,，;；(（\s]\s*(.*?)[)）]?$")


def parse_item_check(raw: Any) -> ItemCheck:
    """A checklist cell: 正常/异常/不适用 (normal/abnormal/n.a.), optionally followed by a note,
    e.g. "异常：东侧堆放尾矿" or "abnormal (tailings east)"."""
    text = n.clean_text(raw)
    try:
        return ItemCheck(n.parse_enum(text, ItemAnswer, _ANSWER_ALIASES))
    except n.ParseError:
        match = _ANSWER_NOTE.match(text)
        if match is None:
            raise
        return ItemCheck(n.parse_enum(match.group(1), ItemAnswer, _ANSWER_ALIASES), match.group(2).strip())


def parse_names(raw: Any) -> list[str]:
    """A list of names (inspectors, corner point numbers, file names), 、-separated."""
    return n.split_list(raw)


_PATROL_ITEM_ALIASES: dict[ChecklistItem, tuple[str, ...]] = {
    ChecklistItem.SIGNBOARD: ("标识牌",),
    ChecklistItem.STOCKPILE: ("矿石尾矿堆放", "矿石、尾矿堆放"),
    ChecklistItem.FARMLAND: ("占用耕地", "耕地"),
    ChecklistItem.BASIC_FARMLAND: ("占用永久基本农田", "永久基本农田"),
    ChecklistItem.OUTSIDE_BOUNDARY: ("越界开采", "越界"),
    ChecklistItem.UNLICENSED: ("无证开采",),
    ChecklistItem.ECO_DAMAGE: ("生态破坏",),
    ChecklistItem.OUTSIDE_ACTIVITY: ("界外开采活动",),
    ChecklistItem.SUBSIDENCE: ("界外地面沉陷", "地面沉陷"),
    ChecklistItem.FOREST_GRASS: ("破坏林草",),
}

PATROLS = TableSpec(
    kind="patrols",
    columns=(
        LICENCE,
        Column("date", ("巡查日期",), n.parse_date, required=True),
        Column("inspectors", ("巡查人员",), parse_names, required=True),
        Column("office", ("自然资源所", "巡查单位")),  # code or name; default: the mine's office
        Column("mode", ("方式", "巡查方式"), partial(n.parse_enum, enum_cls=PatrolMode, aliases={
            "现场巡查": PatrolMode.ON_SITE, "on-site": PatrolMode.ON_SITE, "onsite": PatrolMode.ON_SITE,
            "无人机巡飞": PatrolMode.DRONE})),
        Column("drone_reason", ("无人机原因",)),
        Column("route", ("轨迹", "巡飞路线", "巡查路线")),
        Column("corners_checked", ("核查拐点",), parse_names),
        *(Column(str(item), aliases, parse_item_check) for item, aliases in _PATROL_ITEM_ALIASES.items()),
        Column("village_inquiry", ("村委会问询",)),
        Column("findings", ("发现问题",)),
        Column("photos", ("照片",), parse_names),
        Column("aerial_photos", ("航拍照片",), parse_names),
    ),
    key=("licence_no", "date"),
)

# --- satellite patches (R-SAT-1; linked to licences by services/leads/patches.py) ---------------------------------

def _patch_rules(values: dict[str, Any]) -> list[Problem]:
    """违法 needs a handling; 不处理 needs a reason (domain.patches.patch_problems)."""
    if "verdict" not in values and "handling" not in values:
        return []
    return patch_problems(values.get("verdict"), values.get("handling"), values.get("reason") or "")


PATCHES = TableSpec(
    kind="patches",
    columns=(
        Column("year", ("年度", "年份"), partial(n.parse_int, low=2000, high=2100), required=True),
        Column("batch", ("批次", "季度"), partial(n.parse_int, low=1, high=4)),
        Column("patch_no", ("图斑编号", "图斑号"), parse_point_no, required=True),
        Column("x", ("中心点X", "中心点X坐标", "X", "X坐标"), n.parse_number, required=True),
        Column("y", ("中心点Y", "中心点Y坐标", "Y", "Y坐标"), n.parse_number, required=True),
        Column("area_mu", ("面积（亩）", "面积", "图斑面积"), lambda raw: n.parse_positive(raw, ("亩",))),
        Column("verdict", ("合法性判定", "判定结果"),
               partial(n.parse_enum, enum_cls=Verdict, aliases=VERDICT_ALIASES)),
        Column("handling", ("处置方式",), partial(n.parse_enum, enum_cls=Handling)),
        Column("reason", ("理由", "不处理理由")),
        Column("forest_grass_damage", ("破坏林草",), n.parse_bool),
        Column("returned_on", ("退回日期",), n.parse_date),
        Column("licence_no", ("许可证号",)),  # written by exports; ignored on import (linking is by geometry)
    ),
    key=("year", "patch_no"),
    checks=(_coordinates, _patch_rules),
)

# The answer to a hand-over package (`minetui leads reply FILE`); not an import KIND.
REPLIES = TableSpec(
    kind="replies",
    columns=(
        Column("lead_id", ("线索编号", "编号"), partial(n.parse_int, low=1), required=True),
        Column("received_on", ("接收日期",), n.parse_date, required=True),
        Column("outcome", ("办理结果",)),
        Column("note", ("备注",)),
        # The package's own columns, read back and ignored (services/leads/handover.py writes them).
        *(Column(key, (title,)) for key, title in (
            ("rule", "依据"), ("source", "线索来源"), ("licence_no", "许可证号"), ("mine", "矿山名称"),
            ("location", "位置"), ("description", "线索内容"), ("deadline", "移送期限"), ("evidence", "证据文件"))),
    ),
    key=("lead_id",),
)

# What-if planning (`minetui plan --tasks FILE`); not an import KIND: nothing is stored.
TASK_KINDS = {"patrol": "patrol", "日常巡查": "patrol", "巡查": "patrol", "verification": "verification",
              "实地核查": "verification", "核查": "verification", "survey": "survey", "专项勘测": "survey",
              "勘测": "survey", "spotcheck": "spot_check", "spot_check": "spot_check", "spot-check": "spot_check",
              "联合抽查": "spot_check", "抽查": "spot_check", "other": "other", "其他": "other"}


def parse_task_kind(raw: Any) -> str:
    """patrol / verification / survey / spotcheck / other, in English or Chinese."""
    kind = TASK_KINDS.get(n.clean(raw).lower())
    if kind is None:
        raise n.ParseError(BAD_TASK_KIND)
    return kind


def _window_order(values: dict[str, Any]) -> list[Problem]:
    start, end = values.get("earliest"), values.get("latest")
    if start is not None and end is not None and start > end:
        return [Problem.of(WINDOW_ORDER, field="latest")]
    return []


TASKS = TableSpec(
    kind="tasks",
    columns=(
        Column("licence_no", ("许可证号", "采矿许可证号", "证号", "矿山"), required=True),
        Column("office", ("自然资源所", "所属自然资源所")),
        Column("task_id", ("任务编号", "任务"), required=True),
        Column("kind", ("类型", "任务类型"), parse_task_kind, required=True),
        Column("earliest", ("最早", "最早日期", "开始"), n.parse_date, required=True),
        Column("latest", ("最晚", "最晚日期", "截止"), n.parse_date, required=True),
        Column("sections", ("参加科室", "科室"), parse_names),
    ),
    key=("licence_no", "task_id"),
    checks=(_window_order,),
)

SPECS: dict[str, TableSpec] = {spec.kind: spec for spec in (OFFICES, MINES, CORNERS, STATUS, ZONES, PATROLS,
                                                            PATCHES)}
