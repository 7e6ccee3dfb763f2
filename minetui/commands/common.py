"""The plumbing every subcommand shares: the global options, the service context (`session(args)`), the
output options of listing commands (`add_output_options`, `emit`), and the exit codes of formats.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minetui import i18n
from minetui.io.output import ENCODINGS, FORMATS, HEADER_MODES, SUFFIX_FORMATS, Column, OutputError, Provenance, render

if TYPE_CHECKING:
    from minetui.services.core.context import Context

EXIT_OK, EXIT_FAILURE, EXIT_REFUSED = 0, 1, 2


def say(text: str) -> None:
    """A message for the user: stderr, so that stdout carries only data."""
    print(text, file=sys.stderr)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def common_options() -> argparse.ArgumentParser:
    """Options accepted before or after any subcommand (defaults suppressed so either place works)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                        help="database file (default: $MINETUI_DB, else the user data dir)")
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="UI language")
    common.add_argument("--today", type=iso_date, default=argparse.SUPPRESS, metavar="YYYY-MM-DD",
                        help='the date "now" means (overdue, due soon)')
    common.add_argument("--user", default=argparse.SUPPRESS,
                        help="who is acting: on a database with users, who signs in for a write "
                        "(password from $MINETUI_PASSWORD or asked); default the OS login")
    return common


def run_handler(handler, args: argparse.Namespace) -> int:
    """Run a subcommand, turning refusals into exit 2 and crashes into exit 1 with one clear line."""
    import sqlite3

    from minetui.errors import DatabaseBusy, DatabaseTooNew, ServiceError

    try:
        return int(handler(args) or EXIT_OK)
    except (ServiceError, DatabaseTooNew) as exc:
        print(f"minetui: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except DatabaseBusy:
        print("minetui: the database is busy (another minetui is writing); try again", file=sys.stderr)
        return EXIT_REFUSED
    except sqlite3.DatabaseError as exc:
        if type(exc) is not sqlite3.DatabaseError:  # only "malformed" / "not a database", never a bug's error
            raise
        print(f"minetui: the database file cannot be read ({exc}); run `minetui check`, and if it fails "
              "`minetui restore` the last backup", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_OK


def open_context(args: argparse.Namespace):
    """The service context for a subcommand, from the global options."""
    from minetui.paths import resolve_db_path
    from minetui.services.core.context import Context

    path: Path = resolve_db_path(args.db)
    warn_network_share(path)
    ctx = Context.open(path, actor=args.user, today=args.today, config=args.config)
    from minetui.commands.users import attach_sign_in

    attach_sign_in(ctx, args)  # a database with users: the first write asks for --user's password
    return ctx


def warn_network_share(path: Path) -> None:
    """One line on stderr when the database lies on a network share (WAL is not used there)."""
    from minetui.services.core.maintenance import network_warning

    warning = network_warning(path)
    if warning:
        print(f"minetui: {warning}", file=sys.stderr)


@contextlib.contextmanager
def session(args: argparse.Namespace) -> Iterator[Context]:
    """The service context of a subcommand for the `with` block, closed at its end whatever happens."""
    ctx = open_context(args)
    try:
        yield ctx
    finally:
        ctx.close()


# --- listing commands: output options ------------------------------------------------------------------


def add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str] = FORMATS,
                       default: str = "table") -> None:
    """--format/--out/--headers/--encoding, the same on every listing command."""
    parser.add_argument("--format", choices=formats, default=None,
                        help=f"output format (default: from the --out suffix, else {default})")
    parser.add_argument("--out", metavar="FILE", default=None,
                        help="write to FILE instead of stdout (xlsx to stdout only when piped)")
    parser.add_argument("--headers", choices=HEADER_MODES, default=None,
                        help="column titles: English keys, Chinese or English words"
                             " (default: keys for csv/json, the UI language otherwise)")
    parser.add_argument("--encoding", choices=tuple(ENCODINGS), default="utf-8",
                        help="CSV encoding: UTF-8 with BOM (default) or GBK")
    if "json" in formats:
        parser.add_argument("--provenance", action="store_true",
                            help='JSON: wrap the rows as {"provenance": {…}, "rows": […]}'
                                 " (generated when, by whom, data as of, audit head)")
    parser.set_defaults(output_formats=tuple(formats), output_default=default)


def output_format(args: argparse.Namespace) -> str:
    """--format, else the --out suffix's format (when the command offers it), else the command's default."""
    if args.format:
        return str(args.format)
    allowed = getattr(args, "output_formats", FORMATS)
    if args.out and args.out != "-":
        guessed = SUFFIX_FORMATS.get(Path(args.out).suffix.lower())
        if guessed in allowed:
            return guessed
    return str(getattr(args, "output_default", "table"))


def emit(args: argparse.Namespace, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]],
         title: str | None = None, provenance: Provenance | None = None) -> int:
    """Render `rows` as the command line asked (see add_output_options); returns the row count.
    An --out file is written under a temporary name and moved into place only when complete."""
    from minetui.errors import ServiceError

    fmt = output_format(args)
    options = {"headers": args.headers, "title": title, "encoding": getattr(args, "encoding", None),
               "provenance": provenance, "envelope": bool(getattr(args, "provenance", False))}
    try:
        if args.out and args.out != "-":
            return _render_to_file(Path(args.out), columns, rows, fmt, options)
        if fmt == "xlsx" and sys.stdout.isatty():
            raise OutputError(i18n._("XLSX is a binary file: give --out FILE or redirect the output"))
        sys.stdout.flush()
        count = render(columns, rows, fmt, sys.stdout.buffer, **options)
        sys.stdout.buffer.flush()
        return count
    except OutputError as exc:
        raise ServiceError(str(exc)) from exc


def _render_to_file(path: Path, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], fmt: str,
                    options: dict[str, Any]) -> int:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(temporary, "wb") as handle:
            count = render(columns, rows, fmt, handle, **options)
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return count
