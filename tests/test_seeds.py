"""The demo district's seed files: reproducible from tools/make_seeds.py, plausible, and flawed on purpose."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from shapely.geometry import Polygon

from minetui.domain.model import MineStatus, Section, ZoneLevel

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
    return resources.files("minetui").joinpath("seeds", name).read_text(encoding="utf-8")


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
    assert {p.name for p in written} == {f"{k}.csv" for k in ("offices", "mines", "corners", "status", "zones",
                                                                "staff", "patches", "leads", "tips", "lists")}
    for path in written:
        assert path.read_text(encoding="utf-8") == seed_text(path.name), f"{path.name}: run tools/make_seeds.py"


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
