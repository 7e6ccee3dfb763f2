"""Key monitoring zones (R-ZONE-1, R-ZONE-2): domain rules, services on a real SQLite file, and the CLI."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minetui.domain.model import MineStatus, ZoneLevel, ZoneState
from minetui.domain.zones import (
    ZoneAction,
    ZoneDraft,
    ZoneRow,
    copies_into_next_year,
    highest_level,
    parse_level,
    transition,
)
from minetui.errors import ServiceError, StaleRecord
from minetui.services.core.context import Context
from minetui.services.mines import zones
from minetui.store import audit, db
from minetui.store import zones as zone_store
from tests.factories import add_mine, add_office


def make_zone(ctx: Context, year: int, level: ZoneLevel, name: str, mine_ids: list[int], *,
              state: ZoneState = ZoneState.APPROVED, code: str | None = None, basis: str = "") -> int:
    """An official zone written straight through the store (as the zones import would)."""
    with db.write(ctx.conn):
        zone_id = zone_store.insert_zone(ctx.conn, ZoneDraft(year, level, name, code, basis, state, None))
        for mine_id in mine_ids:
            zone_store.add_membership(ctx.conn, zone_id, mine_id, "")
    return zone_id


def audit_rows(ctx: Context, entity: str) -> list[dict]:
    return [dict(r) for r in ctx.conn.execute("SELECT * FROM audit WHERE entity = ? ORDER BY seq", (entity,))]


def audit_count(ctx: Context) -> int:
    return ctx.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


@pytest.fixture
def world(ctx: Context) -> dict[str, int]:
    """Offices SD, XH; mines A (producing), B (suspended since 2025-03-01), C (history starts 2026);
    zones of 2024 in every state."""
    add_office(ctx)
    add_office(ctx, "XH", "西火自然资源所", "西火镇")
    a = add_mine(ctx, "C1404002009121120046101", "甲煤矿")
    b = add_mine(ctx, "C1404002009121120046102", "乙煤矿", office="XH",
                 statuses=[(MineStatus.PRODUCING, date(2020, 1, 1)), (MineStatus.SUSPENDED, date(2025, 3, 1))])
    c = add_mine(ctx, "C1404002009121120046103", "丙铁矿", statuses=[(MineStatus.PREPARING, date(2026, 1, 1))])
    ids = {"a": a, "b": b, "c": c}
    ids["national"] = make_zone(ctx, 2024, ZoneLevel.NATIONAL, "上党煤矿区", [a], code="BJ-01",
                                basis="自然资办发〔2023〕1号")
    ids["municipal"] = make_zone(ctx, 2024, ZoneLevel.MUNICIPAL, "苏店矿区", [a, b])
    ids["accepted"] = zones.propose_zone(ctx, 2024, "西火矿区", "SD", [c], basis="所里建议")
    zones.approve_zone(ctx, ids["accepted"], expected_version=1)
    ids["rejected"] = zones.propose_zone(ctx, 2024, "八义矿区", "SD", [b])
    zones.reject_zone(ctx, ids["rejected"], expected_version=1, reason="不符合条件")
    ids["pending"] = zones.propose_zone(ctx, 2024, "荫城矿区", "XH", [a, c])
    return ids


# --- domain --------------------------------------------------------------------------------------------------

def test_transition_table() -> None:
    for action, state in ((ZoneAction.APPROVE, ZoneState.APPROVED), (ZoneAction.REJECT, ZoneState.REJECTED)):
        step = transition(ZoneState.PROPOSED, action)
        assert step.allowed and step.state is state
    for decided in (ZoneState.APPROVED, ZoneState.REJECTED):
        for action in (ZoneAction.APPROVE, ZoneAction.REJECT):
            step = transition(decided, action)
            assert not step.allowed and step.state is decided and step.reason
    assert transition(ZoneState.APPROVED, ZoneAction.EDIT_MINES).allowed
    assert transition(ZoneState.PROPOSED, ZoneAction.EDIT_MINES).allowed
    assert not transition(ZoneState.REJECTED, ZoneAction.EDIT_MINES).allowed


def test_highest_level_and_parse() -> None:
    assert highest_level([ZoneLevel.DISTRICT, ZoneLevel.PROVINCIAL, ZoneLevel.MUNICIPAL]) is ZoneLevel.PROVINCIAL
    assert highest_level([ZoneLevel.DISTRICT]) is ZoneLevel.DISTRICT
    assert highest_level([]) is None
    assert parse_level("部级") is ZoneLevel.NATIONAL
    assert parse_level(" Municipal ") is ZoneLevel.MUNICIPAL
    assert parse_level("区") is ZoneLevel.DISTRICT
    assert parse_level("乡级") is None


def test_copy_rule_takes_only_approved() -> None:
    def row(state: ZoneState) -> ZoneRow:
        return ZoneRow(1, 2024, ZoneLevel.DISTRICT, "x", None, "", state, "SD", 0, 1)

    assert copies_into_next_year(row(ZoneState.APPROVED))
    assert not copies_into_next_year(row(ZoneState.PROPOSED))
    assert not copies_into_next_year(row(ZoneState.REJECTED))


# --- reading -------------------------------------------------------------------------------------------------

def test_list_zones_orders_by_level_then_name(ctx: Context, world: dict[str, int]) -> None:
    listed = zones.list_zones(ctx, 2024)
    assert [(z.level, z.name) for z in listed] == [
        (ZoneLevel.NATIONAL, "上党煤矿区"), (ZoneLevel.MUNICIPAL, "苏店矿区"),
        *sorted([(ZoneLevel.DISTRICT, "八义矿区"), (ZoneLevel.DISTRICT, "荫城矿区"), (ZoneLevel.DISTRICT, "西火矿区")]),
    ]
    by_name = {z.name: z for z in listed}
    assert by_name["苏店矿区"].mine_count == 2
    assert by_name["荫城矿区"].state is ZoneState.PROPOSED and by_name["荫城矿区"].proposed_by == "XH"
    assert by_name["上党煤矿区"].code == "BJ-01"
    assert [z.name for z in zones.list_zones(ctx, 2024, ZoneLevel.MUNICIPAL)] == ["苏店矿区"]
    assert zones.years(ctx) == [2024]
    assert zones.list_zones(ctx, 2023) == []


def test_zone_mines_status_as_of_today(ctx: Context, world: dict[str, int]) -> None:
    rows = zones.zone_mines(ctx, world["municipal"])
    assert [(r.licence_no, r.status, r.office_code) for r in rows] == [
        ("C1404002009121120046101", MineStatus.PRODUCING, "SD"),
        ("C1404002009121120046102", MineStatus.SUSPENDED, "XH"),
    ]
    ctx.today = date(2025, 2, 28)
    assert zones.zone_mines(ctx, world["municipal"])[1].status is MineStatus.PRODUCING
    assert zones.zone_mines(ctx, world["accepted"])[0].status is None  # C's history starts later


def test_mine_zones_by_year(ctx: Context, world: dict[str, int]) -> None:
    zones.copy_year(ctx, 2024, 2025)
    found = zones.mine_zones(ctx, world["a"])
    assert list(found) == [2024, 2025]
    assert [z.name for z in found[2024]] == ["上党煤矿区", "苏店矿区", "荫城矿区"]
    assert [z.name for z in found[2025]] == ["上党煤矿区", "苏店矿区"]


def test_mines_in_zones_highest_approved_level(ctx: Context, world: dict[str, int]) -> None:
    found = zones.mines_in_zones(ctx, 2024)
    # A: national + municipal (+ pending district ignored); B: municipal (rejected district ignored);
    # C: approved district (pending one ignored).
    assert found == {world["a"]: ZoneLevel.NATIONAL, world["b"]: ZoneLevel.MUNICIPAL, world["c"]: ZoneLevel.DISTRICT}
    assert zones.mines_in_zones(ctx, 2025) == {}


def test_mines_in_zones_ignores_proposals_alone(ctx: Context) -> None:
    add_office(ctx)
    mine = add_mine(ctx, "C1404002009121120046109", "丁矿")
    zones.propose_zone(ctx, 2025, "提议矿区", "SD", [mine])
    assert zones.mines_in_zones(ctx, 2025) == {}


# --- copy ----------------------------------------------------------------------------------------------------

def test_copy_year_takes_approved_zones_and_their_mines(ctx: Context, world: dict[str, int]) -> None:
    before = audit_count(ctx)
    report = zones.copy_year(ctx, 2024, 2025)
    assert (report.zones, report.memberships) == (3, 4)  # national(A) + municipal(A,B) + accepted district(C)
    copied = zones.list_zones(ctx, 2025)
    assert [(z.level, z.name, z.state, z.mine_count) for z in copied] == [
        (ZoneLevel.NATIONAL, "上党煤矿区", ZoneState.APPROVED, 1),
        (ZoneLevel.MUNICIPAL, "苏店矿区", ZoneState.APPROVED, 2),
        (ZoneLevel.DISTRICT, "西火矿区", ZoneState.APPROVED, 1),
    ]
    assert copied[0].code == "BJ-01" and copied[0].basis == "自然资办发〔2023〕1号"
    assert copied[2].proposed_by == "SD"
    assert zones.mines_in_zones(ctx, 2025) == zones.mines_in_zones(ctx, 2024)
    rows = audit_rows(ctx, "zone")[-3:]
    assert audit_count(ctx) == before + 3
    assert {r["action"] for r in rows} == {"copy"}
    after = json.loads(rows[1]["after"])
    assert after["year"] == 2025 and after["copied_from"] == world["municipal"]
    assert sorted(after["mines"]) == ["C1404002009121120046101", "C1404002009121120046102"]
    # the source year is untouched
    assert len(zones.list_zones(ctx, 2024)) == 5


def test_copy_refused_into_year_with_zones(ctx: Context, world: dict[str, int]) -> None:
    add_mine_id = world["c"]
    zones.propose_zone(ctx, 2025, "新提议", "SD", [add_mine_id])  # even a lone proposal blocks the copy
    before = audit_count(ctx)
    with pytest.raises(ServiceError, match="2025"):
        zones.copy_year(ctx, 2024, 2025)
    assert [z.name for z in zones.list_zones(ctx, 2025)] == ["新提议"]
    assert audit_count(ctx) == before


def test_copy_refused_from_empty_year_and_onto_itself(ctx: Context, world: dict[str, int]) -> None:
    with pytest.raises(ServiceError):
        zones.copy_year(ctx, 2020, 2025)
    with pytest.raises(ServiceError):
        zones.copy_year(ctx, 2024, 2024)
    assert zones.years(ctx) == [2024]


# --- membership ----------------------------------------------------------------------------------------------

def test_add_and_remove_mine_are_audited(ctx: Context, world: dict[str, int]) -> None:
    zone_id, mine_id = world["national"], world["b"]
    version = zones.get_zone(ctx, zone_id).version
    zones.add_mine(ctx, zone_id, mine_id, basis=" 督察通报 ")
    assert [m.mine_id for m in zones.zone_mines(ctx, zone_id)] == [world["a"], mine_id]
    assert zones.zone_mines(ctx, zone_id)[1].basis == "督察通报"
    assert zones.get_zone(ctx, zone_id).version == version + 1
    added = audit_rows(ctx, "zone_mine")[-1]
    assert (added["action"], added["entity_id"], added["actor"], added["before"]) == (
        "add", f"{zone_id}:{mine_id}", "tester", None)
    assert json.loads(added["after"])["licence_no"] == "C1404002009121120046102"

    zones.remove_mine(ctx, zone_id, mine_id)
    assert [m.mine_id for m in zones.zone_mines(ctx, zone_id)] == [world["a"]]
    removed = audit_rows(ctx, "zone_mine")[-1]
    assert removed["action"] == "remove" and removed["after"] is None
    assert json.loads(removed["before"]) == {"zone_id": zone_id, "mine_id": mine_id,
                                             "licence_no": "C1404002009121120046102", "basis": "督察通报"}
    assert audit.first_broken_row(ctx.conn) is None


def test_mine_in_several_levels_but_once_per_zone(ctx: Context, world: dict[str, int]) -> None:
    with pytest.raises(ServiceError, match="苏店矿区"):
        zones.add_mine(ctx, world["municipal"], world["a"])
    assert zones.get_zone(ctx, world["municipal"]).mine_count == 2
    zones.add_mine(ctx, world["national"], world["b"])  # B now national + municipal in 2024
    assert zones.mines_in_zones(ctx, 2024)[world["b"]] is ZoneLevel.NATIONAL


def test_membership_changes_refused(ctx: Context, world: dict[str, int]) -> None:
    before = audit_count(ctx)
    with pytest.raises(ServiceError):
        zones.add_mine(ctx, world["rejected"], world["a"])  # rejected zone is frozen
    with pytest.raises(ServiceError):
        zones.remove_mine(ctx, world["rejected"], world["b"])
    with pytest.raises(ServiceError):
        zones.remove_mine(ctx, world["national"], world["c"])  # not a member
    with pytest.raises(ServiceError):
        zones.add_mine(ctx, world["national"], 9999)  # no such mine
    with pytest.raises(ServiceError):
        zones.add_mine(ctx, 9999, world["a"])  # no such zone
    assert audit_count(ctx) == before
    assert zones.get_zone(ctx, world["rejected"]).mine_count == 1


# --- proposals and decisions ---------------------------------------------------------------------------------

def test_propose_zone(ctx: Context, world: dict[str, int]) -> None:
    zone_id = zones.propose_zone(ctx, 2025, " 南宋矿区 ", "XH", [world["b"], world["c"], world["b"]], basis="线索")
    zone = zones.get_zone(ctx, zone_id)
    assert (zone.year, zone.level, zone.name, zone.state, zone.proposed_by, zone.mine_count, zone.version) == (
        2025, ZoneLevel.DISTRICT, "南宋矿区", ZoneState.PROPOSED, "XH", 2, 1)
    row = audit_rows(ctx, "zone")[-1]
    assert row["action"] == "propose" and row["entity_id"] == str(zone_id) and row["before"] is None
    assert json.loads(row["after"])["state"] == "proposed"


@pytest.mark.parametrize(("name", "office", "mine_key"), [
    ("", "SD", "a"),                  # no name
    ("新矿区", "NOPE", "a"),            # unknown office
    ("新矿区", "SD", None),             # unknown mine
    ("荫城矿区", "SD", "a"),            # a district zone of that name exists in 2024
])
def test_propose_refused(ctx: Context, world: dict[str, int], name: str, office: str, mine_key: str | None) -> None:
    before = (audit_count(ctx), len(zones.list_zones(ctx, 2024)))
    mine_ids = [world[mine_key]] if mine_key else [world["a"], 4242]
    with pytest.raises(ServiceError):
        zones.propose_zone(ctx, 2024, name, office, mine_ids)
    assert (audit_count(ctx), len(zones.list_zones(ctx, 2024))) == before


def test_approve_and_reject_record_the_decision(ctx: Context, world: dict[str, int]) -> None:
    zone_id = world["pending"]
    zones.approve_zone(ctx, zone_id, expected_version=1, note="同意")
    zone = zones.get_zone(ctx, zone_id)
    assert zone.state is ZoneState.APPROVED and zone.version == 2
    stored = zone_store.get_zone(ctx.conn, zone_id)
    assert (stored["decision_note"], stored["decided_by"], stored["decided_at"]) == ("同意", "tester", "2025-06-15")
    row = audit_rows(ctx, "zone")[-1]
    assert row["action"] == "approve"
    assert json.loads(row["before"])["state"] == "proposed" and json.loads(row["after"])["state"] == "approved"
    rejected = zone_store.get_zone(ctx.conn, world["rejected"])
    assert (rejected["state"], rejected["decision_note"]) == ("rejected", "不符合条件")


@pytest.mark.parametrize("key", ["national", "accepted", "rejected"])
def test_decided_zones_cannot_be_decided_again(ctx: Context, world: dict[str, int], key: str) -> None:
    zone = zones.get_zone(ctx, world[key])
    before = audit_count(ctx)
    with pytest.raises(ServiceError, match="不是待审批的提议") as approve_error:
        zones.approve_zone(ctx, zone.id, zone.version)
    assert not isinstance(approve_error.value, StaleRecord)
    with pytest.raises(ServiceError, match=f"当前为{zone.state.zh}"):
        zones.reject_zone(ctx, zone.id, zone.version, reason="再议")
    assert zones.get_zone(ctx, zone.id) == zone
    assert audit_count(ctx) == before


def test_stale_decision_and_missing_reason(ctx: Context, world: dict[str, int]) -> None:
    zone_id = world["pending"]
    zones.add_mine(ctx, zone_id, world["b"])  # version 1 → 2 while the approver still holds version 1
    with pytest.raises(StaleRecord):
        zones.approve_zone(ctx, zone_id, expected_version=1)
    with pytest.raises(ServiceError, match="理由"):
        zones.reject_zone(ctx, zone_id, expected_version=2, reason="  ")
    assert zones.get_zone(ctx, zone_id).state is ZoneState.PROPOSED
    zones.reject_zone(ctx, zone_id, expected_version=2, reason="范围不清")
    assert zones.get_zone(ctx, zone_id).state is ZoneState.REJECTED
    with pytest.raises(ServiceError):
        zones.approve_zone(ctx, 9999, expected_version=1)


def test_english_messages(ctx: Context, world: dict[str, int]) -> None:
    from minetui import i18n

    i18n.set_language("en")
    with pytest.raises(ServiceError, match="it is approved"):
        zones.approve_zone(ctx, world["national"], 1)


# --- the state machine, over random action sequences ----------------------------------------------------------

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["approve", "reject"]), st.booleans()),  # (action, use a stale version)
        st.tuples(st.sampled_from(["add", "remove"]), st.integers(0, 2)),  # (action, which mine)
    ),
    max_size=8,
)
_names = itertools.count()


def _expected(state: ZoneState, members: set[int], action: str, arg: object, mine_ids: list[int]):
    """The model: (accepted, state, members) after one action."""
    if action in ("approve", "reject"):
        if arg or state is not ZoneState.PROPOSED:  # stale version, or already decided
            return False, state, members
        return True, ZoneState.APPROVED if action == "approve" else ZoneState.REJECTED, members
    mine = mine_ids[arg]  # type: ignore[index]
    if state is ZoneState.REJECTED or (mine in members) == (action == "add"):
        return False, state, members
    return True, state, members | {mine} if action == "add" else members - {mine}


def _apply(ctx: Context, zone_id: int, action: str, arg: object, mine_ids: list[int]) -> None:
    version = zones.get_zone(ctx, zone_id).version
    if action == "approve":
        zones.approve_zone(ctx, zone_id, version - 1 if arg else version)
    elif action == "reject":
        zones.reject_zone(ctx, zone_id, version - 1 if arg else version, reason="理由")
    elif action == "add":
        zones.add_mine(ctx, zone_id, mine_ids[arg])  # type: ignore[index]
    else:
        zones.remove_mine(ctx, zone_id, mine_ids[arg])  # type: ignore[index]


@pytest.fixture
def three_mines(ctx: Context) -> list[int]:
    add_office(ctx)
    return [add_mine(ctx, f"C14040020091211200462{i:02d}", f"矿{i}") for i in range(3)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, first=st.sets(st.integers(0, 2)))
def test_state_machine_random_sequences(ctx: Context, three_mines: list[int], actions, first) -> None:
    members = {three_mines[i] for i in first}
    zone_id = zones.propose_zone(ctx, 2030, f"随机矿区{next(_names)}", "SD", sorted(members))
    state = ZoneState.PROPOSED
    for action, arg in actions:
        accepted, state_after, members_after = _expected(state, members, action, arg, three_mines)
        before_zone, before_audit = zones.get_zone(ctx, zone_id), audit_count(ctx)
        try:
            _apply(ctx, zone_id, action, arg, three_mines)
            applied = True
        except ServiceError:
            applied = False
        assert applied == accepted, (action, arg, state)
        if not applied:
            assert zones.get_zone(ctx, zone_id) == before_zone
            assert audit_count(ctx) == before_audit
        else:
            assert audit_count(ctx) == before_audit + 1
        state, members = state_after, members_after
        assert zones.get_zone(ctx, zone_id).state is state
        assert {m.mine_id for m in zones.zone_mines(ctx, zone_id)} == members


# --- the command line ----------------------------------------------------------------------------------------

@pytest.fixture
def cli(tmp_path, monkeypatch, world: dict[str, int], ctx: Context):
    """`minetui …` on the world's database file: returns run(*argv) -> exit code."""
    import importlib.util

    from minetui import cli as cli_module

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # Only the subcommand modules that exist yet (others are written in parallel).
    present = tuple(m for m in cli_module.COMMAND_MODULES if importlib.util.find_spec(f"minetui.commands.{m}"))
    monkeypatch.setattr(cli_module, "COMMAND_MODULES", present)
    db_file = str(ctx.db_path)

    def run(*argv: str) -> int:
        return cli_module.main(["--db", db_file, "--today", "2025-06-15", "--user", "clerk", *argv])

    return run


