"""strip_quotation / new_text: quote headers of each client and language, '>' blocks."""

from __future__ import annotations

import pytest

from meetdesk.assistant.new_text import new_html_text, new_text
from meetdesk.assistant.quotation import strip_html_quotation, strip_quotation

HEADERS = [
    # Gmail, English and French, one line and wrapped
    "On Tue, 24 Nov 2026 at 10:00, Julie <julie@x.example> wrote:",
    "On Tue, 24 Nov 2026 at 10:00, Julie Assistant\n<julie@x.example> wrote:",
    "Le mar. 24 nov. 2026 à 10:00, Julie <julie@x.example> a écrit :",
    "Le mar. 24 nov. 2026 à 10:00, Julie Assistant <\njulie@x.example> a écrit :",
    # Apple Mail, Thunderbird
    "On 24 Nov 2026, at 10:00, Julie <julie@x.example> wrote:",
    "Le 24/11/2026 à 10:00, Julie a écrit :",
    "On 24/11/2026 10:00, Julie wrote:",
    # German, Spanish, Dutch
    "Am 24.11.2026 um 10:00 schrieb Julie <julie@x.example>:",
    "El 24 nov 2026, a las 10:00, Julie <julie@x.example> escribió:",
    "Op 24-11-2026 10:00 schreef Julie <julie@x.example>:",
    # Android
    "---- Julie wrote ----",
]


@pytest.mark.parametrize("header", HEADERS)
def test_header_and_quote_are_cut(header: str) -> None:
    body = f"Mardi me convient.\n\n{header}\n\n> Voici mes disponibilités : lundi 10h.\n"
    assert strip_quotation(body) == "Mardi me convient."


OUTLOOK = [
    "-----Original Message-----\nFrom: Julie\nSent: Tuesday\n\nMonday 10am?",
    "-----Message d'origine-----\nDe : Julie\nEnvoyé : mardi\n\nLundi 10h ?",
    "________________________________\nDe : Julie <julie@x.example>\nEnvoyé : mardi 24 "
    "novembre 2026 10:00\nÀ : Bob\nObjet : RDV\n\nLundi 10h ?",
    "De : Julie <julie@x.example>\nEnvoyé : mardi 24 novembre 2026 10:00\nÀ : Bob\n"
    "Objet : RDV\n\nLundi 10h ?",
    "*From:* Julie <julie@x.example>\n*Sent:* Tuesday, November 24, 2026 10:00 AM\n"
    "*To:* Bob\n*Subject:* Meeting\n\nMonday 10am?",
    "Von: Julie\nGesendet: Dienstag, 24. November 2026 10:00\nAn: Bob\nBetreff: Termin\n\nMo?",
]


@pytest.mark.parametrize("history", OUTLOOK)
def test_outlook_blocks_cut_the_rest(history: str) -> None:
    """A header followed by plain (unquoted) text: everything below is history."""
    assert new_text(f"Option 2.\n\n{history}\n") == "Option 2."


def test_quote_dates_never_survive() -> None:
    body = (
        "Thursday works for me.\n\nOn Mon, 23 Nov 2026 at 09:12, Julie <julie@x.example> "
        "wrote:\n> Would Friday 27 November at 3pm suit you?\n"
    )
    assert "Friday" not in new_text(body)


def test_inline_answers_between_quotes_are_kept() -> None:
    body = (
        "On Mon, 23 Nov 2026 at 09:12, Julie <julie@x.example> wrote:\n"
        "> Is Tuesday fine?\n\nNo, sorry.\n\n> Or Wednesday at 10?\n\nYes, Wednesday.\n\n"
        "> Best,\n> Julie\n"
    )
    assert strip_quotation(body) == "No, sorry.\n\nYes, Wednesday."


def test_header_sharing_a_line_with_the_reply() -> None:
    body = "Fine by me. On Mon, 23 Nov 2026 at 09:12, Julie <julie@x.example> wrote:\n> Tue?"
    assert strip_quotation(body) == "Fine by me."


def test_sentences_that_look_like_headers_are_kept() -> None:
    for body in (
        "On your side you can run:\n\n  make test\n\nThanks",
        "One question:\nwho else is coming?",
        "Date: Wednesday 3 December\nTime: 10am\nPlace: our office",
        "Le mardi, je suis libre.\nLe mercredi aussi.",
    ):
        assert strip_quotation(body) == body


def test_a_single_angle_line_is_not_a_quote() -> None:
    body = "See the link:\n>>> http://example.com <<<\nthen answer."
    assert strip_quotation(body) == body


def test_forwarded_message_kept_by_strip_quotation_cut_by_new_text() -> None:
    body = (
        "Can you find a slot with Anne?\n\n---------- Forwarded message ---------\n"
        "From: Anne <anne@x.example>\nDate: Mon, 23 Nov 2026\nSubject: Call\n\nFriday 3pm?\n"
    )
    assert strip_quotation(body) == body.strip()
    assert new_text(body) == "Can you find a slot with Anne?"


def test_signature_kept_by_strip_quotation_removed_by_new_text() -> None:
    body = "Yes.\n\nCordialement,\nAnne Martin\n+33 1 23 45 67 89\n\nLe 24/11/2026 à 10:00, "
    body += "Julie a écrit :\n> 1. mardi\n"
    assert strip_quotation(body) == "Yes.\n\nCordialement,\nAnne Martin\n+33 1 23 45 67 89"
    assert new_text(body) == "Yes."


def test_empty_and_whitespace() -> None:
    assert strip_quotation("") == ""
    assert strip_quotation(" \n\n") == ""


def test_huge_quote_is_linear() -> None:
    """A megabyte of quoted '>' and a megabyte-long line do not blow up the pass."""
    body = "Short answer.\n" + ">" * 500_000 + "\nA" + ">" * 500_000 + "\n" + "> x\n" * 20_000
    assert new_text(body).startswith("Short answer.")


def test_html_reply() -> None:
    html = (
        "<div>Mardi 10h me va.</div><div>Anne</div><div class='gmail_quote'>"
        "<div>Le lun. 23 nov. 2026 à 09:12, Julie &lt;julie@x.example&gt; a écrit :</div>"
        "<blockquote>Mardi ou mercredi ?</blockquote></div>"
    )
    assert strip_html_quotation(html) == "Mardi 10h me va.\nAnne"
    assert new_html_text(html) == "Mardi 10h me va.\nAnne"
