"""The traps of reading real mail, end to end through explain: none may become a constraint."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from meetdesk.assistant.explain import explain

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
WEDNESDAY = datetime(2026, 11, 18, 9, 30, tzinfo=PARIS)
ALICE, BOB, JULIE = "alice@customer.example", "bob@partner.example", "julie@assistant.example"


def run(body: str, *, sent: datetime = WEDNESDAY, tz: ZoneInfo = PARIS) -> dict[str, Any]:
    msg = EmailMessage()
    msg["From"] = f"Alice Martin <{ALICE}>"
    msg["To"] = f"Bob Durand <{BOB}>"
    msg["Cc"] = f"Julie <{JULIE}>"
    msg["Subject"] = "Kickoff"
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = "<trap@customer.example>"
    msg.set_content(body)
    return explain(
        msg.as_bytes(),
        assistant=JULIE,
        assistant_name="Julie",
        customer=ALICE,
        timezone=tz,
        threshold=0.9,
    )


def days(result: dict[str, Any]) -> list[str]:
    return [w["start"][:10] for w in result["windows"]]


@pytest.mark.parametrize(
    "body",
    [
        "Julie, we need a 30 min call with Bob next week, we are flexible.",
        "Julie, pourriez-vous organiser un appel avec Bob la semaine prochaine ? Je suis flexible.",
    ],
)
def test_we_and_je_are_not_weekdays(body: str) -> None:
    """'we' is not Wednesday and 'Je' is not jeudi: the window is the whole next week."""
    result = run(body)
    assert days(result) == ["2026-11-23"]
    assert result["windows"][0]["end"].startswith("2026-11-28T00:00")
    assert result["escalate"] is False


def test_phone_number_in_signature_is_not_a_time() -> None:
    """The signature's phone numbers are gone before reading, and no time comes from them."""
    body = (
        "Julie, please set up a call with Bob next week.\n\nBest,\nAlice\n\n"
        "Alice Martin\nTél. : +33 6 12 34 56 78 | 01 23 45 67 89\n12 rue de la Paix, Paris"
    )
    result = run(body)
    assert days(result) == ["2026-11-23"]
    assert result["meeting"]["location"] is None
    assert result["escalate"] is False


def test_date_in_quoted_history_is_not_a_constraint() -> None:
    """Only the new text counts: a date in the quoted message sets no window."""
    body = (
        "Julie, please find 30 minutes for a call with Bob.\n\n"
        "On Tue, 17 Nov 2026 at 16:12, Bob Durand <bob@partner.example> wrote:\n"
        "> Could we meet on Friday at 3pm, or Monday 23 November in the morning?\n"
    )
    result = run(body)
    assert result["windows"] == [] and result["exclusions"] == []
    assert result["escalate"] is False


def test_two_thirds_follows_the_senders_convention() -> None:
    """'2/3': 2 March for a European sender, 3 February for one in New York."""
    body = "Julie, please set up a call with Bob on 2/3."
    assert days(run(body)) == ["2027-03-02"]
    new_york = datetime(2026, 11, 18, 9, 30, tzinfo=NEW_YORK)
    assert days(run(body, sent=new_york, tz=NEW_YORK)) == ["2027-02-03"]


def test_two_thirds_from_an_unknown_convention_is_escalated() -> None:
    """'2/3' from a sender whose clock says nothing of their convention: asked, not guessed."""
    utc = ZoneInfo("UTC")
    result = run("Julie, please set up a call with Bob on 2/3.", sent=WEDNESDAY, tz=utc)
    assert result["escalate"] is True
    assert result["fields"]["windows"]["confidence"] < 0.9
