"""Addresses never reach a stored error text."""

from __future__ import annotations

from meetdesk.privacy.scrub import without_addresses
from meetdesk.worker import _describe


def test_addresses_are_replaced_and_the_rest_kept() -> None:
    text = "550 5.1.1 <bob.durand+x@partner.example>: recipient refused by mx.partner.example"
    assert without_addresses(text) == (
        "550 5.1.1 <<address>>: recipient refused by mx.partner.example"
    )


def test_a_job_failure_keeps_no_address() -> None:
    error = RuntimeError("SMTP refused alice@customer.example and bob@partner.example")
    assert _describe(error) == "RuntimeError: SMTP refused <address> and <address>"
