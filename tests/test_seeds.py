"""The demo district's seed files: reproducible from tools/make_seeds.py, plausible, and flawed on purpose."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest
from shapely.geometry import Polygon

from minetui import resources
from minetui.domain.model import MineStatus, Section, StatusChange, ZoneLevel
from minetui.domain.patrols.duties import duties_for_year
from minetui.domain.periods import Period
from tests.calendar_fixtures import CHINA_2025_2026

REPO = Path(__file__).resolve().parent.parent
DEMO_TODAY = date(2026, 11, 29)
TOWNS = {"韩店街道", "苏店镇", "荫城镇", "西火镇", "八义镇", "郝家庄镇", "南宋镇", "西池乡", "北呈乡", "东和乡"}
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def load_make_seeds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_seeds", REPO / "tools" / "make_seeds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_seeds"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def seed_text(name: str) -> str:
    return resources.seed_text(name)


def rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(seed_text(f"{name}.csv").splitlines()))


@pytest.fixture(scope="module")
def mines() -> dict[str, dict[str, str]]:
    return {m["licence_no"]: m for m in rows("mines")}


@pytest.fixture(scope="module")
def rings() -> dict[tuple[str, str], list[tuple[str, float, float]]]:
    found: dict[tuple[str, str], list[tuple[str, float, float]]] = defaultdict(list)
    for c in rows("corners"):
        found[(c["licence_no"], c["ring"])].append((c["point_no"], float(c["x"]), float(c["y"])))
    return dict(found)


def open_ring(points: list[tuple[str, float, float]]) -> list[tuple[float, float]]:
    """The ring without a closing point that repeats the first point's number."""
    body = points[:-1] if len(points) > 1 and points[-1][0] == points[0][0] else points
    return [(x, y) for _, x, y in body]


def test_committed_seeds_are_what_the_script_writes(tmp_path: Path) -> None:
    written = load_make_seeds().generate(tmp_path)
    tables = {f"{k}.csv" for k in ("offices", "mines", "corners", "status", "zones", "staff", "patches", "leads",
                                   "tips", "lists", "patrols")}
    evidence = {f"route-{n:02d}.gpx" for n in range(1, 8)} | {f"flight-{n:02d}.gpx" for n in range(1, 4)}
    evidence |= {f"photo-{n:02d}.jpg" for n in range(1, 7)} | {f"aerial-{n:02d}.jpg" for n in range(1, 4)}
    assert {p.name for p in written} == tables | evidence
    seeds = resources.seeds_dir()
    assert {f.name for f in seeds.iterdir() if f.name != "README.md"} == tables | evidence, "stale seed files"
    for path in written:
        assert path.read_bytes() == seeds.joinpath(path.name).read_bytes(), f"{path.name}: run tools/make_seeds.py"


def test_headers_are_the_english_keys_of_formats_md() -> None:
    expected = {
        "offices": ["code", "name", "towns"],
        "mines": ["licence_no", "name", "holder", "credit_code", "minerals", "method", "scale", "status",
                  "status_since", "office", "town", "villages", "area_km2", "depth_top_m", "depth_bottom_m",
                  "valid_from", "valid_to", "forest_grass", "epsg"],
        "corners": ["licence_no", "point_no", "x", "y", "ring"],
        "status": ["licence_no", "status", "effective_from"],
        "zones": ["year", "level", "zone", "zone_code", "licence_no", "basis"],
        "staff": ["name", "office", "title"],
        "patches": ["year", "batch", "patch_no", "x", "y", "area_mu", "verdict", "handling", "reason",
                    "forest_grass_damage"],
        "patrols": ["licence_no", "date", "inspectors", "mode", "drone_reason", "route", "corners_checked",
                    "signboard", "stockpile", "farmland", "basic_farmland", "outside_boundary", "unlicensed",
                    "eco_damage", "outside_activity", "subsidence", "village_inquiry", "findings", "photos"],
    }
    for name, header in expected.items():
        assert seed_text(f"{name}.csv").splitlines()[0].split(",") == header


