"""`minetui users add|list|passwd|role|disable` — users and roles (admin only, except listing and one's own
password), and the sign-in every command uses on a database that has users.

Sign-in on the command line: `--user NAME` (default: the OS login) and the password from $MINETUI_PASSWORD,
else a prompt when stdin is a terminal. It is asked for only when a command writes; reading commands stay open.
A new password comes from $MINETUI_NEW_PASSWORD, else a prompt (twice).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from minetui.i18n import _

PASSWORD_ENV = "MINETUI_PASSWORD"
NEW_PASSWORD_ENV = "MINETUI_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from minetui.commands.common import add_output_options

    parser = sub.add_parser("users", parents=[common], help="users and roles (sign-in)")
    users = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = ("office_clerk", "section_staff", "task_force", "supervisor", "admin")

    p = users.add_parser("add", parents=[common], help="add a user (password from $MINETUI_NEW_PASSWORD or asked)")
    p.add_argument("name", help="the login name")
    p.add_argument("--role", required=True, choices=roles)
    p.add_argument("--office", help="the office code (office clerks)")
    p.add_argument("--section", help="the section (section staff): mineral, enforcement, restoration, …")
    p.add_argument("--display-name", default="", help="the full name shown in the app")
    p.set_defaults(handler=run_add)

    p = users.add_parser("list", parents=[common], help="every user with role, office or section, active")
    add_output_options(p)
    p.set_defaults(handler=run_list)

    p = users.add_parser("passwd", parents=[common], help="set a password (an admin's, or your own)")
    p.add_argument("name")
    p.set_defaults(handler=run_passwd)

    p = users.add_parser("role", parents=[common], help="change a user's role")
    p.add_argument("name")
    p.add_argument("role", choices=roles)
    p.add_argument("--office", help="the office code (office clerks)")
    p.add_argument("--section", help="the section (section staff)")
    p.set_defaults(handler=run_role)

    p = users.add_parser("disable", parents=[common], help="the user can no longer sign in")
    p.add_argument("name")
    p.set_defaults(handler=run_disable)


# --- sign-in for every command -----------------------------------------------------------------------------

def attach_sign_in(ctx: Any, args: argparse.Namespace) -> None:
    """On a database with users: --user with $MINETUI_PASSWORD signs in at once (scripts; a wrong password
    is exit 2); otherwise reads are recorded under the OS login and the first write asks for the password
    of --user (or of the OS login)."""
    from minetui.services.core.auth import has_users, sign_in
    from minetui.services.core.context import os_user

    if not has_users(ctx):
        return
    ctx.actor = os_user()
    name = getattr(args, "user", None)
    if name and os.environ.get(PASSWORD_ENV) is not None:
        try:
            sign_in(ctx, name, os.environ[PASSWORD_ENV])
        except BaseException:
            ctx.close()
            raise
        return
    ctx.credentials = lambda: _credentials(name or os_user())


def _credentials(name: str) -> tuple[str, str] | None:
    password = os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(_("Password for {name}: ").format(name=name))
    return None if password is None else (name, password)


def _new_password() -> str:
    """$MINETUI_NEW_PASSWORD, else asked twice on a terminal; refused when neither is possible."""
    from minetui.errors import ServiceError

    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise ServiceError(_("no new password: set {env} or run this in a terminal").format(env=NEW_PASSWORD_ENV))
    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("The same password again: ")) != first:
        raise ServiceError(_("the two passwords differ; nothing was changed"))
    return first


# --- the subcommands ---------------------------------------------------------------------------------------

def _run(args: argparse.Namespace, work: Any) -> int:
    from minetui.commands.common import session
    from minetui.services.core.auth import sign_in_on_demand

    with session(args) as ctx:
        sign_in_on_demand(ctx)  # the signing-in password before any new one
        message = work(ctx)
    if message:
        print(message, file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    from minetui.services.core.auth import add_user

    def work(ctx: Any) -> str:
        user = add_user(ctx, args.name, _new_password(), args.role, office=args.office, section=args.section,
                        display_name=args.display_name)
        return _("user {name} added ({role})").format(name=user.name, role=user.role)
    return _run(args, work)


def user_columns() -> list[Any]:
    from minetui.domain.model import Section
    from minetui.domain.policy import Role
    from minetui.io.output import Column

    return [Column("name", "User"), Column("display_name", "Full name"),
            Column("role", "Role", "enum", Role), Column("office_code", "Office"),
            Column("section", "Section", "enum", Section), Column("active", "Active", "bool")]


def run_list(args: argparse.Namespace) -> int:
    from minetui.commands.common import emit, session
    from minetui.services.core.auth import list_users

    with session(args) as ctx:
        rows = [{**u, "active": bool(u["active"])} for u in list_users(ctx)]
    count = emit(args, user_columns(), rows, title=_("Users"))
    print(_("users: {count} rows").format(count=count), file=sys.stderr)
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from minetui.services.core.auth import set_password

    def work(ctx: Any) -> str:
        set_password(ctx, args.name, _new_password())
        return _("password of {name} changed").format(name=args.name)
    return _run(args, work)


def run_role(args: argparse.Namespace) -> int:
    from minetui.services.core.auth import set_role

    def work(ctx: Any) -> str:
        user = set_role(ctx, args.name, args.role, office=args.office, section=args.section)
        return _("{name} is now {role}").format(name=user.name, role=user.role)
    return _run(args, work)


def run_disable(args: argparse.Namespace) -> int:
    from minetui.services.core.auth import disable_user

    def work(ctx: Any) -> str:
        disable_user(ctx, args.name)
        return _("user {name} disabled").format(name=args.name)
    return _run(args, work)
