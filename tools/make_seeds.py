"""Generate the fictional demo district in seeds/ (deterministic: the same files on every run).

Usage: .venv/bin/python tools/make_seeds.py [--out DIR]   (minetui must be importable: patrol duties come from
minetui.domain.patrols.duties, the app's own rule)

Everything here is invented: mines, holders, licence numbers, credit codes, villages and people. Only the
district's towns and its coordinate range are real. The files use the English column keys of formats.md so
that the real importer loads them, and they carry deliberate flaws for `minetui check` (see FLAWS). The patrol
history (patrols.csv) and its evidence files (route-NN.gpx, flight-NN.gpx, photo-NN.jpg, aerial-NN.jpg) come
from a random stream of their own, so they never change the other tables.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from minetui.domain.model import MineStatus, StatusChange
from minetui.domain.patrols.duties import duties_for_year, obligation_spans
from minetui.domain.periods import Period
from minetui.services.core.workcalendar import build_calendar

SEED = 20261129
REFERENCE_DAY = date(2026, 11, 29)  # "today" of the demo: expiry flaws are relative to it
OUT = Path(__file__).resolve().parent.parent / "seeds"

# CGCS2000 3° zone 38 box of 上党区, split into cells; each mine lies inside its own cell (no overlaps).
X_MIN, X_MAX, ROWS = 3_970_000.0, 4_005_000.0, 12
Y_MIN, Y_MAX, COLS = 38_405_000.0, 38_428_000.0, 8
ZONE_PREFIX = 38_000_000.0

# code, name, towns, (rows, cols) of the grid the office covers (row 0 = south, col 0 = west).
OFFICES = (
    ("SD01", "韩店自然资源所", ("韩店街道", "西池乡"), [((8, 12), (0, 4))]),
    ("SD02", "苏店自然资源所", ("苏店镇", "北呈乡"), [((8, 12), (4, 8))]),
    ("SD03", "郝家庄自然资源所", ("郝家庄镇",), [((4, 8), (0, 3))]),
    ("SD04", "荫城自然资源所", ("荫城镇",), [((4, 8), (3, 6))]),
    ("SD05", "西火自然资源所", ("西火镇", "东和乡"), [((4, 8), (6, 8)), ((0, 4), (6, 8))]),
    ("SD06", "八义自然资源所", ("八义镇",), [((0, 4), (3, 6))]),
    ("SD07", "南宋自然资源所", ("南宋镇",), [((0, 4), (0, 3))]),
)

# kind: (count, minerals, methods to choose from, scales to choose from, radius range in m)
KINDS = {
    "coal": (30, "煤", ["地下"] * 9 + ["联合"], ["大型", "中型", "中型", "小型"], (750, 1250)),
    "limestone": (10, "水泥用石灰岩", ["露天"], ["小型", "小型", "中型"], (160, 420)),
    "dolomite": (6, "冶金用白云岩", ["露天"], ["小型"], (150, 380)),
    "iron": (6, "铁矿", ["露天", "联合", "联合", "地下"], ["小型", "中型"], (300, 650)),
    "bauxite": (4, "铝土矿、耐火粘土", ["联合", "露天"], ["小型", "中型"], (300, 600)),
    "clay": (4, "耐火粘土", ["地下", "联合"], ["小型"], (250, 500)),
}
NAME_SUFFIX = {"coal": "煤矿", "limestone": "石灰岩矿", "dolomite": "白云岩矿", "iron": "铁矿",
               "bauxite": "铝土矿", "clay": "耐火粘土矿"}
HOLDER_FORM = {"coal": "长治市上党区{}煤业有限公司", "limestone": "长治市上党区{}建材有限公司",
               "dolomite": "山西{}镁业有限公司", "iron": "长治市{}矿业有限公司",
               "bauxite": "山西{}铝矾土有限公司", "clay": "长治市上党区{}耐材有限公司"}

# Days on which statuses change in 2024–2026: mid-month, mid-quarter, the 1st, month and quarter ends.
_EVENT_TEXT = (
    "2024-01-01 2024-02-29 2024-03-15 2024-03-31 2024-04-01 2024-05-16 2024-06-30 2024-07-01 2024-08-15 "
    "2024-09-30 2024-11-01 2024-12-31 2025-01-01 2025-02-14 2025-02-28 2025-03-31 2025-04-01 2025-05-15 "
    "2025-06-30 2025-07-01 2025-08-20 2025-09-30 2025-10-01 2025-11-15 2025-12-31 2026-01-01 2026-02-28 "
    "2026-03-16 2026-04-01 2026-05-31 2026-06-15 2026-07-01 2026-08-14 2026-09-30 2026-10-01 2026-11-02"
)
EVENT_DAYS = [date.fromisoformat(d) for d in _EVENT_TEXT.split()]
NEXT_STATUS = {"在产": ["停产"], "停产": ["在产"] * 6 + ["关闭"],
               "基建": ["在产", "在产", "停建"], "停建": ["基建"], "筹建": ["基建"], "关闭": [], "注销": []}

SURNAMES = "王李张赵郭申牛秦贾崔陈常杨刘韩史冯郝"
PLACE_ENDINGS = ("家庄", "家沟", "家岭", "庄", "峪", "坡", "河", "窑", "岭", "堡", "沟", "圪垛")
TRADE_FIRST = "鑫宏泰晟恒瑞福兴昌德嘉丰顺盛源华祥隆金安汇通诚裕永"
TRADE_SECOND = "泰源达盛丰鑫安通宇润远和兴辉阳锦峰益"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚桂英华建国志红亮斌鹏飞"

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass
class MineSeed:
    kind: str
    office: str
    town: str
    cell: tuple[int, int]
    licence_no: str = ""
    name: str = ""
    holder: str = ""
    credit_code: str = ""
    method: str = ""
    scale: str = ""
    villages: list[str] = field(default_factory=list)
    depth: tuple[int, int] = (0, 0)
    valid_from: date = date(2015, 1, 1)
    valid_to: date = date(2035, 1, 1)
    forest_grass: bool = False
    rings: list[list[tuple[str, float, float]]] = field(default_factory=list)
    area_km2: float = 0.0
    history: list[tuple[str, date]] = field(default_factory=list)
    flaws: list[str] = field(default_factory=list)

    @property
    def minerals(self) -> str:
        return KINDS[self.kind][1]


# ----------------------------------------------------------------------------------------------- codes
def credit_code(rng: random.Random, region: str) -> str:
    """An 18-character 统一社会信用代码 (GB 32100) with valid check characters: 91 + region + org code + check."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    org_sum = sum(int(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    org_check = {10: "X", 11: "0"}.get(11 - org_sum % 11, str(11 - org_sum % 11))
    partial = "91" + region + body + org_check
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(partial, CREDIT_WEIGHTS, strict=True))
    return partial + CREDIT_ALPHABET[(31 - total % 31) % 31]


