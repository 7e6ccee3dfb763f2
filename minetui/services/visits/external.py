"""Other agencies' visits to a mine, entered by hand (R-VISIT-1): they count as visits to the enterprise, and the
planner joins tasks to them where the windows allow."""

from __future__ import annotations

from datetime import date
from typing import Any

from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.store import audit, db
from minetui.store import visits as store


def add_external(ctx: Context, licence_no: str, day: date, agency: str, text: str = "") -> int:
    """Note a visit another agency makes to a mine on `day` (the planner joins tasks to it)."""
    authorize(ctx, Action.VISIT_PLAN)
    mine = store.mines_by_licence(ctx.conn).get(licence_no.strip())
    if mine is None:
        raise ServiceError(_("no mine with licence no. {licence}").format(licence=licence_no))
    if not agency.strip():
        raise ServiceError(_("name the agency that visits"))
    row = {"mine_id": mine["id"], "visit_date": day.isoformat(), "agency": agency.strip(), "label": text.strip(),
           "created_by": ctx.actor, "created_at": db.now_utc()}
    with db.write(ctx.conn):
        if any(r["mine_id"] == mine["id"] and r["agency"] == row["agency"]
               for r in store.external_between(ctx.conn, day, day)):
            raise ServiceError(_("{agency}'s visit to {licence} on {date} is entered already").format(
                agency=row["agency"], licence=licence_no, date=day.isoformat()))
        external_id = store.insert_external(ctx.conn, row)
        audit.append(ctx.conn, actor=ctx.actor, action="external_visit.add", entity="external_visit",
                     entity_id=external_id, after={k: row[k] for k in ("mine_id", "visit_date", "agency", "label")})
    return external_id


def external_rows(ctx: Context, start: date, end: date, office: str | None = None) -> list[dict[str, Any]]:
    return [{"id": r["id"], "licence_no": r["licence_no"], "mine": r["mine_name"], "date": r["visit_date"],
             "agency": r["agency"], "label": r["label"]}
            for r in store.external_between(ctx.conn, start, end, office=office)]
