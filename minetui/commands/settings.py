"""`minetui settings list|get|set|reset` — the bureau's settings (one registry: services/core/settings).

- `settings list [--format table|csv|json|xlsx] [--out FILE]` — every setting: label, value, source (default or
  stored), default, key, description, group (the terminal table: label, value as a person reads it, source and
  key — the rest would not fit); then the working-day calendar (where its official holidays come from, the years
  it knows, the bureau's closures) and any warning (a year around today it does not know, a stored value that
  does not parse) — under the table, or on stderr for csv/json/xlsx so the data keeps its shape;
- `settings get KEY` — the value in force, as text (refused when the stored value does not parse);
- `settings set KEY VALUE` — validated, role-checked (admin), audited; exit 2 naming the setting when refused;
- `settings reset KEY` — back to the default (the stored value is removed), audited.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from minetui.i18n import _


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("settings", parents=[common], help="the bureau's settings: list, get, set, reset",
                            description="The bureau's settings, stored in the database (admin may change them).")
    ssub = parser.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = ssub.add_parser("list", parents=[common], help="every setting with its value and source, and the calendar")
    add_output_options(p, formats=("table", "csv", "json", "xlsx"))
    p.set_defaults(handler=run_list)
    p = ssub.add_parser("get", parents=[common], help="print the value of one setting")
    p.add_argument("key", help="the setting's key (see `settings list`)")
    p.set_defaults(handler=run_get)
    p = ssub.add_parser("set", parents=[common], help="change one setting (validated, audited; admin only)")
    p.add_argument("key", help="the setting's key (see `settings list`)")
    p.add_argument("value", help="the new value, as `settings get` prints it")
    p.set_defaults(handler=run_set)
    p = ssub.add_parser("reset", parents=[common], help="put one setting back to its default (audited; admin only)")
    p.add_argument("key", help="the setting's key (see `settings list`)")
    p.set_defaults(handler=run_reset)


def setting_columns(table: bool = False) -> list[Any]:
    """Every column, or for the terminal table only those that fit beside each other."""
    from minetui.io.output import Column
    from minetui.services.core.settings import Source

    columns = [Column("label", "Setting"), Column("value", "Value"), Column("source", "Source", "enum", Source),
               Column("default", "Default value"), Column("key", "Setting key"),
               Column("description", "Description"), Column("group", "Group")]
    return [c for c in columns if c.key in ("label", "value", "source", "key")] if table else columns


def calendar_lines(summary: Any) -> list[str]:
    """The working-day calendar in words: the official days' source and years, the bureau's closures."""
    from minetui.services.core.settings.kinds import write_dates

    closures = write_dates(summary.closures) or _("none")
    return [_("Working-day calendar (R-DAY-1): official holidays and make-up working days from {source}, "
              "years {first}–{last}; bureau closures: {closures}").format(
        source=summary.source, first=summary.first_year, last=summary.last_year, closures=closures)]


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, output_format, session
    from minetui.services.core import settings

    table = output_format(args) == "table"
    with session(args) as ctx:
        rows = settings.setting_rows(ctx)
        summary = settings.calendar_summary(ctx)
        listed = [{**row.as_dict(), "value": row.shown} if table else row.as_dict() for row in rows]
        emit(args, setting_columns(table), listed, title=_("Settings"))
    as_footer = table and not (args.out and args.out != "-")
    stream = sys.stdout if as_footer else sys.stderr
    if as_footer:
        print(file=stream)
    for line in calendar_lines(summary):
        print(line, file=stream)
    for problem in [*summary.warnings, *(row.problem for row in rows if row.problem)]:
        print(_("warning: {problem}").format(problem=problem), file=stream)
    return 0


def run_get(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.errors import ServiceError
    from minetui.services.core import settings

    with session(args) as ctx:
        row = settings.setting_row(ctx, args.key)
    if row.problem:
        raise ServiceError(row.problem)
    print(row.text)
    return 0


def run_set(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.core import settings

    with session(args) as ctx:
        stored = settings.set_setting(ctx, args.key, args.value)
        setting = settings.find(args.key)
    print(_("setting {label} ({key}) = {value}").format(label=setting.title, key=setting.key, value=stored),
          file=sys.stderr)
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from minetui.commands.common import session
    from minetui.services.core import settings

    with session(args) as ctx:
        settings.reset_setting(ctx, args.key)
        setting = settings.find(args.key)
    print(_("setting {label} ({key}) is back to its default: {value}").format(
        label=setting.title, key=setting.key, value=setting.default_text), file=sys.stderr)
    return 0
