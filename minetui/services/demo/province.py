"""A deterministic province-scale demo (`minetui demo --scale province [--seed N]`): 20,000 mines over 100
offices with corner polygons, ten years of status history, zone lists at four levels, ~2.4 million patrol
records with their findings, ~200,000 leads, ~50,000 satellite patches and ~100,000 combined visits.

Everything goes through the app's own tables with the store's bulk writers (store/bulk.py), one transaction
per table or per year, so that the file is the schema any minetui opens. The same seed and scale give the
same rows (each table draws from its own `random.Random(f"{seed}:{table}")`); timestamps are derived from
the dates, never the clock. `Scale.factor(f)` shrinks every count for tests and quick runs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from minetui.domain.leads.leads import ROUTES, DueKind, Rule
from minetui.domain.model import ZoneLevel
from minetui.domain.patrols.record import ChecklistItem, finding_receiver
from minetui.services.core.context import Context
from minetui.services.demo.district import DEMO_KEY, build_demo
from minetui.store import audit, bulk, db, settings

FIRST_YEAR, LAST_YEAR = 2016, 2025
PROVINCE_TODAY = date(2025, 12, 15)  # the dataset's "today": patrols and visits stop here
ACTOR = "minetui demo"
SCALE_KEY = "demo.scale"

Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Scale:
    """How much to generate. Patrols: one a month per mine for every year, less `missed` of them."""

    name: str
    mines: int
    offices: int
    leads: int
    patches: int
    visits: int
    years: int = LAST_YEAR - FIRST_YEAR + 1
    missed: float = 0.02
    abnormal: float = 0.02

    def factor(self, f: float) -> Scale:
        """Every count times `f` (at least one mine and one office)."""
        return replace(self, name=f"{self.name}×{f:g}", mines=max(1, round(self.mines * f)),
                       offices=max(1, round(self.offices * f)), leads=round(self.leads * f),
                       patches=round(self.patches * f), visits=round(self.visits * f))

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1


SCALES: dict[str, Scale] = {
    "district": Scale("district", mines=100, offices=10, leads=1_000, patches=250, visits=500),
    "province": Scale("province", mines=20_000, offices=100, leads=200_000, patches=50_000, visits=100_000),
}

# --- words the names are made of ----------------------------------------------------------------------------
COUNTIES = ("上党", "潞州", "屯留", "潞城", "襄垣", "平顺", "黎城", "壶关", "长子", "武乡", "沁县", "沁源")
TOWNS = ("韩店", "苏店", "荫城", "西火", "八义", "郝家庄", "南宋", "西池", "北呈", "东和", "贾掌", "石哲")
PLACES = ("北岭", "南沟", "东山", "西坡", "石门", "龙泉", "红崖", "青石", "黄土坡", "柳树沟", "杏花岭", "白马",
          "金鸡", "凤凰", "大王庄", "小河", "后峪", "前峪", "郭窑", "王河", "常窑", "马坊", "李村", "张庄",
          "赵家", "孙家沟", "周村", "吴家岭", "郑庄", "冯村", "陈家山", "褚家", "卫村", "蒋庄", "沈家峪",
          "韩家岭", "杨村", "朱家沟", "秦家", "尤村")
MINERALS = (("煤", "煤矿"), ("铝土矿", "铝土矿"), ("石灰岩", "石灰岩矿"), ("建筑用砂岩", "砂岩矿"),
            ("铁矿", "铁矿"), ("白云岩", "白云岩矿"), ("耐火粘土", "粘土矿"))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
LEVEL_ZONES = {ZoneLevel.NATIONAL: 2, ZoneLevel.PROVINCIAL: 8, ZoneLevel.MUNICIPAL: 20}
LEVEL_SHARE = {ZoneLevel.NATIONAL: 0.03, ZoneLevel.PROVINCIAL: 0.10, ZoneLevel.MUNICIPAL: 0.20,
               ZoneLevel.DISTRICT: 0.50}


def _rng(seed: int, table: str) -> random.Random:
    return random.Random(f"{seed}:{table}")


def _stamp(day: date | str, hour: int = 9) -> str:
    return f"{day}T{hour:02d}:00:00+00:00"


@dataclass(frozen=True, slots=True)
class GenMine:
    id: int
    licence_no: str
    office: str
    valid_from: date
    x: float
    y: float


# --- the tables -------------------------------------------------------------------------------------------

def office_rows(scale: Scale) -> list[tuple[str, str, str]]:
    rows = []
    for n in range(scale.offices):
        county, town = COUNTIES[n % len(COUNTIES)], TOWNS[n // len(COUNTIES) % len(TOWNS)]
        suffix = "" if n < len(COUNTIES) * len(TOWNS) else str(n)
        rows.append((f"P{n + 1:03d}", f"{county}{town}{suffix}自然资源所", f"{town}镇"))
    return rows


def staff_rows(scale: Scale, seed: int) -> list[tuple[str, str, None, str]]:
    rng = _rng(seed, "staff")
    rows = []
    for code, _name, _towns in office_rows(scale):
        names = {rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(4)}
        rows += [(name, code, None, "巡查员") for name in sorted(names)]
    return rows


def mine_rows(scale: Scale, seed: int) -> tuple[list[tuple[Any, ...]], list[GenMine]]:
    """The mines rows (bulk order) and what later tables need of each mine."""
    rng = _rng(seed, "mines")
    offices = [code for code, _n, _t in office_rows(scale)]
    rows, mines = [], []
    for n in range(scale.mines):
        mine_id, office = n + 1, offices[n % len(offices)]
        licence = f"C14{n:06d}{rng.randrange(10**14):014d}"
        mineral, kind = rng.choice(MINERALS)
        town = TOWNS[rng.randrange(len(TOWNS))]
        name = f"{town}{rng.choice(PLACES)}{kind}"
        holder = f"山西{rng.choice(PLACES)}{rng.choice(('矿业', '煤业', '建材', '实业'))}有限公司"
        valid_from = date(rng.randrange(2006, FIRST_YEAR), rng.randrange(1, 13), rng.randrange(1, 29))
        valid_to = valid_from.replace(year=valid_from.year + rng.choice((10, 15, 20, 30)))
        width, height = rng.uniform(300, 1500), rng.uniform(300, 1500)
        x, y = round(rng.uniform(3_700_000, 4_300_000), 2), round(rng.uniform(38_400_000, 38_700_000), 2)
        top = float(rng.randrange(800, 1300))
        rows.append((mine_id, licence, name, holder, f"91140{rng.randrange(10**13):013d}", mineral,
                     rng.choice(("open_pit", "underground", "underground", "combined")),
                     rng.choice(("large", "medium", "small", "small")), office, f"{town}镇",
                     f"{rng.choice(PLACES)}村", round(width * height / 1e6, 4), top,
                     top - rng.randrange(100, 400), valid_from.isoformat(), valid_to.isoformat(),
                     int(rng.random() < 0.1), 4526, "district" if rng.random() < 0.9 else "city"))
        mines.append(GenMine(mine_id, licence, office, valid_from, x, y))
    return rows, mines


def corner_rows(mines: list[GenMine], mine_table: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Four corners (J1…J4, clockwise) of a rectangle matching each licence's area."""
    for mine, row in zip(mines, mine_table, strict=True):
        side = (row[11] * 1e6) ** 0.5
        x, y = mine.x, mine.y
        points = ((x, y), (x, y + side), (x - side, y + side), (x - side, y))
        for seq, (px, py) in enumerate(points, start=1):
            yield (mine.id, 1, seq, f"J{seq}", round(px, 2), round(py, 2))


