"""Sign-in, the permission check every write service makes, and the users' administration.

- `sign_in(ctx, name, password) -> User`: scrypt with the user's own salt and stored parameters, compared in
  constant time; an unknown name, a wrong password and a disabled user get the same refusal.
- `authorize(ctx, action, office=, section=)`: the first line of every write service. Single-user mode (a
  database without users) allows everything, as before users existed. Otherwise the signed-in user (re-read,
  so a role change or a disabled account counts at once) is judged by domain/policy.py; a refusal raises
  `PermissionDenied` (CLI exit 2) before anything is written. Inside an open write transaction the check is
  skipped: the outermost service already authorised the whole unit of work (a patrol's findings becoming
  draft leads, a combined visit recording its patrol).
- Users: `add_user`, `list_users`, `set_password`, `set_role`, `disable_user` — admin only, audited (entity
  'user'; the audit rows never hold password material). The first user must be an admin (so that someone can
  manage the others) and the last active admin cannot be disabled or demoted.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from minetui.domain.model import Section
from minetui.domain.policy import Action, Decision, Role, Scope, User, decide, may_ever, role_problems
from minetui.errors import ServiceError, StaleRecord
from minetui.i18n import _
from minetui.services.core.context import Context
from minetui.store import audit, db, offices
from minetui.store import users as store

MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class ScryptParams:
    n: int = 2**14
    r: int = 8
    p: int = 1
    dklen: int = 32


SCRYPT = ScryptParams()


class PermissionDenied(ServiceError):
    """The user (or nobody signed in) may not do this; the message gives the policy's reason."""


class SignInRefused(ServiceError):
    """Wrong user name or password, or a disabled user — deliberately not saying which."""


# ------------------------------------------------------------------------------------------------------------
# Passwords
# ------------------------------------------------------------------------------------------------------------

def hash_password(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = SCRYPT.dklen) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=128 * r * n * 2 + 1024 * 1024)


def _password_columns(password: str) -> dict[str, Any]:
    if len(password) < MIN_PASSWORD:
        raise ServiceError(_("a password needs at least {n} characters").format(n=MIN_PASSWORD))
    salt = os.urandom(16)
    return {"pw_salt": salt, "pw_hash": hash_password(password, salt, SCRYPT.n, SCRYPT.r, SCRYPT.p),
            "pw_n": SCRYPT.n, "pw_r": SCRYPT.r, "pw_p": SCRYPT.p}


def _password_matches(row: dict[str, Any], password: str) -> bool:
    digest = hash_password(password, row["pw_salt"], row["pw_n"], row["pw_r"], row["pw_p"], len(row["pw_hash"]))
    return hmac.compare_digest(digest, row["pw_hash"])


_DUMMY = {"pw_salt": b"\0" * 16, "pw_hash": b"\0" * SCRYPT.dklen, "pw_n": SCRYPT.n, "pw_r": SCRYPT.r,
          "pw_p": SCRYPT.p}


# ------------------------------------------------------------------------------------------------------------
# Signing in
# ------------------------------------------------------------------------------------------------------------

def to_user(row: dict[str, Any]) -> User:
    return User(name=row["name"], role=Role(row["role"]), display_name=row["display_name"],
                office_code=row["office_code"], section=Section(row["section"]) if row["section"] else None,
                active=bool(row["active"]), id=row["id"], version=row["version"])


def has_users(ctx: Context) -> bool:
    return store.has_users(ctx.conn)


def needs_sign_in(ctx: Context) -> bool:
    """True when the database has users and nobody is signed in (the app then shows its sign-in screen)."""
    return ctx.user is None and has_users(ctx)


def sign_in(ctx: Context, name: str, password: str) -> User:
    """Check the password and make `name` the acting user of `ctx`; SignInRefused otherwise."""
    row = store.get_user(ctx.conn, name.strip())
    ok = _password_matches(row or _DUMMY, password)  # the same work for an unknown name
    if row is None or not ok or not row["active"]:
        raise SignInRefused(_("wrong user name or password"))
    user = to_user(row)
    ctx.user, ctx.actor = user, user.name
    return user


def _current_user(ctx: Context) -> User | None:
    """The signed-in user as stored now (None: nobody, or the user was removed)."""
    if ctx.user is None:
        return None
    row = store.get_user(ctx.conn, ctx.user.name)
    return None if row is None else to_user(row)


def sign_in_on_demand(ctx: Context) -> None:
    """Ask the context's credentials provider (the CLI's prompt or MINETUI_PASSWORD), if any, once."""
    if ctx.user is not None or ctx.credentials is None or not has_users(ctx):
        return
    given, ctx.credentials = ctx.credentials(), None
    if given is None:
        raise PermissionDenied(_("this database has users: give --user NAME and the password "
                                 "(MINETUI_PASSWORD, or at the prompt) to change it"))
    sign_in(ctx, *given)


def check(ctx: Context, action: str, *, office: str | None = None, section: Section | str | None = None) -> Decision:
    """The policy's answer for the acting user, without raising and without the nested-write shortcut."""
    if not has_users(ctx):
        return Decision(True, _("single-user mode"))
    return decide(_current_user(ctx), action, Scope(office, section))


def authorize(ctx: Context, action: str, *, office: str | None = None, section: Section | str | None = None) -> None:
    """Refuse (PermissionDenied) unless the acting user may do `action` on this office/section."""
    authorize_any(ctx, action, Scope(office, section))


