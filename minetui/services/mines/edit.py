"""Editing one mine's licence facts without losing anyone's update (issue 8, "no lost updates").

`update_mine(ctx, mine_id, changes, expected_version)` parses every typed value with the import's own parsers
(io/specs.py MINES, domain/normalize.py), refuses invalid values with a message per field, and saves only when
the row still has the version the clerk read: otherwise `StaleRecord` (naming both versions) and nothing is
written. A save is one audited write (before/after of the fields that changed).
`edit_view` gives the values as the form shows them — also what a stale-save dialog shows as "theirs".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from minetui.domain import normalize as n
from minetui.domain.validation import Problem
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import N_, _
from minetui.io.specs import MINES
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.leads.drafting import draft_for_licence
from minetui.store import audit, db
from minetui.store import mines as mine_store
from minetui.store import patrols as patrol_store

# The fields the edit form offers, in form order (the stored column names).
EDITABLE: tuple[str, ...] = (
    "name", "holder", "credit_code", "minerals", "method", "scale", "town", "villages", "area_km2",
    "depth_top_m", "depth_bottom_m", "valid_from", "valid_to", "forest_grass",
)
REQUIRED = frozenset({"name", "holder", "minerals", "method"})


class MineEditRefused(ServiceError):
    """Invalid values: nothing was written; `problems` holds one Problem per bad field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        detail = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(_("the mine was not saved: {detail}").format(detail=detail))


@dataclass(frozen=True, slots=True)
class MineEditView:
    """A mine as the edit form shows it: form text per field, and the version it was read at."""

    mine_id: int
    licence_no: str
    version: int
    values: dict[str, str]


def _parser(field: str) -> Any:
    return MINES.column(field).parser


def form_text(field: str, stored: Any) -> str:
    """The form's text for a stored value: keys for enums, ISO dates, `1`/`0` for 涉林涉草, numbers as typed."""
    if stored is None:
        return ""
    if field == "forest_grass":
        return "1" if stored else "0"
    if isinstance(stored, float):
        return f"{stored:.4f}".rstrip("0").rstrip(".") if field == "area_km2" else f"{stored:g}"
    return str(stored)


def edit_view(ctx: Context, mine_id: int) -> MineEditView:
    """The mine's editable fields as form text, with its current version; refused for an unknown mine."""
    row = patrol_store.mine_by_id(ctx.conn, mine_id)
    if row is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    return MineEditView(mine_id, row["licence_no"], row["version"], {f: form_text(f, row[f]) for f in EDITABLE})


def parse_changes(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values → their stored form (enum keys, ISO dates, 0/1, 、-joined lists); a Problem per bad one.

    A blank optional field clears it (None); a blank required field is an error."""
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    for field, raw in changes.items():
        if field not in EDITABLE:
            problems.append(Problem("field.not_editable", N_("this field cannot be edited here"), {}, field=field))
            continue
        try:
            parsed[field] = _stored(field, raw)
        except n.ParseError as exc:
            problems.append(exc.problem.at(field=field))
        except (ValueError, TypeError, OverflowError):
            problems.append(Problem.of(n.Msg.BAD_NUMBER if field in _NUMBERS else n.Msg.TEXT_TOO_LONG, field=field))
    return parsed, problems


_NUMBERS = frozenset({"area_km2", "depth_top_m", "depth_bottom_m"})


def _stored(field: str, raw: Any) -> Any:
    if raw is None or n.is_blank(raw):
        if field in REQUIRED:
            raise n.ParseError(n.Msg.REQUIRED)
        return 0 if field == "forest_grass" else ("" if field == "villages" else None)
    value = _parser(field)(raw)
    if field in REQUIRED and value == "":
        raise n.ParseError(n.Msg.REQUIRED)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if field in ("method", "scale"):
        return str(value)
    return value


def _order_problems(row: Mapping[str, Any]) -> list[Problem]:
    """Depth and validity order of the row as it would be saved."""
    problems = []
    top, bottom = row.get("depth_top_m"), row.get("depth_bottom_m")
    if top is not None and bottom is not None and top <= bottom:
        problems.append(Problem.of(n.Msg.DEPTH_ORDER, field="depth_bottom_m"))
    start, end = row.get("valid_from"), row.get("valid_to")
    if start is not None and end is not None and start > end:
        problems.append(Problem.of(n.Msg.VALIDITY_ORDER, field="valid_to"))
    return problems


def update_mine(ctx: Context, mine_id: int, changes: Mapping[str, Any], expected_version: int) -> dict[str, Any]:
    """Save typed `changes` to one mine if it still has `expected_version`; returns the row as saved.

    Not allowed (policy: an office clerk edits their office's mines) → PermissionDenied; invalid values →
    MineEditRefused; changed by someone else since it was read → StaleRecord. Either way nothing is written.
    Values equal to the stored ones are no change (no write, no audit row)."""
    current = patrol_store.mine_by_id(ctx.conn, mine_id)
    if current is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    authorize(ctx, Action.MINE_EDIT, office=current["office_code"])  # an office clerk: their office's mines
    parsed, problems = parse_changes(changes)
    if problems:
        raise MineEditRefused(problems)
    with db.write(ctx.conn):
        before = patrol_store.mine_by_id(ctx.conn, mine_id)
        if before is None:
            raise ServiceError(_("no mine with id {id}").format(id=mine_id))
        if before["version"] != expected_version:
            raise StaleRecord("mine", before["licence_no"], expected_version, before["version"])
        problems = _order_problems({**before, **parsed})
        if problems:
            raise MineEditRefused(problems)
        diff = {k: v for k, v in parsed.items() if before[k] != v}
        if not diff:
            return before
        if not mine_store.update_mine(ctx.conn, mine_id, diff, expected_version):
            raise StaleRecord("mine", before["licence_no"], expected_version, None)
        audit.append(ctx.conn, actor=ctx.actor, action="mine.update", entity="mine", entity_id=mine_id,
                     before={**{k: before[k] for k in diff}, "version": expected_version},
                     after={**diff, "version": expected_version + 1})
        if "valid_from" in diff or "forest_grass" in diff:
            draft_for_licence(ctx, mine_id)
        return {**before, **diff, "version": expected_version + 1}
