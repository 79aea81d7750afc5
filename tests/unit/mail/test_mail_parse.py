"""parse_message: real-world shapes, broken input, threading ids, auto-reply detection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from meetdesk.mail.parse import (
    Address,
    html_to_text,
    normalise_message_id,
    parse_id_list,
    parse_message,
)

GMAIL = b"""\
MIME-Version: 1.0
Date: Tue, 5 Mar 2024 09:12:44 +0100
Message-ID: <CAF=abc123+XyZ@mail.gmail.com>
In-Reply-To: <parent@example.org>
References: <root@example.org> <parent@example.org>
Subject: =?UTF-8?Q?R=C3=A9union_next_week?=
From: =?UTF-8?Q?Ren=C3=A9e_Martin?= <Renee.Martin@Example.COM>
To: Bob <bob@example.org>, julie@assistant.example
Cc: "Doe, Jane" <jane@EXAMPLE.org>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3"

--000000000000a1b2c3
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Julie, please find 30 minutes next week for Bob and me.=C2=A0Thanks!

--000000000000a1b2c3
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Julie, please find <b>30 minutes</b> next week.</div>

--000000000000a1b2c3--
""".replace(b"\n", b"\r\n")


def msg(headers: str, body: bytes = b"Hello\r\n") -> bytes:
    return headers.strip().replace("\n", "\r\n").encode() + b"\r\n\r\n" + body


def test_gmail_alternative_prefers_plain_and_reads_headers() -> None:
    p = parse_message(GMAIL)
    assert p.message_id == "<CAF=abc123+XyZ@mail.gmail.com>" and not p.message_id_synthetic
    assert p.in_reply_to == "<parent@example.org>"
    assert p.references == ("<root@example.org>", "<parent@example.org>")
    assert p.from_addr == Address(name="Renée Martin", email="Renee.Martin@example.com")
    assert [a.email for a in p.to] == ["bob@example.org", "julie@assistant.example"]
    assert p.cc == (Address(name="Doe, Jane", email="jane@example.org"),)
    assert p.subject == "Réunion next week"
    assert p.date == datetime(2024, 3, 5, 8, 12, 44, tzinfo=UTC)
    assert p.text.startswith("Julie, please find 30 minutes next week for Bob and me.")
    assert "<" not in p.text
    assert not p.is_auto and p.defects == []


def test_html_only_becomes_text_without_tags_scripts_or_styles() -> None:
    html = (
        b"<html><head><style>p{color:red}</style><title>T</title></head><body>"
        b"<script>alert('x')</script><p>Hello&nbsp;Bob &amp; Alice,</p>"
        b"<div>Tuesday<br>10:00 works</div><ul><li>one</li><li>two</li></ul></body></html>"
    )
    p = parse_message(msg("From: a@x.example\nContent-Type: text/html; charset=utf-8", html))
    assert p.text == "Hello Bob & Alice,\nTuesday\n10:00 works\none\ntwo\n"


def test_html_to_text_keeps_pre_and_collapses_blank_lines() -> None:
    assert html_to_text("<p>a</p>\n\n\n<p>b</p><pre>x  y</pre>") == "a\nb\nx  y"
    assert html_to_text("one<br><br>two") == "one\n\ntwo"


def test_latin1_body_is_decoded_with_declared_charset() -> None:
    p = parse_message(msg("Content-Type: text/plain; charset=iso-8859-1", b"Caf\xe9 \xe0 10h\r\n"))
    assert p.text == "Café à 10h\n"
    assert not [d for d in p.defects if "charset" in d]


def test_unknown_charset_falls_back_to_utf8_then_latin1() -> None:
    utf8 = parse_message(msg("Content-Type: text/plain; charset=x-unknown", "Café".encode()))
    assert utf8.text == "Café\n"
    latin = parse_message(msg("Content-Type: text/plain; charset=x-unknown", b"Caf\xe9"))
    assert latin.text == "Café\n"
    assert any("x-unknown" in d for d in latin.defects)


def test_lying_charset_does_not_raise() -> None:
    p = parse_message(msg("Content-Type: text/plain; charset=utf-8", b"d\xe9j\xe0 vu"))
    assert p.text == "déjà vu\n" and p.defects


def test_mismatched_boundary_is_recovered() -> None:
    body = (
        b"--real\r\nContent-Type: text/plain\r\n\r\nMonday please\r\n"
        b"--real\r\nContent-Type: text/html\r\n\r\n<p>Monday</p>\r\n--real--\r\n"
    )
    p = parse_message(msg('Content-Type: multipart/alternative; boundary="declared"', body))
    assert p.text == "Monday please\n"
    assert any("boundary" in d for d in p.defects)


def test_unterminated_multipart_keeps_the_text() -> None:
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nStill readable\r\n"
    p = parse_message(msg('Content-Type: multipart/mixed; boundary="b"', body))
    assert p.text == "Still readable\n"
    assert p.defects


def test_empty_and_headerless_input_give_empty_readings() -> None:
    for raw in (b"", b"\r\n", b"Subject: x\r\n\r\n"):
        p = parse_message(raw)
        assert p.text == "" and p.from_addr is None and p.message_id_synthetic


def test_missing_message_id_is_synthetic_and_stable() -> None:
    raw = msg("From: a@x.example\nSubject: hi")
    first, second = parse_message(raw), parse_message(raw)
    assert first.message_id_synthetic
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@missing-message-id.invalid>")
    assert parse_message(raw + b"!").message_id != first.message_id


def test_attachments_are_not_the_body_and_calendars_are_kept() -> None:
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n"
    body = (
        b"--m\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
        b"filename=notes.txt\r\n\r\nnot the body\r\n"
        b"--m\r\nContent-Type: text/plain\r\n\r\nthe body\r\n"
        b"--m\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n" + ics + b"--m--\r\n"
    )
    p = parse_message(msg('Content-Type: multipart/mixed; boundary="m"', body))
    assert p.text == "the body\n"
    assert [c.strip() for c in p.calendar_parts] == [ics.strip()]


def test_references_and_ids_are_normalised() -> None:
    assert normalise_message_id("  < a@b >  ") == "<a@b>"
    assert normalise_message_id("bare@id.example") == "<bare@id.example>"
    assert normalise_message_id("") is None and normalise_message_id("<>") is None
    assert parse_id_list("<a@b>\r\n (comment) <c@d>  <a@b> junk") == ["<a@b>", "<c@d>"]
    assert parse_id_list("x@y z@w") == ["<x@y>", "<z@w>"]
    assert parse_id_list(None) == []


def test_unparsable_date_is_none_and_naive_date_is_utc() -> None:
    assert parse_message(msg("Date: yesterday-ish")).date is None
    p = parse_message(msg("Date: Tue, 5 Mar 2024 09:00:00 -0000"))
    assert p.date == datetime(2024, 3, 5, 9, tzinfo=UTC)
    assert p.date.utcoffset() == timedelta(0)


def test_language_hint_comes_from_content_language() -> None:
    assert parse_message(msg("Content-Language: fr-FR, en")).language_hint == "fr-FR"
    assert parse_message(msg("From: a@b.c")).language_hint is None


def test_address_normalises_domain_and_formats() -> None:
    a = Address(name="Doe, Jane\r\nBcc: x", email="Jane.Doe@EXAMPLE.Org")
    assert a.email == "Jane.Doe@example.org"
    assert a.formatted() == '"Doe, Jane Bcc: x" <Jane.Doe@example.org>'
    assert Address(name="", email="a@b.c").formatted() == "a@b.c"


AUTO_CASES = [
    "Auto-Submitted: auto-replied",
    "Auto-Submitted: auto-generated (vacation)",
    "Precedence: bulk",
    "Precedence: list",
    "List-Id: <team.lists.example>",
    "List-Unsubscribe: <mailto:leave@lists.example>",
    "X-Autoreply: yes",
    "X-Autorespond: yes",
    "Return-Path: <>",
    "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example>",
    "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
]


def test_auto_replies_bounces_and_lists_are_detected() -> None:
    for header in AUTO_CASES:
        assert parse_message(msg(f"Subject: s\n{header}")).is_auto, header
    p = parse_message(msg("Auto-Submitted: auto-replied; owner-email=x@y"))
    assert p.auto_submitted == "auto-replied"


def test_human_mail_is_not_auto() -> None:
    for header in (
        "Auto-Submitted: no",
        "Precedence: first-class",
        "Return-Path: <bob@x.example>",
        "From: Bob <bob@x.example>",
    ):
        assert not parse_message(msg(f"Subject: s\n{header}")).is_auto, header


def test_bounce_body_is_the_report_not_the_returned_message() -> None:
    body = (
        b"--x\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n"
        b"--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: original\r\n\r\n"
        b"Original text\r\n--x--\r\n"
    )
    p = parse_message(msg('Content-Type: multipart/report; boundary="x"', body))
    assert p.is_auto and p.text == "Delivery failed\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_random_bytes(raw: bytes) -> None:
    p = parse_message(raw)
    assert p.message_id.startswith("<")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(GMAIL) - 1), st.binary(min_size=1, max_size=40))
def test_never_raises_on_damaged_real_mail(cut: int, junk: bytes) -> None:
    parse_message(GMAIL[:cut] + junk + GMAIL[cut:])
    parse_message(GMAIL[:cut])
