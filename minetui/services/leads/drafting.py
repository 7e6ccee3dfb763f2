"""Drafting leads: by hand, and automatically where a capability finds a problem.

- `draft_lead(ctx, LeadDraft) -> int | None` — a new draft (None when its origin already has a lead).
- Automatic drafting: `draft_for_patrol(ctx, patrol_id)` (R-PAT-5, called by services.patrols.write_patrol),
  `draft_for_licence(ctx, mine_id)` (R-LEAD-5, called by the mines import), `draft_for_patch(ctx, patch_id)`
  (R-LEAD-6, called by the patches import), and `draft_missing_leads(ctx) -> Drafted` to back-fill.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from minetui.domain.leads.leads import LeadSource, LeadState, Rule, lead_deadline, route_for
from minetui.domain.model import Section
from minetui.domain.patrols.record import ChecklistItem
from minetui.errors import ServiceError
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.core.settings import lead_config
from minetui.store import audit, db
from minetui.store import leads as store
from minetui.store import patches as patch_store
from minetui.store import patrols as patrol_store


@dataclass(slots=True)
class LeadDraft:
    """A lead to draft. `to_section`/`from_section` default to the rule's route; `arose` (default today) and
    `year` (default arose's year) set the deadline."""

    rule: Rule | str
    kind: str = ""
    to_section: Section | None = None
    from_section: Section | None = None
    from_office: str | None = None
    mine_id: int | None = None
    location: str = ""
    x: float | None = None
    y: float | None = None
    description: str = ""
    arose: date | None = None
    year: int | None = None
    origin_key: str | None = None
    source: LeadSource | None = None
    note: str = ""  # why it was drafted (the trail's first entry)


@dataclass(slots=True)
class Drafted:
    findings: list[int] = field(default_factory=list)
    licences: list[int] = field(default_factory=list)
    patches: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.findings) + len(self.licences) + len(self.patches)





def lead_snapshot(raw: dict[str, Any]) -> dict[str, Any]:
    keep = ("year", "rule", "source", "kind", "from_section", "from_office", "to_section", "mine_id", "location",
            "description", "origin_key", "state", "deadline", "sent_on", "received_on", "closed_on", "outcome",
            "return_reason", "list_decision", "package_id", "version")
    return {k: raw.get(k) for k in keep}


def draft_lead(ctx: Context, draft: LeadDraft) -> int | None:
    """Insert a draft lead with its deadline and first trail entry, audited; None when a lead with the same
    origin exists (nothing written). Refuses a lead without a mine or a location, or without a receiver."""
    route = route_for(draft.rule, draft.kind)
    to = draft.to_section or route.to
    if to is None:
        raise ServiceError(_("a lead needs a receiving section"))
    if draft.mine_id is None and not draft.location.strip():
        raise ServiceError(_("a lead needs a mine or a location"))
    frm = draft.from_section or (route.frm if draft.from_office is None else None)
    if frm is None and draft.from_office is None:
        raise ServiceError(_("a lead needs a sending section or office"))
    authorize(ctx, Action.LEAD_DRAFT, office=draft.from_office, section=frm)
    arose = draft.arose or ctx.today
    year = draft.year or arose.year
    config = lead_config(ctx)
    deadline = lead_deadline(route.rule, arose, year, config.calendar, config.settings, route.kind)
    row = {
        "year": year, "rule": str(route.rule), "source": str(draft.source or route.source), "kind": draft.kind,
        "from_section": str(frm) if frm else None, "from_office": None if frm else draft.from_office,
        "to_section": str(to), "mine_id": draft.mine_id, "location": draft.location.strip(), "x": draft.x,
        "y": draft.y, "description": draft.description.strip(), "origin_key": draft.origin_key,
        "state": str(LeadState.DRAFT), "deadline": deadline.isoformat(), "created_by": ctx.actor,
        "created_at": db.now_utc(),
    }
    with db.write(ctx.conn):
        lead_id = store.insert_lead(ctx.conn, row)
        if lead_id is None:
            return None
        store.insert_event(ctx.conn, lead_id=lead_id, at=row["created_at"], on_day=ctx.today.isoformat(),
                           actor=ctx.actor, action="create", from_state=None, to_state=str(LeadState.DRAFT),
                           reason=draft.note)
        audit.append(ctx.conn, actor=ctx.actor, action="lead.draft", entity="lead", entity_id=lead_id,
                     after=lead_snapshot({**row, "version": 1}))
    return lead_id