def licence_no(rng: random.Random, issued: date) -> str:
    """The 23-character form: C + issuer region + year + month + kind + 8-digit serial."""
    issuer = rng.choice(("140000", "140400", "140400", "140421"))
    kind = rng.choice(("11", "12", "13"))
    return f"C{issuer}{issued:%Y%m}{kind}{rng.randrange(10**7, 10**8)}"


def legacy_licence_no(rng: random.Random, issued: date) -> str:
    """A pre-2020-looking number: region + 2-digit year + 5-digit serial (13 digits)."""
    return f"140400{issued:%y}{rng.randrange(10**4, 10**5)}"


# -------------------------------------------------------------------------------------------- geometry
def shoelace_km2(ring: list[tuple[str, float, float]]) -> float:
    """Area of a ring (not repeating its first point) in km²."""
    total = 0.0
    for (_, x1, y1), (_, x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2 / 1_000_000


def cell_centre(cell: tuple[int, int]) -> tuple[float, float]:
    row, col = cell
    return (X_MIN + (row + 0.5) * (X_MAX - X_MIN) / ROWS, Y_MIN + (col + 0.5) * (Y_MAX - Y_MIN) / COLS)


def star_ring(rng: random.Random, cx: float, cy: float, radius: float, points: int) -> list[tuple[str, float, float]]:
    """A simple polygon: corners at increasing angles around the centre (star-shaped, hence never crossing)."""
    step = 2 * math.pi / points
    start = rng.uniform(0, step)
    ring = []
    for i in range(points):
        angle = start + i * step + rng.uniform(-0.25, 0.25) * step
        r = radius * rng.uniform(0.7, 1.0)
        ring.append((str(i + 1), round(cx + r * math.cos(angle), 2), round(cy + r * math.sin(angle), 2)))
    return ring


def rectangle_ring(rng: random.Random, cx: float, cy: float, radius: float) -> list[tuple[str, float, float]]:
    """A rotated rectangle (the usual open-pit quarry licence)."""
    half_w, half_h = radius * rng.uniform(0.6, 0.9), radius * rng.uniform(0.35, 0.6)
    turn = rng.uniform(0, math.pi)
    ring = []
    for i, (u, v) in enumerate(((-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h))):
        x = cx + u * math.cos(turn) - v * math.sin(turn)
        y = cy + u * math.sin(turn) + v * math.cos(turn)
        ring.append((str(i + 1), round(x, 2), round(y, 2)))
    return ring


def make_rings(rng: random.Random, mine: MineSeed, two_rings: bool) -> None:
    cx, cy = cell_centre(mine.cell)
    low, high = KINDS[mine.kind][4]
    if two_rings:
        offset = (Y_MAX - Y_MIN) / COLS / 4
        mine.rings = [star_ring(rng, cx, cy + sign * offset, offset - 120, rng.randint(4, 6)) for sign in (-1, 1)]
    elif mine.method == "露天":
        mine.rings = [rectangle_ring(rng, cx, cy, rng.uniform(low, high))]
    else:
        mine.rings = [star_ring(rng, cx, cy, rng.uniform(low, high), rng.randint(5, 8))]
    mine.area_km2 = round(sum(shoelace_km2(r) for r in mine.rings), 4)


# ---------------------------------------------------------------------------------------------- people
def unique_words(rng: random.Random, count: int, make: Callable[[random.Random], str]) -> list[str]:
    """`count` different words from `make`, in the order drawn."""
    found: list[str] = []
    while len(found) < count:
        word = make(rng)
        if word not in found:
            found.append(word)
    return found


def village(rng: random.Random) -> str:
    """A made-up village name that is not also a town's name (郝家庄 is a town)."""
    name = rng.choice(SURNAMES) + rng.choice(PLACE_ENDINGS)
    towns = {town[:-1] for _, _, office_towns, _ in OFFICES for town in office_towns}
    return (name if name not in towns else name[0] + "家峪") + "村"


def trade_name(rng: random.Random) -> str:
    first, second = rng.choice(TRADE_FIRST), rng.choice(TRADE_SECOND)
    return first + second if first != second else first + "达"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


# --------------------------------------------------------------------------------------------- mines
def office_cells() -> dict[str, list[tuple[int, int]]]:
    cells: dict[str, list[tuple[int, int]]] = {}
    for code, _, _, areas in OFFICES:
        cells[code] = [(r, c) for (r0, r1), (c0, c1) in areas for r in range(r0, r1) for c in range(c0, c1)]
    return cells


def place_mines(rng: random.Random) -> list[MineSeed]:
    """Kinds shuffled over cells chosen across the district; the cell decides office and town."""
    kinds = [kind for kind, spec in KINDS.items() for _ in range(spec[0])]
    rng.shuffle(kinds)
    towns = {code: towns for code, _, towns, _ in OFFICES}
    by_cell = {cell: code for code, cells in office_cells().items() for cell in cells}
    chosen = sorted(rng.sample(sorted(by_cell), len(kinds)))
    return [MineSeed(kind, by_cell[cell], rng.choice(towns[by_cell[cell]]), cell)
            for kind, cell in zip(kinds, chosen, strict=True)]


def describe(rng: random.Random, mine: MineSeed, name_word: str, trade: str, villages: list[str]) -> None:
    _, _, methods, scales, _ = KINDS[mine.kind]
    mine.method, mine.scale = rng.choice(methods), rng.choice(scales)
    mine.name = f"{name_word}{NAME_SUFFIX[mine.kind]}"
    mine.holder = HOLDER_FORM[mine.kind].format(trade)
    mine.credit_code = credit_code(rng, rng.choice(("140404", "140421", "140400")))
    mine.villages = villages[: rng.choice((0, 1, 1, 2, 3))]
    mine.forest_grass = rng.random() < 0.3
    ground = rng.randrange(900, 1200, 10)
    if mine.method == "地下":
        mine.depth = (ground - rng.randrange(40, 160, 10), ground - rng.randrange(300, 650, 10))
    elif mine.method == "露天":
        mine.depth = (ground + rng.randrange(20, 120, 10), ground - rng.randrange(20, 90, 10))
    else:
        mine.depth = (ground + rng.randrange(0, 60, 10), ground - rng.randrange(150, 400, 10))
    mine.valid_from = date(rng.randint(2010, 2023), rng.randint(1, 12), rng.randint(1, 28))
    years = rng.choice((5, 10, 10, 15, 20, 30)) if mine.kind == "coal" else rng.choice((3, 5, 5, 10))
    mine.valid_to = _years_later(mine.valid_from, years)
    while mine.valid_to < date(2027, 3, 1):  # keep clear of the deliberate expiry flaws
        mine.valid_to = _years_later(mine.valid_to, 5)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years) - timedelta(days=1)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def random_history(rng: random.Random, mine: MineSeed) -> None:
    """The licence starts in 基建 or 在产; 0–3 changes follow on the event days of 2024–2026."""
    start = "在产" if rng.random() < 0.75 else "基建"
    history = [(start, mine.valid_from)]
    if start == "基建" and mine.valid_from.year < 2022:
        history.append(("在产", mine.valid_from + timedelta(days=rng.randint(400, 900))))
    days = sorted(rng.sample(EVENT_DAYS, rng.choice((0, 0, 1, 2, 2, 3))))
    for day in days:
        choices = NEXT_STATUS[history[-1][0]]
        if not choices or day <= history[-1][1]:
            continue
        history.append((rng.choice(choices), day))
    mine.history = history


