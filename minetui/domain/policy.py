"""Who may do what: the ONE place that decides every allow and deny (roles, actions, scopes).

Pure: no SQL, no UI. A service asks `decide(user, action, scope)` (through services.auth.authorize) before it
writes; the app asks `may_ever(user, action)` to hide what a role can never do. Every rule is one line of
`RULES` below: action → {role: rule}. A role missing from an action's line may not do it. The admin may do
everything (one line in `decide`); reading is open to everyone and is not listed.

A rule is one of:
- ANYWHERE  — the role may do it whatever the scope;
- OWN_OFFICE — only when the scope's office is the user's office (an office clerk's mines, patrols, duties);
- OWN_SECTION — only when the scope's section is the user's section (a section's inbox and outbox; the task
  force's section is Section.TASK_FORCE, which takes in public tips);
- a frozenset of sections — a section staff member of one of these sections, whatever the scope.

What roles protect against: mistakes and overreach among staff who share one database file. They do not
protect the data from anyone who can copy the file (see README, "Sign-in and roles").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from minetui.domain.model import Section, _Worded
from minetui.i18n import _, label


class Role(_Worded):
    OFFICE_CLERK = "office_clerk"
    SECTION_STAFF = "section_staff"
    TASK_FORCE = "task_force"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @staticmethod
    def EN() -> dict[Role, str]:
        return {Role.TASK_FORCE: "Task force"}


class Action:
    """Action ids (plain strings, so that the app's action registry can name them without importing enums)."""

    MINE_IMPORT = "mine.import"              # offices, mines, corners, status lists
    MINE_EDIT = "mine.edit"                  # one mine's record, edited in the app
    ZONE_EDIT = "zone.edit"                  # zones import, copy a year, add or remove a mine
    ZONE_PROPOSE = "zone.propose"            # R-ZONE-2: an office proposes a district zone
    ZONE_DECIDE = "zone.decide"              # the bureau approves or rejects a proposal
    PATROL_RECORD = "patrol.record"
    PATROL_IMPORT = "patrol.import"          # each row is then checked as patrol.record for its office
    LEAD_DRAFT = "lead.draft"
    LEAD_SEND = "lead.send"
    LEAD_RECEIVE = "lead.receive"            # receive, handle, return: the receiving section
    LEAD_CLOSE = "lead.close"
    LEAD_EVIDENCE = "lead.evidence"
    LEAD_BACKFILL = "lead.backfill"          # draft every missing lead at once
    HANDOVER = "lead.handover"               # transfer packages to outside agencies and their replies
    LIST_EDIT = "list.edit"                  # R-LIST-1 abnormal / serious-dishonesty lists
    TIP_ADD = "tip.add"
    PATCH_IMPORT = "patch.import"            # R-SAT-1 satellite change patches
    VERIFICATION_LIST = "verification.list"  # R-VER-1 add or take back a mine of the list
    VERIFICATION_RECORD = "verification.record"
    SURVEY_RECORD = "survey.record"          # schedule, record, load the extent
    SPOTCHECK_OPEN = "spotcheck.open"
    SPOTCHECK_RECORD = "spotcheck.record"
    VISIT_PLAN = "visit.plan"                # commit, move, cancel, other agencies' visits
    VISIT_RECORD = "visit.record"
    VIEW_SAVE = "view.save"                  # a user's own saved views
    USER_MANAGE = "user.manage"
    SETTINGS_EDIT = "settings.edit"
    EXPORT = "export"


class Rule(Enum):
    ANYWHERE = "anywhere"
    OWN_OFFICE = "own office"
    OWN_SECTION = "own section"


ANYWHERE, OWN_OFFICE, OWN_SECTION = Rule.ANYWHERE, Rule.OWN_OFFICE, Rule.OWN_SECTION
RuleLike = Rule | frozenset[Section]

M, E, R, G = Section.MINERAL, Section.ENFORCEMENT, Section.RESTORATION, Section.REGISTRATION
CLERK, STAFF, FORCE, SUPERVISOR = Role.OFFICE_CLERK, Role.SECTION_STAFF, Role.TASK_FORCE, Role.SUPERVISOR

# ------------------------------------------------------------------------------------------------------------
# THE TABLE. Admin may do everything; a role not named for an action may not do it.
# ------------------------------------------------------------------------------------------------------------
RULES: Mapping[str, Mapping[Role, RuleLike]] = {
    Action.MINE_IMPORT:         {},
    Action.MINE_EDIT:           {CLERK: OWN_OFFICE},
    Action.ZONE_EDIT:           {},
    Action.ZONE_PROPOSE:        {CLERK: OWN_OFFICE},
    Action.ZONE_DECIDE:         {},
    Action.PATROL_RECORD:       {CLERK: OWN_OFFICE},
    Action.PATROL_IMPORT:       {CLERK: ANYWHERE},
    Action.LEAD_DRAFT:          {CLERK: OWN_OFFICE, STAFF: OWN_SECTION, FORCE: OWN_SECTION},
    Action.LEAD_SEND:           {CLERK: OWN_OFFICE, STAFF: OWN_SECTION, FORCE: OWN_SECTION},
    Action.LEAD_RECEIVE:        {STAFF: OWN_SECTION, FORCE: OWN_SECTION},
    Action.LEAD_CLOSE:          {STAFF: OWN_SECTION, FORCE: OWN_SECTION},
    Action.LEAD_EVIDENCE:       {CLERK: OWN_OFFICE, STAFF: OWN_SECTION, FORCE: OWN_SECTION},
    Action.LEAD_BACKFILL:       {STAFF: frozenset({M})},
    Action.HANDOVER:            {STAFF: frozenset({M, E, R, G})},
    Action.LIST_EDIT:           {STAFF: frozenset({M})},
    Action.TIP_ADD:             {CLERK: ANYWHERE, STAFF: ANYWHERE, FORCE: ANYWHERE},
    Action.PATCH_IMPORT:        {STAFF: frozenset({M, E})},
    Action.VERIFICATION_LIST:   {STAFF: frozenset({M})},
    Action.VERIFICATION_RECORD: {STAFF: frozenset({M}), FORCE: ANYWHERE},
    Action.SURVEY_RECORD:       {STAFF: frozenset({M}), FORCE: ANYWHERE},
    Action.SPOTCHECK_OPEN:      {STAFF: frozenset({M, R}), FORCE: ANYWHERE},
    Action.SPOTCHECK_RECORD:    {STAFF: frozenset({M, E, R}), FORCE: ANYWHERE},
    Action.VISIT_PLAN:          {FORCE: ANYWHERE},
    Action.VISIT_RECORD:        {FORCE: ANYWHERE},
    Action.VIEW_SAVE:           {CLERK: ANYWHERE, STAFF: ANYWHERE, FORCE: ANYWHERE, SUPERVISOR: ANYWHERE},
    Action.USER_MANAGE:         {},
    Action.SETTINGS_EDIT:       {},
    Action.EXPORT:              {CLERK: ANYWHERE, STAFF: ANYWHERE, FORCE: ANYWHERE, SUPERVISOR: ANYWHERE},
}

ACTIONS: tuple[str, ...] = tuple(RULES)


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in user as the policy sees it (no password material here)."""

    name: str
    role: Role
    display_name: str = ""
    office_code: str | None = None
    section: Section | None = None
    active: bool = True
    id: int | None = None
    version: int = 1

    @property
    def shown(self) -> str:
        return self.display_name or self.name

    @property
    def desk(self) -> Section | None:
        """The section whose leads are the user's: their section, or the task force's for the task force."""
        return Section.TASK_FORCE if self.role is Role.TASK_FORCE else self.section


@dataclass(frozen=True, slots=True)
class Scope:
    """What an action touches: the office and/or the section whose data it writes (None: not known/none)."""

    office: str | None = None
    section: Section | str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str = ""


def role_problems(role: Role, office_code: str | None, section: Section | None) -> list[str]:
    """Why a role assignment is incomplete or contradictory (an office clerk needs an office, …)."""
    if role is Role.OFFICE_CLERK and not office_code:
        return [_("an office clerk needs an office (--office)")]
    if role is Role.SECTION_STAFF and section is None:
        return [_("section staff need a section (--section)")]
    if role is not Role.OFFICE_CLERK and office_code:
        return [_("only an office clerk belongs to an office")]
    if role is not Role.SECTION_STAFF and section is not None:
        return [_("only section staff belong to a section")]
    return []


def decide(user: User | None, action: str, scope: Scope = Scope()) -> Decision:
    """Allow or deny `action` on `scope` for `user` (None: nobody is signed in), with the reason."""
    if action not in RULES:
        return Decision(False, _("unknown action {action}").format(action=action))
    if user is None:
        return Decision(False, _("this database has users: sign in to change it"))
    if not user.active:
        return Decision(False, _("user {name} is disabled").format(name=user.name))
    if user.role is Role.ADMIN:
        return Decision(True, "admin")
    rule = RULES[action].get(user.role)
    if rule is None:
        return Decision(False, _("{user} ({role}) may not do {action}").format(
            user=user.name, role=label(user.role), action=action))
    return _apply(rule, user, action, scope)


def _section_word(section: Section | str | None) -> str:
    if section is None:
        return "-"
    try:
        return label(Section(str(section)))
    except ValueError:
        return str(section)


def _apply(rule: RuleLike, user: User, action: str, scope: Scope) -> Decision:
    if isinstance(rule, frozenset):
        if user.section in rule:
            return Decision(True, str(user.section))
        return Decision(False, _("{action} is for {sections} only").format(
            action=action, sections="、".join(_section_word(s) for s in sorted(rule))))
    if rule is Rule.ANYWHERE:
        return Decision(True, str(user.role))
    if rule is Rule.OWN_OFFICE:
        if scope.office is not None and scope.office == user.office_code:
            return Decision(True, str(user.office_code))
        return Decision(False, _("{action}: only for your own office {own}, not {other}").format(
            action=action, own=user.office_code, other=scope.office or "-"))
    section = None if scope.section is None else str(scope.section)
    if section is not None and section == str(user.desk):
        return Decision(True, section)
    return Decision(False, _("{action}: only for your own section {own}, not {other}").format(
        action=action, own=_section_word(user.desk), other=_section_word(section)))


def may_ever(user: User | None, action: str) -> bool:
    """Whether the user may do `action` on at least some scope (the app hides what never applies)."""
    if user is None or not user.active or action not in RULES:
        return False
    if user.role is Role.ADMIN:
        return True
    rule = RULES[action].get(user.role)
    if rule is None:
        return False
    return not isinstance(rule, frozenset) or user.section in rule