def authorize_any(ctx: Context, action: str, *scopes: Scope) -> None:
    """Like `authorize`, allowed when any one of `scopes` is (e.g. a lead's sending or receiving side)."""
    if ctx.conn.in_transaction or not has_users(ctx):
        return
    sign_in_on_demand(ctx)
    user = _current_user(ctx)
    verdicts = [decide(user, action, scope) for scope in scopes or (Scope(),)]
    if not any(v.allowed for v in verdicts):
        raise PermissionDenied(_("not allowed: {reason}").format(reason=verdicts[0].reason))


def may(ctx: Context, action: str) -> bool:
    """Whether to offer `action` at all (the app hides the rest): always in single-user mode."""
    return not has_users(ctx) or may_ever(ctx.user, action)


# ------------------------------------------------------------------------------------------------------------
# Users (admin only)
# ------------------------------------------------------------------------------------------------------------

def list_users(ctx: Context) -> list[dict[str, Any]]:
    """Every user (no password material); reading, so open like every other listing."""
    return store.all_users(ctx.conn)


def _role_fields(ctx: Context, role: Role | str, office: str | None, section: Section | str | None
                 ) -> dict[str, Any]:
    try:
        role = Role(str(role))
        section = Section(str(section)) if section else None
    except ValueError as exc:
        raise ServiceError(_("unknown role or section: {value}").format(value=exc)) from exc
    problems = role_problems(role, office or None, section)
    if problems:
        raise ServiceError("；".join(problems))
    if office and offices.get_office(ctx.conn, office) is None:
        raise ServiceError(_("no office with code {code}").format(code=office))
    return {"role": str(role), "office_code": office or None, "section": str(section) if section else None}


def add_user(ctx: Context, name: str, password: str, role: Role | str, *, office: str | None = None,
             section: Section | str | None = None, display_name: str = "") -> User:
    """Add a user; the first user of a database must be an admin (it ends single-user mode)."""
    authorize(ctx, Action.USER_MANAGE)
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        raise ServiceError(_("a user name needs at least one character and no spaces"))
    fields = _role_fields(ctx, role, office, section)
    if not has_users(ctx) and fields["role"] != Role.ADMIN:
        raise ServiceError(_("the first user must be an admin (who can then add the others)"))
    now = db.now_utc()
    row = {"name": name, "display_name": display_name.strip(), **fields, **_password_columns(password),
           "created_at": now, "updated_at": now}
    with db.write(ctx.conn):
        if store.get_user(ctx.conn, name) is not None:
            raise ServiceError(_("a user named {name} exists already").format(name=name))
        store.insert_user(ctx.conn, row)
        after = store.get_user(ctx.conn, name)
        assert after is not None
        audit.append(ctx.conn, actor=ctx.actor, action="user.add", entity="user", entity_id=name,
                     after=_audited(after))
    return to_user(after)


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    keep = ("display_name", "role", "office_code", "section", "active", "pw_n", "pw_r", "pw_p", "version")
    return {k: row[k] for k in keep}


def _change(ctx: Context, name: str, action: str, changes: dict[str, Any], version: int | None) -> User:
    """Apply `changes` to user `name` (optimistically, with its version), audited as `action`."""
    with db.write(ctx.conn):
        before = store.get_user(ctx.conn, name)
        if before is None:
            raise ServiceError(_("no user named {name}").format(name=name))
        expected = before["version"] if version is None else version
        _keep_an_admin(ctx, before, changes)
        if not store.update_user(ctx.conn, before["id"], {**changes, "updated_at": db.now_utc()}, expected):
            raise StaleRecord("user", name, expected, before["version"])
        after = store.get_user(ctx.conn, name)
        assert after is not None
        audit.append(ctx.conn, actor=ctx.actor, action=action, entity="user", entity_id=name,
                     before=_audited(before), after=_audited(after))
    if ctx.user is not None and ctx.user.name == name:
        ctx.user = to_user(after)
    return to_user(after)


def _keep_an_admin(ctx: Context, before: dict[str, Any], changes: dict[str, Any]) -> None:
    """Refuse a change that would leave the database with users but no active admin."""
    stays_admin = changes.get("role", before["role"]) == Role.ADMIN and changes.get("active", before["active"])
    if before["role"] != Role.ADMIN or not before["active"] or stays_admin:
        return
    admins = [u for u in store.all_users(ctx.conn) if u["role"] == Role.ADMIN and u["active"]]
    if len(admins) <= 1:
        raise ServiceError(_("{name} is the last active admin; add another admin first").format(name=before["name"]))


def set_password(ctx: Context, name: str, password: str, *, version: int | None = None) -> User:
    """A new password (new salt, current scrypt parameters): the admin's, or one's own."""
    if has_users(ctx) and not ctx.conn.in_transaction:
        sign_in_on_demand(ctx)
    if ctx.user is None or ctx.user.name != name:
        authorize(ctx, Action.USER_MANAGE)
    return _change(ctx, name, "user.password", _password_columns(password), version)


def set_role(ctx: Context, name: str, role: Role | str, *, office: str | None = None,
             section: Section | str | None = None, version: int | None = None) -> User:
    authorize(ctx, Action.USER_MANAGE)
    return _change(ctx, name, "user.role", _role_fields(ctx, role, office, section), version)


def disable_user(ctx: Context, name: str, *, version: int | None = None) -> User:
    """The user can no longer sign in (the row and its history stay)."""
    authorize(ctx, Action.USER_MANAGE)
    return _change(ctx, name, "user.disable", {"active": 0}, version)
