"""Licence geometry (R-GEO-1): ring checks, the licence polygon, areas and point-in-licence tests.

Coordinates are CGCS2000 Gauss–Krüger: X northing, Y easting with the zone number as prefix
(38 410 000.00 = zone 38, easting 410 000.00). Geometry is computed in the zone's plane in metres, with the
prefix stripped: shapely points are (easting, northing).

Closure rule (decided by the lead): corner tables normally do not repeat the first point; the ring then
closes implicitly, which is fine. A ring whose last point carries the same point number as the first
closes explicitly and must repeat the first point's coordinates within CLOSURE_TOLERANCE_M, else it is
'not_closed'. Repeated consecutive points are 'duplicate_point'; three or more distinct points on one line
are 'degenerate'. Several rings (块段, parts or coal seams) form one licence as the union of their parts.

shapely is imported lazily: this module sits on the app start-up path.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from minetui.domain.model import Corner
from minetui.domain.validation import Problem
from minetui.i18n import N_

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

ZONE_FACTOR = 1_000_000          # Y = zone * ZONE_FACTOR + easting
PREFIXED_Y_MIN = 10_000_000      # a Y below this has no zone prefix
CLOSURE_TOLERANCE_M = 0.01
# Plausible northings for mainland China and Hainan (about 18°N–53.6°N).
X_RANGE = (1_800_000.0, 6_000_000.0)
SIX_DEGREE_ZONES = range(13, 24)  # China's 6° zones (a Y starting 19… is zone 19, a classic mix-up)
MAX_LISTED_POINTS = 5

TOO_FEW_POINTS = "too_few_points"
NOT_CLOSED = "not_closed"
DUPLICATE_POINT = "duplicate_point"
DEGENERATE = "degenerate"
SELF_CROSSING = "self_crossing"
Y_NO_ZONE_PREFIX = "y_no_zone_prefix"
Y_SIX_DEGREE_ZONE = "y_six_degree_zone"
WRONG_ZONE = "wrong_zone"
XY_SWAPPED = "xy_swapped"
X_OUT_OF_RANGE = "x_out_of_range"
AREA_MISMATCH = "area_mismatch"


# The messages of R-GEO-1 findings. A finding is a `validation.Problem` whose args hold `ring` (0: the licence as
# a whole), `points` (the point numbers, listed for the message) and `point_nos` (all of them, a tuple).
MESSAGES = {
    NOT_CLOSED: N_("Ring {ring}: the last point has the same number as the first ({point}) but other coordinates;"
                   " the boundary is not closed"),
    DUPLICATE_POINT: N_("Ring {ring}: point repeated right after itself: {points}"),
    XY_SWAPPED: N_("Ring {ring}: X and Y look swapped (X has 8 digits, Y has none of the zone prefix) at"
                   " points {points}"),
    X_OUT_OF_RANGE: N_("Ring {ring}: X (northing) outside {low:.0f}–{high:.0f} at points {points}"),
    Y_NO_ZONE_PREFIX: N_("Ring {ring}: Y without the zone prefix (expected {zone}xxxxxx.xx) at points {points}"),
    Y_SIX_DEGREE_ZONE: N_("Ring {ring}: Y is in the 6° zone {found}, not the 3° zone {zone}, at points {points}"),
    WRONG_ZONE: N_("Ring {ring}: Y has zone prefix {found} but EPSG:{epsg} is zone {zone}, at points {points}"),
    TOO_FEW_POINTS: N_("Ring {ring}: {n} distinct points; a boundary needs at least 3"),
    DEGENERATE: N_("Ring {ring}: the points lie on one line; the boundary encloses no area"),
    SELF_CROSSING: N_("Ring {ring}: edge {a}–{b} crosses edge {c}–{d} near X={x:.2f}, Y={y:.2f}"),
    AREA_MISMATCH: N_("Polygon area {computed:.4f} km² differs from the licence area {licensed:.4f} km² by "
                      "{percent:.1f}%"),
}
SELF_CROSSING_WHY = N_("Ring {ring}: the boundary crosses itself ({why})")


def _problem(code: str, ring: int, points: Sequence[str] = (), msgid: str | None = None, **args: Any) -> Problem:
    """An R-GEO-1 finding (an error; `minetui check` makes area_mismatch a warning)."""
    return Problem(code, msgid or MESSAGES[code], {"ring": ring, "points": _listed(points),
                                                  "point_nos": tuple(points), **args})


@dataclass(frozen=True, slots=True)
class PointCheck:
    inside: bool
    distance_outside_m: float


def expected_zone(epsg: int) -> int | None:
    """The Gauss–Krüger zone of a CGCS2000 EPSG code with zone prefix (4513–4533 → 3° zones 25–45;
    4491–4501 → 6° zones 13–23); None for any other code."""
    if 4513 <= epsg <= 4533:
        return epsg - 4488
    if 4491 <= epsg <= 4501:
        return epsg - 4478
    return None


def zone_of(y: float) -> int | None:
    """The zone prefix of a Y, or None when Y carries none."""
    return int(y // ZONE_FACTOR) if y >= PREFIXED_Y_MIN else None


def plane_xy(x: float, y: float) -> tuple[float, float]:
    """(easting, northing) in metres in the zone's plane: the zone prefix stripped from Y."""
    easting = y % ZONE_FACTOR if y >= PREFIXED_Y_MIN else y
    return easting, x