def test_offices_cover_every_town_once() -> None:
    offices = rows("offices")
    assert len(offices) == 7
    assert all(re.fullmatch(r"SD0\d", o["code"]) for o in offices)
    towns = [t for o in offices for t in o["towns"].split("、")]
    assert sorted(towns) == sorted(TOWNS)


def test_mines_are_plausible(mines: dict[str, dict[str, str]]) -> None:
    offices = {o["code"]: o["towns"].split("、") for o in rows("offices")}
    assert 55 <= len(mines) <= 65
    assert len({m["name"] for m in mines.values()}) == len(mines)
    for m in mines.values():
        assert m["town"] in offices[m["office"]]
        assert m["method"] in {"露天", "地下", "联合"} and m["scale"] in {"大型", "中型", "小型"}
        assert 300 <= int(m["depth_bottom_m"]) < int(m["depth_top_m"]) <= 1300
        assert m["valid_from"] < m["valid_to"]
    minerals = Counter(m["minerals"] for m in mines.values())
    assert minerals["煤"] >= 20 and {"水泥用石灰岩", "冶金用白云岩", "铁矿", "耐火粘土"} <= set(minerals)
    coal_methods = Counter(m["method"] for m in mines.values() if m["minerals"] == "煤")
    assert coal_methods["地下"] > len(mines) / 3
    assert any(m["villages"] for m in mines.values()) and any(not m["villages"] for m in mines.values())
    assert {m["forest_grass"] for m in mines.values()} == {"是", "否"}


def test_licence_numbers_modern_and_a_few_legacy(mines: dict[str, dict[str, str]]) -> None:
    modern = [n for n in mines if re.fullmatch(r"C\d{22}", n)]
    legacy = [n for n in mines if n not in modern]
    assert 2 <= len(legacy) <= 3 and all(re.fullmatch(r"\d{13}", n) for n in legacy)


