"""`minetui import patrols`: the planner of the patrols KIND (spec in io/specs.py, driver in
services/core/import_engine.py).

Each row becomes a PatrolRecord and goes through the same checks as the form (services.patrols.prepare_patrol,
i.e. domain.patrols.record.validate_patrol); its problems are reported at the row and the column they concern. The
route and photo file names are resolved relative to the imported file's folder; a missing file is an error at
its row and column. Files are copied into the evidence store only by the writes, inside the import's
transaction; if it fails, the copies no row references are removed again (Plan.on_failure).

Patrols are records of fact, keyed by (licence, date): a row equal to the stored patrol of that mine and day
is unchanged (re-importing a file changes nothing); a different one is refused — an import never rewrites a
recorded patrol.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from minetui.domain.model import Corner
from minetui.domain.patrols.record import ChecklistItem, PatrolMode, PatrolRecord
from minetui.domain.validation import Message, Problem
from minetui.i18n import N_
from minetui.io.evidence import check_readable
from minetui.io.specs import PATROLS
from minetui.io.tablespec import Record
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.services.core.import_engine import UNKNOWN_LICENCE, UNKNOWN_OFFICE, Plan, RecordChange
from minetui.services.patrols import patrols, reading
from minetui.store import evidence as evidence_store
from minetui.store import mines as mine_store
from minetui.store import offices as office_store
from minetui.store import patrols as store

PATROL_DIFFERS = Message("patrol.differs", N_(
    "the mine already has a patrol that day (no. {id}) that differs from this row; an import does not change a "
    "recorded patrol: compare them in the app"))
MINE_WITHOUT_OFFICE = Message("office.mine_has_none", N_(
    "the mine has no natural resources office: give the office that patrolled"))
EVIDENCE_UNREADABLE = Message("evidence.unreadable", N_("{reason} (looked for in the import file's folder)"))

# PatrolRecord field (as Problem.field names it) → import column key.
_FIELD_COLUMNS = {"date": "date", "office_code": "office", "inspectors": "inspectors", "mode": "mode",
                  "drone_reason": "drone_reason", "route_file": "route", "corners_checked": "corners_checked",
                  "village_inquiry": "village_inquiry", "findings": "findings", "photos": "photos",
                  **{str(item): str(item) for item in ChecklistItem}}


class _Facts:
    """Whole-table loads the rows are checked against (a few queries, never one per row)."""

    def __init__(self, ctx: Context, records: list[Record]) -> None:
        conn = ctx.conn
        self.mines = {row["licence_no"]: row for row in mine_store.rows_by_licence(conn).values()}
        self.corners = mine_store.corner_tuples_by_mine(conn)
        self.zone_years = store.zone_years(conn)
        self.office_keys = office_store.office_codes_by_key(conn)
        self.office_codes = set(store.office_codes(conn))
        dates = [r.values["date"] for r in records if isinstance(r.values.get("date"), date)]
        self.existing: dict[tuple[int, str], list[int]] = {}
        if dates:
            for row in store.patrols_on(conn, min(dates), max(dates)):
                self.existing.setdefault((row["mine_id"], row["patrol_date"]), []).append(row["id"])

    def mine_facts(self, row: dict[str, Any]) -> patrols.MineFacts:
        corners = [Corner(p, x, y, ring) for ring, p, x, y in self.corners.get(row["id"], [])]
        return patrols.MineFacts(patrols.mine_from_row(row), corners, frozenset(self.zone_years.get(row["id"], ())))


def plan_patrols(ctx: Context, records: list[Record], *, folder: Path) -> Plan:
    """Check every row; the writes record the new patrols with their evidence."""
    plan, facts = Plan(), _Facts(ctx, records)
    batch: list[Any] = []  # the EvidenceBatch, made by the first write that copies a file

    for record in records:
        licence = record.values.get("licence_no")
        mine = facts.mines.get(licence) if licence is not None else None
        if licence is not None and mine is None:
            plan.problems.append(record.problem("licence_no", UNKNOWN_LICENCE))
        if not record.ok or mine is None:
            continue
        _plan_row(ctx, plan, facts, record, mine, folder, batch)

    def undo(c: Context) -> None:
        if batch:
            batch[0].discard_unreferenced(lambda sha: evidence_store.is_known(c.conn, sha))

    plan.on_failure.append(undo)
    return plan


def _plan_row(ctx: Context, plan: Plan, facts: _Facts, record: Record, mine: dict[str, Any], folder: Path,
              batch: list[Any]) -> None:
    office = _office(plan, facts, record, mine)
    evidence, files_ok = _evidence(plan, record, folder)
    if office is None:
        return
    right = auth.check(ctx, auth.Action.PATROL_RECORD, office=office)  # a clerk imports their own office's only
    if not right.allowed:
        plan.problems.append(record.locate(Problem.text("office.not_allowed", right.reason).at(field="office")))
        return
    prepared = patrols.prepare_patrol(ctx, facts.mine_facts(mine), _record(record, office), evidence=evidence,
                                      offices=facts.office_codes)
    plan.problems.extend(_problem(record, p) for p in prepared.problems)
    if prepared.errors or not files_ok:
        return
    key = f"{record.values['licence_no']} {prepared.record.date.isoformat()}"
    existing = facts.existing.get((mine["id"], prepared.record.date.isoformat()), [])
    if existing:
        if not any(_same(reading.patrol_detail(ctx, pid).record, prepared.record) for pid in existing):
            plan.problems.append(record.problem("date", PATROL_DIFFERS, id=existing[0]))
            return
        plan.record(RecordChange(key, "same", record.row))
        return
    plan.record(RecordChange(key, "add", record.row, {"patrol": (None, key)}), _write(prepared, batch))


def _write(prepared: patrols.Prepared, batch: list[Any]):
    def write(ctx: Context) -> None:
        if prepared.evidence and not batch:
            batch.append(patrols.evidence_batch(ctx))
        stored = [(role, batch[0].add(path)) for role, path in prepared.evidence]
        patrols.write_patrol(ctx, prepared, stored, action="import.add")
    return write


def _office(plan: Plan, facts: _Facts, record: Record, mine: dict[str, Any]) -> str | None:
    """The patrolling office: the row's (code or name), else the mine's."""
    given = record.values.get("office")
    if given is None:
        if mine["office_code"] is None:
            plan.problems.append(record.problem("office", MINE_WITHOUT_OFFICE))
        return mine["office_code"]
    code = facts.office_keys.get(given)
    if code is None:
        plan.problems.append(record.problem("office", UNKNOWN_OFFICE))
    return code


def _evidence(plan: Plan, record: Record, folder: Path) -> tuple[list[patrols.EvidenceInput], bool]:
    """The readable files the row names, resolved in `folder`, and whether all were (each missing or
    unreadable one is an error at its column)."""
    drone = record.values.get("mode") is PatrolMode.DRONE
    wanted = [("route", patrols.EvidenceRole.ROUTE, record.values.get("route"))]
    wanted.append(("photos", patrols.EvidenceRole.AERIAL if drone else patrols.EvidenceRole.PHOTO,
                   record.values.get("photos")))
    wanted.append(("aerial_photos", patrols.EvidenceRole.AERIAL, record.values.get("aerial_photos")))
    inputs, ok = [], True
    for key, role, names in wanted:
        for name in [names] if isinstance(names, str) else names or []:
            path = folder / name
            reason = check_readable(path)
            if reason is not None:
                plan.problems.append(record.problem(key, EVIDENCE_UNREADABLE, reason=reason).at(raw=name))
                ok = False
                continue
            inputs.append(patrols.EvidenceInput(path, role))
    return inputs, ok


def _record(record: Record, office: str) -> PatrolRecord:
    v = record.values
    mode = v.get("mode") or PatrolMode.ON_SITE
    photos = v.get("photos") or []
    return PatrolRecord(
        date=v["date"], office_code=office, inspectors=list(v.get("inspectors") or []), mode=mode,
        drone_reason=v.get("drone_reason"), route_file=v.get("route"),
        corners_checked=list(v.get("corners_checked") or []),
        checklist={item: v[str(item)] for item in ChecklistItem if v.get(str(item)) is not None},
        village_inquiry=v.get("village_inquiry"), findings=v.get("findings") or "",
        photos=[] if mode is PatrolMode.DRONE else list(photos),
        aerial_photos=[*(photos if mode is PatrolMode.DRONE else []), *(v.get("aerial_photos") or [])],
    )


def _problem(record: Record, found: Problem) -> Problem:
    """A record problem at its import column (the header as written, or the spec's title if absent)."""
    key = _FIELD_COLUMNS.get(found.field, "")
    if found.field == "aerial_photos":
        key = "aerial_photos" if record.sources.get("aerial_photos", ("", ""))[1] else "photos"
    if key in record.sources:
        title, raw = record.sources[key]
    else:
        title, raw = (PATROLS.column(key).title if key else ""), ""
    return found.at(file=record.file, row=record.row, column=title, raw=raw)


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _comparable(record: PatrolRecord) -> tuple[Any, ...]:
    return (
        record.date, _norm(record.office_code), [_norm(n) for n in record.inspectors if _norm(n)], str(record.mode),
        _norm(record.drone_reason), _norm(record.route_file),
        sorted({_norm(p) for p in record.corners_checked if _norm(p)}),
        sorted((str(k), str(c.answer), c.note.strip()) for k, c in record.checklist.items()),
        _norm(record.village_inquiry), (record.findings or "").strip(),
        sorted({Path(n).name for n in record.photos}), sorted({Path(n).name for n in record.aerial_photos}),
    )


def _same(stored: PatrolRecord, new: PatrolRecord) -> bool:
    return _comparable(stored) == _comparable(new)