def rings_of(corners: Iterable[Corner]) -> dict[int, list[Corner]]:
    """Corners grouped by ring number, each ring in the given order."""
    rings: dict[int, list[Corner]] = {}
    for corner in corners:
        rings.setdefault(corner.ring, []).append(corner)
    return rings


def _same_place(a: Corner, b: Corner) -> bool:
    return abs(a.x - b.x) <= CLOSURE_TOLERANCE_M and abs(a.y - b.y) <= CLOSURE_TOLERANCE_M


def _open_ring(ring: Sequence[Corner]) -> list[Corner]:
    """The ring without an explicit closing point and without consecutive repeats."""
    points = list(ring)
    if len(points) >= 2 and points[-1].point_no == points[0].point_no and _same_place(points[-1], points[0]):
        points.pop()
    kept: list[Corner] = []
    for corner in points:
        if not kept or not _same_place(kept[-1], corner):
            kept.append(corner)
    if len(kept) >= 2 and _same_place(kept[-1], kept[0]):
        kept.pop()
    return kept


def _listed(points: Sequence[str]) -> str:
    shown = "、".join(points[:MAX_LISTED_POINTS])
    return shown + ("…" if len(points) > MAX_LISTED_POINTS else "")


def ring_problems(corners: Iterable[Corner], *, epsg: int = 4526,
                  x_range: tuple[float, float] = X_RANGE) -> list[Problem]:
    """R-GEO-1 findings for every ring of a licence (empty when all rings are sound)."""
    problems: list[Problem] = []
    for ring_no, ring in rings_of(corners).items():
        problems.extend(_closure_problems(ring_no, ring))
        problems.extend(_coordinate_problems(ring_no, ring, epsg, x_range))
        problems.extend(_shape_problems(ring_no, _open_ring(ring)))
    return problems


def _closure_problems(ring_no: int, ring: Sequence[Corner]) -> list[Problem]:
    problems: list[Problem] = []
    first, last = ring[0], ring[-1]
    if len(ring) >= 2 and last.point_no == first.point_no and not _same_place(first, last):
        problems.append(_problem(NOT_CLOSED, ring_no, (first.point_no,), point=first.point_no))
    repeats = [b.point_no for a, b in pairwise(ring) if _same_place(a, b)]
    if repeats:
        problems.append(_problem(DUPLICATE_POINT, ring_no, repeats))
    return problems


