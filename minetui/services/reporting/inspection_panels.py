"""Field verification, special surveys and joint spot-checks on the dashboard, in the meeting brief and in the
deadline list (reporting/model.py's sources).

- `year_progress(ctx, year) -> list[Progress]` — listed / done / overdue of the year's verification list and of
  the survey rounds the district organises itself vs those of the city bureau or provincial dept — counted
  from the same rows as the reports verification-list and surveys;
- `dashboard_panel(ctx)`, `brief_section(ctx)`, `notice_progress(ctx, year)` — that progress on the home screen
  (Enter opens the verification or surveys screen), in the brief and in its table of the notice's duties;
- `spotcheck_section(ctx)` — the spot-checks opened in the last brief.recent_days days, and the year's open
  and overdue ones;
- `verification_deadlines`, `survey_deadlines`, `spotcheck_deadlines` (ctx, start, end) — per record: the
  verification list's due day with how many are not done, each survey round's end with the mines still owed
  per organiser, each open spot-check's window end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from minetui.domain.inspections.spotchecks import SpotCheckState
from minetui.domain.inspections.surveys import Organiser, SurveyState
from minetui.domain.inspections.verification import VerificationState
from minetui.domain.model import Section
from minetui.i18n import _, label
from minetui.services.core import settings
from minetui.services.core.context import Context
from minetui.services.inspections.spotchecks import spotcheck_rows
from minetui.services.inspections.surveys import survey_rows
from minetui.services.inspections.verification import verification_due, verification_list
from minetui.services.reporting.model import BriefSection, DeadlineItem, Figure, Link, Panel, PanelRow


@dataclass(frozen=True, slots=True)
class Progress:
    """One line of the year's progress: what (key 'verification', 'surveys-ours', 'surveys-theirs'), counts,
    and where the list behind it is (target screen and its parameters)."""

    key: str
    title: str
    listed: int
    done: int
    overdue: int
    target: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return _("{done} of {listed} done, {overdue} overdue").format(done=self.done, listed=self.listed,
                                                                     overdue=self.overdue)


def verification_progress(ctx: Context, year: int) -> Progress:

    states = Counter(r.state for r in verification_list(ctx, year))
    return Progress("verification", _("Field verification (R-VER-1)"), sum(states.values()),
                    states[VerificationState.DONE], states[VerificationState.OVERDUE], "verification", {"year": year})


def survey_progress(ctx: Context, year: int) -> list[Progress]:
    """The district's own rounds, then the city's/province's (rows as the surveys report lists them)."""

    rows = survey_rows(ctx, year)
    found = []
    for external, key, title in ((False, "surveys-ours", _("Special surveys, organised by the district")),
                                 (True, "surveys-theirs", _("Special surveys, by the city or province"))):
        states = Counter(r.state for r in rows if r.external is external)
        found.append(Progress(key, title, sum(states.values()), states[SurveyState.DONE], states[SurveyState.OVERDUE],
                              "surveys", {"year": year, "external": external}))
    return found


def year_progress(ctx: Context, year: int) -> list[Progress]:
    return [verification_progress(ctx, year), *survey_progress(ctx, year)]


# --- the dashboard and the brief ------------------------------------------------------------------------------

def dashboard_panel(ctx: Context) -> Panel | None:
    """Verification and survey progress of the year (None when nothing is listed or owed this year)."""

    year = ctx.today.year
    progress = year_progress(ctx, year)
    if not any(p.listed for p in progress):
        return None
    rows = [PanelRow(p.title, [Figure(n, Link(p.target, p.params)) for n in (p.listed, p.done, p.overdue)])
            for p in progress]
    headers = [_("Task"), _("Listed"), _("Done"), _("Overdue")]
    return Panel("verification", _("Verification and survey progress, {year}").format(year=year), headers, rows)


def brief_section(ctx: Context) -> BriefSection | None:
    """The year's verification and survey progress as a table (None when nothing is listed or owed)."""

    year = ctx.today.year
    progress = year_progress(ctx, year)
    if not any(p.listed for p in progress):
        return None
    rows = [[p.title, str(p.listed), str(p.done), str(p.overdue)] for p in progress]
    return BriefSection("inspections", _("Verification and survey progress, {year}").format(year=year),
                        headers=[_("Task"), _("Listed"), _("Done"), _("Overdue")], rows=rows)


