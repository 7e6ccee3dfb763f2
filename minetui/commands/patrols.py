"""`minetui duties …` — the patrol duties of a year with their states (R-PAT-1, R-PAT-2);
`minetui patrols list …` — recorded patrols.

`duty_columns()` and `duty_dicts(rows)` are the duty listing's shape (licence_no, mine, office, period, kind,
due, state, patrol_dates); `minetui calendar --format table|csv|json|xlsx` prints the same.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

from minetui.i18n import _

STATE_CHOICES = ("met", "open", "due_soon", "overdue", "not_required")
DATE_SEPARATOR = "、"


def _period(text: str):
    from minetui.domain.periods import Period

    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    p = sub.add_parser("duties", parents=[common], help="patrol duties of a year with their states",
                       description="Patrol duties (R-PAT-1, R-PAT-2) of a year, with their state on --today.")
    p.add_argument("--year", type=int, help="the year (default: the --period's year, else this year)")
    p.add_argument("--office", help="office code or name")
    p.add_argument("--period", type=_period, help="only duties overlapping this month or quarter (2025-03, 2025-Q2)")
    p.add_argument("--state", choices=STATE_CHOICES, action="append",
                   help="only duties in this state (may be repeated)")
    p.add_argument("--mine", metavar="LICENCE", help="only this mine (licence number)")
    add_output_options(p)
    p.set_defaults(handler=run_duties)

    patrols = sub.add_parser("patrols", parents=[common], help="patrol records")
    psub = patrols.add_subparsers(dest="patrols_command", metavar="ACTION", required=True)
    p = psub.add_parser("list", parents=[common], help="recorded patrols, by date")
    p.add_argument("--mine", metavar="LICENCE", help="only this mine (licence number)")
    p.add_argument("--year", type=int)
    p.add_argument("--office", help="only patrols by this office (code or name)")
    add_output_options(p)
    p.set_defaults(handler=run_list)


# --- duties ---------------------------------------------------------------------------------------------

def duty_columns() -> list[Any]:
    from minetui.domain.patrols.duties import DutyKind, DutyState
    from minetui.io.output import Column

    return [
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("office", "自然资源所", "Office", "text"),
        Column("period", "周期", "Period", "text"),
        Column("kind", "巡查类型", "Kind", "enum", DutyKind),
        Column("due", "截止日期", "Due", "date"),
        Column("state", "状态", "State", "enum", DutyState),
        Column("patrol_dates", "巡查日期", "Patrol dates", "text"),
    ]


def duty_dicts(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """services.patrols.DutyRow → the listing's rows (enums as stored keys, dates as dates)."""
    for row in rows:
        yield {
            "licence_no": row.licence_no, "mine": row.mine_name, "office": row.office_code or "",
            "period": str(row.period), "kind": str(row.kind), "due": row.due, "state": str(row.state),
            "patrol_dates": DATE_SEPARATOR.join(d.isoformat() for d in row.patrol_dates),
        }


def _office_code(ctx, text: str | None) -> str | None:
    """An office given by code or name → its code; ServiceError when unknown."""
    if text is None:
        return None
    from minetui.services.mines.lookup import office_code_for

    return office_code_for(ctx, text)


def run_duties(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.mines.lookup import mine_id_for
    from minetui.services.patrols import duties as patrol_duties

    with session(args) as ctx:
        year = args.year or (args.period.year if args.period else ctx.today.year)
        mine_id = mine_id_for(ctx, args.mine) if args.mine else None
        rows = patrol_duties.duty_rows(ctx, year, office=_office_code(ctx, args.office), period=args.period,
                                 mine_id=mine_id)
    if args.state:
        rows = [r for r in rows if str(r.state) in args.state]
    emit(args, duty_columns(), duty_dicts(rows), title=_("Patrol duties {year}").format(year=year))
    return 0


# --- patrols list ---------------------------------------------------------------------------------------

def patrol_columns() -> list[Any]:
    from minetui.domain.patrols.record import PatrolMode
    from minetui.io.output import Column

    return [
        Column("id", "编号", "ID", "int"),
        Column("licence_no", "许可证号", "Licence no.", "licence"),
        Column("mine", "矿山名称", "Mine", "text"),
        Column("office", "自然资源所", "Office", "text"),
        Column("date", "巡查日期", "Date", "date"),
        Column("mode", "方式", "Mode", "enum", PatrolMode),
        Column("drone_reason", "无人机原因", "Drone reason", "text"),
        Column("inspectors", "巡查人员", "Inspectors", "text"),
        Column("abnormal", "异常项", "Abnormal items", "text"),
    ]


def run_list(args: argparse.Namespace) -> int:
    from datetime import date

    from minetui.commands.common import emit, session
    from minetui.i18n import label
    from minetui.services.mines.lookup import mine_id_for
    from minetui.services.patrols.reading import list_patrols

    with session(args) as ctx:
        mine_id = mine_id_for(ctx, args.mine) if args.mine else None
        rows = list_patrols(ctx, mine_id=mine_id, year=args.year, office=_office_code(ctx, args.office))
    listed = ({**r, "office": r["office_code"], "date": date.fromisoformat(r["patrol_date"]),
               "abnormal": "、".join(label(k) for k in r["abnormal_kinds"])} for r in rows)
    emit(args, patrol_columns(), listed, title=_("Patrols"))
    return 0
