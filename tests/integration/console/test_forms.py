"""Reading the action forms: time frames, participants, slots and the correction, each
mistake said with the field and what is expected."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetdesk.supervision.console import forms

PARIS = ZoneInfo("Europe/Paris")


def test_time_frames_are_read_in_the_customers_zone() -> None:
    spans = forms.windows("2026-12-07 09:00 - 2026-12-07 12:00\n\n2026-12-08 14:00 - 16:30", PARIS)
    assert spans == [
        (datetime(2026, 12, 7, 9, tzinfo=PARIS), datetime(2026, 12, 7, 12, tzinfo=PARIS)),
        (datetime(2026, 12, 8, 14, tzinfo=PARIS), datetime(2026, 12, 8, 16, 30, tzinfo=PARIS)),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("next week", "time frames, line 1: write START - END"),
        ("2026-12-07 12:00 - 2026-12-07 09:00", "the end must be after the start"),
        ("2026-13-07 09:00 - 10:00", "a date and time like"),
    ],
)
def test_a_bad_time_frame_says_which_line(text: str, message: str) -> None:
    with pytest.raises(forms.FormError, match=message):
        forms.windows(text, PARIS)


def test_participants_are_read_one_a_line() -> None:
    assert forms.participants("Bob Durand <bob@partner.example>\ncarol@x.example\n") == [
        ("bob@partner.example", "Bob Durand"),
        ("carol@x.example", ""),
    ]
    with pytest.raises(forms.FormError, match="participants, line 2"):
        forms.participants("bob@partner.example\nBob")


def test_slots_come_from_ticked_candidates_and_added_rows_in_time_order() -> None:
    ticked = "2026-12-03T10:00:00+00:00|2026-12-03T10:45:00+00:00"
    slots = forms.slots([ticked, ticked], ["2026-12-02T15:00", ""], ["30", ""], PARIS)
    assert [(s.start, s.end - s.start) for s in slots] == [
        (datetime(2026, 12, 2, 15, tzinfo=PARIS), timedelta(minutes=30)),
        (datetime.fromisoformat("2026-12-03T10:00:00+00:00"), timedelta(minutes=45)),
    ]


@pytest.mark.parametrize(
    ("chosen", "starts", "lengths", "message"),
    [
        ([], [""], [""], "tick at least one slot"),
        ([], ["2026-12-02T15:00"], [""], "give both its start and its minutes"),
        ([], ["2026-12-02T15:00"], ["2"], "between 5 and 720"),
        (["garbage"], [], [], "could not be read"),
    ],
)
def test_bad_slots_are_refused(
    chosen: list[str], starts: list[str], lengths: list[str], message: str
) -> None:
    with pytest.raises(forms.FormError, match=message):
        forms.slots(chosen, starts, lengths, PARIS)


def test_a_blank_correction_keeps_everything_and_a_filled_one_is_checked() -> None:
    assert forms.correction({}, PARIS, ["en", "fr"]) == forms.CorrectionForm()
    typed = forms.correction(
        {"duration_minutes": "45", "meeting_kind": "video", "chosen_option": "2"}, PARIS, ["en"]
    )
    assert (typed.duration_minutes, typed.meeting_kind, typed.chosen_option) == (45, "video", 2)
    with pytest.raises(forms.FormError, match="kind 'party'"):
        forms.correction({"meeting_kind": "party"}, PARIS, ["en"])
    with pytest.raises(forms.FormError, match="language 'de'"):
        forms.correction({"language": "de"}, PARIS, ["en", "fr"])


def test_a_field_left_as_it_was_is_not_sent_as_a_correction() -> None:
    past = "2020-01-06 09:00 - 2020-01-06 10:00"  # shown as read; would be refused as over
    form = {
        "duration_minutes": "30", "was_duration_minutes": "30",
        "windows": f"{past}\r\n", "was_windows": past,
        "location": "Blue room", "was_location": "",
    }  # fmt: skip
    assert forms.correction(form, PARIS, ["en"]) == forms.CorrectionForm(location="Blue room")
