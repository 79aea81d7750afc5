"""The week grid: seven days of half-hour cells in the customer's zone, busy, candidate
and proposed time marked by class, hours widened to whatever an interval reaches."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from meetdesk.supervision.console.week_grid import DAY_END, DAY_START, WeekGrid, week_grid

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 11, 30, tzinfo=PARIS)


def cell(grid: WeekGrid, day: int, hour: int, minute: int = 0) -> str:
    first = int(grid.rows[0].label[:2])
    return str(grid.rows[(hour - first) * 2 + minute // 30].cells[day])


def test_busy_time_lands_in_the_customers_zone() -> None:
    busy = [(datetime(2026, 12, 4, 13, 0, tzinfo=UTC), datetime(2026, 12, 4, 14, 15, tzinfo=UTC))]
    grid = week_grid(MONDAY, PARIS, busy=busy)
    assert grid.days[0] == "Mon 30" and grid.days[4] == "Fri 04" and grid.zone == "Europe/Paris"
    assert len(grid.rows) == (DAY_END - DAY_START) * 2
    # 13:00-14:15 UTC is 14:00-15:15 in Paris: three half hours, touching a fourth
    assert [cell(grid, 4, 14), cell(grid, 4, 14, 30), cell(grid, 4, 15)] == ["busy"] * 3
    assert cell(grid, 4, 13, 30) == "" and cell(grid, 4, 15, 30) == ""
    assert cell(grid, 3, 14) == ""


def test_candidates_and_proposals_are_marked_and_can_overlap_busy_time() -> None:
    slot = (datetime(2026, 12, 3, 9, 0, tzinfo=UTC), datetime(2026, 12, 3, 9, 30, tzinfo=UTC))
    grid = week_grid(MONDAY, PARIS, busy=[slot], candidates=[slot], proposed=[])
    assert cell(grid, 3, 10) == "busy candidate"
    grid = week_grid(MONDAY, PARIS, proposed=[slot])
    assert cell(grid, 3, 10) == "proposed"


def test_the_hours_widen_to_an_early_or_late_interval() -> None:
    early = (datetime(2026, 12, 1, 5, 0, tzinfo=UTC), datetime(2026, 12, 1, 5, 30, tzinfo=UTC))
    late = (datetime(2026, 12, 2, 20, 0, tzinfo=UTC), datetime(2026, 12, 2, 20, 30, tzinfo=UTC))
    grid = week_grid(MONDAY, PARIS, busy=[early, late])
    assert grid.rows[0].label == "06:00" and grid.rows[-1].label == ""
    assert len(grid.rows) == (22 - 6) * 2
    assert cell(grid, 1, 6) == "busy" and cell(grid, 2, 21) == "busy"
    assert cell(grid, 0, 6) == "off"  # outside the working day, nothing there


def test_time_outside_the_week_is_left_out() -> None:
    before = (datetime(2026, 11, 29, 2, 0, tzinfo=UTC), datetime(2026, 11, 29, 3, 0, tzinfo=UTC))
    grid = week_grid(MONDAY, PARIS, busy=[before])
    assert grid.rows[0].label == f"{DAY_START:02d}:00"
    assert all("busy" not in c for r in grid.rows for c in r.cells)
