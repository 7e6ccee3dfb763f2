"""The demo district (`minetui demo`): a database filled from seeds/ through the real importer.

The database is built in a temporary file beside the target and moved into place only when complete, so a
failed build leaves the old file untouched. A demo database carries the setting 'demo' = '1'; only such a
file is rebuilt silently. Any other file is refused, or with `force` kept beside it under a new name.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from minetui import resources
from minetui.domain.leads.leads import LeadState, Rule
from minetui.domain.model import Section
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.paths import evidence_dir
from minetui.services.core import auth
from minetui.services.core.context import Context
from minetui.services.core.import_engine import ImportRefused
from minetui.services.importing import import_file
from minetui.services.leads import drafting, leads, lists, tips
from minetui.store import audit, db, mines, offices, settings

SEED_KINDS = ("offices", "mines", "corners", "status", "zones", "patrols", "patches")
DEMO_TODAY = date(2026, 11, 29)  # the demo's "today" (tools/make_seeds.py REFERENCE_DAY): drafts are due from it
DEMO_KEY = "demo"
DEMO_ACTOR = "minetui demo"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class NotADemoDatabase(ServiceError):
    """The target file exists and is not a demo database: it is not overwritten without `force`."""


def is_demo_database(path: Path) -> bool:
    return settings.setting_in_file(path, DEMO_KEY) == "1"


def build_demo(path: Path, *, force: bool = False, fill: Callable[[Context], None] | None = None,
               today: date = DEMO_TODAY) -> Path:
    """Create (or rebuild) the demo database at `path` from the seeds (or with `fill`, e.g. the province-scale
    generator of services/demo/province.py); returns `path`.

    Raises NotADemoDatabase when `path` holds another database and `force` is not set; with `force`
    that file is renamed to `<name>.replaced-<UTC time><suffix>` first, never deleted.
    """
    path = Path(path)
    if _exists(path) and not is_demo_database(path):
        if not force:
            raise NotADemoDatabase(_("{path} is not a demo database; refusing to overwrite it "
                                     "(use --force to replace it; the old file is kept beside it)").format(path=path))
        _move_aside(path)
    elif not _exists(path) and evidence_dir(path).exists():  # evidence of no database here: kept, renamed
        _rename_evidence(path, _aside_name(path))
    building = path.with_name(f".{path.name}.building-{os.getpid()}")
    _remove_with_side_files(building)
    try:
        ctx = Context.open(building, actor=DEMO_ACTOR, today=today)
        try:
            (fill or fill_demo)(ctx)
        finally:
            ctx.close()
        _remove_with_side_files(path)
        os.replace(building, path)
        _rename_evidence(building, path)  # the patrols' evidence files, stored beside the built file
    finally:
        _remove_with_side_files(building)
    return path


def fill_demo(ctx: Context) -> None:
    """Import every seed table into an empty database, add the staff, and mark the database as a demo."""
    for kind in SEED_KINDS:
        with resources.seed_path(f"{kind}.csv") as file:
            try:
                import_file(ctx, kind, file, dry_run=False)
            except ImportRefused as exc:
                details = "; ".join(str(p) for p in exc.problems[:5])
                raise ServiceError(_("the demo seeds were refused ({kind}): {details}").format(
                    kind=kind, details=details)) from exc
    with resources.seed_path("staff.csv") as file:
        load_staff(ctx, file)
    with resources.seed_path("leads.csv") as leads_file, resources.seed_path("tips.csv") as tips_file, \
            resources.seed_path("lists.csv") as lists_file:
        load_leads(ctx, leads_file, tips_file, lists_file)
    progress_patrol_leads(ctx)
    load_users(ctx)
    with db.write(ctx.conn):
        before = settings.put_setting(ctx.conn, DEMO_KEY, "1")
        audit.append(ctx.conn, actor=ctx.actor, action="demo.mark", entity="setting", entity_id=DEMO_KEY,
                     before=None if before is None else {DEMO_KEY: before}, after={DEMO_KEY: "1"})


def load_staff(ctx: Context, file: Path) -> int:
    """Add the staff of staff.csv (name, office, title; office = an office code or a Section key)."""
    sections = {str(s) for s in Section}
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with db.write(ctx.conn):
        codes = {o["code"] for o in offices.all_offices(ctx.conn)}
        for row in rows:
            where = row["office"].strip()
            if where not in codes and where not in sections:
                raise ServiceError(_("staff.csv: unknown office or section {value}").format(value=where))
            office_code, section = (where, None) if where in codes else (None, where)
            after = {"name": row["name"], "office_code": office_code, "section": section, "title": row["title"]}
            staff_id = offices.insert_staff(ctx.conn, row["name"], office_code=office_code, section=section,
                                            title=row["title"])
            audit.append(ctx.conn, actor=ctx.actor, action="demo.add", entity="staff", entity_id=staff_id,
                         after=after)
    return len(rows)


# The demo's users (README, "Sign-in and roles"): login, role, office or section, name. For the demo only.
DEMO_PASSWORD = "demo1234"
DEMO_USERS: tuple[tuple[str, str, str | None, str | None, str], ...] = (
    ("admin", "admin", None, None, "系统管理员"),
    ("leader", "supervisor", None, None, "局领导"),
    ("sd01", "office_clerk", "SD01", None, "崔建"),
    ("sd02", "office_clerk", "SD02", None, "韩平志"),
    ("mineral", "section_staff", None, "mineral", "王敏芳"),
    ("enforcement", "section_staff", None, "enforcement", "贾静洋"),
    ("restoration", "section_staff", None, "restoration", "贾平"),
    ("taskforce", "task_force", None, None, "崔国芳"),
)


def load_users(ctx: Context) -> None:
    """The demo users, all with DEMO_PASSWORD, added through the users service inside the build's
    transaction (the demo build is exempt from sign-in: it runs before anyone can sign in)."""
    with db.write(ctx.conn):
        for name, role, office, section, shown in DEMO_USERS:
            auth.add_user(ctx, name, DEMO_PASSWORD, role, office=office, section=section, display_name=shown)


def _rows(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_leads(ctx: Context, leads_file: Path, tips_file: Path, lists_file: Path) -> None:
    """Issue 4's demo: hand-made exchange leads taken through their steps, public tips, list entries."""
    ids = mines.mine_ids_by_licence(ctx.conn)
    for row in _rows(leads_file):
        lead_id = drafting.draft_lead(ctx, drafting.LeadDraft(row["rule"], mine_id=ids[row["licence_no"]],
                                                        description=row["description"], note="示例线索"))
        for step in filter(None, row["steps"].split(";")):
            leads.act(ctx, lead_id or 0, step)
    for row in _rows(tips_file):
        tips.add_tip(ctx, tips.TipInput(row["what"], row["kind"], row["place"], row["licence_no"] or None,
                                        row["reporter"], row["contact"], date.fromisoformat(row["received_on"])))
    for row in _rows(lists_file):
        lists.add_entry(ctx, ids[row["licence_no"]], row["kind"], row["reason"],
                        date_in=date.fromisoformat(row["date_in"]))