def generate_mines(rng: random.Random) -> list[MineSeed]:
    mines = place_mines(rng)
    villages = unique_words(rng, 150, village)
    trades = unique_words(rng, len(mines), trade_name)
    for i, mine in enumerate(mines):
        own = villages[i * 2: i * 2 + 3]
        describe(rng, mine, own[0].removesuffix("村") if i % 2 else trades[i], trades[i], own)
        mine.licence_no = licence_no(rng, mine.valid_from)
        random_history(rng, mine)
    apply_scenarios(rng, mines)
    for mine in mines:
        make_rings(rng, mine, two_rings="two_rings" in mine.flaws)
    apply_geometry_flaws(mines)
    return mines


def _pick(mines: list[MineSeed], kind: str | None, taken: set[int]) -> MineSeed:
    """The first mine of `kind` (any kind for None) not used by another scenario."""
    for i, mine in enumerate(mines):
        if i not in taken and (kind is None or mine.kind == kind):
            taken.add(i)
            return mine
    raise LookupError(kind)


def apply_scenarios(rng: random.Random, mines: list[MineSeed]) -> None:
    """Fix the stories every demo needs: each status, new licences, legacy numbers and the expiry flaws."""
    taken: set[int] = set()
    for kind in ("coal", "coal", "coal"):  # the three large mines of the national zone
        big = _pick(mines, kind, taken)
        big.scale, big.method, big.flaws = "大型", "地下", ["national"]
        big.history = [(s, d) for s, d in big.history if s in ("在产", "停产", "基建")]
    halted = _pick(mines, "coal", taken)
    halted.history = [("基建", date(2022, 6, 15)), ("停建", date(2025, 5, 15)), ("基建", date(2026, 4, 1))]
    preparing = _pick(mines, "iron", taken)
    preparing.valid_from = date(2025, 3, 17)
    preparing.history = [("筹建", date(2025, 3, 17)), ("基建", date(2026, 7, 1))]
    newcomer = _pick(mines, "limestone", taken)
    newcomer.valid_from = date(2024, 8, 15)
    newcomer.history = [("基建", date(2024, 8, 15)), ("在产", date(2025, 2, 28))]
    closed = _pick(mines, "clay", taken)
    closed.history = [("在产", closed.valid_from), ("停产", date(2024, 6, 30)), ("关闭", date(2024, 12, 31))]
    cancelled = _pick(mines, "dolomite", taken)
    cancelled.history = [("在产", cancelled.valid_from), ("关闭", date(2025, 3, 31)),
                         ("注销", date(2026, 1, 15))]
    for mine in (preparing, newcomer):
        mine.licence_no = licence_no(rng, mine.valid_from)
        mine.valid_to = _years_later(mine.valid_from, 5)
    for mine in (_pick(mines, "limestone", taken), _pick(mines, "dolomite", taken), _pick(mines, "iron", taken)):
        mine.licence_no = legacy_licence_no(rng, min(mine.valid_from, date(2016, 6, 1)))
    expired = _pick(mines, "clay", taken)
    expired.valid_to = date(2026, 8, 31)
    expired.history = [("在产", expired.valid_from), ("停产", date(2026, 9, 1))]
    expired.flaws.append("expired")
    for mine, day in ((_pick(mines, "coal", taken), date(2026, 12, 15)),
                      (_pick(mines, "limestone", taken), date(2026, 12, 28))):
        mine.valid_to = day
        mine.flaws.append("expiring")
    for mine in (_pick(mines, "coal", taken), _pick(mines, "coal", taken)):
        mine.method = "地下"
        mine.flaws.append("two_rings")
    for mine in (_pick(mines, "coal", taken), _pick(mines, "limestone", taken), _pick(mines, "dolomite", taken),
                 _pick(mines, "bauxite", taken), _pick(mines, "iron", taken)):
        mine.flaws.append({"coal": "unclosed", "limestone": "bowtie", "dolomite": "no_prefix",
                           "bauxite": "explicit_close", "iron": "explicit_close"}[mine.kind])
    for mine in mines:
        mine.history = [(s, max(d, mine.valid_from)) for s, d in mine.history]


