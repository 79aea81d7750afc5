"""``[supervision]`` is checked at load, one line naming the key; the SLA picks the
family's minutes, then the priority's, then the default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.settings import SupervisionSettings, parse_settings
from meetdesk.supervision.reasons import due_at, kind_of

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"sla": {"urgent": 10}}, "unknown key 'supervision.sla.urgent'"),
        ({"sla": {"high": 0}}, "supervision.sla.high must be a positive number"),
        ({"sla": {"high": "soon"}}, "supervision.sla.high must be a number"),
        ({"lease_minutes": 0}, "supervision.lease_minutes must be at least 1"),
        ({"alert_to": ["desk"]}, "supervision.alert_to: 'desk' is not an e-mail address"),
        ({"console_url": "console.example"}, "supervision.console_url = 'console.example'"),
        ({"alert_lead": 5}, "unknown config key 'supervision.alert_lead'"),
    ],
)
def test_bad_values_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_settings({"supervision": table}, base_dir=Path("."))


def test_the_family_wins_over_the_priority_over_the_default() -> None:
    sla = SupervisionSettings(sla_minutes=100, sla={"no_free_slot": 10, "high": 20})
    assert due_at(sla, kind="no_free_slot", priority="high", created_at=T0) == T0 + timedelta(
        minutes=10
    )
    assert due_at(sla, kind="policy", priority="high", created_at=T0) == T0 + timedelta(minutes=20)
    assert due_at(sla, kind="reading", priority="normal", created_at=T0) == T0 + timedelta(
        minutes=100
    )


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("unclear_request", "reading"),
        ("unknown_sender", "unknown_sender"),
        ("no_free_slot", "no_free_slot"),
        ("job_failed:propose", "calendar_failure"),
        ("job_failed:send", "mail_failure"),
        ("job_failed:understand", "failure"),
        ("subject_restricted", "policy"),
        ("participant_objected", "policy"),
        ("participants_silent", "follow_up"),
        ("something_new", "other"),
    ],
)
def test_each_reason_code_has_its_family(reason: str, kind: str) -> None:
    assert kind_of(reason) == kind
