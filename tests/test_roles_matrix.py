"""Roles × actions × scopes for EVERY write service: the allowed user gets past the check, every denied one
(and a session nobody signed in to) gets PermissionDenied before a single row is written.

The list of write services is derived from the source (every public function of minetui/services that opens
a write transaction, directly or through a helper of its module); a new one without a row in CASES fails
`test_every_write_service_is_in_the_matrix`. The demo builders are exempt (they run before anyone can sign in).
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import minetui.services as services_package
from minetui.domain.model import Section
from minetui.domain.policy import Action, Role
from minetui.services import importing
from minetui.services.core import auth, settings
from minetui.services.core.auth import PermissionDenied
from minetui.services.core.context import Context
from minetui.services.inspections import findings, spotchecks, surveys, verification
from minetui.services.leads import drafting, handover, leads, lists, tips
from minetui.services.leads.drafting import LeadDraft
from minetui.services.leads.tips import TipInput
from minetui.services.mines import edit as mine_edit
from minetui.services.mines import zones
from minetui.services.patrols import patrols
from minetui.services.reporting import views
from minetui.services.visits import changes, external, recording, visits
from minetui.store import audit
from minetui.store import users as user_store
from tests.factories import add_mine, add_office
from tests.lead_fixtures import draft
from tests.patrol_fixtures import add_zone, good_record

EXEMPT_PACKAGES = {"demo"}  # demo builders: exempt by design
# The engine runs a planner for importing.import_file, which checks the right of the KIND first.
EXEMPT_FUNCTIONS = {"core.import_engine.run_import"}
PW = "matrix-password"
TODAY = date(2025, 6, 15)
USERS = {  # login: (role, office, section)
    "admin": (Role.ADMIN, None, None),
    "leader": (Role.SUPERVISOR, None, None),
    "sd": (Role.OFFICE_CLERK, "SD", None),
    "xh": (Role.OFFICE_CLERK, "XH", None),
    "mineral": (Role.SECTION_STAFF, None, Section.MINERAL),
    "enforcement": (Role.SECTION_STAFF, None, Section.ENFORCEMENT),
    "restoration": (Role.SECTION_STAFF, None, Section.RESTORATION),
    "taskforce": (Role.TASK_FORCE, None, None),
}


@dataclass(frozen=True)
class World:
    mine_sd: int
    mine_xh: int
    zone: int
    proposal: int
    lead_office: int  # from office SD (a patrol finding) to enforcement
    lead_mineral: int  # R-LEAD-1: mineral → enforcement
    tmp: Path


def _build(path: Path) -> dict[str, int]:
    ctx = Context.open(path, actor="builder", today=TODAY)
    try:
        add_office(ctx)
        add_office(ctx, "XH", "西火自然资源所", "西火镇")
        ids = {"mine_sd": add_mine(ctx, "C1404042020011110000001", "苏店煤矿"),
               "mine_xh": add_mine(ctx, "C1404042020011110000002", "西火煤矿", office="XH")}
        ids["zone"] = add_zone(ctx, 2025, [ids["mine_sd"]])
        from minetui.services.mines import zones

        ids["proposal"] = zones.propose_zone(ctx, 2025, "拟设矿区", "SD", [ids["mine_xh"]])
        ids["lead_office"] = draft(ctx, "R-PAT-5", ids["mine_sd"], kind="outside_boundary", from_office="SD")
        ids["lead_mineral"] = draft(ctx, "R-LEAD-1", ids["mine_sd"])
        for name, (role, office, section) in USERS.items():
            auth.add_user(ctx, name, PW, role, office=office, section=section)
            if name == "admin":
                auth.sign_in(ctx, "admin", PW)
    finally:
        ctx.close()
    return ids


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("matrix") / "template.db"
    return path, _build(path)


@pytest.fixture
def world(template: tuple[Path, dict[str, int]], tmp_path: Path) -> World:
    path, ids = template
    shutil.copy(path, tmp_path / "w.db")
    return World(tmp=tmp_path, **ids)


def session(world: World, name: str | None) -> Context:
    """A connection to the world as `name` (None: nobody signed in). The user is set as sign_in sets it
    (sign_in itself is tested in test_auth.py; skipping scrypt here keeps the matrix fast)."""
    ctx = Context.open(world.tmp / "w.db", actor=name or "anonymous", today=TODAY)
    if name is not None:
        row = user_store.get_user(ctx.conn, name)
        assert row is not None
        ctx.user = auth.to_user(row)
    return ctx


Call = Callable[[Context, World], Any]


@dataclass(frozen=True)
class Case:
    function: str  # module.function
    action: str
    call: Call
    allowed: str
    denied: tuple[str, ...]



def _trigger() -> Any:
    from minetui.domain.inspections.spotchecks import Trigger, TriggerKind

    return Trigger(TriggerKind.MEDIA, "某报", TODAY)


CASES: tuple[Case, ...] = (
    # imports: the right depends on the kind
    Case("importing.import_file", Action.MINE_IMPORT,
         lambda c, w: importing.import_file(c, "mines", w.tmp / "none.csv"), "admin",
         ("sd", "mineral", "leader")),
    Case("importing.import_file", Action.ZONE_EDIT,
         lambda c, w: importing.import_file(c, "zones", w.tmp / "none.csv"), "admin", ("mineral", "sd")),
    Case("importing.import_file", Action.PATROL_IMPORT,
         lambda c, w: importing.import_file(c, "patrols", w.tmp / "none.csv"), "sd", ("mineral", "taskforce")),
    Case("importing.import_file", Action.PATCH_IMPORT,
         lambda c, w: importing.import_file(c, "patches", w.tmp / "none.csv"), "enforcement",
         ("restoration", "sd")),
    Case("mines.edit.update_mine", Action.MINE_EDIT,
         lambda c, w: mine_edit.update_mine(c, w.mine_sd, {"name": "新名称"}, 1), "sd", ("xh", "mineral")),
    # zones
    Case("mines.zones.copy_year", Action.ZONE_EDIT, lambda c, w: zones.copy_year(c, 2025, 2026), "admin",
         ("mineral", "sd")),
    Case("mines.zones.add_mine", Action.ZONE_EDIT, lambda c, w: zones.add_mine(c, w.zone, w.mine_xh), "admin",
         ("sd",)),
    Case("mines.zones.remove_mine", Action.ZONE_EDIT, lambda c, w: zones.remove_mine(c, w.zone, w.mine_sd),
         "admin", ("sd",)),
    Case("mines.zones.propose_zone", Action.ZONE_PROPOSE,
         lambda c, w: zones.propose_zone(c, 2025, "新拟设矿区", "SD", [w.mine_sd]), "sd", ("xh", "mineral")),
    Case("mines.zones.approve_zone", Action.ZONE_DECIDE, lambda c, w: zones.approve_zone(c, w.proposal, 1),
         "admin", ("sd", "leader")),
    Case("mines.zones.reject_zone", Action.ZONE_DECIDE, lambda c, w: zones.reject_zone(c, w.proposal, 1, "不符"),
         "admin", ("sd", "mineral")),
    # patrols
    Case("patrols.patrols.record_patrol", Action.PATROL_RECORD,
         lambda c, w: patrols.record_patrol(c, w.mine_sd, good_record()), "sd", ("xh", "mineral", "taskforce")),
    # leads: the sender's side or the receiving section
    Case("leads.drafting.draft_lead", Action.LEAD_DRAFT,
         lambda c, w: drafting.draft_lead(c, LeadDraft("R-LEAD-1", mine_id=w.mine_xh, description="x")),
         "mineral", ("enforcement", "sd")),
    Case("leads.drafting.draft_lead", Action.LEAD_DRAFT,
         lambda c, w: drafting.draft_lead(c, LeadDraft("R-PAT-5", kind="outside_boundary", from_office="SD",
                                                            mine_id=w.mine_sd, description="x")),
         "sd", ("xh", "mineral")),
    Case("leads.drafting.draft_for_findings", Action.LEAD_BACKFILL, lambda c, w: drafting.draft_for_findings(c, []),
         "mineral", ("enforcement", "sd")),
    Case("leads.drafting.draft_for_patrol", Action.LEAD_BACKFILL, lambda c, w: drafting.draft_for_patrol(c, 1),
         "mineral", ("sd",)),
    Case("leads.drafting.draft_for_licence", Action.LEAD_BACKFILL,
         lambda c, w: drafting.draft_for_licence(c, w.mine_sd), "mineral", ("sd",)),
    Case("leads.drafting.draft_for_patch", Action.LEAD_BACKFILL, lambda c, w: drafting.draft_for_patch(c, 1),
         "mineral", ("enforcement",)),
    Case("leads.drafting.draft_missing_leads", Action.LEAD_BACKFILL, lambda c, w: drafting.draft_missing_leads(c),
         "mineral", ("restoration",)),
    Case("leads.leads.attach_evidence", Action.LEAD_EVIDENCE,
         lambda c, w: leads.attach_evidence(c, w.lead_office, []), "enforcement", ("restoration", "xh")),
    Case("leads.leads.attach_evidence", Action.LEAD_EVIDENCE,
         lambda c, w: leads.attach_evidence(c, w.lead_office, []), "sd", ("mineral",)),
    Case("leads.leads.act", Action.LEAD_SEND, lambda c, w: leads.act(c, w.lead_office, "send"), "sd",
         ("enforcement", "xh")),
    Case("leads.leads.send", Action.LEAD_SEND, lambda c, w: leads.send(c, w.lead_mineral), "mineral",
         ("enforcement", "sd")),
    Case("leads.leads.receive", Action.LEAD_RECEIVE, lambda c, w: leads.receive(c, w.lead_mineral),
         "enforcement", ("mineral", "restoration")),
    Case("leads.leads.handle", Action.LEAD_RECEIVE, lambda c, w: leads.handle(c, w.lead_mineral),
         "enforcement", ("mineral",)),
    Case("leads.leads.return_lead", Action.LEAD_RECEIVE, lambda c, w: leads.return_lead(c, w.lead_office, "r"),
         "enforcement", ("sd", "restoration")),
    Case("leads.leads.close", Action.LEAD_CLOSE, lambda c, w: leads.close(c, w.lead_office, "办结"),
         "enforcement", ("sd", "mineral")),
    Case("leads.lists.add_entry", Action.LIST_EDIT,
         lambda c, w: lists.add_entry(c, w.mine_sd, "abnormal", "未按期公示"), "mineral", ("enforcement",)),
    Case("leads.lists.remove_entry", Action.LIST_EDIT, lambda c, w: lists.remove_entry(c, 1, "已整改"),
         "mineral", ("restoration",)),
    Case("leads.tips.add_tip", Action.TIP_ADD,
         lambda c, w: tips.add_tip(c, TipInput("夜间开采", "unlicensed", "某村")), "taskforce", ("leader",)),
    Case("leads.handover.write_package", Action.HANDOVER,
         lambda c, w: handover.write_package(c, "forestry", w.tmp), "mineral", ("sd", "leader")),
    Case("leads.handover.import_reply", Action.HANDOVER,
         lambda c, w: handover.import_reply(c, w.tmp / "none.csv"), "restoration", ("sd",)),
    Case("inspections.findings.record_findings", Action.VERIFICATION_RECORD,
         lambda c, w: findings.record_findings(c, mine_id=w.mine_sd, source="verification",
                                                                  source_id=1, year=2025, found=[]),
         "mineral", ("enforcement", "sd")),
    Case("inspections.findings.draft_missing_inspection_leads", Action.LEAD_BACKFILL,
         lambda c, w: findings.draft_missing_inspection_leads(c), "mineral", ("taskforce",)),
    # verification, surveys, spot-checks
    Case("inspections.verification.add_to_list", Action.VERIFICATION_LIST,
         lambda c, w: verification.add_to_list(c, 2025, w.mine_xh, "举报"), "mineral", ("taskforce", "sd")),
    Case("inspections.verification.remove_addition", Action.VERIFICATION_LIST,
         lambda c, w: verification.remove_addition(c, 2025, w.mine_xh), "mineral", ("enforcement",)),
    Case("inspections.verification.record_verification", Action.VERIFICATION_RECORD,
         lambda c, w: verification.record_verification(c, w.mine_sd, 2025, None), "taskforce",
         ("enforcement", "sd")),
    Case("inspections.surveys.schedule_survey", Action.SURVEY_RECORD,
         lambda c, w: surveys.schedule_survey(c, w.mine_sd, 2025, 1, TODAY), "mineral", ("restoration",)),
    Case("inspections.surveys.record_survey", Action.SURVEY_RECORD,
         lambda c, w: surveys.record_survey(c, w.mine_sd, 2025, 1, None), "taskforce", ("enforcement",)),
    Case("inspections.surveys.set_extent_corners", Action.SURVEY_RECORD,
         lambda c, w: surveys.set_extent_corners(c, 1, []), "mineral", ("sd",)),
    Case("inspections.surveys.set_extent", Action.SURVEY_RECORD,
         lambda c, w: surveys.set_extent(c, 1, w.tmp / "none.csv"), "mineral", ("leader",)),
    Case("inspections.spotchecks.open_spotcheck", Action.SPOTCHECK_OPEN,
         lambda c, w: spotchecks.open_spotcheck(c, w.mine_xh, _trigger()), "restoration",
         ("enforcement", "xh")),
    Case("inspections.spotchecks.record_result", Action.SPOTCHECK_RECORD,
         lambda c, w: spotchecks.record_result(c, 1, None), "enforcement", ("sd", "leader")),
    # visits (R-VISIT-1)
    Case("visits.visits.commit_plan", Action.VISIT_PLAN, lambda c, w: visits.commit_plan(c, None), "taskforce",
         ("sd", "mineral")),
    Case("visits.changes.move_visit", Action.VISIT_PLAN, lambda c, w: changes.move_visit(c, 1, TODAY), "taskforce",
         ("sd",)),
    Case("visits.changes.cancel_visit", Action.VISIT_PLAN, lambda c, w: changes.cancel_visit(c, 1), "taskforce",
         ("xh",)),
    Case("visits.external.add_external", Action.VISIT_PLAN,
         lambda c, w: external.add_external(c, "C1404042020011110000001", TODAY, "市局"), "taskforce",
         ("leader",)),
    Case("visits.recording.record_visit", Action.VISIT_RECORD, lambda c, w: recording.record_visit(c, 1, {}),
         "taskforce", ("sd", "mineral")),
    # settings, views, users
    Case("core.settings.values.set_setting", Action.SETTINGS_EDIT,
         lambda c, w: settings.set_setting(c, "visits.capacity", "2"), "admin",
         ("mineral", "leader", "enforcement", "taskforce", "sd")),
    Case("core.settings.values.reset_setting", Action.SETTINGS_EDIT,
         lambda c, w: settings.reset_setting(c, "leads.default_workdays"), "admin", ("restoration", "taskforce")),
    Case("reporting.views.save_view", Action.VIEW_SAVE, lambda c, w: views.save_view(c, "我的", "mines", {}),
         "leader", ()),
    Case("reporting.views.delete_view", Action.VIEW_SAVE, lambda c, w: views.delete_view(c, "我的"), "leader", ()),
    Case("core.auth.add_user", Action.USER_MANAGE, lambda c, w: auth.add_user(c, "new", PW, Role.SUPERVISOR), "admin",
         ("leader", "mineral")),
    Case("core.auth.set_password", Action.USER_MANAGE, lambda c, w: auth.set_password(c, "sd", "another-password"),
         "admin", ("leader", "xh")),
    Case("core.auth.set_role", Action.USER_MANAGE, lambda c, w: auth.set_role(c, "leader", Role.TASK_FORCE), "admin",
         ("leader", "sd")),
    Case("core.auth.disable_user", Action.USER_MANAGE, lambda c, w: auth.disable_user(c, "sd"), "admin", ("leader",)),
)


# --- the list of write services, from the source ---------------------------------------------------------------

def _writes(module: ast.Module, source: str) -> set[str]:
    """Functions that open a write transaction, directly or by calling one of their module that does."""
    functions = {n.name: n for n in module.body if isinstance(n, ast.FunctionDef)}
    writing = {name for name, node in functions.items() if "db.write(" in (ast.get_source_segment(source, node) or "")}
    while True:
        more = {name for name, node in functions.items() if name not in writing and any(
            isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in writing
            for call in ast.walk(node))}
        if not more:
            return writing
        writing |= more


def write_services() -> set[str]:
    found = set()
    root = Path(services_package.__file__).parent
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        if module.split(".")[0] in EXEMPT_PACKAGES:
            continue
        source = path.read_text(encoding="utf-8")
        found |= {f"{module}.{name}" for name in _writes(ast.parse(source), source) if not name.startswith("_")}
    return found


def test_every_write_service_is_in_the_matrix() -> None:
    derived = write_services()
    via_helpers = {"mines.zones.approve_zone", "leads.leads.send", "core.auth.set_role",
                   "inspections.surveys.set_extent"}
    assert via_helpers <= derived
    missing = derived - {case.function for case in CASES} - EXEMPT_FUNCTIONS
    assert not missing, f"write services without a row in the roles matrix: {sorted(missing)}"


def test_every_policy_action_of_the_matrix_exists_and_names_the_right_rule() -> None:
    from minetui.domain.policy import RULES, decide

    for case in CASES:
        assert case.action in RULES
        assert not decide(None, case.action).allowed


# --- the matrix ------------------------------------------------------------------------------------------------

def _ids(case: Case) -> str:
    return f"{case.function}[{case.action}:{case.allowed}]"


def _written(ctx: Context) -> tuple[int, int]:
    return ctx.conn.total_changes, audit.count(ctx.conn)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_denied_users_and_nobody_are_refused_before_anything_is_written(case: Case, world: World) -> None:
    for name in (None, *case.denied):
        ctx = session(world, name)
        try:
            before = _written(ctx)
            with pytest.raises(PermissionDenied):
                case.call(ctx, world)
            assert _written(ctx) == before, f"{name} wrote something before being refused"
            assert not any(world.tmp.glob("forestry-*")), "files were written before the refusal"
        finally:
            ctx.close()


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_allowed_user_gets_past_the_check(case: Case, world: World) -> None:
    ctx = session(world, case.allowed)
    try:
        case.call(ctx, world)
    except PermissionDenied as exc:
        pytest.fail(f"{case.allowed} was refused {case.function}: {exc}")
    except Exception:  # the dummy arguments may well be refused for what they are, after the check
        pass
    finally:
        ctx.close()


def test_an_allowed_write_is_audited_under_the_signed_in_user(world: World) -> None:
    ctx = session(world, "enforcement")
    try:
        mineral = session(world, "mineral")
        leads.send(mineral, world.lead_mineral)
        mineral.close()
        lead = leads.receive(ctx, world.lead_mineral)
        assert str(lead.state) == "received"
        assert [r["actor"] for r in audit.log(ctx.conn, entity=f"lead:{world.lead_mineral}")][:2] == [
            "enforcement", "mineral"]
    finally:
        ctx.close()


def test_a_clerk_imports_only_their_own_office_s_patrols(world: World) -> None:
    """patrol.import lets a clerk in; each row is then checked as patrol.record for its office."""
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.importing import import_file

    header = "许可证号,巡查日期,巡查人员,自然资源所,核查拐点,轨迹,照片\n"
    row = "C1404042020011110000002,2025-06-10,张三、李四,XH,1、2、3,route.gpx,site.jpg\n"
    (world.tmp / "route.gpx").write_text("<gpx/>", encoding="utf-8")
    (world.tmp / "site.jpg").write_bytes(b"\xff\xd8\xff")
    file = world.tmp / "patrols.csv"
    file.write_text(header + row, encoding="utf-8")
    ctx = session(world, "sd")
    try:
        with pytest.raises(ImportRefused) as refused:
            import_file(ctx, "patrols", file)
        assert any("XH" in p.message for p in refused.value.problems), refused.value.problems
    finally:
        ctx.close()


def test_a_dry_run_import_is_open_to_every_role(world: World) -> None:
    from minetui.services.core.import_engine import ImportRefused
    from minetui.services.importing import import_file

    ctx = session(world, "leader")
    try:
        with pytest.raises(ImportRefused):  # refused for the file, not for the role
            import_file(ctx, "mines", world.tmp / "none.csv", dry_run=True)
    finally:
        ctx.close()