def _coordinate_problems(ring_no: int, ring: Sequence[Corner], epsg: int,
                         x_range: tuple[float, float]) -> list[Problem]:
    """Zone prefix of Y, swapped X/Y and implausible X, one finding per kind and ring."""
    want = expected_zone(epsg)
    found: dict[str, list[str]] = {}
    zones: dict[str, set[int]] = {Y_SIX_DEGREE_ZONE: set(), WRONG_ZONE: set()}
    for c in ring:
        zone = zone_of(c.y)
        if c.x >= PREFIXED_Y_MIN and zone is None:
            found.setdefault(XY_SWAPPED, []).append(c.point_no)
            continue
        if not x_range[0] <= c.x <= x_range[1]:
            found.setdefault(X_OUT_OF_RANGE, []).append(c.point_no)
        if zone is None:
            found.setdefault(Y_NO_ZONE_PREFIX, []).append(c.point_no)
        elif want is not None and zone != want:
            kind = Y_SIX_DEGREE_ZONE if zone in SIX_DEGREE_ZONES and want not in SIX_DEGREE_ZONES else WRONG_ZONE
            found.setdefault(kind, []).append(c.point_no)
            zones[kind].add(zone)
    return [
        _problem(code, ring_no, points, low=x_range[0], high=x_range[1], epsg=epsg,
                 zone=want if want is not None else "", found="/".join(str(z) for z in sorted(zones.get(code, ()))))
        for code, points in found.items()
    ]


def _shape_problems(ring_no: int, points: Sequence[Corner]) -> list[Problem]:
    """Too few points, collinear points, and crossing edges of an (implicitly closed) ring."""
    if len(points) < 3:
        return [_problem(TOO_FEW_POINTS, ring_no, n=len(points))]
    plane = [plane_xy(c.x, c.y) for c in points]
    if _collinear(plane):
        return [_problem(DEGENERATE, ring_no)]
    crossing = _crossing(points, plane)
    return [crossing] if crossing else []


def _collinear(plane: Sequence[tuple[float, float]]) -> bool:
    """True when every point lies within CLOSURE_TOLERANCE_M of the line through the two farthest-apart
    points (measured from the first), i.e. the ring encloses no area."""
    origin = plane[0]
    far = max(plane, key=lambda p: math.dist(origin, p))
    length = math.dist(origin, far)
    if length <= CLOSURE_TOLERANCE_M:
        return True
    return all(abs(_orient(origin, far, p)) / length <= CLOSURE_TOLERANCE_M for p in plane)


def _crossing(points: Sequence[Corner], plane: Sequence[tuple[float, float]]) -> Problem | None:
    """A 'self_crossing' finding naming the first two edges that cross or touch, checked with shapely."""
    from shapely import Polygon
    from shapely.validation import explain_validity

    polygon = Polygon(plane)
    if polygon.is_valid:
        return None
    ring_no = points[0].ring
    n = len(points)
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # adjacent through the closing edge
            hit = _segment_hit(plane[i], plane[(i + 1) % n], plane[j], plane[(j + 1) % n])
            if hit is not None:
                edges = (points[i].point_no, points[(i + 1) % n].point_no,
                         points[j].point_no, points[(j + 1) % n].point_no)
                return _problem(SELF_CROSSING, ring_no, edges, a=edges[0], b=edges[1], c=edges[2], d=edges[3],
                                x=hit[1], y=_with_prefix(hit[0], points[i].y))
    return _problem(SELF_CROSSING, ring_no, msgid=SELF_CROSSING_WHY, why=explain_validity(polygon))


def _with_prefix(easting: float, sample_y: float) -> float:
    zone = zone_of(sample_y)
    return easting + zone * ZONE_FACTOR if zone is not None else easting


