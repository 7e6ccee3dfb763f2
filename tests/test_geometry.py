"""R-GEO-1 licence geometry on real zone-38 (EPSG:4526) coordinates of 上党区."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minetui.domain import geometry as geo
from minetui.domain.model import Corner
from tests.factories import SQUARE

X0, Y0 = 3_985_000.00, 38_412_000.00   # south-west corner of a 1 km × 1 km licence near 苏店


def rect(x: float, y: float, height: float, width: float, ring: int = 1, first: int = 1) -> list[Corner]:
    """A rectangle (X northing, Y easting with prefix), points numbered from `first`, not repeated."""
    points = [(x, y), (x, y + width), (x + height, y + width), (x + height, y)]
    return [Corner(str(first + i), px, py, ring) for i, (px, py) in enumerate(points)]


def codes(corners: list[Corner], **kwargs) -> list[str]:
    return [p.code for p in geo.ring_problems(corners, **kwargs)]


# --- ring problems ----------------------------------------------------------------------------------------

def test_sound_ring_has_no_problems_and_closes_implicitly():
    assert geo.ring_problems(SQUARE) == []
    assert geo.area_km2(SQUARE) == pytest.approx(1.0)


def test_explicit_closure_repeating_the_first_point_is_fine():
    closed = [*SQUARE, Corner("1", SQUARE[0].x + 0.004, SQUARE[0].y - 0.003)]
    assert geo.ring_problems(closed) == []
    assert geo.area_km2(closed) == pytest.approx(1.0)


def test_last_point_numbered_like_the_first_with_other_coordinates_is_not_closed():
    broken = [*SQUARE, Corner("1", SQUARE[0].x + 5.0, SQUARE[0].y)]
    problems = geo.ring_problems(broken)
    assert [p.code for p in problems] == [geo.NOT_CLOSED]
    assert problems[0].args["point_nos"] == ("1",)
    assert problems[0].args["point"] == "1"


def test_repeated_consecutive_point_is_reported_but_the_ring_still_measures():
    doubled = [SQUARE[0], SQUARE[1], Corner("2a", SQUARE[1].x, SQUARE[1].y), SQUARE[2], SQUARE[3]]
    problems = geo.ring_problems(doubled)
    assert [(p.code, p.args["point_nos"]) for p in problems] == [(geo.DUPLICATE_POINT, ("2a",))]
    assert geo.area_km2(doubled) == pytest.approx(1.0)


def test_fewer_than_three_distinct_points():
    two = [SQUARE[0], SQUARE[1], Corner("3", SQUARE[1].x, SQUARE[1].y)]
    assert codes(two) == [geo.DUPLICATE_POINT, geo.TOO_FEW_POINTS]
    assert codes(SQUARE[:2]) == [geo.TOO_FEW_POINTS]
    assert geo.area_km2(two) == 0.0


def test_collinear_points_are_degenerate():
    line = [Corner(str(i), X0 + 100 * i, Y0 + 50 * i) for i in range(1, 5)]
    assert codes(line) == [geo.DEGENERATE]


def test_bow_tie_crossing_names_the_edges_and_where_they_cross():
    bow = [Corner("1", X0, Y0), Corner("2", X0 + 1000, Y0 + 1000), Corner("3", X0 + 1000, Y0),
           Corner("4", X0, Y0 + 1000)]
    problems = geo.ring_problems(bow)
    assert [p.code for p in problems] == [geo.SELF_CROSSING]
    assert problems[0].args["point_nos"] == ("1", "2", "3", "4")
    assert "X=3985500.00" in problems[0].message and "Y=38412500.00" in problems[0].message
    # make_valid turns the bow-tie into its two triangles: 2 × ½ × 1000 × 500 m².
    assert geo.area_km2(bow) == pytest.approx(0.5)


def test_ring_touching_itself_at_a_repeated_vertex_is_self_crossing():
    # The last point repeats point 2 (not the first): the ring pinches at that vertex.
    pinched = [Corner("1", X0, Y0), Corner("2", X0 + 500, Y0 + 500), Corner("3", X0 + 1000, Y0),
               Corner("4", X0 + 1000, Y0 + 1000), Corner("5", X0 + 500, Y0 + 500), Corner("6", X0, Y0 + 1000)]
    assert codes(pinched) == [geo.SELF_CROSSING]


# --- zones and coordinate ranges ----------------------------------------------------------------------------

def test_expected_zone_from_epsg():
    assert geo.expected_zone(4526) == 38
    assert geo.expected_zone(4513) == 25
    assert geo.expected_zone(4533) == 45
    assert geo.expected_zone(4497) == 19   # CGCS2000 6° zone 19
    assert geo.expected_zone(3857) is None


def test_y_in_six_degree_zone_19():
    six = [Corner(c.point_no, c.x, c.y - 38_000_000 + 19_000_000) for c in SQUARE]
    problems = geo.ring_problems(six)
    assert [p.code for p in problems] == [geo.Y_SIX_DEGREE_ZONE]
    assert problems[0].args["point_nos"] == ("1", "2", "3", "4")


def test_y_without_zone_prefix():
    bare = [Corner(c.point_no, c.x, c.y - 38_000_000) for c in SQUARE]
    assert codes(bare) == [geo.Y_NO_ZONE_PREFIX]


def test_y_in_the_neighbouring_zone_39_is_wrong_for_epsg_4526_but_right_for_4527():
    zone39 = [Corner(c.point_no, c.x, c.y + 1_000_000) for c in SQUARE]
    problems = geo.ring_problems(zone39)
    assert [p.code for p in problems] == [geo.WRONG_ZONE]
    assert (problems[0].args["found"], problems[0].args["zone"]) == ("39", 38)
    assert geo.ring_problems(zone39, epsg=4527) == []


def test_only_the_mis_zoned_points_are_listed():
    mixed = [*SQUARE[:3], Corner("4", SQUARE[3].x, SQUARE[3].y - 38_000_000)]
    problems = [p for p in geo.ring_problems(mixed) if p.code == geo.Y_NO_ZONE_PREFIX]
    assert problems[0].args["point_nos"] == ("4",)


def test_swapped_x_and_y():
    swapped = [Corner(c.point_no, c.y, c.x) for c in SQUARE]
    assert codes(swapped) == [geo.XY_SWAPPED]


def test_x_outside_the_plausible_range():
    south = [Corner(c.point_no, c.x - 3_000_000, c.y) for c in SQUARE]
    assert codes(south) == [geo.X_OUT_OF_RANGE]
    assert geo.ring_problems(south, x_range=(0, 6_000_000)) == []


# --- areas ----------------------------------------------------------------------------------------------

def test_area_matches_a_hand_computed_triangle():
    # legs 1234.56 m east and 789.01 m north: ½ × 1234.56 × 789.01 = 487 040.0928 m²
    triangle = [Corner("1", X0, Y0), Corner("2", X0, Y0 + 1234.56), Corner("3", X0 + 789.01, Y0)]
    assert geo.area_km2(triangle) == pytest.approx(0.4870400928, abs=1e-9)


def test_area_mismatch_tolerance():
    assert geo.area_mismatch(1.0, 1.04, 0.05) is None
    problem = geo.area_mismatch(1.0, 1.10, 0.05)
    assert problem is not None and problem.code == geo.AREA_MISMATCH and problem.args["ring"] == 0
    assert "1.1000" in problem.message
    assert geo.area_mismatch(1.0, None, 0.05) is None
    # within the licence's 4-decimal rounding even when the tolerance is tiny
    assert geo.area_mismatch(0.00012, 0.0001, 0.01) is None


@given(height=st.floats(10, 5000), width=st.floats(10, 5000))
def test_any_rectangle_is_sound_and_measures_height_times_width(height: float, width: float):
    corners = rect(X0, Y0, round(height, 2), round(width, 2))
    assert geo.ring_problems(corners) == []
    assert geo.area_km2(corners) == pytest.approx(round(height, 2) * round(width, 2) / 1e6)


# --- points and extents ---------------------------------------------------------------------------------

def test_point_inside_and_on_the_boundary():
    licence = rect(X0, Y0, 1000, 1000)
    assert geo.locate_point(licence, X0 + 400, Y0 + 600) == geo.PointCheck(True, 0.0)
    assert geo.locate_point(licence, X0, Y0 + 500).inside  # the boundary counts as inside


def test_point_outside_with_its_distance_in_metres():
    licence = rect(X0, Y0, 1000, 1000)
    east = geo.locate_point(licence, X0 + 500, Y0 + 1000 + 25)
    assert not east.inside and east.distance_outside_m == pytest.approx(25.0)
    # 30 m north and 40 m east of the north-east corner: 50 m away
    corner = geo.locate_point(licence, X0 + 1030, Y0 + 1040)
    assert corner.distance_outside_m == pytest.approx(50.0)
    # a Y without the zone prefix is located the same way
    assert geo.locate_point(licence, X0 + 500, 412_000 + 1025).distance_outside_m == pytest.approx(25.0)


def test_locate_point_without_a_usable_ring_refuses():
    with pytest.raises(ValueError):
        geo.locate_point(SQUARE[:2], X0, Y0)


def test_extent_poking_out_of_the_licence_by_a_known_area():
    licence = rect(X0, Y0, 1000, 1000)
    # 200 m (north–south) × 300 m, 50 m of which lie east of the licence: 200 × 50 = 10 000 m² outside
    extent = rect(X0 + 400, Y0 + 750, 200, 300)
    assert geo.outside_area_m2(licence, extent) == pytest.approx(10_000.0)
    assert geo.outside_area_m2(licence, rect(X0 + 100, Y0 + 100, 50, 50)) == 0.0


# --- several rings ----------------------------------------------------------------------------------------

def test_multi_ring_licence_is_the_union_of_its_parts():
    north = rect(X0 + 2000, Y0, 1000, 500, ring=2, first=5)
    corners = [*rect(X0, Y0, 1000, 1000), *north]
    assert geo.ring_problems(corners) == []
    polygon = geo.licence_polygon(corners)
    assert polygon.geom_type == "MultiPolygon"
    assert geo.area_km2(corners) == pytest.approx(1.5)
    assert geo.locate_point(corners, X0 + 2500, Y0 + 250).inside
    gap = geo.locate_point(corners, X0 + 1500, Y0 + 250)
    assert not gap.inside and gap.distance_outside_m == pytest.approx(500.0)


def test_problems_name_their_ring():
    broken_second = [*rect(X0, Y0, 1000, 1000), *rect(X0 + 2000, Y0, 1000, 500, ring=2)[:2]]
    problems = geo.ring_problems(broken_second)
    assert [(p.code, p.args["ring"]) for p in problems] == [(geo.TOO_FEW_POINTS, 2)]
    assert problems[0].message.startswith("第2圈")  # the text comes from the catalogue