def apply_geometry_flaws(mines: list[MineSeed]) -> None:
    """Break the rings of the flawed mines after their (correct) licence area was computed."""
    for mine in mines:
        ring = mine.rings[0]
        if "unclosed" in mine.flaws:  # the last point repeats point 1's number, not its coordinates
            _, x, y = ring[0]
            ring.append((ring[0][0], round(x + 37.5, 2), round(y - 12.25, 2)))
        elif "explicit_close" in mine.flaws:  # explicitly closed: point 1 repeated exactly (allowed)
            ring.append(ring[0])
        elif "bowtie" in mine.flaws:  # two corners typed in the wrong order: the boundary crosses itself
            ring[2], ring[3] = (ring[2][0], *ring[3][1:]), (ring[3][0], *ring[2][1:])
        elif "no_prefix" in mine.flaws:  # the zone number 38 left off every Y
            mine.rings = [[(no, x, round(y - ZONE_PREFIX, 2)) for no, x, y in r] for r in mine.rings]


# --------------------------------------------------------------------------------------------- zones
ZONE_BASIS = {"部级": "自然资办函〔{}〕{}号", "省级": "晋自然资发〔{}〕{}号", "市级": "长自然资发〔{}〕{}号",
              "区级": "长上自然资发〔{}〕{}号"}
LEVEL_CODE = {"部级": "BJ", "省级": "SJ", "市级": "CJ", "区级": "QJ"}


def status_on(mine: MineSeed, day: date) -> str | None:
    current = None
    for status, since in mine.history:
        if since <= day:
            current = status
    return current


def zone_members_2024(mines: list[MineSeed]) -> dict[tuple[str, str], list[MineSeed]]:
    """The 2024 lists: a few national coal mines, provincial and municipal zones by mineral, one district zone
    per office holding mines that no other zone covers plus one that a higher zone does."""
    live = [m for m in mines if status_on(m, date(2024, 1, 1)) not in (None, "关闭", "注销")]
    zones: dict[tuple[str, str], list[MineSeed]] = {("部级", "长治东部煤炭国家重点监测矿区"):
                                                     [m for m in live if "national" in m.flaws]}
    coal = [m for m in live if m.kind == "coal" and "national" not in m.flaws]
    zones[("省级", "上党区南部煤炭重点监测矿区")] = [m for m in coal if m.office in ("SD05", "SD06", "SD07")][:8]
    zones[("省级", "荫城铁矿重点监测矿区")] = [m for m in live if m.kind == "iron"]
    zones[("市级", "上党区石灰岩白云岩重点监测矿区")] = [m for m in live if m.kind in ("limestone", "dolomite")][:9]
    zones[("市级", "八义铝土矿重点监测矿区")] = [m for m in live if m.kind in ("bauxite", "clay")]
    covered = {m.licence_no for members in zones.values() for m in members}
    for code, name, _, _ in OFFICES:
        own = [m for m in live if m.office == code]
        rest = [m for m in own if m.licence_no not in covered][:3]
        overlap = [m for m in own if m.licence_no in covered][:1]
        zones[("区级", f"{name.removesuffix('自然资源所')}区级重点监测矿区")] = rest + overlap
    return zones


def zone_members_2025(mines: list[MineSeed], zones_2024: dict) -> dict[tuple[str, str], list[MineSeed]]:
    """2025 starts as a copy of 2024: mines closed by then leave, new licences join their office's zone."""
    zones = {key: [m for m in members if status_on(m, date(2025, 1, 1)) not in ("关闭", "注销")]
             for key, members in zones_2024.items()}
    listed = {m.licence_no for members in zones_2024.values() for m in members}
    office_names = {code: name.removesuffix("自然资源所") for code, name, _, _ in OFFICES}
    for mine in mines:
        if mine.licence_no not in listed and mine.valid_from.year >= 2024:
            zones[("区级", f"{office_names[mine.office]}区级重点监测矿区")].append(mine)
    for key in sorted(zones):  # one mine leaves each district zone that keeps at least two
        if key[0] == "区级" and len(zones[key]) > 2:
            zones[key] = zones[key][:-1]
            break
    return zones


def zone_members_2026(zones_2025: dict) -> dict[tuple[str, str], list[MineSeed]]:
    """2026 (the demo's current year) is 2025's list with the mines closed or cancelled by then removed."""
    return {key: [m for m in members if status_on(m, date(2026, 1, 1)) not in ("关闭", "注销")]
            for key, members in zones_2025.items()}


def zone_rows(year: int, zones: dict[tuple[str, str], list[MineSeed]]) -> list[dict[str, object]]:
    rows = []
    numbers = {"部级": 0, "省级": 0, "市级": 0, "区级": 0}
    for (level, name), members in zones.items():
        numbers[level] += 1
        code = f"{year}-{LEVEL_CODE[level]}-{numbers[level]:02d}"
        basis = ZONE_BASIS[level].format(year, 10 + 7 * numbers[level] + year % 10)
        rows += [{"year": year, "level": level, "zone": name, "zone_code": code, "licence_no": m.licence_no,
                  "basis": basis} for m in members]
    return rows


# --------------------------------------------------------------------------------------------- staff
SECTION_STAFF = (("mineral", ("股长", "科员", "科员")), ("task_force", ("专班负责人",)),
                 ("enforcement", ("执法队长", "执法队员", "执法队员")), ("restoration", ("股长", "科员")),
                 ("registration", ("审批登记员",)))


def staff_rows(rng: random.Random) -> list[dict[str, str]]:
    posts = [(code, title) for code, *_ in OFFICES for title in ("所长", "副所长", "巡查员", "巡查员")]
    posts += [(section, title) for section, titles in SECTION_STAFF for title in titles]
    names = unique_words(rng, len(posts), person)
    return [{"name": name, "office": where, "title": title} for name, (where, title) in zip(names, posts, strict=True)]


# ---------------------------------------------------------------- leads, patches, tips, lists (issue 4)
def _plain(mine: MineSeed) -> bool:
    """A mine whose first ring surrounds its cell centre (no geometry flaw, one ring, not cancelled)."""
    return not set(mine.flaws) - {"national", "expiring"} and mine.history[-1][0] not in ("关闭", "注销")


