"""The pure parts of quality review: the draw, the rate per customer, pseudonymising
text, and the [quality] settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.privacy.crypto import Cipher
from meetdesk.settings import QualitySettings, parse_settings
from meetdesk.store.customers import CustomerRecord
from meetdesk.supervision.quality import draw, is_sampled, rate_for
from meetdesk.supervision.quality_sample import Person, pseudonym, pseudonymise

CIPHER = Cipher(b"k" * 32)


def test_the_draw_is_fixed_per_decision_and_uniform_enough() -> None:
    """The same id draws the same number; 5000 ids at 5% give about 250 samples."""
    ids = [f"decision-{n}" for n in range(5000)]
    assert [draw(CIPHER, i) for i in ids[:20]] == [draw(CIPHER, i) for i in ids[:20]]
    taken = sum(is_sampled(CIPHER, i, 0.05) for i in ids)
    assert 180 <= taken <= 320
    assert not any(is_sampled(CIPHER, i, 0.0) for i in ids[:100])
    assert all(is_sampled(CIPHER, i, 1.0) for i in ids[:100])
    assert draw(Cipher(b"j" * 32), ids[0]) != draw(CIPHER, ids[0])  # keyed


def test_a_customer_rate_overrides_the_default_by_address_or_id() -> None:
    quality = QualitySettings(sample_rate=0.05, customers={"Alice@X.example": 0.5, "c-2": 1.0})
    alice = CustomerRecord("c-1", "alice@x.example", "Alice", "UTC", [])
    other = CustomerRecord("c-2", "o@x.example", "O", "UTC", [])
    third = CustomerRecord("c-3", "t@x.example", "T", "UTC", [])
    assert [rate_for(quality, c) for c in (alice, other, third, None)] == [0.5, 1.0, 0.05, 0.05]


def test_pseudonymise_replaces_addresses_names_and_phones() -> None:
    people = [Person("bob.durand@p.example", "Bob Durand"), Person("alice@c.example", "")]
    text = (
        "Hi Bob, BOB DURAND here. Alice (alice@c.example) or bob.durand@p.example, "
        "or eve@x.example; call +33 (0)6 12 34 56 78. Meet at 10:30 on 2026-12-08 or 09.12.2026."
    )
    out = pseudonymise(text, people, CIPHER, "c-1")
    bob = pseudonym(CIPHER, "c-1", "bob.durand@p.example")
    alice = pseudonym(CIPHER, "c-1", "alice@c.example")
    eve = pseudonym(CIPHER, "c-1", "eve@x.example")
    assert out == (
        f"Hi {bob}, {bob} here. {alice} ({alice}) or {bob}, "
        f"or {eve}; call [phone]. Meet at 10:30 on 2026-12-08 or 09.12.2026."
    )
    assert pseudonym(CIPHER, "c-1", "Bob.Durand@P.example") == bob
    assert pseudonym(CIPHER, "c-2", "bob.durand@p.example") != bob


def test_quality_settings_are_validated(tmp_path: Path) -> None:
    s = parse_settings({"quality": {"sample_rate": 0.2, "customers": {"a@b.example": 1}}},
                       base_dir=tmp_path)  # fmt: skip
    assert s.quality == QualitySettings(0.2, {"a@b.example": 1.0})
    with pytest.raises(ConfigError, match="quality.sample_rate must be between 0 and 1"):
        parse_settings({"quality": {"sample_rate": 1.5}}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="quality.customers.a@b.example must be between"):
        parse_settings({"quality": {"customers": {"a@b.example": -1}}}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="unknown config key 'quality.rate'"):
        parse_settings({"quality": {"rate": 0.1}}, base_dir=tmp_path)