def status_rows(mines: list[GenMine], seed: int) -> Iterator[tuple[int, str, str]]:
    """Each mine's history: its first status at valid_from, then 0–3 changes over the ten years."""
    rng = _rng(seed, "status")
    changes = ("producing", "producing", "suspended", "construction", "halted")
    for mine in mines:
        status = rng.choice(("producing", "producing", "construction", "preparing"))
        yield (mine.id, mine.valid_from.isoformat(), status)
        days = sorted({date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(3650))
                       for _ in range(rng.randrange(4))})
        for day in days:
            status = "closed" if rng.random() < 0.02 else rng.choice([c for c in changes if c != status])
            yield (mine.id, day.isoformat(), status)
            if status == "closed":
                break


def zone_rows(scale: Scale, mines: list[GenMine], seed: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Each year's zones at four levels (one district zone per office) and their mines; about a tenth of the
    memberships change from one year to the next."""
    rng = _rng(seed, "zones")
    offices = [code for code, _n, _t in office_rows(scale)]
    zones: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    chosen: dict[tuple[int, ZoneLevel], int | None] = {}
    for year in range(scale.first_year, LAST_YEAR + 1):
        ids: dict[tuple[ZoneLevel, int], int] = {}
        for level in ZoneLevel:
            count = len(offices) if level is ZoneLevel.DISTRICT else LEVEL_ZONES[level]
            for k in range(count):
                ids[level, k] = len(zones) + 1
                zones.append((len(zones) + 1, year, str(level), f"{year}年{level.zh}重点监测矿区{k + 1:03d}",
                              f"{year}-{level.value[:1].upper()}{k + 1:03d}", f"晋自然资发〔{year}〕{k + 1}号"))
        for mine in mines:
            for level in ZoneLevel:
                key = (mine.id, level)
                if key not in chosen or rng.random() < 0.1:
                    count = len(offices) if level is ZoneLevel.DISTRICT else LEVEL_ZONES[level]
                    slot = offices.index(mine.office) if level is ZoneLevel.DISTRICT else rng.randrange(count)
                    chosen[key] = slot if rng.random() < LEVEL_SHARE[level] else None
                if chosen[key] is not None:
                    members.append((ids[level, chosen[key]], mine.id, ""))
    return zones, members


@dataclass(slots=True)
class PatrolYear:
    patrols: list[tuple[Any, ...]]
    items: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]


def patrol_year(year: int, mines: list[GenMine], inspectors: dict[str, list[str]], scale: Scale,
                rng: random.Random, first_ids: tuple[int, int]) -> PatrolYear:
    """One year of monthly patrols (by month, then mine), a few with one abnormal item and its finding."""
    out = PatrolYear([], [], [])
    patrol_id, finding_id = first_ids
    kinds = list(ChecklistItem)
    for month in range(1, 13):
        days = ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day
        for mine in mines:
            if rng.random() < scale.missed:
                continue
            day = date(year, month, rng.randrange(1, days + 1))
            if day > PROVINCE_TODAY:
                continue
            patrol_id += 1
            drone = rng.random() < 0.05
            text = ""
            if rng.random() < scale.abnormal:
                kind = rng.choice(kinds)
                text = f"{kind.zh}：现场发现异常，已拍照取证"
                out.items.append((patrol_id, str(kind), "abnormal", text))
                finding_id += 1
                out.findings.append((finding_id, mine.id, patrol_id, str(kind), text, str(finding_receiver(kind)),
                                     int(drone), _stamp(day, 17)))
            out.patrols.append((patrol_id, mine.id, day.isoformat(), mine.office, rng.choice(inspectors[mine.office]),
                                "drone" if drone else "on_site", "交通阻断" if drone else None,
                                f"route-{patrol_id}.gpx", None, text, ACTOR, _stamp(day, 17)))
    return out


def inspector_pairs(staff: list[tuple[str, str, None, str]]) -> dict[str, list[str]]:
    by_office: dict[str, list[str]] = {}
    for name, office, _s, _t in staff:
        by_office.setdefault(office, []).append(name)
    return {office: [f"{a}、{b}" for a in names for b in names if a < b] or names
            for office, names in by_office.items()}


def lead_rows(scale: Scale, findings: list[tuple[Any, ...]], mines: list[GenMine],
              seed: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A lead for every patrol finding (R-PAT-5), the rest spread over the exchange rules; with the trail."""
    rng = _rng(seed, "leads")
    by_id = {m.id: m for m in mines}
    leads: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    others = [r for r in ROUTES if r.rule in (Rule.LEAD_1, Rule.LEAD_2, Rule.LEAD_3, Rule.LEAD_4, Rule.LEAD_5,
                                              Rule.LEAD_6)]
    for finding in findings[: scale.leads]:
        _fid, mine_id, _pid, kind, note, receiver, _s, created = finding
        day = date.fromisoformat(created[:10])
        mine = by_id[mine_id]
        leads.append(_lead(len(leads) + 1, rng, day, Rule.PATROL, "patrol", kind, None, mine.office, receiver,
                           mine_id, note, f"finding:{finding[0]}", day + timedelta(days=7)))
    while len(leads) < scale.leads:
        route = rng.choice(others)
        mine = mines[rng.randrange(len(mines))]
        day = date(rng.randrange(scale.first_year, LAST_YEAR + 1), rng.randrange(1, 12), rng.randrange(1, 29))
        due = date(day.year, 11, 30) if route.due is DueKind.NOV_30 else day + timedelta(days=20)
        leads.append(_lead(len(leads) + 1, rng, day, route.rule, str(route.source), "",
                           str(route.frm) if route.frm else None, None, str(route.to), mine.id,
                           f"{mine.licence_no} {route.rule} 线索", f"gen:{len(leads) + 1}", due))
    for lead in leads:
        events.append((lead[0], _stamp(lead[17][:10]), lead[17][:10], ACTOR, "create", None, "draft", ""))
        if lead[14] != "draft":
            events.append((lead[0], _stamp(lead[17][:10], 15), lead[17][:10], ACTOR, "send", "draft", lead[14], ""))
    return leads, events


def _lead(lead_id: int, rng: random.Random, day: date, rule: Rule, source: str, kind: str, frm: str | None,
          office: str | None, to: str, mine_id: int, text: str, origin: str, due: date) -> tuple[Any, ...]:
    old = day < PROVINCE_TODAY - timedelta(days=60)
    state = rng.choice(("closed", "closed", "closed", "handling")) if old else rng.choice(("draft", "sent", "received"))
    sent = None if state == "draft" else day.isoformat()
    closed = (day + timedelta(days=rng.randrange(5, 40))).isoformat() if state == "closed" else None
    return (lead_id, day.year, str(rule), source, kind, frm, office, to, mine_id, "", None, None, text, origin,
            state, due.isoformat(), ACTOR, _stamp(day), sent, sent if state != "sent" and sent else None, closed,
            "已办结" if closed else "")


def patch_rows(scale: Scale, mines: list[GenMine], seed: int) -> Iterator[tuple[Any, ...]]:
    """Satellite change patches, spread over the years and batches; most lie at a licence."""
    rng = _rng(seed, "patches")
    years = scale.years
    for n in range(scale.patches):
        year = scale.first_year + n * years // max(1, scale.patches)
        batch = rng.randrange(1, 5)
        mine = mines[rng.randrange(len(mines))] if rng.random() < 0.6 else None
        x = mine.x - 100 if mine else round(rng.uniform(3_700_000, 4_300_000), 2)
        y = mine.y + 100 if mine else round(rng.uniform(38_400_000, 38_700_000), 2)
        verdict = rng.choice(("legal", "legal", "illegal", "false_change"))
        handling = ("case" if rng.random() < 0.5 else "no_case") if verdict == "illegal" else "none"
        yield (n + 1, year, batch, f"14{year}-{batch}-{n + 1:06d}", round(x, 2), round(y, 2),
               round(rng.uniform(0.5, 40), 1), verdict, handling, "", int(rng.random() < 0.05),
               mine.id if mine else None)


def visit_rows(scale: Scale, mines: list[GenMine], seed: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Combined visits over the last five years: one per (mine, month) drawn, carrying that month's patrol
    (and the verification, from April to October)."""
    rng = _rng(seed, "visits")
    years = list(range(max(scale.first_year, LAST_YEAR - 4), LAST_YEAR + 1))
    per_year = scale.visits // len(years)
    visits: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    for year in years:
        slots = rng.sample(range(len(mines) * 12), min(per_year, len(mines) * 12))
        for slot in sorted(slots):
            mine, month = mines[slot // 12], slot % 12 + 1
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            day = start + timedelta(days=rng.randrange((end - start).days + 1))
            visit_id = len(visits) + 1
            state = "done" if day <= PROVINCE_TODAY else "planned"
            visits.append((visit_id, mine.id, mine.office, day.isoformat(), start.isoformat(), end.isoformat(),
                           state, ACTOR, _stamp(start)))
            tasks.append((visit_id, f"patrol:{year}-{month:02d}", "patrol", start.isoformat(), end.isoformat(), ""))
            if 4 <= month <= 10 and rng.random() < 0.3:
                tasks.append((visit_id, f"verification:{year}", "verification", f"{year}-04-01", f"{year}-10-31",
                              "mineral"))
    return visits, tasks


# --- writing it all -----------------------------------------------------------------------------------------

def fill_province(ctx: Context, scale: Scale, seed: int = 1, progress: Progress | None = None) -> dict[str, int]:
    """Fill an empty database with the generated province; returns rows written per table."""
    conn = ctx.conn
    bulk.loading_pragmas(conn)
    counts: dict[str, int] = {}

    def put(table: str, rows: Any) -> None:
        with db.write(conn):
            counts[table] = counts.get(table, 0) + bulk.insert_rows(conn, table, rows)
        if progress is not None:
            progress(table, counts[table])

    put("offices", office_rows(scale))
    staff = staff_rows(scale, seed)
    put("staff", staff)
    mine_table, mines = mine_rows(scale, seed)
    put("mines", mine_table)
    put("corners", corner_rows(mines, mine_table))
    put("mine_status", status_rows(mines, seed))
    zones, members = zone_rows(scale, mines, seed)
    put("zones", zones)
    put("zone_mines", members)
    findings = _fill_patrols(scale, mines, inspector_pairs(staff), seed, put)
    leads, events = lead_rows(scale, findings, mines, seed)
    put("leads", leads)
    put("lead_events", events)
    put("patches", patch_rows(scale, mines, seed))
    visits, tasks = visit_rows(scale, mines, seed)
    put("visits", visits)
    put("visit_tasks", tasks)
    _mark(ctx, scale, seed, counts)
    return counts


def _fill_patrols(scale: Scale, mines: list[GenMine], inspectors: dict[str, list[str]], seed: int,
                  put: Callable[[str, Any], None]) -> list[tuple[Any, ...]]:
    """Patrols year by year (one transaction each); returns every finding row (leads are drafted from them)."""
    rng = _rng(seed, "patrols")
    findings: list[tuple[Any, ...]] = []
    ids = (0, 0)
    for year in range(scale.first_year, LAST_YEAR + 1):
        batch = patrol_year(year, mines, inspectors, scale, rng, ids)
        put("patrols", batch.patrols)
        put("patrol_items", batch.items)
        put("findings", batch.findings)
        findings += batch.findings
        ids = (batch.patrols[-1][0] if batch.patrols else ids[0], batch.findings[-1][0] if batch.findings else ids[1])
    return findings


def _mark(ctx: Context, scale: Scale, seed: int, counts: dict[str, int]) -> None:
    """A demo database (rebuilt silently) of this scale, with one audit row saying what was generated."""
    with db.write(ctx.conn):
        settings.put_setting(ctx.conn, DEMO_KEY, "1")
        settings.put_setting(ctx.conn, SCALE_KEY, scale.name)
        audit.append(ctx.conn, actor=ctx.actor, action="demo.generate", entity="setting", entity_id=SCALE_KEY,
                     after={"scale": scale.name, "seed": seed, "rows": counts})


def build_province(path: Path, scale: Scale, *, seed: int = 1, force: bool = False,
                   progress: Progress | None = None) -> Path:
    """Write the generated database to `path` (built beside it, moved into place when complete)."""
    return build_demo(Path(path), force=force, today=PROVINCE_TODAY,
                      fill=partial(fill_province, scale=scale, seed=seed, progress=progress))


def checksums(conn: Any) -> dict[str, tuple[int, str]]:
    """(rows, digest) of every table but the audit trail (whose timestamps are the clock's)."""
    return {t: bulk.table_digest(conn, t) for t in bulk.table_names(conn) if t != "audit"}
