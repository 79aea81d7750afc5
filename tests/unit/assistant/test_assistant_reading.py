"""Reading: validation, and escalate() follows the threshold and the intent."""

from __future__ import annotations

import pytest

from meetdesk.assistant.reading import Evidence, Reading


def test_escalate_below_threshold() -> None:
    """Confidence under the threshold escalates; at or above it does not."""
    reading = Reading(intent="schedule", language="en", confidence=0.9)
    assert not reading.escalate(0.9)
    assert reading.escalate(0.95)


def test_unknown_always_escalates() -> None:
    """An unknown intent escalates whatever its confidence."""
    assert Reading(intent="unknown", language="en", confidence=1.0).escalate(0.5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"intent": "dance"},
        {"confidence": 1.5},
        {"chosen_option": 0},
    ],
)
def test_invalid_readings_are_refused(kwargs: dict[str, object]) -> None:
    """Unknown intents, out-of-range confidence and 0-based options are errors."""
    base: dict[str, object] = {"intent": "schedule", "language": "en", "confidence": 0.5}
    with pytest.raises(ValueError):
        Reading(**{**base, **kwargs})  # type: ignore[arg-type]


def test_each_doubt_lowers_confidence_once() -> None:
    """A doubt repeated with the same reason counts once; notes do not lower it."""
    ev = Evidence()
    ev.doubt("x")
    ev.doubt("x")
    ev.note("y")
    assert ev.confidence(0.95) < 0.9
    assert ev.reasons == ["x", "y"]
    assert ev.confidence(0.95) == pytest.approx(0.95 * 0.75, abs=1e-3)
