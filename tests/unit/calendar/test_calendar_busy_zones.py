"""busy_from_ics across DST changes, custom VTIMEZONEs, huge or endless rules, moved overrides."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.calendar.base import Interval
from meetdesk.calendar.busy import busy_from_ics, parse_busy
from meetdesk.calendar.slots import find_slots

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def ics(*events: str, extra: str = "") -> bytes:
    """One VCALENDAR (CRLF) holding ``extra`` (e.g. a VTIMEZONE) and the given VEVENT bodies."""
    body = "".join(
        f"BEGIN:VEVENT\nDTSTAMP:20250101T000000Z\n{e.strip()}\nEND:VEVENT\n" for e in events
    )
    text = (
        f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//MeetDesk tests//EN\n{extra}{body}END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode()


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# (zone, first day of a daily series, the Sunday the clocks change)
CHANGES = [
    pytest.param(PARIS, date(2025, 3, 27), date(2025, 3, 30), id="paris-spring"),
    pytest.param(PARIS, date(2025, 10, 23), date(2025, 10, 26), id="paris-autumn"),
    pytest.param(NEW_YORK, date(2025, 3, 6), date(2025, 3, 9), id="new-york-spring"),
    pytest.param(NEW_YORK, date(2025, 10, 30), date(2025, 11, 2), id="new-york-autumn"),
]


@pytest.mark.parametrize(("tz", "first", "change"), CHANGES)
def test_daily_0900_stays_0900_local_across_a_dst_change(
    tz: ZoneInfo, first: date, change: date
) -> None:
    """A daily 09:00-09:30 local event is 09:00 local every day while its UTC hour moves."""
    tzid = str(tz)
    cal = ics(
        f"UID:daily\nDTSTART;TZID={tzid}:{first:%Y%m%d}T090000\n"
        f"DTEND;TZID={tzid}:{first:%Y%m%d}T093000\nRRULE:FREQ=DAILY"
    )
    start = datetime.combine(first, time(0), tzinfo=tz)
    busy = busy_from_ics([cal], start, start + timedelta(days=7), tz)
    days = [first + timedelta(days=i) for i in range(7)]
    assert busy == [
        Interval(
            datetime.combine(d, time(9), tzinfo=tz).astimezone(UTC),
            datetime.combine(d, time(9, 30), tzinfo=tz).astimezone(UTC),
        )
        for d in days
    ]
    utc_hours = {d: b.start.hour for d, b in zip(days, busy, strict=True)}
    assert utc_hours[change - timedelta(days=1)] != utc_hours[change]  # the offset did change
    assert all(b.start.tzinfo is UTC or b.start.utcoffset() == timedelta(0) for b in busy)


def test_floating_daily_event_follows_the_customer_zone_across_dst() -> None:
    """A floating daily 09:00 is 09:00 New York time before and after the spring change."""
    cal = ics("UID:f\nDTSTART:20250307T090000\nDTEND:20250307T100000\nRRULE:FREQ=DAILY;COUNT=4")
    busy = busy_from_ics([cal], utc(2025, 3, 7), utc(2025, 3, 11), NEW_YORK)
    assert [b.start.astimezone(NEW_YORK).time() for b in busy] == [time(9)] * 4
    assert [b.start.hour for b in busy] == [14, 14, 13, 13]


CUSTOM_ZONE = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
TZNAME:X
END:STANDARD
END:VTIMEZONE
"""


def test_tzid_is_read_from_the_calendars_own_vtimezone() -> None:
    """A non-IANA TZID (as Outlook writes) is resolved through the object's VTIMEZONE."""
    cal = ics(
        "UID:c\nDTSTART;TZID=Customized Time Zone:20250310T100000\n"
        "DTEND;TZID=Customized Time Zone:20250310T110000",
        extra=CUSTOM_ZONE,
    )
    assert busy_from_ics([cal], utc(2025, 3, 10), utc(2025, 3, 11), PARIS) == [
        Interval(utc(2025, 3, 10, 7), utc(2025, 3, 10, 8))
    ]


