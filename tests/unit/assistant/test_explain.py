"""explain: one message in, the JSON-ready reading out (EN, FR, auto-replies, broken mail).

Every message carries a fixed Date (Thursday 19 November 2026, 10:00 in Paris), so the
relative dates below resolve against it and never against the time the test runs.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.explain import explain
from meetdesk.mail.parse import Address

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
THURSDAY = datetime(2026, 11, 19, 10, 0, tzinfo=PARIS)
ASSISTANT = "julie@assistant.example"
ALICE = "alice@customer.example"
BOB = "bob@partner.example"
CAROL = "carol@partner.example"
DAN = "dan@partner.example"


def message(
    body: str,
    *,
    sender: str = f"Alice Martin <{ALICE}>",
    to: str = f"Bob Durand <{BOB}>",
    cc: str | None = f"Julie <{ASSISTANT}>",
    sent: datetime | None = THURSDAY,
    subject: str = "Project kickoff",
    extra: dict[str, str] | None = None,
    **headers: str,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    if sent is not None:
        msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = "<m1@customer.example>"
    for name, value in {**headers, **(extra or {})}.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def run(raw: bytes, **options: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "assistant": ASSISTANT,
        "assistant_name": "Julie",
        "customer": ALICE,
        "timezone": PARIS,
        "threshold": 0.9,
        "now": datetime(2030, 1, 1, tzinfo=UTC),  # far away: must not be used when dated
    }
    kwargs.update(options)
    result = explain(raw, **kwargs)
    json.dumps(result)  # always serialisable as it is
    return result


def window_days(result: dict[str, Any]) -> list[tuple[date, date]]:
    """First and last local day of each window (ends are exclusive midnights)."""
    out = []
    for w in result["windows"]:
        start, end = datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"])
        assert start.utcoffset() is not None and end.utcoffset() is not None
        out.append((start.date(), (end - timedelta(days=1)).date()))
    return out


EN_REQUEST = (
    "Hi Bob,\n\nJulie, could you please find 30 minutes for a call with Bob next week?\n\n"
    "Best,\nAlice\n"
)
FR_REQUEST = (
    "Bonjour Bob,\n\nJulie, peux-tu trouver une demi-heure pour un appel avec Bob la semaine "
    "prochaine ?\n\nCordialement,\nAlice\n"
)


def test_english_request() -> None:
    """The canonical request: every field of the contract, windows with offsets."""
    result = run(message(EN_REQUEST))
    assert result["language"] == "en"
    assert result["intent"] == "schedule"
    assert result["meeting"] == {"kind": "call", "duration_minutes": 30, "location": None}
    assert result["windows"] == [
        {"start": "2026-11-23T00:00:00+01:00", "end": "2026-11-28T00:00:00+01:00"}
    ]
    assert result["exclusions"] == []
    assert result["chosen"] is None
    assert result["timezone"] == "Europe/Paris"
    assert result["confidence"] >= 0.9
    assert result["escalate"] is False
    assert result["reasons"] == []
    assert {"language.en", "intent.schedule.verb", "window.next_week"} <= set(result["rules"])
    assert result["sender_role"] == "customer"
    assert result["sent_at"] == "2026-11-19T10:00:00+01:00"
    assert result["decision"]["action"] == "propose"
    assert result["decision"]["rule"] == "propose.confident_request"


def test_french_request() -> None:
    """French: une demi-heure, un appel, la semaine prochaine."""
    result = run(message(FR_REQUEST, subject="Réunion de lancement"))
    assert (result["language"], result["intent"]) == ("fr", "schedule")
    assert result["meeting"]["duration_minutes"] == 30
    assert result["meeting"]["kind"] == "call"
    assert window_days(result) == [(date(2026, 11, 23), date(2026, 11, 27))]
    assert result["escalate"] is False


def test_participants_and_roles() -> None:
    """To/Cc required, Bcc informed, the customer as customer, the assistant left out."""
    raw = message(
        EN_REQUEST,
        to=f"Bob Durand <{BOB}>, Julie <{ASSISTANT}>",
        cc=f"Carol <{CAROL}>",
        Bcc=f"Dan <{DAN}>, {ASSISTANT.upper()}",
    )
    people = run(raw)["participants"]
    assert people == [
        {"email": ALICE, "name": "Alice Martin", "role": "customer"},
        {"email": BOB, "name": "Bob Durand", "role": "required"},
        {"email": CAROL, "name": "Carol", "role": "required"},
        {"email": DAN, "name": "Dan", "role": "informed"},
    ]


def test_several_assistant_addresses_are_all_excluded() -> None:
    """The assistant may be given as several addresses (aliases) or as Address objects."""
    raw = message(EN_REQUEST, cc="Julie <julie@alias.example>")
    result = run(raw, assistant=[ASSISTANT, Address("Julie", "julie@alias.example")])
    assert [p["email"] for p in result["participants"]] == [ALICE, BOB]


@pytest.mark.parametrize(
    ("sender", "to", "role"),
    [
        (f"Alice <{ALICE.upper()}>", BOB, "customer"),
        (f"Julie <{ASSISTANT}>", BOB, "self"),
        (f"Bob <{BOB}>", f"Alice <{ALICE}>", "participant"),
        ("Mallory <mallory@elsewhere.example>", f"Julie <{ASSISTANT}>", "unknown"),
    ],
)
def test_sender_role(sender: str, to: str, role: str) -> None:
    result = run(message(EN_REQUEST, sender=sender, to=to))
    assert result["sender_role"] == role


def test_without_a_customer_the_sender_is_unknown_and_the_daemon_would_escalate() -> None:
    result = run(message(EN_REQUEST), customer=None)
    assert result["sender_role"] == "unknown"
    assert all(p["role"] != "customer" for p in result["participants"])
    assert result["decision"]["rule"] == "escalate.unknown_sender"


def test_a_participant_sender_is_a_participant() -> None:
    """Bob writing to Alice: he is the sender and a required participant; Alice the customer."""
    raw = message("Could we set up a meeting next week?", sender=f"Bob <{BOB}>", to=ALICE)
    result = run(raw)
    assert result["participants"] == [
        {"email": ALICE, "name": None, "role": "customer"},
        {"email": BOB, "name": "Bob", "role": "required"},
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
    ],
)
def test_auto_reply_by_headers(headers: dict[str, str]) -> None:
    """RFC 3834 and friends: auto_reply, never escalated, the daemon ignores it."""
    raw = message("Thanks for your message. " + EN_REQUEST, extra=headers)
    result = run(raw)
    assert result["intent"] == "auto_reply"
    assert result["escalate"] is False
    assert result["windows"] == [] and result["chosen"] is None
    assert "auto.headers" in result["rules"]
    assert result["decision"] == {
        "action": "ignore",
        "rule": "ignore.automatic_message",
        "reason": None,
    }


def test_french_out_of_office_without_headers() -> None:
    """No RFC 3834 header, but the words give it away."""
    raw = message(
        "Bonjour,\n\nJe suis actuellement absente du bureau et serai de retour lundi.\n",
        sender=f"Bob <{BOB}>",
        to=ALICE,
        subject="Réponse automatique : Project kickoff",
    )
    result = run(raw)
    assert (result["intent"], result["escalate"]) == ("auto_reply", False)
    assert result["language"] == "fr"
    assert "auto.words" in result["rules"]


def test_unknown_charset_is_still_read_and_reported() -> None:
    """A lying charset label: decoded anyway, the defect listed, the reading intact."""
    raw = message(FR_REQUEST).replace(b'charset="utf-8"', b'charset="x-klingon"')
    assert b"x-klingon" in raw
    result = run(raw)
    assert any("x-klingon" in d for d in result["defects"])
    assert (result["language"], result["intent"]) == ("fr", "schedule")
    assert result["meeting"]["duration_minutes"] == 30


def test_a_date_in_quoted_history_is_not_a_window() -> None:
    """Only the new text counts: the quoted 'tomorrow at 3pm' must not become a window."""
    body = (
        "Julie, could you please set up a call with Bob?\n\n"
        "On Wed, 18 Nov 2026 at 09:12, Bob Durand <bob@partner.example> wrote:\n"
        "> Could we meet tomorrow at 3pm, or on Monday 30 November?\n"
        "> Bob\n"
    )
    result = run(message(body))
    assert result["intent"] == "schedule"
    assert result["windows"] == []
    assert not any(r.startswith("window.") for r in result["rules"])
    assert any("default horizon" in r for r in result["reasons"])


def test_a_date_in_french_quoted_history_is_not_a_window() -> None:
    body = (
        "Julie, merci d'organiser un appel avec Bob la semaine prochaine.\n\n"
        "Le mer. 18 nov. 2026 à 09:12, Bob Durand <bob@partner.example> a écrit :\n"
        "> Demain à 15h ?\n"
    )
    result = run(message(body))
    assert window_days(result) == [(date(2026, 11, 23), date(2026, 11, 27))]


def test_relative_dates_resolve_against_the_date_header_in_the_customer_zone() -> None:
    """Sunday 20:00 in New York is Monday in UTC: 'next week' is still the week of the 23rd."""
    sunday_evening_ny = datetime(2026, 11, 22, 20, 0, tzinfo=NEW_YORK)
    result = run(message(EN_REQUEST, sent=sunday_evening_ny), timezone=NEW_YORK)
    assert result["timezone"] == "America/New_York"
    assert result["sent_at"].endswith("-05:00")
    assert window_days(result) == [(date(2026, 11, 23), date(2026, 11, 27))]
    assert result["windows"][0]["start"] == "2026-11-23T00:00:00-05:00"


def test_missing_date_uses_now_and_says_so() -> None:
    result = run(message(EN_REQUEST, sent=None), now=datetime(2026, 11, 19, 9, tzinfo=UTC))
    assert result["sent_at"] is None
    assert window_days(result) == [(date(2026, 11, 23), date(2026, 11, 27))]
    assert any("no readable Date" in r for r in result["reasons"])


def test_the_threshold_decides_escalation() -> None:
    """'next Friday' said on a Thursday is doubtful: escalated at 0.9, not at 0.5."""
    raw = message("Julie, could you schedule a lunch with Bob next Friday?")
    strict = run(raw)
    assert strict["escalate"] is True
    assert strict["confidence"] < 0.9
    assert any("next Friday" in r for r in strict["reasons"])
    assert run(raw, threshold=0.5)["escalate"] is False


def test_not_a_request_escalates() -> None:
    """A customer's message the assistant cannot act on goes to a human."""
    result = run(message("Julie, where did you put the slides from the workshop?"))
    assert result["intent"] == "question"
    assert result["escalate"] is True


def test_acknowledgement_is_ignored() -> None:
    """A bare thank-you asks nothing: it is neither answered nor escalated."""
    result = run(message("Thanks for the slides, see you soon."))
    assert result["intent"] == "acknowledge"
    assert result["escalate"] is False
    assert result["decision"]["rule"] == "ignore.acknowledgement"


@pytest.mark.parametrize(
    "raw", [b"", b"\x00\xff\xfe garbage", b"From: nobody\r\n\r\n", b"Content-Type: multipart/x\n"]
)
def test_garbage_never_raises(raw: bytes) -> None:
    result = run(raw)
    assert result["sender_role"] == "unknown"
    assert isinstance(result["rules"], list)
    assert result["decision"]["action"] in ("escalate", "ignore")