def patch_rows(mines: list[MineSeed]) -> list[dict[str, object]]:
    """The 2026 second-quarter batch: patches at the centres of a few licences (one of them forest damage in
    a mine that affects forest or grassland) and one in an empty cell, outside every licence (无证开采?)."""
    plain = [m for m in mines if _plain(m)]
    forest = next(m for m in plain if m.forest_grass)
    others = [m for m in plain if m is not forest][:3]
    used = {m.cell for m in mines}
    empty = next((r, c) for r in range(ROWS) for c in range(COLS) if (r, c) not in used)
    rows = []
    plan = [(forest, "违法", "立案", "", "是", 2.6), (others[0], "合法", "", "", "否", 4.1),
            (others[1], "伪变化", "", "", "否", 0.8), (others[2], "违法", "不处理", "已自行恢复植被", "否", 1.3),
            (None, "违法", "立案", "", "否", 6.4)]
    for number, (mine, verdict, handling, reason, damage, area) in enumerate(plan, start=1):
        x, y = cell_centre(mine.cell if mine else empty)
        rows.append({"year": 2026, "batch": 2, "patch_no": f"140404-2026-2-{number:03d}", "x": f"{x:.2f}",
                     "y": f"{y:.2f}", "area_mu": area, "verdict": verdict, "handling": handling, "reason": reason,
                     "forest_grass_damage": damage})
    return rows


def lead_rows(mines: list[MineSeed]) -> list[dict[str, object]]:
    """A few hand-made leads of the 2026 exchange (R-LEAD-1…4) at different stages (steps taken, ;-separated)."""
    plain = [m for m in mines if _plain(m)][4:8]
    return [
        {"rule": "R-LEAD-1", "licence_no": plain[0].licence_no, "description": "实地核查发现越界开采约0.3公顷",
         "steps": "send;receive"},
        {"rule": "R-LEAD-2", "licence_no": plain[1].licence_no, "description": "2026年立案查处：超层开采",
         "steps": "send"},
        {"rule": "R-LEAD-3", "licence_no": plain[2].licence_no, "description": "因修复义务不到位列入异常名录",
         "steps": ""},
        {"rule": "R-LEAD-4", "licence_no": plain[3].licence_no, "description": "矿山地质环境治理恢复未按方案实施",
         "steps": "send;receive;handle"},
    ]


def tip_rows(mines: list[MineSeed]) -> list[dict[str, object]]:
    plain = [m for m in mines if _plain(m)]
    return [
        {"received_on": "2026-11-20", "kind": "无证开采", "place": "东和乡某村北侧山坡", "licence_no": "",
         "what": "夜间有车辆拉运石料", "reporter": "匿名", "contact": ""},
        {"received_on": "2026-11-25", "kind": "生态破坏", "place": "", "licence_no": plain[8].licence_no,
         "what": "排土场边坡滑塌，压占林地", "reporter": "李某", "contact": "138****0000（示例）"},
    ]


def list_rows(mines: list[MineSeed]) -> list[dict[str, object]]:
    plain = [m for m in mines if _plain(m)]
    return [
        {"licence_no": plain[9].licence_no, "kind": "abnormal", "reason": "未按期公示2025年度矿产资源开发利用信息",
         "date_in": "2026-07-01"},
        {"licence_no": plain[10].licence_no, "kind": "serious", "reason": "越界开采拒不整改", "date_in": "2023-11-15"},
    ]


# ------------------------------------------------------------------------------------- patrols (issue h21)
PATROL_SEED = SEED + 21  # a stream of its own: the patrols change nothing in the other tables
PATROL_YEARS = (2025, 2026)
# Share of each office's past duties met by a patrol: one office (西火) clearly lags behind the others.
MET_SHARE = {"SD01": 0.93, "SD02": 0.95, "SD03": 0.91, "SD04": 0.94, "SD05": 0.68, "SD06": 0.92, "SD07": 0.94}
CURRENT_SHARE = 0.5  # duties whose period holds the reference day: about half done by then
ABNORMAL_SHARE = 0.03  # patrols with one abnormal item (a finding, hence a drafted lead)
WORKDAYS = build_calendar()  # the official calendar (R-DAY-1), as the app uses it
ZH_STATUS = {status.zh: status for status in MineStatus}
PATROL_ITEMS = ("signboard", "stockpile", "farmland", "basic_farmland", "outside_boundary", "unlicensed",
                "eco_damage", "outside_activity", "subsidence")
METHOD_ITEMS = {"露天": ("outside_activity",), "地下": ("subsidence",), "联合": ("outside_activity", "subsidence")}
FINDING_NOTES = {
    "signboard": ("标识牌被运矿车辆撞倒，未重新设立", "标识牌所载有效期与现行采矿许可证不符"),
    "stockpile": ("矿石堆放超出指定堆场，占用进场道路", "尾矿堆放于排土场外侧冲沟内"),
    "eco_damage": ("排土场东侧边坡滑塌，植被破坏约300平方米", "废石随意倾倒于矿区外围坡地，植被受损"),
    "farmland": ("工业场地西侧临时堆土压占耕地约1.2亩",),
    "outside_boundary": ("{corner}号拐点外约40米有新开挖痕迹，疑似越界开采", "界外东侧发现新采面，疑似越界开采"),
    "outside_activity": ("界外北侧有挖掘机作业痕迹，现场未见人员",),
    "subsidence": ("矿区南侧界外农田出现裂缝，疑似采空沉陷",),
}
# The kinds of the abnormal patrols in date order: 越界 twice, farmland once, the method's boundary item
# (界外开采活动 or 界外地面沉陷) twice, then only the everyday faults.
FINDING_KINDS = ("outside_boundary", "signboard", "eco_damage", "boundary_item", "stockpile", "farmland",
                 "signboard", "outside_boundary", "eco_damage", "stockpile", "boundary_item")
EVERYDAY_KINDS = ("signboard", "eco_damage", "stockpile")
DRONE_STORIES = (("交通阻断", "limestone"), ("安全隐患", "coal"), ("交通阻断", "iron"))
PHOTOS, AERIAL_PHOTOS = 6, 3


@dataclass(frozen=True)
class PatrolDuty:
    """A duty of one mine (R-PAT-1/2, computed by the app's own rule) and the days a patrol for it may fall on."""

    mine: MineSeed
    period: Period
    first: date
    last: date


