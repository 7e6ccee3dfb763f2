"""Joint spot-checks (联合抽查, R-SPOT-1): a trigger opens a task at any mine; its result and findings.

API for the TUI and the CLI (rules in domain/inspections/spotchecks.py):

- `open_spotcheck(ctx, mine_id, trigger, sections=()) -> Opened` — records the trigger (media: outlet, date,
  link; 环保督察 (central/provincial/city), 巡视/巡察, 审计: document, date) and opens the task with its window
  (setting spotcheck.window_days, default 30, from the trigger's date) and sections (矿管股, 生态修复股 + chosen);
  errors raise SpotCheckRefused (nothing written); entity 'spotcheck';
- `spotcheck_rows(ctx, *, year=None, mine_id=None, start=None, end=None) -> list[SpotCheckRow]` — with state on
  ctx.today (open/done/overdue);
- `record_result(ctx, spotcheck_id, result, findings=[(Section, note)…], expected_version) -> SpotCheckRow` —
  the date, inspectors (≥ 2) and what was found; each finding goes to its section as a lead;
- `spotcheck_detail(ctx, spotcheck_id) -> SpotCheckRow` (with `findings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from minetui.domain.inspections.spotchecks import (
    InspectionLevel,
    SpotCheckResult,
    SpotCheckState,
    Trigger,
    TriggerKind,
    sections,
    spotcheck_state,
    validate_result,
    validate_trigger,
    window,
)
from minetui.domain.inspections.verification import InspectionFinding, names
from minetui.domain.model import Section
from minetui.domain.validation import Problem
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import N_, _
from minetui.services.core import settings
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.inspections.findings import FindingView, findings_of, record_findings
from minetui.store import audit, db
from minetui.store import inspections as store
from minetui.store import patrols as patrol_store

LIST_SEPARATOR = "、"
FINDING_RULE = "R-SPOT-1"


@dataclass(frozen=True, slots=True)
class SpotCheckRow:
    id: int
    mine_id: int
    licence_no: str
    mine_name: str
    office_code: str | None
    trigger: Trigger
    window_start: date
    window_end: date
    sections: tuple[Section, ...]
    state: SpotCheckState
    check_date: date | None
    inspectors: tuple[str, ...]
    result: str
    version: int
    findings: tuple[FindingView, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Opened:
    id: int
    window_start: date
    window_end: date
    sections: tuple[Section, ...]
    warnings: list[Problem]


class SpotCheckRefused(ServiceError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(_("spot-check refused:") + "\n  " + "\n  ".join(p.message for p in problems if p.is_error))


def _row(ctx: Context, r: dict[str, Any]) -> SpotCheckRow:
    trigger = Trigger(TriggerKind(r["trigger_kind"]), r["trigger_source"], date.fromisoformat(r["trigger_date"]),
                      r["trigger_link"], InspectionLevel(r["trigger_level"]) if r["trigger_level"] else None)
    end = date.fromisoformat(r["window_end"])
    done = date.fromisoformat(r["check_date"]) if r["status"] == "done" else None
    return SpotCheckRow(r["id"], r["mine_id"], r["licence_no"], r["mine_name"], r["office_code"], trigger,
                        date.fromisoformat(r["window_start"]), end,
                        tuple(Section(s) for s in (r["sections"] or "").split(",") if s),
                        spotcheck_state(end, done, ctx.today), done,
                        tuple(n for n in r["inspectors"].split(LIST_SEPARATOR) if n), r["result"], r["version"])


def spotcheck_rows(ctx: Context, *, year: int | None = None, mine_id: int | None = None, start: date | None = None,
                   end: date | None = None) -> list[SpotCheckRow]:
    """Spot-checks triggered in `year` / of one mine / with a window overlapping start…end, by window."""
    return [_row(ctx, r) for r in store.spotchecks(ctx.conn, year=year, start=start, end=end, mine_id=mine_id)]


def spotcheck_detail(ctx: Context, spotcheck_id: int) -> SpotCheckRow:
    stored = store.get_spotcheck(ctx.conn, spotcheck_id)
    if stored is None:
        raise ServiceError(_("no spot-check with id {id}").format(id=spotcheck_id))
    return replace(_row(ctx, stored), findings=tuple(findings_of(ctx, source="spotcheck", source_id=spotcheck_id)))


def open_spotcheck(ctx: Context, mine_id: int, trigger: Trigger, chosen: Sequence[Section | str] = ()) -> Opened:
    """Record the trigger and open the task (any mine, zone or not)."""
    authorize(ctx, Action.SPOTCHECK_OPEN)
    if patrol_store.mine_by_id(ctx.conn, mine_id) is None:
        raise ServiceError(_("no mine with id {id}").format(id=mine_id))
    try:
        attending = sections(chosen)
    except ValueError as exc:
        raise ServiceError(_("unknown section {section}").format(section=exc)) from exc
    problems = validate_trigger(trigger, ctx.today)
    if any(p.is_error for p in problems):
        raise SpotCheckRefused(problems)
    start, end = window(trigger.day, settings.get(ctx, settings.SPOTCHECK_WINDOW_DAYS))
    now = db.now_utc()
    trigger_row = {"kind": str(trigger.kind), "level": str(trigger.level) if trigger.level else None,
                   "source": trigger.source.strip(), "trigger_date": trigger.day.isoformat(),
                   "link": trigger.link.strip(), "note": trigger.note.strip(), "created_by": ctx.actor,
                   "created_at": now}
    task_row = {"mine_id": mine_id, "window_start": start.isoformat(), "window_end": end.isoformat(),
                "created_by": ctx.actor, "created_at": now}
    with db.write(ctx.conn):
        trigger_id = store.insert_trigger(ctx.conn, trigger_row)
        spotcheck_id = store.insert_spotcheck(ctx.conn, {**task_row, "trigger_id": trigger_id},
                                              [str(s) for s in attending])
        audit.append(ctx.conn, actor=ctx.actor, action="spotcheck.open", entity="spotcheck", entity_id=spotcheck_id,
                     after={"trigger": trigger_row, **task_row, "sections": [str(s) for s in attending]})
    return Opened(spotcheck_id, start, end, attending, [p for p in problems if not p.is_error])


def record_result(ctx: Context, spotcheck_id: int, result: SpotCheckResult,
                  found: Sequence[tuple[Section | str, str]] = (), *,
                  expected_version: int | None = None) -> SpotCheckRow:
    """Record (or correct, with its version) what the spot-check found; each finding to its section."""
    authorize(ctx, Action.SPOTCHECK_RECORD)
    stored = store.get_spotcheck(ctx.conn, spotcheck_id)
    if stored is None:
        raise ServiceError(_("no spot-check with id {id}").format(id=spotcheck_id))
    problems = validate_result(result, date.fromisoformat(stored["window_start"]), ctx.today)
    try:
        findings = [InspectionFinding(str(Section(str(s))), note.strip(), Section(str(s)), FINDING_RULE)
                    for s, note in found]
    except ValueError as exc:
        raise ServiceError(_("unknown section {section}").format(section=exc)) from exc
    if any(not f.note for f in findings):
        problems.append(Problem("spotcheck.finding_without_description", N_(
            "Findings: each finding needs a description"), {}, field="findings"))
    if any(p.is_error for p in problems):
        raise SpotCheckRefused(problems)
    version = stored["version"] if expected_version is None else expected_version
    changes = {"status": "done", "check_date": result.day.isoformat(),
               "inspectors": LIST_SEPARATOR.join(names(result.inspectors)), "result": result.result.strip()}
    with db.write(ctx.conn):
        if not store.update_spotcheck(ctx.conn, spotcheck_id, changes, version):
            raise StaleRecord("spotcheck", str(spotcheck_id), version, stored["version"])
        audit.append(ctx.conn, actor=ctx.actor, action="spotcheck.result", entity="spotcheck",
                     entity_id=spotcheck_id, before={k: stored[k] for k in changes},
                     after={**changes, "findings": [[f.kind, f.note] for f in findings]})
        record_findings(ctx, mine_id=stored["mine_id"], source="spotcheck", source_id=spotcheck_id,
                        year=int(stored["window_start"][:4]), found=findings, replace=True)
    return spotcheck_detail(ctx, spotcheck_id)