# Outcomes the receiving sections write when they close a demo patrol lead.
_DEMO_OUTCOMES = ("已核实，责令整改并复查到位", "已核实，已整改", "经核实不属实")


def progress_patrol_leads(ctx: Context) -> None:
    """The patrol findings' drafts (R-PAT-5) of past months are taken through their steps on plausible days —
    sent before, received on, handled after their deadline, and closed a few weeks later — so that the demo
    bureau is seen forwarding what its offices find, and only the recent ones are still open."""
    from datetime import timedelta

    today = ctx.today
    drafts = [r for r in leads.list_leads(ctx, rules=[Rule.PATROL]) if r.state is LeadState.DRAFT]
    try:
        for number, lead in enumerate(sorted(drafts, key=lambda r: r.id)):
            steps = [(lead.deadline - timedelta(days=2), "send"), (lead.deadline, "receive"),
                     (lead.deadline + timedelta(days=7), "handle")]
            for day, step in steps:
                if day < today:
                    ctx.today = day
                    leads.act(ctx, lead.id, step)
            closing = lead.deadline + timedelta(days=35)
            if closing < today:
                ctx.today = closing
                leads.close(ctx, lead.id, _DEMO_OUTCOMES[number % len(_DEMO_OUTCOMES)])
    finally:
        ctx.today = today


def _exists(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")


def _move_aside(path: Path) -> Path:
    """Rename a database (and its WAL files and evidence folder, which belong to it) out of the way; returns the
    new name."""
    target = _aside_name(path)
    os.replace(path, target)
    for side in _SIDE_FILES:
        extra = Path(f"{path}{side}")
        if extra.exists():
            os.replace(extra, Path(f"{target}{side}"))
    _rename_evidence(path, target)
    return target


def _rename_evidence(old: Path, new: Path) -> None:
    """Move the evidence folder of database `old` to where database `new` keeps its own (paths.evidence_dir)."""
    if evidence_dir(old).exists():
        os.replace(evidence_dir(old), evidence_dir(new))


def _remove_with_side_files(path: Path) -> None:
    """Delete a (demo or half-built) database with its WAL files and its evidence folder."""
    for candidate in (path, *(Path(f"{path}{side}") for side in _SIDE_FILES)):
        candidate.unlink(missing_ok=True)
    shutil.rmtree(evidence_dir(path), ignore_errors=True)