def _segment_hit(p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float],
                 p4: tuple[float, float]) -> tuple[float, float] | None:
    """Where segments p1p2 and p3p4 meet (crossing, touching or overlapping), else None."""
    d1, d2 = _orient(p3, p4, p1), _orient(p3, p4, p2)
    d3, d4 = _orient(p1, p2, p3), _orient(p1, p2, p4)
    if d1 * d2 < 0 and d3 * d4 < 0:
        t = d1 / (d1 - d2)
        return p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])
    for d, point, a, b in ((d1, p1, p3, p4), (d2, p2, p3, p4), (d3, p3, p1, p2), (d4, p4, p1, p2)):
        if d == 0 and _within_box(point, a, b):
            return point
    return None


def _orient(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0.0 if abs(value) < 1e-9 else value


def _within_box(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def licence_polygon(corners: Iterable[Corner]) -> BaseGeometry:
    """The licensed area as a shapely (Multi)Polygon in metres (zone plane, prefix stripped): the union of
    its rings. Rings with fewer than 3 distinct points are left out; a crossing ring is repaired with
    make_valid (a bow-tie becomes its two triangles). Empty Polygon when nothing is left."""
    from shapely import MultiPolygon, Polygon, make_valid, unary_union

    parts = []
    for ring in rings_of(corners).values():
        points = _open_ring(ring)
        if len(points) < 3:
            continue
        polygon = Polygon([plane_xy(c.x, c.y) for c in points])
        if not polygon.is_valid:
            polygon = make_valid(polygon)
        parts.extend(_polygonal_parts(polygon))
    if not parts:
        return Polygon()
    merged = unary_union(parts)
    return merged if isinstance(merged, Polygon | MultiPolygon) else MultiPolygon(_polygonal_parts(merged))


def _polygonal_parts(geometry: BaseGeometry) -> list[BaseGeometry]:
    from shapely import MultiPolygon, Polygon

    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [part for sub in getattr(geometry, "geoms", []) for part in _polygonal_parts(sub)]


def area_km2(corners: Iterable[Corner]) -> float:
    """The licence polygon's plane area in km² (0.0 when there is no usable ring)."""
    return float(licence_polygon(corners).area) / 1_000_000


def area_mismatch(computed_km2: float, licensed_km2: float | None, tolerance: float) -> Problem | None:
    """An 'area_mismatch' finding when the polygon's area differs from the licence's by more than
    `tolerance` (a fraction, e.g. 0.05) — and by more than the licence's 4-decimal rounding."""
    if licensed_km2 is None or licensed_km2 <= 0:
        return None
    difference = abs(computed_km2 - licensed_km2)
    if difference <= tolerance * licensed_km2 or difference <= 0.00005:
        return None
    return _problem(AREA_MISMATCH, 0, computed=computed_km2, licensed=licensed_km2,
                    percent=100 * difference / licensed_km2)


def locate_point(corners: Iterable[Corner], x: float, y: float) -> PointCheck:
    """Whether the point (X northing, Y easting with or without prefix) lies in the licensed area (the
    boundary counts as inside), and how far outside it is in metres. ValueError without a usable ring."""
    from shapely import Point

    polygon = licence_polygon(corners)
    if polygon.is_empty:
        raise ValueError("the licence has no usable boundary ring")
    point = Point(plane_xy(x, y))
    if polygon.covers(point):
        return PointCheck(True, 0.0)
    return PointCheck(False, float(polygon.distance(point)))


def outside_area_m2(licence_corners: Iterable[Corner], extent_corners: Iterable[Corner]) -> float:
    """Area in m² of a mined extent (e.g. a survey's 开采范围) lying outside the licensed area."""
    licence = licence_polygon(licence_corners)
    extent = licence_polygon(extent_corners)
    if extent.is_empty:
        return 0.0
    outside = extent if licence.is_empty else extent.difference(licence)
    area = float(outside.area)
    return 0.0 if math.isclose(area, 0.0, abs_tol=1e-6) else area
