"""The corpus of realistic scheduling mail: each ``tests/corpus`` case read as expected.

Every line of ``tests/corpus/cases.jsonl`` names one ``.eml`` file, the context the daemon
would have (customer, zone, conversation state, our proposals) and only the fields of
``explain``'s JSON the case checks. See ``docs/corpus.md`` for how to add a case.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.explain import explain

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CASES_FILE = CORPUS / "cases.jsonl"

EQUALITY_FIELDS = ("language", "intent", "sender_role", "timezone", "escalate")
MEETING_FIELDS = ("meeting.kind", "meeting.duration_minutes", "meeting.location")
KNOWN_FIELDS = {
    *EQUALITY_FIELDS,
    *MEETING_FIELDS,
    "participants",
    "windows",
    "exclusions",
    "chosen",
}


def load_cases() -> list[dict[str, Any]]:
    lines = CASES_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CASES = load_cases()


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    ctx = case["context"]
    raw = (CORPUS / case["file"]).read_bytes()
    return explain(
        raw,
        assistant=ctx["assistant"],
        assistant_name="Julie",
        customer=ctx["customer"],
        timezone=ZoneInfo(ctx["timezone"]),
        threshold=0.9,
        state=ctx.get("state", "new"),
        proposals=[
            (datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"]))
            for p in ctx.get("proposals", [])
        ],
    )


def instants(items: Any) -> list[tuple[datetime, datetime]] | Any:
    """Intervals as sorted (start, end) aware datetimes; anything unreadable as it is."""
    try:
        return sorted(
            (datetime.fromisoformat(i["start"]), datetime.fromisoformat(i["end"])) for i in items
        )
    except (TypeError, KeyError, ValueError):
        return items


def same_choice(expected: dict[str, Any], got: Any, proposals: list[dict[str, str]]) -> bool:
    """An option number and a start denote the same slot when the proposal says so."""
    if not isinstance(got, dict):
        return False
    starts = [datetime.fromisoformat(p["start"]) for p in proposals]
    got_start = datetime.fromisoformat(got["start"]) if got.get("start") else None
    if "option" in expected:
        n = expected["option"]
        if got.get("option") == n:
            return True
        return got_start is not None and 0 < n <= len(starts) and starts[n - 1] == got_start
    want = datetime.fromisoformat(expected["start"])
    if got_start is not None:
        return got_start == want
    n = got.get("option")
    return isinstance(n, int) and 0 < n <= len(starts) and starts[n - 1] == want


def mismatches(case: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """One line per expected field that the reading does not match."""
    out: list[str] = []
    name = case["file"]

    def fail(field: str, expected: Any, got: Any) -> None:
        out.append(f"{name}: {field}: expected {expected!r}, got {got!r}")

    for field, expected in case["expect"].items():
        if field in EQUALITY_FIELDS:
            if result.get(field) != expected:
                fail(field, expected, result.get(field))
        elif field in MEETING_FIELDS:
            got = (result.get("meeting") or {}).get(field.split(".", 1)[1])
            if field == "meeting.location":
                if not isinstance(got, str) or expected.lower() not in got.lower():
                    fail(field, expected, got)
            elif got != expected:
                fail(field, expected, got)
        elif field == "participants":
            people = {
                str(p.get("email", "")).lower(): p.get("role")
                for p in result.get("participants") or []
            }
            got_roles = {email.lower(): people.get(email.lower()) for email in expected}
            if got_roles != {email.lower(): role for email, role in expected.items()}:
                fail(field, expected, got_roles)
        elif field in ("windows", "exclusions"):
            got = result.get(field)
            if instants(got) != instants(expected):
                fail(field, expected, got)
        elif field == "chosen":
            got = result.get("chosen")
            if not same_choice(expected, got, case["context"].get("proposals", [])):
                fail(field, expected, got)
        else:
            fail(field, "a known field", "unknown field in the case")
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_case(case: dict[str, Any]) -> None:
    """The reading of one corpus message matches every field its case expects."""
    result = run_case(case)
    problems = mismatches(case, result)
    assert not problems, "\n".join(problems)


def test_corpus_is_large_bilingual_and_consistent() -> None:
    """At least 60 cases, 25 per language, every .eml referenced exactly once."""
    assert len(CASES) >= 60, f"only {len(CASES)} cases"
    languages = [c["expect"].get("language") for c in CASES]
    assert languages.count("en") >= 25, f"{languages.count('en')} English cases"
    assert languages.count("fr") >= 25, f"{languages.count('fr')} French cases"
    files = [c["file"] for c in CASES]
    on_disk = sorted(p.name for p in CORPUS.glob("*.eml"))
    duplicates = sorted({f for f in files if files.count(f) > 1})
    assert not duplicates, f"referenced more than once: {duplicates}"
    assert sorted(files) == on_disk, (
        f"not referenced: {sorted(set(on_disk) - set(files))}, "
        f"missing on disk: {sorted(set(files) - set(on_disk))}"
    )


def test_cases_are_well_formed() -> None:
    """Each case has a note, a full context and only fields the runner knows how to check."""
    for c in CASES:
        assert c.get("note"), c["file"]
        ctx = c["context"]
        assert {"customer", "timezone", "assistant", "state"} <= set(ctx), c["file"]
        ZoneInfo(ctx["timezone"])
        assert set(c["expect"]) <= KNOWN_FIELDS, (c["file"], set(c["expect"]) - KNOWN_FIELDS)
        for p in ctx.get("proposals", []):
            assert datetime.fromisoformat(p["start"]).utcoffset() is not None, c["file"]
        if "chosen" in c["expect"] and "option" in c["expect"]["chosen"]:
            assert 0 < c["expect"]["chosen"]["option"] <= len(ctx.get("proposals", [])), c["file"]