def credit_code_ok(code: str) -> bool:
    """GB 32100-2015 check character (the organisation-code check inside is checked too)."""
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    org = code[8:16]
    org_sum = sum(int(c) * w for c, w in zip(org, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    org_check = {10: "X", 11: "0"}.get(11 - org_sum % 11, str(11 - org_sum % 11))
    return code[17] == CREDIT_ALPHABET[(31 - total % 31) % 31] and code[16] == org_check


def test_credit_codes_are_18_characters_with_valid_check(mines: dict[str, dict[str, str]]) -> None:
    for m in mines.values():
        assert re.fullmatch(r"91(140404|140421|140400)\d{8}[0-9X][0-9A-HJ-NPQRTUWXY]", m["credit_code"])
        assert credit_code_ok(m["credit_code"]), m["credit_code"]


def test_expiry_flaws(mines: dict[str, dict[str, str]]) -> None:
    ends = [date.fromisoformat(m["valid_to"]) for m in mines.values()]
    assert sum(end < DEMO_TODAY for end in ends) == 1
    assert 1 <= sum(0 <= (end - DEMO_TODAY).days <= 30 for end in ends) <= 3


def test_areas_match_the_polygons_and_nothing_overlaps(mines: dict[str, dict[str, str]], rings) -> None:
    polygons: dict[str, list[Polygon]] = defaultdict(list)
    for (licence, _ring), points in rings.items():
        assert 4 <= len(open_ring(points)) <= 8
        polygons[licence].append(Polygon(open_ring(points)))
    assert set(polygons) == set(mines)
    assert sum(len(p) == 2 for p in polygons.values()) >= 2
    bowties = [lic for lic, ps in polygons.items() if not all(p.is_valid for p in ps)]
    assert len(bowties) == 1
    for licence, parts in polygons.items():
        if licence not in bowties:
            area = round(sum(p.area for p in parts) / 1_000_000, 4)
            assert abs(area - float(mines[licence]["area_km2"])) <= 0.00011, licence
    shapes = [(lic, p) for lic, ps in polygons.items() for p in ps if lic not in bowties]
    for i, (lic_a, a) in enumerate(shapes):
        for lic_b, b in shapes[i + 1:]:
            assert not a.intersects(b), (lic_a, lic_b)


def test_coordinates_lie_in_zone_38_except_the_one_without_prefix(rings) -> None:
    no_prefix = {lic for (lic, _), pts in rings.items() if any(y < 10_000_000 for _, _, y in pts)}
    assert len(no_prefix) == 1
    for (licence, _), points in rings.items():
        for _, x, y in points:
            assert 3_970_000 <= x <= 4_005_000
            y = y + 38_000_000 if licence in no_prefix else y
            assert 38_405_000 <= y <= 38_428_000


def test_exactly_one_ring_is_not_closed_and_some_close_explicitly(rings) -> None:
    repeated = [pts for pts in rings.values() if pts[-1][0] == pts[0][0]]
    not_closed = [pts for pts in repeated if pts[-1][1:] != pts[0][1:]]
    assert len(not_closed) == 1 and len(repeated) >= 2


def test_status_histories(mines: dict[str, dict[str, str]]) -> None:
    history: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows("status"):
        history[r["licence_no"]].append((r["effective_from"], r["status"]))
    assert set(history) == set(mines)
    words = {s for entries in history.values() for _, s in entries}
    assert words == {s.zh for s in MineStatus}
    for licence, entries in history.items():
        days = [d for d, _ in entries]
        assert days == sorted(set(days)), licence
        assert days[0] >= mines[licence]["valid_from"] and days[-1] <= DEMO_TODAY.isoformat()
        assert (mines[licence]["status_since"], mines[licence]["status"]) == entries[-1]
    recent = [date.fromisoformat(d) for e in history.values() for d, _ in e if d >= "2024-01-01"]
    assert any(d.day == 1 for d in recent) and any(d.day == 15 for d in recent)
    assert any((d.month, d.day) in {(3, 31), (6, 30), (9, 30), (12, 31)} for d in recent)
    assert any((d.month, d.day) in {(2, 28), (2, 29), (5, 31)} for d in recent)
    assert {d.year for d in recent} == {2024, 2025, 2026}


def test_zone_lists(mines: dict[str, dict[str, str]]) -> None:
    zones = rows("zones")
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    levels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for z in zones:
        assert z["licence_no"] in mines
        members[z["year"]].add((z["zone"], z["licence_no"]))
        levels[(z["year"], z["licence_no"])].add(z["level"])
    assert set(members) == {"2024", "2025", "2026"}  # 2026 = the demo's current year
    for year in members:
        per_level = Counter(z["level"] for z in zones if z["year"] == year)
        assert set(per_level) == {lv.zh for lv in ZoneLevel}
        assert per_level["部级"] < per_level["省级"] and per_level["部级"] < per_level["区级"]
        assert len({z["zone"] for z in zones if z["year"] == year and z["level"] == "区级"}) >= 6
    assert any(len(lv) > 1 for lv in levels.values())
    in_year = {year: {lic for _, lic in pairs} for year, pairs in members.items()}
    assert in_year["2024"] - in_year["2025"] and in_year["2025"] - in_year["2024"]


def test_staff_belong_to_an_office_or_a_section() -> None:
    codes = {o["code"] for o in rows("offices")}
    staff = rows("staff")
    assert {s["office"] for s in staff} <= codes | {str(s) for s in Section}
    assert codes <= {s["office"] for s in staff}
    assert len({(s["name"], s["office"]) for s in staff}) == len(staff)


def test_seed_readme_labels_the_data_fictional_and_names_the_flawed_mines(mines, rings) -> None:
    readme = seed_text("README.md")
    assert "fictional" in readme and "虚构" in readme
    flawed = {lic for (lic, _), pts in rings.items()
              if (pts[-1][0] == pts[0][0] and pts[-1][1:] != pts[0][1:])
              or any(y < 10_000_000 for _, _, y in pts) or not Polygon(open_ring(pts)).is_valid}
    flawed |= {lic for lic, m in mines.items() if m["valid_to"] < "2026-12-30"}
    assert len(flawed) >= 5
    for licence in flawed:
        assert mines[licence]["name"] in readme


# --- the patrol history (2025 and 2026 up to the demo's today) -------------------------------------------------

LAGGING_OFFICE = "SD05"


@pytest.fixture(scope="module")
def patrols() -> list[dict[str, str]]:
    return rows("patrols")


@pytest.fixture(scope="module")
def duties(mines: dict[str, dict[str, str]]) -> dict[str, list[Period]]:
    """licence → its duty periods of 2025–2026 starting by the demo's today, by the app's own rule, recomputed
    from the seed files (status history, licence validity, zone lists)."""
    history: dict[str, list[StatusChange]] = defaultdict(list)
    for r in rows("status"):
        status = next(s for s in MineStatus if s.zh == r["status"])
        history[r["licence_no"]].append(StatusChange(status, date.fromisoformat(r["effective_from"])))
    years: dict[str, set[int]] = defaultdict(set)
    for z in rows("zones"):
        years[z["licence_no"]].add(int(z["year"]))
    return {licence: [d.period for year in (2025, 2026)
                      for d in duties_for_year(history[licence], date.fromisoformat(m["valid_from"]),
                                               date.fromisoformat(m["valid_to"]), years[licence], year)
                      if d.period.start <= DEMO_TODAY]
            for licence, m in mines.items()}


def test_every_patrol_meets_its_own_duty_before_the_demos_today(patrols, duties) -> None:
    met: Counter[tuple[str, Period]] = Counter()
    for p in patrols:
        day = date.fromisoformat(p["date"])
        assert day < DEMO_TODAY, p
        periods = [period for period in duties[p["licence_no"]] if period.contains(day)]
        assert len(periods) == 1, f"{p['licence_no']} {day}: not inside one of the mine's duty periods"
        met[(p["licence_no"], periods[0])] += 1
    assert set(met.values()) == {1}  # one patrol per duty, so the met share below is the patrols' share
    assert sum(CHINA_2025_2026.is_workday(date.fromisoformat(p["date"])) for p in patrols) == len(patrols)


def met_shares(mines, patrols, duties) -> tuple[dict[str, float], float, float]:
    """(office → share of its past duties met, share of all past duties met, share of current duties met)."""
    dates: dict[str, list[date]] = defaultdict(list)
    for p in patrols:
        dates[p["licence_no"]].append(date.fromisoformat(p["date"]))
    past: dict[str, list[bool]] = defaultdict(list)
    current: list[bool] = []
    for licence, periods in duties.items():
        for period in periods:
            met = any(period.contains(d) for d in dates[licence])
            (past[mines[licence]["office"]] if period.end < DEMO_TODAY else current).append(met)
    everything = [m for found in past.values() for m in found]
    return ({office: sum(found) / len(found) for office, found in past.items()}, sum(everything) / len(everything),
            sum(current) / len(current))


def test_most_duties_are_met_and_one_office_lags(mines, patrols, duties) -> None:
    by_office, overall, current = met_shares(mines, patrols, duties)
    assert set(by_office) == {o["code"] for o in rows("offices")}
    assert 0.85 <= overall <= 0.91
    assert by_office[LAGGING_OFFICE] < 0.75
    assert all(0.88 <= share <= 0.97 for office, share in by_office.items() if office != LAGGING_OFFICE), by_office
    assert 0.4 <= current <= 0.6  # the demo's month (and quarter) about half done
    assert sum(len(p) for p in duties.values()) > 600


def test_patrol_rows_follow_r_pat_3_and_4(mines, rings, patrols) -> None:
    staff: dict[str, set[str]] = defaultdict(set)
    for s in rows("staff"):
        staff[s["office"]].add(s["name"])
    points = {licence: {no for (lic, _), pts in rings.items() if lic == licence for no, _, _ in pts}
              for licence in mines}
    own_items = {"露天": {"outside_activity"}, "地下": {"subsidence"}, "联合": {"outside_activity", "subsidence"}}
    for p in patrols:
        mine = mines[p["licence_no"]]
        names = p["inspectors"].split("、")
        assert len(set(names)) == 2 and set(names) <= staff[mine["office"]], p
        corners = p["corners_checked"].split("、")
        assert 3 <= len(set(corners)) == len(corners) <= 4 and set(corners) <= points[p["licence_no"]], p
        for item in ("outside_activity", "subsidence"):
            assert (p[item] == "不适用") == (item not in own_items[mine["method"]]), p
        answered = [p[k] for k in ("signboard", "stockpile", "farmland", "basic_farmland", "outside_boundary",
                                   "unlicensed", "eco_damage", "outside_activity", "subsidence")]
        assert all(a in ("正常", "不适用") or re.fullmatch(r"异常：\S+", a) for a in answered), p
        assert bool(p["village_inquiry"]) == bool(mine["villages"]), p
        assert all(v in p["village_inquiry"] for v in mine["villages"].split("、") if v)
        if p["mode"] == "无人机":
            assert p["drone_reason"] in ("交通阻断", "安全隐患") and re.fullmatch(r"flight-0\d\.gpx", p["route"])
            assert re.fullmatch(r"aerial-0\d\.jpg(、aerial-0\d\.jpg)?", p["photos"]), p
        else:
            assert p["mode"] == "现场" and not p["drone_reason"] and re.fullmatch(r"route-0\d\.gpx", p["route"])
            assert re.fullmatch(r"photo-0\d\.jpg、photo-0\d\.jpg", p["photos"]), p
    modes = Counter(p["mode"] for p in patrols)
    assert 5 <= modes["无人机"] <= 0.03 * len(patrols)


def test_a_few_patrols_find_something(patrols) -> None:
    abnormal = [(p, key) for p in patrols for key, value in p.items() if value.startswith("异常")]
    assert 0.02 <= len(abnormal) / len(patrols) <= 0.04
    assert len({id(p) for p, _ in abnormal}) == len(abnormal)  # one abnormal item per patrol at most
    kinds = Counter(key for _, key in abnormal)
    assert 1 <= kinds["outside_boundary"] <= 2 and {"signboard", "eco_damage", "stockpile"} <= set(kinds)
    assert all(p["findings"] and p["findings"] in p[key] for p, key in abnormal)
    assert sum(bool(p["findings"]) for p in patrols) == len(abnormal)


def test_evidence_files_are_small_valid_gpx_and_jpeg(patrols) -> None:
    seeds = resources.seeds_dir()
    named = {p["route"] for p in patrols} | {n for p in patrols for n in p["photos"].split("、")}
    assert named == {f.name for f in seeds.iterdir() if f.name.endswith((".gpx", ".jpg"))}
    for name in sorted(named):
        content = seeds.joinpath(name).read_bytes()
        assert len(content) < 4096, name
        if name.endswith(".gpx"):
            track = ElementTree.fromstring(content).findall(".//{http://www.topografix.com/GPX/1/1}trkpt")
            assert len(track) >= 4, name
            for point in track:  # 上党区, roughly
                assert 35.8 < float(point.get("lat")) < 36.25 and 112.9 < float(point.get("lon")) < 113.3, name
        else:
            assert jpeg_size(content) in {(64, 48), (64, 64)}, name


def jpeg_size(content: bytes) -> tuple[int, int]:
    """(width, height) of a baseline JPEG, after checking its markers: SOI, segments, SOS, data, EOI."""
    assert content[:2] == b"\xff\xd8" and content[-2:] == b"\xff\xd9"
    at, size, seen = 2, None, []
    while content[at] == 0xFF and content[at + 1] != 0xDA:
        marker, length = content[at + 1], int.from_bytes(content[at + 2:at + 4], "big")
        seen.append(marker)
        if marker == 0xC0:
            height, width = int.from_bytes(content[at + 5:at + 7], "big"), int.from_bytes(content[at + 7:at + 9], "big")
            size = (width, height)
        at += 2 + length
    assert seen == [0xE0, 0xDB, 0xC0, 0xC4] and size is not None
    data = content[at + 2 + int.from_bytes(content[at + 2:at + 4], "big"):-2]
    assert all(data[i + 1] == 0 for i in range(len(data) - 1) if data[i] == 0xFF)  # 0xFF is always stuffed
    return size