def test_huge_count_and_endless_rules_only_cost_the_window() -> None:
    """COUNT=1000000000 and a rule with no end give just the two weeks asked for."""
    cal = ics(
        "UID:huge\nDTSTART:20000103T090000Z\nDTEND:20000103T100000Z\n"
        "RRULE:FREQ=DAILY;COUNT=1000000000",
        "UID:endless\nDTSTART;TZID=Europe/Paris:19900101T140000\n"
        "DTEND;TZID=Europe/Paris:19900101T150000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
    )
    busy = busy_from_ics([cal], utc(2025, 3, 3), utc(2025, 3, 17), PARIS)
    daily = [Interval(utc(2025, 3, d, 9), utc(2025, 3, d, 10)) for d in range(3, 17)]
    weekly = [Interval(utc(2025, 3, d, 13), utc(2025, 3, d, 14)) for d in (3, 5, 10, 12)]
    assert busy == sorted(daily + weekly)


def test_overrides_move_occurrences_into_and_out_of_the_window() -> None:
    """RECURRENCE-ID overrides count where they were moved to, not where they were."""
    cal = ics(
        "UID:o\nDTSTART:20250303T090000Z\nDTEND:20250303T100000Z\nRRULE:FREQ=WEEKLY;COUNT=4",
        # 24 March (after the window) moved to 12 March (inside it)
        "UID:o\nRECURRENCE-ID:20250324T090000Z\nDTSTART:20250312T090000Z\nDTEND:20250312T100000Z",
        # 10 March (inside the window) moved to 1 April (after it)
        "UID:o\nRECURRENCE-ID:20250310T090000Z\nDTSTART:20250401T090000Z\nDTEND:20250401T100000Z",
    )
    assert busy_from_ics([cal], utc(2025, 3, 9), utc(2025, 3, 16), PARIS) == [
        Interval(utc(2025, 3, 12, 9), utc(2025, 3, 12, 10))
    ]


def test_all_day_events_block_the_day_in_new_york() -> None:
    """A one-day DATE event (with or without DTEND) blocks New York midnight to midnight."""
    cal = ics(
        "UID:a\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250311",
        "UID:b\nDTSTART;VALUE=DATE:20250312",
    )
    busy = busy_from_ics([cal], utc(2025, 3, 9), utc(2025, 3, 14), NEW_YORK)
    assert busy == [
        Interval(utc(2025, 3, 10, 4), utc(2025, 3, 11, 4)),
        Interval(utc(2025, 3, 12, 4), utc(2025, 3, 13, 4)),
    ]


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param("DTSTART:20251310T090000Z\nDTEND:20250310T100000Z", id="bad-dtstart"),
        pytest.param(
            "DTSTART:20250310T110000Z\nDTEND:20250310T113000Z\nRRULE:FREQ=SOMETIMES",
            id="bad-rrule",
        ),
        pytest.param(None, id="not-icalendar"),
    ],
)
def test_a_malformed_object_among_good_ones_is_skipped_and_counted(
    broken: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    """One broken object is counted and logged as skipped; the others still block time."""
    good = ics("UID:g\nDTSTART:20250310T090000Z\nDTEND:20250310T100000Z")
    bad = b"BEGIN:VCALENDAR\r\nnonsense" if broken is None else ics(f"UID:b\n{broken}")
    also_good = ics("UID:h\nDTSTART:20250310T120000Z\nDTEND:20250310T130000Z")
    objects = [good, bad, also_good]
    busy, skipped = parse_busy(objects, utc(2025, 3, 10), utc(2025, 3, 11), PARIS)
    assert skipped == 1
    assert busy == [
        Interval(utc(2025, 3, 10, 9), utc(2025, 3, 10, 10)),
        Interval(utc(2025, 3, 10, 12), utc(2025, 3, 10, 13)),
    ]
    with caplog.at_level(logging.WARNING, logger="meetdesk.calendar.busy"):
        assert busy_from_ics(objects, utc(2025, 3, 10), utc(2025, 3, 11), PARIS) == busy
    assert "skipped 1 unreadable" in caplog.text


def test_no_slot_when_the_working_week_is_fully_busy() -> None:
    """A week-long busy block leaves nothing to propose."""
    window = Interval(datetime(2025, 3, 10, tzinfo=PARIS), datetime(2025, 3, 15, tzinfo=PARIS))
    cal = ics("UID:away\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250315")
    busy = busy_from_ics([cal], window.start, window.end, PARIS)
    assert busy == [window]
    assert find_slots(busy, window, timedelta(minutes=30), PARIS, count=3) == []
