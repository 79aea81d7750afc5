"""Reading: validation, and escalate() follows the threshold and the intent."""

from __future__ import annotations

import pytest

from meetdesk.assistant.reading import Evidence, FieldReading, Reading, overall


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


def _schedule(**confidences: float) -> Reading:
    fields = {name: FieldReading(c) for name, c in confidences.items()}
    return Reading(
        intent="schedule",
        language="en",
        confidence=overall(fields, "schedule"),
        fields=fields,
    )


def test_one_unsure_field_escalates() -> None:
    """The gate looks at every field the intent relies on: one below is enough."""
    reading = _schedule(intent=0.95, duration=0.95, windows=0.71)
    assert reading.confidence == 0.71
    assert reading.escalate(0.9)
    assert reading.unsure_fields(0.9) == ["windows"]


def test_per_field_threshold_overrides_the_default() -> None:
    """A field's own threshold replaces the default for that field only."""
    reading = _schedule(intent=0.95, windows=0.93)
    assert not reading.escalate(0.9)
    assert reading.escalate(0.9, {"windows": 0.95})
    assert not reading.escalate(0.9, {"location": 0.99})


def test_fields_the_intent_does_not_rely_on_are_ignored() -> None:
    """An unsure duration does not stop a choice being handled."""
    fields = {"intent": FieldReading(0.95), "chosen": FieldReading(0.95)}
    fields["duration"] = FieldReading(0.3)
    reading = Reading(
        intent="choose_slot",
        language="en",
        chosen_option=1,
        confidence=overall(fields, "choose_slot"),
        fields=fields,
    )
    assert reading.confidence == 0.95 and not reading.escalate(0.9)


def test_unknown_field_names_are_refused() -> None:
    """A reading only carries the documented fields."""
    with pytest.raises(ValueError, match="colour"):
        Reading(intent="schedule", language="en", fields={"colour": FieldReading(1.0)})
