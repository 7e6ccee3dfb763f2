"""The import engine behind every KIND of the bureau's spreadsheets (formats.md); services/importing.py says which
planner imports which KIND.

All or nothing: the file is read and every row parsed first; then, inside one write transaction, references
are resolved against the database (and rows of the same file), the rows are compared with what is stored,
and only when there is no error at all is anything written — one audit row per added or changed record.
Every error is collected and raised together in `ImportRefused`.

A KIND is a spec in io/specs.py plus a planner in its capability (mines/imports.py, patrols/imports.py,
leads/patches.py): the planner turns parsed records into `RecordChange`s, problems, and the writes that apply
them. The helpers below (diff, subset, audit_change, licence_refs, …) are the planners' shared vocabulary.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from minetui.domain.validation import Message, Problem, errors, sorted_problems, warnings
from minetui.errors import ServiceError
from minetui.i18n import N_, _
from minetui.io.readers import TableError, read_table
from minetui.io.specs import SPECS
from minetui.io.tablespec import Record, parse_table
from minetui.services.core.context import Context
from minetui.store import audit, db

Action = Literal["add", "change", "same"]


@dataclass(frozen=True, slots=True)
class RecordChange:
    """What the import does to one record: `changes` maps field → (before, after) for an add or change."""

    key: str
    action: Action
    row: int
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(slots=True)
class ImportReport:
    kind: str
    file: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    details: list[RecordChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. zones created by a zones import
    dry_run: bool = False


# Problems every importer that refers to mines or offices finds.
UNKNOWN_LICENCE = Message("licence.unknown", N_("unknown licence number (import the mines first)"))
UNKNOWN_OFFICE = Message("office.unknown", N_("unknown office (a code or name of an imported office)"))


class ImportRefused(ServiceError):
    """The file has errors; nothing was written. `problems` holds every error, `warnings` the rest."""

    def __init__(self, file: str, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.file, self.problems, self.warnings = file, problems, warnings or []
        super().__init__(_("import refused: {count} error(s) in {file}; nothing was written").format(
            count=len(problems), file=file))


Write = Callable[[Context], None]


@dataclass(slots=True)
class Plan:
    """A planner's answer: per-record outcomes, the problems it found, and the writes to run."""

    details: list[RecordChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    on_failure: list[Write] = field(default_factory=list)  # undo outside the database (e.g. copied files)

    def record(self, change: RecordChange, write: Write | None = None) -> None:
        self.details.append(change)
        if write is not None and change.action != "same":
            self.writes.append(write)


Planner = Callable[[Context, list[Record]], Plan]


def run_import(ctx: Context, kind: str, path: Path, planner: Planner, *, dry_run: bool = False) -> ImportReport:
    """Import `path` as `kind` with its planner, all or nothing (the caller has checked the right to).
    Raises ImportRefused on any error."""
    if kind not in SPECS:
        raise ServiceError(_("unknown import kind {kind}; use one of {kinds}").format(
            kind=kind, kinds=", ".join(SPECS)))
    with _collector_paused():
        return _import(ctx, kind, path, planner, dry_run=dry_run)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is read, checked and written. An import builds
    hundreds of thousands of long-lived objects (cells, records, the plan) and each full collection walks all
    of them again: a fifth of a 100,000-row import. Reference counting still frees everything meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(ctx: Context, kind: str, path: Path, planner: Planner, *, dry_run: bool) -> ImportReport:
    spec = SPECS[kind]
    try:
        table = read_table(path, spec.header_words())
    except TableError as exc:
        raise ImportRefused(path.name, [exc.problem.at(file=path.name)]) from exc
    records, problems = parse_table(table, spec)
    if any(p.is_error and p.row == table.header_row for p in problems):
        raise ImportRefused(table.file, errors(problems), warnings(problems))
    if dry_run:
        plan = planner(ctx, records)
        return _report(kind, table.file, _checked(table.file, problems, plan), plan, dry_run=True)
    plan = Plan()
    try:
        with db.write(ctx.conn):
            plan = planner(ctx, records)
            found = _checked(table.file, problems, plan)
            _apply(ctx, plan)
    except BaseException:
        for undo in plan.on_failure:
            undo(ctx)
        raise
    return _report(kind, table.file, found, plan, dry_run=False)


def _apply(ctx: Context, plan: Plan) -> None:
    """Run the plan's writes (inside run_import's transaction): the import's database write part."""
    for write in plan.writes:
        write(ctx)


def _checked(file: str, parse_problems: list[Problem], plan: Plan) -> list[Problem]:
    """All problems in order; raises ImportRefused when any is an error."""
    found = sorted_problems([*parse_problems, *plan.problems])
    if errors(found):
        raise ImportRefused(file, errors(found), warnings(found))
    return found


def _report(kind: str, file: str, found: list[Problem], plan: Plan, *, dry_run: bool) -> ImportReport:
    count = {action: sum(1 for d in plan.details if d.action == action) for action in ("add", "change", "same")}
    return ImportReport(kind, file, count["add"], count["change"], count["same"], warnings(found),
                        plan.details, plan.notes, dry_run)


def audit_change(ctx: Context, action: Action, entity: str, entity_id: str | int, before: Any, after: Any) -> None:
    audit.append(ctx.conn, actor=ctx.actor, action=_verb(action), entity=entity, entity_id=entity_id,
                 before=before if action != "add" else None, after=after)


def audit_entry(action: Action, entity: str, entity_id: str | int, before: Any, after: Any) -> audit.Entry:
    """The audit row `audit_change` would append, for a batch (audit.append_many)."""
    return audit.Entry(_verb(action), entity, entity_id, before if action != "add" else None, after)


def _verb(action: Action) -> str:
    return "import.add" if action == "add" else "import.update"


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[Action, dict[str, tuple[Any, Any]]]:
    """Compare the stored row with the file's (only the keys the file has); floats to 6 decimals."""
    if before is None:
        return "add", {k: (None, v) for k, v in after.items()}
    changes = {k: (before.get(k), v) for k, v in after.items() if not same(before.get(k), v)}
    return ("change" if changes else "same"), changes


def same(old: Any, new: Any) -> bool:
    if isinstance(old, float | int) and isinstance(new, float | int) and not isinstance(new, bool):
        return round(float(old), 6) == round(float(new), 6)
    return old == new


def licence_refs(plan: Plan, records: list[Record], ids: dict[str, int]) -> list[tuple[Record, int]]:
    """Valid records with the mine id of their licence; an unknown licence is an error at its row (checked
    for invalid records too, so every error is reported)."""
    found = []
    for record in records:
        licence = record.values.get("licence_no")
        mine_id = ids.get(licence) if licence is not None else None
        if licence is not None and mine_id is None:
            plan.problems.append(record.problem("licence_no", UNKNOWN_LICENCE))
        elif record.ok and mine_id is not None:
            found.append((record, mine_id))
    return found


def valid(records: list[Record]) -> list[Record]:
    return [r for r in records if r.ok]

def subset(row: dict[str, Any] | None, like: dict[str, Any]) -> dict[str, Any] | None:
    return None if row is None else {k: row.get(k) for k in like}


def or_stored(value: Any, default: Any, present: bool) -> Any:
    """The file's value when its column is present (blank → ''), else the stored one."""
    if not present:
        return default
    return "" if value is None else value