def test_cli_list_csv_reimportable_keys(cli, capsys) -> None:
    assert cli("zones", "list", "--year", "2024", "--format", "csv") == 0
    out = capsys.readouterr().out.lstrip("\ufeff").splitlines()
    assert out[0].split(",") == ["year", "level", "zone", "zone_code", "licence_no", "mine", "basis"]
    body = [line.split(",") for line in out[1:] if line]
    assert len(body) == 4  # approved only: national(A), municipal(A, B), district(C)
    assert body[0][:5] == ["2024", "national", "上党煤矿区", "BJ-01", "C1404002009121120046101"]
    assert body[0][6] == "自然资办发〔2023〕1号"


def test_cli_list_json_level_filter_and_states(cli, capsys) -> None:
    assert cli("zones", "list", "--year", "2024", "--level", "区级", "--state", "all", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted((r["zone"], r["licence_no"][-3:]) for r in rows) == [
        ("八义矿区", "102"), ("荫城矿区", "101"), ("荫城矿区", "103"), ("西火矿区", "103")]
    assert all(r["level"] == "district" for r in rows)


def test_cli_list_bad_level_exits_2(cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("zones", "list", "--year", "2024", "--level", "乡级")
    assert exit_info.value.code == 2


def test_cli_propose_approve_add_remove(cli, capsys, ctx: Context, world: dict[str, int]) -> None:
    assert cli("zones", "propose", "--year", "2025", "--name", "郝家庄矿区", "--office", "SD",
               "--mine", "C1404002009121120046101", "C1404002009121120046102") == 0
    captured = capsys.readouterr()
    zone_id = int(captured.out.strip())
    assert str(zone_id) in captured.err
    assert cli("zones", "approve", str(zone_id), "--note", "同意") == 0
    assert cli("zones", "approve", str(zone_id)) == 2  # decided already
    assert "minetui:" in capsys.readouterr().err
    assert cli("zones", "remove", str(zone_id), "C1404002009121120046101") == 0
    assert cli("zones", "add", str(zone_id), "C1404002009121120046103", "--basis", "新增") == 0
    assert cli("zones", "add", str(zone_id), "C0000000000000000000000") == 2  # unknown licence
    zone = zones.get_zone(ctx, zone_id)
    assert (zone.state, zone.mine_count) == (ZoneState.APPROVED, 2)
    assert audit_rows(ctx, "zone_mine")[-1]["actor"] == "clerk"


def test_cli_reject_and_stale_version(cli, ctx: Context, world: dict[str, int]) -> None:
    assert cli("zones", "reject", str(world["pending"]), "--reason", "依据不足", "--expect-version", "7") == 2
    assert cli("zones", "reject", str(world["pending"]), "--reason", "依据不足") == 0
    assert zones.get_zone(ctx, world["pending"]).state is ZoneState.REJECTED
    assert cli("zones", "propose", "--year", "2025", "--name", "x", "--office", "NOPE") == 2


def test_cli_copy(cli, capsys, ctx: Context) -> None:
    assert cli("zones", "copy", "--from", "2024", "--to", "2025") == 0
    assert "3" in capsys.readouterr().err
    assert cli("zones", "copy", "--from", "2024", "--to", "2025") == 2
    assert zones.years(ctx) == [2024, 2025]


def test_cli_list_table_and_xlsx_use_chinese_words(cli, capsys, tmp_path) -> None:
    assert cli("zones", "list", "--year", "2024", "--level", "national") == 0
    out = capsys.readouterr().out
    assert "部级" in out and "许可证号" in out and "上党煤矿区" in out
    target = tmp_path / "zones.xlsx"
    assert cli("zones", "list", "--year", "2024", "--out", str(target)) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if "许可证号" in row)
    assert values[header][:3] == ["年度", "级别", "监测矿区"]
    assert len(values) - header - 1 == 4 and values[header + 1][1] == "部级"
