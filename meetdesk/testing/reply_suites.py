"""Scoring of reply extraction on the peer suites (mailgun/talon, email_reply_parser).

Used by ``bench/reply_extraction.py`` and ``tests/integration/peers``; it reads the suites'
``cases.jsonl`` from a folder given by the caller and ships no data.

How each expectation is judged:

* talon ``plain_reply``: ``strip_quotation(input) == expected`` (both stripped; the ``.eml``
  fixtures give their first text/plain part). ``requires_patch`` cases are skipped, as in
  talon's own validation. ``plain_reply_check``: the checks listed in the case.
* talon ``signature_bruteforce``: ``strip_signature(input)`` gives the expected text and/or
  signature (whichever the case carries).
* talon ``html_reply_text``: ``strip_html_quotation(html)`` equals the expected text once all
  whitespace is removed. (``html_reply_nows``/``html_reply`` compare HTML output; MeetDesk
  returns text, so they do not apply.)
* email_reply_parser: ``new_text(input)`` (visible text: quotes and signature hidden) against
  ``expected_reply``, ``expected_reply_stripped``, ``derived_visible_text``,
  ``reply_contains``/``reply_not_contains``, ``max_seconds``, and the fragment assertions
  read at the level of the visible reply: a check on a fragment that is neither quoted nor
  hidden must hold in the reply; a check on a quoted or hidden fragment must not; where the
  case does not say, fragment 0 is the reply and the later ones are history; ``count == 1``
  means the whole message is the reply. A case with no reply-level assertion left must run
  and give a non-empty reply.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meetdesk.assistant.new_text import new_text
from meetdesk.assistant.quotation import strip_html_quotation, strip_quotation
from meetdesk.assistant.signature import strip_signature


@dataclass
class Outcome:
    suite: str
    task: str
    case_id: str
    ok: bool
    seconds: float
    detail: str = ""


@dataclass
class Score:
    right: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)


def _first_plain_part(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return str(part.get_content())  # type: ignore[attr-defined]
    return ""


def _timed(function: Callable[[str], object], text: str) -> tuple[object, float]:
    start = time.perf_counter()
    result = function(text)
    return result, time.perf_counter() - start


def _talon_input(root: Path, case: dict) -> str:
    name = case.get("input_file")
    if name and str(name).endswith(".eml"):
        return _first_plain_part(root / name)
    if case.get("input") is not None:
        return str(case["input"])
    return (root / name).read_text(encoding="utf-8") if name else ""


def talon_outcomes(root: Path) -> list[Outcome]:
    """Judge every applicable talon case (root: the ``talon`` suite folder)."""
    outcomes: list[Outcome] = []
    for raw in (root / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        case = json.loads(raw)
        task = case["task"]
        if case.get("requires_patch") or task not in {
            "plain_reply",
            "plain_reply_check",
            "signature_bruteforce",
            "html_reply_text",
        }:
            continue
        text = _talon_input(root, case)
        ok = False
        detail = ""
        if task == "plain_reply":
            got, seconds = _timed(strip_quotation, text)
            ok = str(got).strip() == (case.get("expected") or "").strip()
            detail = repr(got)
        elif task == "plain_reply_check":
            got, seconds = _timed(strip_quotation, text)
            ok = bool(str(got).strip()) and "From" not in str(got)
            detail = repr(got)
        elif task == "signature_bruteforce":
            start = time.perf_counter()
            body, signature = strip_signature(text)
            seconds = time.perf_counter() - start
            got = (body, signature)
            ok = True
            if "expected_text" in case:
                ok = ok and body == case["expected_text"]
            if "expected_signature" in case:
                ok = ok and signature == case["expected_signature"]
            detail = repr(got)
        else:  # html_reply_text
            got, seconds = _timed(strip_html_quotation, text)
            expected = case.get("expected") or ""
            ok = re.sub(r"\s+", "", str(got)) == re.sub(r"\s+", "", expected)
            detail = repr(got)
        outcomes.append(Outcome("talon", task, case["id"], ok, seconds, detail))
    return outcomes


def _holds(check: dict, reply: str) -> bool:
    if "equals" in check:
        wanted = str(check["equals"]).strip()
        return not wanted or wanted in reply
    if "contains" in check:
        return str(check["contains"]) in reply
    return re.search(str(check["regex"]), reply, re.MULTILINE) is not None


def _absent(check: dict, reply: str) -> bool:
    if "equals" in check:
        wanted = str(check["equals"]).strip()
        return not wanted or wanted not in reply
    if "contains" in check:
        return str(check["contains"]) not in reply
    return re.search(str(check["regex"]), reply, re.MULTILINE) is None


def _removed(text: str, reply: str) -> str:
    """The lines of the message that the reply left out."""
    kept = {line.strip() for line in reply.splitlines()}
    return "\n".join(line for line in text.splitlines() if line.strip() not in kept)


def _erp_judgement(case: dict, text: str, reply: str) -> tuple[bool, str]:
    problems: list[str] = []
    removed = _removed(text, reply)
    if "expected_reply" in case and reply != case["expected_reply"]:
        problems.append("expected_reply")
    if "expected_reply_stripped" in case and reply.strip() != case["expected_reply_stripped"]:
        problems.append("expected_reply_stripped")
    if "derived_visible_text" in case and reply.strip() != case["derived_visible_text"].strip():
        problems.append("derived_visible_text")
    for wanted in case.get("reply_contains") or []:
        if wanted not in reply:
            problems.append(f"contains {wanted!r}")
    for unwanted in case.get("reply_not_contains") or []:
        if unwanted in reply:
            problems.append(f"not contains {unwanted!r}")
    fragments = case.get("fragments") or {}
    assertions = len(problems) + sum(
        key in case
        for key in (
            "expected_reply",
            "expected_reply_stripped",
            "derived_visible_text",
            "reply_contains",
            "reply_not_contains",
        )
    )
    quoted = fragments.get("quoted")
    hidden = fragments.get("hidden")
    for check in fragments.get("checks") or []:
        i = int(check["i"])
        if hidden is not None and quoted is not None:
            visible = not hidden[i] and not quoted[i]
        elif hidden is not None:
            visible = not hidden[i]
        elif quoted is not None:
            visible = not quoted[i] and i == 0
        else:
            visible = i == 0
        assertions += 1
        if visible and not _holds(check, reply):
            problems.append(f"fragment {i} visible {check}")
        hidden_ok = _holds(check, removed) and ("contains" in check or _absent(check, reply))
        if not visible and not hidden_ok:
            problems.append(f"fragment {i} hidden {check}")
    if fragments.get("count") == 1 and not fragments.get("checks"):
        assertions += 1
        whole = "\n".join(line.rstrip() for line in text.strip().splitlines())
        if reply.strip() != whole:
            problems.append("count 1: the whole message is the reply")
    if not assertions and not reply.strip():
        problems.append("empty reply")
    return not problems, "; ".join(problems)


def erp_outcomes(root: Path) -> list[Outcome]:
    """Judge every referenced email_reply_parser case (root: the suite folder)."""
    outcomes: list[Outcome] = []
    for raw in (root / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        case = json.loads(raw)
        if case.get("source_test") is None:
            continue  # fixture referenced by no test: no expectation
        text = case.get("input")
        if text is None:
            text = (root / case["input_file"]).read_text(encoding="utf-8")
        got, seconds = _timed(new_text, text)
        reply = str(got)
        ok, detail = _erp_judgement(case, text, reply)
        limit = case.get("max_seconds")
        if limit is not None and seconds > float(limit):
            ok = False
            detail += f"; took {seconds:.3f}s > {limit}s"
        outcomes.append(Outcome("erp", str(case["variant"]), case["id"], ok, seconds, detail))
    return outcomes


def scores(outcomes: list[Outcome]) -> dict[tuple[str, str], Score]:
    """Right/total, failing ids and timings per (suite, task)."""
    table: dict[tuple[str, str], Score] = {}
    for outcome in outcomes:
        score = table.setdefault((outcome.suite, outcome.task), Score())
        score.total += 1
        score.right += outcome.ok
        score.times.append(outcome.seconds)
        if not outcome.ok:
            score.failures.append(outcome.case_id)
    return table