def _finding_draft(finding: dict[str, Any]) -> LeadDraft:
    kind = ChecklistItem(finding["kind"])
    suspected = _("(suspected)") if finding["suspected"] else ""
    text = f"{kind.zh}{suspected}" + (f"：{finding['note']}" if finding["note"] else "")
    return LeadDraft(Rule.PATROL, kind=str(kind), from_office=finding["office_code"], mine_id=finding["mine_id"],
                     description=text, arose=date.fromisoformat(finding["patrol_date"]),
                     origin_key=f"finding:{finding['id']}",
                     note=_("Drafted from patrol {id}'s finding (R-PAT-5)").format(id=finding["patrol_id"]))


def draft_for_findings(ctx: Context, findings: Iterable[dict[str, Any]]) -> list[int]:
    """R-PAT-5: a draft lead for each finding (store.findings_for_drafting rows) that has none yet."""
    authorize(ctx, Action.LEAD_BACKFILL)
    drafted = []
    with db.write(ctx.conn):
        for finding in findings:
            lead_id = draft_lead(ctx, _finding_draft(finding))
            if lead_id is not None:
                drafted.append(lead_id)
    return drafted


def draft_for_patrol(ctx: Context, patrol_id: int) -> list[int]:
    """R-PAT-5: draft leads for a patrol's findings (inside the caller's transaction when there is one)."""
    authorize(ctx, Action.LEAD_BACKFILL)
    ids = store.finding_ids_of_patrol(ctx.conn, patrol_id)
    return draft_for_findings(ctx, store.findings_for_drafting(ctx.conn, ids)) if ids else []


def _licence_origin(licence_no: str, valid_from: str) -> str:
    return f"licence:{licence_no}:{valid_from}"


def draft_for_licence(ctx: Context, mine_id: int) -> int | None:
    """R-LEAD-5: a mine that affects forest or grassland, with a licence issued within the look-back window,
    gets a draft to the forestry authority (once per issue date: a renewal is a new issue)."""
    authorize(ctx, Action.LEAD_BACKFILL)

    mine = patrol_store.mine_by_id(ctx.conn, mine_id)
    if mine is None or not mine["forest_grass"] or not mine["valid_from"]:
        return None
    issued = date.fromisoformat(mine["valid_from"])
    config = lead_config(ctx)
    if issued < ctx.today - timedelta(days=config.registration_lookback_days):
        return None
    return draft_lead(ctx, LeadDraft(
        Rule.LEAD_5, mine_id=mine_id, arose=issued,
        description=_("Licence {licence} issued on {day} affects forest or grassland").format(
            licence=mine["licence_no"], day=issued.isoformat()),
        origin_key=_licence_origin(mine["licence_no"], mine["valid_from"]),
        note=_("Drafted on the licence's registration (R-LEAD-5)")))


def _patch_origin(year: int, patch_no: str) -> str:
    return f"patch:{year}:{patch_no}"


def draft_for_patch(ctx: Context, patch_id: int) -> int | None:
    """R-LEAD-6: a patch with forest or grassland damage → a draft to forestry, due the same working day."""
    authorize(ctx, Action.LEAD_BACKFILL)

    patch = patch_store.get_patch(ctx.conn, patch_id)
    if patch is None or not patch["forest_grass_damage"]:
        return None
    place = _("patch {no} at X {x:.2f}, Y {y:.2f}").format(no=patch["patch_no"], x=patch["x"], y=patch["y"])
    area = _(", {area} mu").format(area=patch["area_mu"]) if patch["area_mu"] is not None else ""
    return draft_lead(ctx, LeadDraft(
        Rule.LEAD_6, mine_id=patch["mine_id"], location=place, x=patch["x"], y=patch["y"], year=patch["year"],
        description=_("Forest or grassland damage found by satellite enforcement: {place}{area}").format(
            place=place, area=area),
        origin_key=_patch_origin(patch["year"], patch["patch_no"]),
        note=_("Drafted from the satellite patch (R-LEAD-6)")))


def draft_missing_leads(ctx: Context) -> Drafted:
    """Back-fill: every finding, forest/grass licence issue and damage patch without its lead gets a draft,
    in one transaction."""
    authorize(ctx, Action.LEAD_BACKFILL)

    done = Drafted()
    with db.write(ctx.conn):
        done.findings = draft_for_findings(ctx, store.findings_for_drafting(ctx.conn))
        known = store.origin_keys(ctx.conn, "licence:")
        for mine in store.forest_mines(ctx.conn):
            if _licence_origin(mine["licence_no"], mine["valid_from"]) not in known:
                lead_id = draft_for_licence(ctx, mine["id"])
                if lead_id is not None:
                    done.licences.append(lead_id)
        known = store.origin_keys(ctx.conn, "patch:")
        for patch in patch_store.damage_patches(ctx.conn):
            if _patch_origin(patch["year"], patch["patch_no"]) not in known:
                lead_id = draft_for_patch(ctx, patch["id"])
                if lead_id is not None:
                    done.patches.append(lead_id)
    return done