def zone_years(zone_lists: dict[int, dict[tuple[str, str], list[MineSeed]]]) -> dict[str, set[int]]:
    """licence → the years it sits in a key monitoring zone (every zone of the seeds is approved)."""
    years: dict[str, set[int]] = {}
    for year, zones in zone_lists.items():
        for members in zones.values():
            for mine in members:
                years.setdefault(mine.licence_no, set()).add(year)
    return years


def mine_duties(mine: MineSeed, years: set[int]) -> list[PatrolDuty]:
    """The mine's duties of PATROL_YEARS that start by the reference day, each with its obligation-bearing days
    (inside the licence, before any 注销) up to the reference day."""
    history = [StatusChange(ZH_STATUS[s], d) for s, d in mine.history]
    found = []
    for year in PATROL_YEARS:
        for duty in duties_for_year(history, mine.valid_from, mine.valid_to, years, year):
            last = min(duty.period.end, mine.valid_to, REFERENCE_DAY)
            spans = obligation_spans(history, max(duty.period.start, mine.valid_from), last)
            if duty.period.start <= REFERENCE_DAY and spans:
                found.append(PatrolDuty(mine, duty.period, spans[0].start, spans[-1].end))
    return found


def met_duties(rng: random.Random, duties: list[PatrolDuty]) -> list[PatrolDuty]:
    """The duties a patrol meets: exactly MET_SHARE of each office's past duties, about CURRENT_SHARE of the
    current ones (their period holds the reference day), in the input order."""
    met: set[int] = set()
    for office in MET_SHARE:
        past = [i for i, d in enumerate(duties) if d.mine.office == office and d.period.end < REFERENCE_DAY]
        met.update(rng.sample(past, round(len(past) * MET_SHARE[office])))
    current = [i for i, d in enumerate(duties) if d.period.end >= REFERENCE_DAY]
    met.update(rng.sample(current, round(len(current) * CURRENT_SHARE)))
    return [d for i, d in enumerate(duties) if i in met]


def patrol_day(rng: random.Random, duty: PatrolDuty) -> date:
    """A working day among the duty's days (before the reference day itself), or any of them if none is one."""
    last = min(duty.last, REFERENCE_DAY - timedelta(days=1))
    days = WORKDAYS.workdays_between(duty.first, last)
    if not days:
        days = [duty.first + timedelta(days=n) for n in range((last - duty.first).days + 1)] or [duty.first]
    return rng.choice(days)


def office_staff(staff: list[dict[str, str]]) -> dict[str, dict[str, list[str]]]:
    """office code → title → names (from staff.csv's rows)."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in staff:
        found.setdefault(row["office"], {}).setdefault(row["title"], []).append(row["name"])
    return found


def inspectors(rng: random.Random, titles: dict[str, list[str]]) -> str:
    """Two of the office's staff: mostly its two inspectors, sometimes a (deputy) head with one of them."""
    pair = list(titles["巡查员"])
    roll = rng.random()
    if roll > 0.7:
        pair[rng.randrange(2)] = titles["副所长" if roll < 0.92 else "所长"][0]
    return "、".join(pair)


def point_numbers(mine: MineSeed) -> list[str]:
    """The distinct corner point numbers of the mine's licence, in ring order."""
    return list(dict.fromkeys(no for ring in mine.rings for no, _, _ in ring))


def checklist(mine: MineSeed) -> dict[str, str]:
    """Every R-PAT-3 item answered 正常, except the boundary item the mine's method does not have (不适用)."""
    own = METHOD_ITEMS[mine.method]
    return {item: "正常" if item not in ("outside_activity", "subsidence") or item in own else "不适用"
            for item in PATROL_ITEMS}


def village_inquiry(rng: random.Random, mine: MineSeed) -> str:
    if not mine.villages:
        return ""
    answer = rng.choice(("未反映违法开采线索", "未发现私挖滥采情况", "反映矿区周边情况正常"))
    return f"已向{'、'.join(mine.villages)}村委会问询，{answer}"


def patrol_row(rng: random.Random, duty: PatrolDuty, titles: dict[str, list[str]], route: str) -> dict[str, object]:
    mine = duty.mine
    numbers = point_numbers(mine)
    corners = sorted(rng.sample(numbers, min(len(numbers), rng.choice((3, 3, 4)))), key=int)
    photos = sorted(rng.sample(range(1, PHOTOS + 1), 2))
    return {"licence_no": mine.licence_no, "date": patrol_day(rng, duty).isoformat(),
            "inspectors": inspectors(rng, titles), "mode": "现场", "drone_reason": "", "route": route,
            "corners_checked": "、".join(corners), **checklist(mine), "village_inquiry": village_inquiry(rng, mine),
            "findings": "", "photos": "、".join(f"photo-{n:02d}.jpg" for n in photos)}


def drone_mines(mines: list[MineSeed], duties: list[PatrolDuty]) -> list[tuple[MineSeed, str]]:
    """One mine per DRONE_STORIES entry (of that kind, with duties, not flawed): a few of its patrols are flown."""
    candidates = {d.mine.licence_no for d in duties}
    chosen: list[tuple[MineSeed, str]] = []
    for reason, kind in DRONE_STORIES:
        mine = next(m for m in mines if m.kind == kind and m.licence_no in candidates and _plain(m))
        candidates.discard(mine.licence_no)
        chosen.append((mine, reason))
    return chosen


def fly(rng: random.Random, rows: list[dict[str, object]], flights: list[tuple[MineSeed, str]]) -> None:
    """R-PAT-4: two or three patrols of each drone mine become drone flights with their reason, the flight
    route and aerial photos (R-PAT-4)."""
    for number, (mine, reason) in enumerate(flights, start=1):
        own = [r for r in rows if r["licence_no"] == mine.licence_no]
        for row in rng.sample(own, min(len(own), rng.choice((2, 3)))):
            aerial = sorted(rng.sample(range(1, AERIAL_PHOTOS + 1), rng.choice((1, 2))))
            row.update(mode="无人机", drone_reason=reason, route=f"flight-{number:02d}.gpx",
                       photos="、".join(f"aerial-{n:02d}.jpg" for n in aerial))


