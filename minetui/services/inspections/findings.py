"""Findings of verifications, surveys and spot-checks (table inspection_findings) and their leads.

`record_findings` runs inside the caller's write transaction: it stores each finding once per origin
(source, source_id, kind) and hands it to the leads service, which drafts an R-LEAD-1 lead (矿管股 → 执法机构)
— or, for a spot-check finding, a lead to the section named. The coupling with the leads service is in one
function, `_draft_lead`; when that service is absent the finding is stored all the same, with its rule, and
the leads back-fill (`draft_missing_leads`) picks it up later.

API: `record_findings(ctx, mine_id=, source=, source_id=, year=, found=, replace=False) -> list[FindingView]`,
`findings_of(ctx, source=, source_id=, mine_id=) -> list[FindingView]`, `draft_missing_inspection_leads(ctx)`
(the back-fill for findings stored while no leads service was there); a lead's origin key is
`inspection_finding:<id>` (`origin_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minetui.domain.inspections.verification import FINDING_RULE, InspectionFinding
from minetui.domain.leads.leads import LeadSource, Rule
from minetui.domain.model import Section
from minetui.i18n import _
from minetui.services.core.auth import Action, authorize
from minetui.services.core.context import Context
from minetui.services.leads import drafting
from minetui.store import audit, db
from minetui.store import inspections as store

SOURCES = ("verification", "survey", "spotcheck")
SOURCE_RIGHTS = {"verification": Action.VERIFICATION_RECORD, "survey": Action.SURVEY_RECORD,
                 "spotcheck": Action.SPOTCHECK_RECORD}


@dataclass(frozen=True, slots=True)
class FindingView:
    id: int
    mine_id: int
    source: str
    source_id: int
    kind: str
    rule: str
    receiver: Section
    note: str
    created_at: str


def _view(row: dict[str, Any]) -> FindingView:
    return FindingView(row["id"], row["mine_id"], row["source"], row["source_id"], row["kind"], row["rule"],
                       Section(row["receiver"]), row["note"], row["created_at"])


def findings_of(ctx: Context, *, source: str | None = None, source_id: int | None = None,
                mine_id: int | None = None) -> list[FindingView]:
    return [_view(r) for r in store.findings(ctx.conn, source=source, source_id=source_id, mine_id=mine_id)]


def record_findings(ctx: Context, *, mine_id: int, source: str, source_id: int, year: int,
                    found: Sequence[InspectionFinding], replace: bool = False) -> list[FindingView]:
    """Store the findings of one inspection (each origin once) and draft their leads; audited.

    `replace`: the inspection's result was corrected — findings it no longer raises are removed (a lead
    already drafted from one stays, for the receiving section to close).
    """
    authorize(ctx, SOURCE_RIGHTS.get(source, Action.SPOTCHECK_RECORD))
    assert source in SOURCES
    with db.write(ctx.conn):
        if replace:
            store.delete_findings(ctx.conn, source, source_id, [f.kind for f in found])
        now = db.now_utc()
        for finding in found:
            row = {"mine_id": mine_id, "source": source, "source_id": source_id, "kind": finding.kind,
                   "rule": finding.rule, "receiver": str(finding.receiver), "note": finding.note, "created_at": now}
            finding_id = store.insert_finding(ctx.conn, row)
            if finding_id is None:
                continue
            audit.append(ctx.conn, actor=ctx.actor, action="finding.add", entity="inspection_finding",
                         entity_id=finding_id, after=row)
            _draft_lead(ctx, finding_id, row, year)
    return findings_of(ctx, source=source, source_id=source_id)


def origin_key(finding_id: int) -> str:
    """The leads' origin key of an inspection finding: one finding never yields two leads."""
    return f"inspection_finding:{finding_id}"


def _draft_lead(ctx: Context, finding_id: int, row: dict[str, Any], year: int) -> int | None:
    """Draft the lead of a stored finding.

    Verification and survey findings are R-LEAD-1 leads (矿管股 → 执法机构, due Nov 30 of the inspection's year);
    a spot-check finding is a lead from the 矿管股 (which organises it) to the section named.
    """
    words = {"verification": _("Field verification"), "survey": _("Special survey"), "spotcheck": _("Spot-check")}
    description = f"{words[row['source']]}：{row['note'] or row['kind']}"
    if row["rule"] == FINDING_RULE:
        draft = drafting.LeadDraft(Rule.LEAD_1, mine_id=row["mine_id"], description=description, year=year,
                                origin_key=origin_key(finding_id), source=LeadSource.VERIFICATION,
                                note=_("Drafted from an inspection finding (R-LEAD-1)"))
    else:
        draft = drafting.LeadDraft(Rule.MANUAL, to_section=Section(row["receiver"]), from_section=Section.MINERAL,
                                mine_id=row["mine_id"], description=description, year=year,
                                origin_key=origin_key(finding_id), source=LeadSource.MANUAL,
                                note=_("Drafted from a joint spot-check finding (R-SPOT-1)"))
    return drafting.draft_lead(ctx, draft)


def draft_missing_inspection_leads(ctx: Context) -> list[int]:
    """Back-fill: a draft lead for every inspection finding that has none."""
    authorize(ctx, Action.LEAD_BACKFILL)
    drafted = []
    with db.write(ctx.conn):
        for row in store.findings(ctx.conn):
            lead_id = _draft_lead(ctx, row["id"], row, store.finding_year(ctx.conn, row))
            if lead_id is not None:
                drafted.append(lead_id)
    return drafted
