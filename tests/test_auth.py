"""Users, sign-in and the single-user mode (services/core/auth.py, domain/policy.py), on real SQLite files."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from minetui.domain.model import Section
from minetui.domain.policy import ACTIONS, Action, Role, Scope, User, decide, may_ever, role_problems
from minetui.errors import ServiceError, StaleRecord
from minetui.services.core import auth
from minetui.services.core.auth import PermissionDenied, SignInRefused
from minetui.services.core.context import Context
from minetui.services.mines import zones
from minetui.store import audit
from minetui.store import users as user_store
from tests.factories import add_office

PW = "correct-horse"


def admin_ctx(ctx: Context) -> Context:
    """The first user (an admin) added in single-user mode, then signed in."""
    auth.add_user(ctx, "boss", PW, Role.ADMIN, display_name="局长")
    auth.sign_in(ctx, "boss", PW)
    return ctx


def other(ctx: Context) -> Context:
    """A second connection to the same file, nobody signed in (another clerk's session)."""
    assert ctx.db_path is not None
    return Context.open(ctx.db_path, actor="someone", today=date(2025, 6, 15))


# --- the policy (pure) ---------------------------------------------------------------------------------------

CLERK = User("sd", Role.OFFICE_CLERK, office_code="SD")
MINERAL = User("kg", Role.SECTION_STAFF, section=Section.MINERAL)
ENFORCE = User("zf", Role.SECTION_STAFF, section=Section.ENFORCEMENT)
FORCE = User("zb", Role.TASK_FORCE)
BOSS = User("boss", Role.SUPERVISOR)
ADMIN = User("root", Role.ADMIN)


def test_admin_may_everything_and_a_supervisor_only_views_and_exports() -> None:
    for action in ACTIONS:
        assert decide(ADMIN, action, Scope()).allowed
        assert decide(BOSS, action, Scope("SD", Section.MINERAL)).allowed is (action in {"view.save", "export"})


def test_office_scope_decides_for_a_clerk() -> None:
    assert decide(CLERK, Action.PATROL_RECORD, Scope(office="SD")).allowed
    refused = decide(CLERK, Action.PATROL_RECORD, Scope(office="XH"))
    assert not refused.allowed and "XH" in refused.reason
    assert not decide(CLERK, Action.PATROL_RECORD, Scope()).allowed  # an unknown office is not "any"
    assert decide(CLERK, Action.ZONE_PROPOSE, Scope(office="SD")).allowed
    assert not decide(CLERK, Action.ZONE_DECIDE, Scope(office="SD")).allowed


def test_section_scope_decides_for_section_staff() -> None:
    assert decide(ENFORCE, Action.LEAD_RECEIVE, Scope(section=Section.ENFORCEMENT)).allowed
    assert not decide(ENFORCE, Action.LEAD_RECEIVE, Scope(section=Section.RESTORATION)).allowed
    assert decide(MINERAL, Action.LIST_EDIT).allowed
    assert not decide(ENFORCE, Action.LIST_EDIT).allowed
    assert decide(ENFORCE, Action.PATCH_IMPORT).allowed
    assert not decide(ENFORCE, Action.VERIFICATION_RECORD).allowed
    assert decide(FORCE, Action.VERIFICATION_RECORD).allowed and decide(FORCE, Action.VISIT_PLAN).allowed
    assert not decide(FORCE, Action.PATROL_RECORD, Scope(office="SD")).allowed


def test_nobody_disabled_and_unknown_actions_are_refused() -> None:
    assert not decide(None, Action.EXPORT).allowed
    assert not decide(User("x", Role.ADMIN, active=False), Action.EXPORT).allowed
    assert not decide(ADMIN, "no.such.action").allowed


def test_may_ever_hides_only_what_a_role_can_never_do() -> None:
    assert may_ever(CLERK, Action.PATROL_RECORD)  # for its own office
    assert not may_ever(CLERK, Action.ZONE_DECIDE)
    assert not may_ever(ENFORCE, Action.LIST_EDIT) and may_ever(MINERAL, Action.LIST_EDIT)
    assert not any(may_ever(BOSS, a) for a in ACTIONS if a not in {"view.save", "export"})


def test_role_problems() -> None:
    assert role_problems(Role.OFFICE_CLERK, None, None)
    assert role_problems(Role.SECTION_STAFF, None, None)
    assert role_problems(Role.ADMIN, "SD", None)
    assert role_problems(Role.TASK_FORCE, None, Section.MINERAL)
    assert not role_problems(Role.OFFICE_CLERK, "SD", None)


# --- sign-in ---------------------------------------------------------------------------------------------------

def test_right_password_signs_in_and_the_actor_becomes_the_user(ctx: Context) -> None:
    auth.add_user(ctx, "boss", PW, Role.ADMIN)
    user = auth.sign_in(ctx, "boss", PW)
    assert user.role is Role.ADMIN and ctx.user == user and ctx.actor == "boss"


def test_wrong_password_unknown_and_disabled_users_get_the_same_refusal(ctx: Context) -> None:
    admin_ctx(ctx)
    add_office(ctx)
    auth.add_user(ctx, "clerk", PW, Role.OFFICE_CLERK, office="SD")
    auth.disable_user(ctx, "clerk")
    messages = set()
    for name, password in (("boss", "wrong-password"), ("nobody", PW), ("clerk", PW)):
        fresh = other(ctx)
        try:
            with pytest.raises(SignInRefused) as refused:
                auth.sign_in(fresh, name, password)
            assert fresh.user is None
            messages.add(str(refused.value))
        finally:
            fresh.close()
    assert len(messages) == 1


def test_scrypt_parameters_and_a_per_user_salt_are_stored(ctx: Context) -> None:
    admin_ctx(ctx)
    auth.add_user(ctx, "second", PW, Role.SUPERVISOR)
    rows = [user_store.get_user(ctx.conn, n) for n in ("boss", "second")]
    for row in rows:
        assert row is not None
        assert (row["pw_n"], row["pw_r"], row["pw_p"]) == (2**14, 8, 1)
        assert row["pw_hash"] == hashlib.scrypt(PW.encode(), salt=row["pw_salt"], n=row["pw_n"], r=row["pw_r"],
                                                p=row["pw_p"], dklen=len(row["pw_hash"]))
        assert PW.encode() not in row["pw_hash"]
    assert rows[0]["pw_salt"] != rows[1]["pw_salt"] and rows[0]["pw_hash"] != rows[1]["pw_hash"]


def test_changed_parameters_of_an_old_hash_still_verify(ctx: Context) -> None:
    """The stored (n, r, p) are used, so raising the defaults later locks nobody out."""
    admin_ctx(ctx)
    salt = b"s" * 16
    ctx.conn.execute("UPDATE users SET pw_salt = ?, pw_hash = ?, pw_n = 1024, pw_r = 8, pw_p = 1 WHERE name = 'boss'",
                     (salt, auth.hash_password(PW, salt, 1024, 8, 1)))
    session = other(ctx)
    assert auth.sign_in(session, "boss", PW).name == "boss"
    session.close()


def test_audit_rows_of_users_hold_no_password_material(ctx: Context) -> None:
    admin_ctx(ctx)
    auth.set_password(ctx, "boss", "another-password")
    rows = audit.log(ctx.conn, entity="user")
    assert [r["action"] for r in rows] == ["user.password", "user.add"]
    assert all("pw_hash" not in (r["after"] or "") and "pw_salt" not in (r["after"] or "") for r in rows)
    assert rows[0]["actor"] == "boss"


# --- users (admin only) -----------------------------------------------------------------------------------------

def test_the_first_user_must_be_an_admin(ctx: Context) -> None:
    with pytest.raises(ServiceError):
        auth.add_user(ctx, "clerk", PW, Role.SUPERVISOR)
    assert not auth.has_users(ctx)


def test_roles_need_their_office_or_section_and_short_passwords_are_refused(ctx: Context) -> None:
    admin_ctx(ctx)
    for kwargs in ({"role": Role.OFFICE_CLERK}, {"role": Role.SECTION_STAFF}, {"role": Role.ADMIN, "office": "SD"},
                   {"role": Role.OFFICE_CLERK, "office": "NOPE"}, {"role": "king"}):
        with pytest.raises(ServiceError):
            auth.add_user(ctx, "x", PW, **kwargs)
    with pytest.raises(ServiceError):
        auth.add_user(ctx, "x", "short", Role.SUPERVISOR)
    with pytest.raises(ServiceError):
        auth.add_user(ctx, "boss", PW, Role.SUPERVISOR)  # the name is taken
    assert [u["name"] for u in auth.list_users(ctx)] == ["boss"]


def test_only_an_admin_manages_users_and_anyone_sets_their_own_password(ctx: Context) -> None:
    admin_ctx(ctx)
    auth.add_user(ctx, "leader", PW, Role.SUPERVISOR)
    session = other(ctx)
    try:
        auth.sign_in(session, "leader", PW)
        for call in (lambda: auth.add_user(session, "x", PW, Role.SUPERVISOR),
                     lambda: auth.set_role(session, "leader", Role.ADMIN),
                     lambda: auth.disable_user(session, "boss"),
                     lambda: auth.set_password(session, "boss", "taken-over!")):
            with pytest.raises(PermissionDenied):
                call()
        auth.set_password(session, "leader", "my-new-password")
    finally:
        session.close()
    session = other(ctx)
    assert auth.sign_in(session, "leader", "my-new-password").name == "leader"
    session.close()


def test_set_role_and_disable_take_effect_at_once_in_open_sessions(ctx: Context) -> None:
    admin_ctx(ctx)
    add_office(ctx)
    auth.add_user(ctx, "clerk", PW, Role.OFFICE_CLERK, office="SD")
    session = other(ctx)
    try:
        auth.sign_in(session, "clerk", PW)
        assert auth.check(session, Action.ZONE_PROPOSE, office="SD").allowed
        auth.set_role(ctx, "clerk", Role.SUPERVISOR)
        with pytest.raises(PermissionDenied):
            zones.propose_zone(session, 2025, "拟设矿区", "SD", [])
        auth.set_role(ctx, "clerk", Role.ADMIN)
        auth.disable_user(ctx, "clerk")
        with pytest.raises(PermissionDenied):
            zones.propose_zone(session, 2025, "拟设矿区", "SD", [])
    finally:
        session.close()


def test_the_last_active_admin_stays(ctx: Context) -> None:
    admin_ctx(ctx)
    with pytest.raises(ServiceError):
        auth.disable_user(ctx, "boss")
    with pytest.raises(ServiceError):
        auth.set_role(ctx, "boss", Role.SUPERVISOR)
    auth.add_user(ctx, "deputy", PW, Role.ADMIN)
    assert not auth.disable_user(ctx, "boss").active


def test_a_stale_user_edit_is_refused(ctx: Context) -> None:
    admin_ctx(ctx)
    auth.add_user(ctx, "leader", PW, Role.SUPERVISOR)
    auth.set_password(ctx, "leader", "changed-once", version=1)
    with pytest.raises(StaleRecord):
        auth.set_password(ctx, "leader", "changed-twice", version=1)


# --- single-user mode -------------------------------------------------------------------------------------------

def test_without_users_everything_is_allowed_as_before(ctx: Context) -> None:
    add_office(ctx)
    assert not auth.needs_sign_in(ctx) and ctx.user is None
    for action in ACTIONS:
        assert auth.check(ctx, action).allowed and auth.may(ctx, action)
        auth.authorize(ctx, action)
    zone_id = zones.propose_zone(ctx, 2025, "拟设矿区", "SD", [])
    assert audit.log(ctx.conn, entity="zone")[0]["actor"] == "tester"
    assert zone_id


def test_once_a_user_exists_writes_need_a_signed_in_user(ctx: Context) -> None:
    add_office(ctx)
    auth.add_user(ctx, "boss", PW, Role.ADMIN)
    assert auth.needs_sign_in(ctx)
    with pytest.raises(PermissionDenied):
        zones.propose_zone(ctx, 2025, "拟设矿区", "SD", [])
    assert zones.list_zones(ctx, 2025) == []  # reading stays open
    ctx.credentials = lambda: ("boss", PW)  # what the CLI gives: asked once, at the first write
    zones.propose_zone(ctx, 2025, "拟设矿区", "SD", [])
    assert ctx.user is not None and audit.log(ctx.conn, entity="zone")[0]["actor"] == "boss"