def find_problems(rng: random.Random, rows: list[dict[str, object]], by_licence: dict[str, MineSeed]) -> None:
    """ABNORMAL_SHARE of the patrols get one abnormal item with a note, kinds in FINDING_KINDS order."""
    chosen = sorted(rng.sample(range(len(rows)), round(len(rows) * ABNORMAL_SHARE)))
    for index, row_no in enumerate(chosen):
        row, mine = rows[row_no], by_licence[str(rows[row_no]["licence_no"])]
        extra = index - len(FINDING_KINDS)
        kind = FINDING_KINDS[index] if extra < 0 else EVERYDAY_KINDS[extra % len(EVERYDAY_KINDS)]
        if kind == "boundary_item":
            kind = rng.choice(METHOD_ITEMS[mine.method])
        corner = str(row["corners_checked"]).split("、")[-1]
        note = rng.choice(FINDING_NOTES[kind]).format(corner=corner)
        row[kind] = f"异常：{note}"
        row["findings"] = note


def all_duties(mines: list[MineSeed], zone_lists: dict[int, dict[tuple[str, str], list[MineSeed]]]
               ) -> list[PatrolDuty]:
    """Every mine's duties (see mine_duties), mine by mine."""
    years = zone_years(zone_lists)
    return [d for m in mines for d in mine_duties(m, years.get(m.licence_no, set()))]


def patrol_rows(rng: random.Random, mines: list[MineSeed], duties: list[PatrolDuty],
                flights: list[tuple[MineSeed, str]], staff: list[dict[str, str]]) -> list[dict[str, object]]:
    """The patrols of 2025 and 2026 up to the reference day, in date order (see MET_SHARE, CURRENT_SHARE)."""
    titles = office_staff(staff)
    routes = {code: f"route-{n:02d}.gpx" for n, (code, *_rest) in enumerate(OFFICES, start=1)}
    rows = [patrol_row(rng, d, titles[d.mine.office], routes[d.mine.office]) for d in met_duties(rng, duties)]
    fly(rng, rows, flights)
    find_problems(rng, rows, {m.licence_no: m for m in mines})
    return sorted(rows, key=lambda r: (str(r["date"]), str(r["licence_no"])))


# ------------------------------------------------------------------------------ evidence files (issue h21)
def lat_lon(x: float, y: float) -> tuple[float, float]:
    """Approximate WGS 84 degrees of a zone-38 CGCS2000 point (good to a few hundred metres; the routes are
    fictional): the meridian arc is taken as linear around 36°N."""
    lat = 36.0 + (x - 3_985_543.0) / 110_950.0
    lon = 114.0 + (y - 38_500_000.0) / (111_320.0 * math.cos(math.radians(lat)))
    return lat, lon