def notice_progress(ctx: Context, year: int) -> dict[str, str]:
    """R-SUR-1: every survey round of the year, whoever organises it."""
    rounds = survey_progress(ctx, year)
    listed = sum(p.listed for p in rounds)
    if not listed:
        return {}
    done, overdue = sum(p.done for p in rounds), sum(p.overdue for p in rounds)
    return {"R-SUR-1": _("{done} of {listed} rounds done, {overdue} overdue").format(
        done=done, listed=listed, overdue=overdue)}


def spotcheck_section(ctx: Context) -> BriefSection | None:
    """Spot-checks opened in the last N days (brief.recent_days) and the year's still open or overdue ones
    (None when there is no spot-check this year or in the last N days)."""

    days = settings.get(ctx, settings.BRIEF_RECENT_DAYS)
    since = ctx.today - timedelta(days=days)
    year_rows = spotcheck_rows(ctx, year=ctx.today.year)
    recent = [r for r in spotcheck_rows(ctx, start=since, end=ctx.today) if since <= r.trigger.day <= ctx.today]
    if not year_rows and not recent:
        return None
    states = Counter(r.state for r in year_rows)
    lines = [_("{n} opened in the last {days} days; this year {total}: {open} open, {overdue} overdue, {done} done")
             .format(n=len(recent), days=days, total=len(year_rows), open=states[SpotCheckState.OPEN],
                     overdue=states[SpotCheckState.OVERDUE], done=states[SpotCheckState.DONE])]
    rows = [[r.trigger.day.isoformat(), r.mine_name, label(r.trigger.kind), r.trigger.source,
             r.window_end.isoformat(), label(r.state)] for r in recent]
    headers = [_("Triggered on"), _("Mine"), _("Trigger"), _("Source"), _("Window ends"), _("State")] if rows else []
    return BriefSection("spotchecks", _("Joint spot-checks opened"), lines, headers, rows)


# --- the deadline list ----------------------------------------------------------------------------------------

def verification_deadlines(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """The verification list's due day, with how many mines are not verified yet."""

    for year in range(start.year, end.year + 1):
        due = verification_due(ctx, year)
        if not start <= due <= end:
            continue
        left = sum(r.state is not VerificationState.DONE for r in verification_list(ctx, year))
        if left:
            yield DeadlineItem(due, "R-VER-1", f"{year}年度实地核查：尚有{left}座矿山未核查",
                               f"Field verification {year}: {left} mines not verified yet", label(Section.MINERAL),
                               source="verification", count=left)


def survey_deadlines(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """Each survey round's end, with the mines still owed, per organiser."""

    for year in range(start.year, end.year + 1):
        owed: Counter[tuple[date, int, Organiser]] = Counter(
            (r.end, r.round, r.organiser) for r in survey_rows(ctx, year)
            if r.state is not SurveyState.DONE and start <= r.end <= end)
        for (day, round_no, organiser), n in sorted(owed.items()):
            yield DeadlineItem(day, "R-SUR-1", f"第{round_no}轮专项勘测尚有{n}座矿山未完成",
                               f"Special survey round {round_no}: {n} mines owed", label(organiser),
                               source="survey", count=n)


def spotcheck_deadlines(ctx: Context, start: date, end: date) -> Iterable[DeadlineItem]:
    """Each spot-check not done whose window ends in start…end."""

    for row in spotcheck_rows(ctx, start=start, end=end):
        if row.state is SpotCheckState.DONE or not start <= row.window_end <= end:
            continue
        yield DeadlineItem(row.window_end, "R-SPOT-1", f"联合抽查期限：{row.mine_name}（{row.trigger.kind.zh}）",
                           f"Joint spot-check due: {row.mine_name} ({label(row.trigger.kind, 'en')})",
                           "、".join(label(s) for s in row.sections), row.licence_no, source="spotcheck")
