"""Conversation data: the JSON document round-trips, and first-version documents still load."""

from __future__ import annotations

from meetdesk.store.conversations import ConversationData, Person


def test_round_trip_keeps_windows_exclusions_and_roles() -> None:
    """What the understand stage writes is what the propose stage reads."""
    data = ConversationData(
        participants=[Person(email="bob@x.example", role="optional")],
        windows=[["2026-11-23T00:00:00+01:00", "2026-11-28T00:00:00+01:00"]],
        exclusions=[["2026-11-23T08:00:00+01:00", "2026-11-23T12:00:00+01:00"]],
        location="12 rue de la Paix, Paris",
    )
    assert ConversationData.from_json(data.to_json()) == data


def test_first_version_single_window_is_read_as_one_window() -> None:
    """A document stored with the old 'window' key loads as a one-window list."""
    old = {"subject": "x", "window": ["2026-11-23T00:00:00+01:00", "2026-11-28T00:00:00+01:00"]}
    data = ConversationData.from_json(old)
    assert data.windows == [old["window"]]
    assert data.exclusions == []