def gpx_text(name: str, points: list[tuple[float, float, int]]) -> str:
    """A GPX 1.1 track through (x, y, elevation) points given in zone-38 coordinates."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gpx version="1.1" creator="minetui demo (fictional data)" xmlns="http://www.topografix.com/GPX/1/1">',
             f"  <metadata><name>{name}</name><desc>示例数据，纯属虚构</desc></metadata>",
             f"  <trk><name>{name}</name><trkseg>"]
    for x, y, ele in points:
        lat, lon = lat_lon(x, y)
        lines.append(f'    <trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{ele}</ele></trkpt>')
    lines += ["  </trkseg></trk>", "</gpx>", ""]
    return "\n".join(lines)


def tour(rng: random.Random, stops: list[tuple[float, float]], ground: int) -> list[tuple[float, float, int]]:
    """A road-like track through the stops: four points per leg, with some wobble and changing elevation."""
    points = []
    for (x1, y1), (x2, y2) in itertools.pairwise(stops):
        for step in range(4):
            t = step / 4
            points.append((x1 + (x2 - x1) * t + rng.uniform(-60, 60), y1 + (y2 - y1) * t + rng.uniform(-60, 60),
                           ground + rng.randrange(-40, 40)))
    x, y = stops[-1]
    return [*points, (x, y, ground)]


def office_route(rng: random.Random, code: str, mines: list[MineSeed]) -> list[tuple[float, float, int]]:
    """The office's patrol tour: its mines' cell centres in a snake order over the grid."""
    cells = sorted({m.cell for m in mines if m.office == code}, key=lambda c: (c[0], c[1] if c[0] % 2 else -c[1]))
    return tour(rng, [cell_centre(c) for c in cells], rng.randrange(950, 1100, 10))


def flight_route(mine: MineSeed) -> list[tuple[float, float, int]]:
    """A drone flight 120 m above ground around the licence: its first ring pushed 80 m outwards, closed."""
    ring = [(x, y) for _, x, y in mine.rings[0]]
    cx, cy = sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    height = mine.depth[0] + 120
    loop = []
    for x, y in [*ring, ring[0]]:
        scale = 1 + 80 / max(math.hypot(x - cx, y - cy), 1)
        loop.append((cx + (x - cx) * scale, cy + (y - cy) * scale, height))
    return loop


# Annex K.3 luminance DC table; the AC table holds the end-of-block code only (every block is one flat colour).
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALUES = bytes(range(12))
_AC_BITS = (0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
_AC_VALUES = b"\x00"


def _huffman_codes(bits: tuple[int, ...], values: bytes) -> dict[int, str]:
    """value → its canonical Huffman code as a bit string (JPEG Annex C)."""
    codes, code, k = {}, 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[k]] = format(code, f"0{length}b")
            code, k = code + 1, k + 1
        code <<= 1
    return codes


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


def _ycbcr(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = rgb
    y = 0.299 * r + 0.587 * g + 0.114 * b
    return (round(y), round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
            round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b))


def jpeg_bytes(blocks: list[list[tuple[int, int, int]]]) -> bytes:
    """A baseline JFIF JPEG made of flat 8×8 blocks, one RGB colour each (rows of blocks): only DC coefficients,
    which with a quantiser of 8 are the level-shifted colour values themselves."""
    dc, ac = _huffman_codes(_DC_BITS, _DC_VALUES), _huffman_codes(_AC_BITS, _AC_VALUES)
    bits, previous = [], [0, 0, 0]
    for row in blocks:
        for rgb in row:
            for component, level in enumerate(_ycbcr(rgb)):
                diff, previous[component] = level - 128 - previous[component], level - 128
                size = abs(diff).bit_length()
                bits.append(dc[size] + (format(diff if diff > 0 else diff + (1 << size) - 1, f"0{size}b")
                                        if size else "") + ac[0])
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)
    data = bytes(int(stream[i:i + 8], 2) for i in range(0, len(stream), 8)).replace(b"\xff", b"\xff\x00")
    components = bytes([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0])  # Y, Cb, Cr: no subsampling, quantiser 0
    frame = struct.pack(">BHHB", 8, 8 * len(blocks), 8 * len(blocks[0]), 3) + components
    return b"".join((
        b"\xff\xd8", _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xDB, b"\x00" + bytes([8] * 64)), _segment(0xC0, frame),
        _segment(0xC4, b"\x00" + bytes(_DC_BITS) + _DC_VALUES + b"\x10" + bytes(_AC_BITS) + _AC_VALUES),
        _segment(0xDA, bytes([3, 1, 0, 2, 0, 3, 0, 0, 63, 0])), data, b"\xff\xd9"))


def _shade(rng: random.Random, rgb: tuple[int, int, int], spread: int = 14) -> tuple[int, int, int]:
    """The colour a little lighter or darker, with a slight tint."""
    light = rng.randint(-spread, spread)
    r, g, b = (min(255, max(0, c + light + rng.randint(-4, 4))) for c in rgb)
    return r, g, b


def site_photo(rng: random.Random) -> list[list[tuple[int, int, int]]]:
    """A 64×48 view of a site: sky, a ridge line, hillside, and the worked ground with a signboard."""
    sky, hill, ground = (150, 190, 225), rng.choice(((96, 128, 70), (128, 120, 80))), (140, 118, 92)
    ridge = [rng.randint(1, 3) for _ in range(8)]
    blocks = [[_shade(rng, sky if r < ridge[c] else hill if r < 4 else ground) for c in range(8)] for r in range(6)]
    blocks[4][rng.randrange(8)] = (235, 235, 230)  # the signboard
    return blocks


def aerial_photo(rng: random.Random) -> list[list[tuple[int, int, int]]]:
    """A 64×64 view from above: fields around a grey pit crossed by a haul road."""
    field_colours = ((110, 140, 80), (150, 150, 95), (125, 110, 80))
    blocks = [[_shade(rng, rng.choice(field_colours)) for _ in range(8)] for _ in range(8)]
    top, left = rng.randint(1, 3), rng.randint(1, 3)
    for r in range(top, top + 4):
        for c in range(left, left + 4):
            blocks[r][c] = _shade(rng, (150, 148, 144), 20)
    road = rng.randrange(8)
    for r in range(8):
        blocks[r][road] = _shade(rng, (190, 180, 160), 6)
    return blocks


def evidence_files(rng: random.Random, mines: list[MineSeed], flights: list[tuple[MineSeed, str]]
                   ) -> dict[str, bytes]:
    """file name → content: one patrol route per office, one flight route per drone mine, site and aerial photos."""
    files = {f"route-{n:02d}.gpx": gpx_text(f"{name}日常巡查路线", office_route(rng, code, mines)).encode()
             for n, (code, name, _, _) in enumerate(OFFICES, start=1)}
    files |= {f"flight-{n:02d}.gpx": gpx_text(f"{mine.name}无人机巡飞路线（{reason}）", flight_route(mine)).encode()
              for n, (mine, reason) in enumerate(flights, start=1)}
    files |= {f"photo-{n:02d}.jpg": jpeg_bytes(site_photo(rng)) for n in range(1, PHOTOS + 1)}
    files |= {f"aerial-{n:02d}.jpg": jpeg_bytes(aerial_photo(rng)) for n in range(1, AERIAL_PHOTOS + 1)}
    return files


# -------------------------------------------------------------------------------------------- output
def mine_row(mine: MineSeed) -> dict[str, object]:
    status, since = mine.history[-1]
    return {
        "licence_no": mine.licence_no, "name": mine.name, "holder": mine.holder, "credit_code": mine.credit_code,
        "minerals": mine.minerals, "method": mine.method, "scale": mine.scale, "status": status,
        "status_since": since.isoformat(), "office": mine.office, "town": mine.town,
        "villages": "、".join(mine.villages), "area_km2": f"{mine.area_km2:.4f}",
        "depth_top_m": mine.depth[0], "depth_bottom_m": mine.depth[1], "valid_from": mine.valid_from.isoformat(),
        "valid_to": mine.valid_to.isoformat(), "forest_grass": "是" if mine.forest_grass else "否", "epsg": 4526,
    }


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(out: Path) -> list[Path]:
    """Write every seed file into `out` (the tables as CSV, then the patrols' evidence files); returns the paths."""
    rng = random.Random(SEED)
    mines = generate_mines(rng)
    zones = {2024: zone_members_2024(mines)}
    zones[2025] = zone_members_2025(mines, zones[2024])
    zones[2026] = zone_members_2026(zones[2025])
    staff = staff_rows(rng)
    patrol_rng = random.Random(PATROL_SEED)
    duties = all_duties(mines, zones)
    flights = drone_mines(mines, duties)
    tables = {
        "offices": [{"code": c, "name": n, "towns": "、".join(t)} for c, n, t, _ in OFFICES],
        "mines": [mine_row(m) for m in mines],
        "corners": [{"licence_no": m.licence_no, "point_no": no, "x": f"{x:.2f}", "y": f"{y:.2f}", "ring": ring}
                    for m in mines for ring, points in enumerate(m.rings, 1) for no, x, y in points],
        "status": [{"licence_no": m.licence_no, "status": s, "effective_from": d.isoformat()}
                   for m in mines for s, d in m.history],
        "zones": [row for year, members in zones.items() for row in zone_rows(year, members)],
        "staff": staff,
        "patches": patch_rows(mines),
        "leads": lead_rows(mines),
        "tips": tip_rows(mines),
        "lists": list_rows(mines),
        "patrols": patrol_rows(patrol_rng, mines, duties, flights, staff),
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        write_csv(out / f"{name}.csv", rows)
        written.append(out / f"{name}.csv")
    for name, content in evidence_files(patrol_rng, mines, flights).items():
        (out / name).write_bytes(content)
        written.append(out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="directory to write (default: seeds/)")
    for path in generate(parser.parse_args().out):
        print(path.name)


if __name__ == "__main__":
    main()
