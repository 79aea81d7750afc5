"""The time-expression reader against the peer suites (Recognizers-Text, Duckling).

Runs every case through ``meetdesk.assistant.expressions.read_expressions`` and prints,
per suite and language, the share of expected values resolved right and the median and
p90 milliseconds per case. Metrics follow ../shared/peer-suites/README.md:

* recognizers-text (cases with a reference date from the spec; French: only the 177
  ``reference_origin == "spec"`` cases), any expected past/future alternative accepted:
  - strict_point: expected date/datetime/time values; some produced value equals it at
    its granularity (Y-M-D, full timestamp, H:M:S). ``strict_point+span`` additionally
    requires the produced value's text to overlap the expected span.
  - lenient_date: expected date/datetime/daterange/datetimerange with a value or start;
    some produced value starts on the same calendar day.
  - duration: some produced duration has the same number of seconds.
  - case_all: cases with at least one checkable point or duration; all must be hit.
* duckling (whole-phrase inputs, reference 2013-02-12T04:30-02:00):
  - instants: ``main`` instants of grain day/hour/minute/second; ``any`` = some produced
    value starts at the expected moment truncated to the grain, ``single`` = exactly one
    value is produced and it does (closer to Duckling's own harness).
  - duration: ``main`` duration phrases, seconds equal.
  - negative: the phrase must produce no value of the suite's dimension (Duckling's own
    negative tests are per dimension too).

Then, as a second measurement, the warm latency of a whole ``explain(...)`` of a typical
~20 KB scheduling e-mail built here (a short English request, a signature, and a long
quoted Outlook/Gmail history): median and p90 milliseconds over ``--explain-runs`` calls
after a warm-up. The target is 5 ms; the figure is printed, never asserted.

    .venv/bin/python bench/understanding.py [--suites DIR] [--no-dateparser]
        [--explain-runs N] [--no-explain]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from meetdesk.assistant.expressions import TimeValue, read_expressions

DEFAULT_SUITES = Path(__file__).resolve().parents[2] / "shared" / "peer-suites"
POINT = {"date", "datetime", "time"}
LENIENT = {"date", "datetime", "daterange", "datetimerange"}


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _timed(fn: Callable[[], list[TimeValue]]) -> tuple[list[TimeValue], float]:
    t0 = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t0) * 1000


def _ms(samples: list[float]) -> str:
    if not samples:
        return "-"
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(ordered):.2f} ms, p90 {p90:.2f} ms"


def _pct(hit: int, total: int) -> str:
    return f"{100 * hit / total:5.1f}% ({hit}/{total})" if total else "   - (0/0)"


def _overlaps(v: TimeValue, text: str, start: int, end: int) -> bool:
    pos = text.lower().find(v.text.lower())
    return pos >= 0 and pos < end and start < pos + len(v.text)


def _point_hit(e: dict, out: list[TimeValue], text: str, span: bool) -> bool:
    for alt in e["resolved"]:
        value = alt.get("value")
        if not value:
            continue
        for v in out:
            if v.start is None or (span and not _overlaps(v, text, e["start"], e["end"])):
                continue
            s = v.start.replace(tzinfo=None)
            if e["type"] == "date" and s.date().isoformat() == value:
                return True
            if e["type"] == "datetime" and s.isoformat(timespec="seconds") == value:
                return True
            if e["type"] == "time" and s.time().isoformat(timespec="seconds") == value:
                return True
    return False


def _lenient_hit(e: dict, out: list[TimeValue]) -> bool:
    days = {(a.get("value") or a.get("start") or "")[:10] for a in e["resolved"]}
    return any(v.start is not None and v.start.date().isoformat() in days for v in out)


def _duration_hit(e: dict, out: list[TimeValue]) -> bool:
    secs = {a.get("seconds") for a in e["resolved"]}
    return any(v.duration is not None and v.duration.total_seconds() in secs for v in out)


def _checkable(e: dict) -> bool:
    if e["type"] == "duration":
        return True
    return e["type"] in POINT and any(a.get("value") for a in e["resolved"])


def recognizers(path: Path, language: str, only_spec: bool, **kw: bool) -> list[str]:
    rows = [r for r in _load(path) if r["reference_datetime"]]
    if only_spec:
        rows = [r for r in rows if r["reference_origin"] == "spec"]
    counts = {k: [0, 0] for k in ("strict_point", "strict_point+span", "lenient_date")}
    counts |= {"duration": [0, 0], "case_all": [0, 0]}
    samples: list[float] = []
    for r in rows:
        ref = datetime.fromisoformat(r["reference_datetime"])
        out, ms = _timed(
            lambda r=r, ref=ref: read_expressions(  # type: ignore[misc]
                r["input"], reference=ref, language=language, **kw
            )
        )
        samples.append(ms)
        case_ok, case_counted = True, False
        for e in r["expected"]:
            if e["type"] in POINT and any(a.get("value") for a in e["resolved"]):
                hit = _point_hit(e, out, r["input"], span=False)
                counts["strict_point"][0] += hit
                counts["strict_point"][1] += 1
                counts["strict_point+span"][0] += _point_hit(e, out, r["input"], span=True)
                counts["strict_point+span"][1] += 1
            if e["type"] in LENIENT and any(
                a.get("value") or a.get("start") for a in e["resolved"]
            ):
                counts["lenient_date"][0] += _lenient_hit(e, out)
                counts["lenient_date"][1] += 1
            if e["type"] == "duration":
                counts["duration"][0] += _duration_hit(e, out)
                counts["duration"][1] += 1
            if _checkable(e):
                case_counted = True
                ok = (
                    _duration_hit(e, out)
                    if e["type"] == "duration"
                    else _point_hit(e, out, r["input"], span=False)
                )
                case_ok = case_ok and ok
        if case_counted:
            counts["case_all"][0] += case_ok
            counts["case_all"][1] += 1
    lines = [f"recognizers-text {language}/DateTimeModel: {len(rows)} cases, {_ms(samples)}"]
    lines += [f"  {k:<18} {_pct(*v)}" for k, v in counts.items()]
    return lines


_GRAIN = {"second": 19, "minute": 16, "hour": 13, "day": 10}


def duckling(suites: Path, language: str, **kw: bool) -> list[str]:
    lines: list[str] = []
    time_rows = _load(suites / "duckling" / f"{language}_time.jsonl")
    dur_rows = _load(suites / "duckling" / f"{language}_duration.jsonl")
    for name, rows in (("time", time_rows), ("duration", dur_rows)):
        any_hit = single_hit = total = neg_ok = neg_total = 0
        samples: list[float] = []
        for r in rows:
            norm = r["expected_norm"]
            if r["section"] == "main" and norm is not None:
                if name == "time" and not (norm["kind"] == "instant" and norm["grain"] in _GRAIN):
                    continue
            elif r["section"] != "negative":
                continue
            ref = datetime.fromisoformat(r["reference_time"])
            out, ms = _timed(
                lambda r=r, ref=ref: read_expressions(  # type: ignore[misc]
                    r["input"], reference=ref, language=language, **kw
                )
            )
            samples.append(ms)
            if r["section"] == "negative":
                neg_total += 1
                relevant = [v for v in out if (v.kind == "duration") == (name == "duration")]
                neg_ok += not relevant
                continue
            total += 1
            if name == "time":
                n = _GRAIN[norm["grain"]]
                want = norm["start"][:n]
                hits = [
                    v
                    for v in out
                    if v.start is not None
                    and v.start.astimezone(timezone(timedelta(hours=-2)))
                    .replace(tzinfo=None)
                    .isoformat()[:n]
                    == want
                ]
            else:
                hits = [
                    v
                    for v in out
                    if v.duration is not None and v.duration.total_seconds() == norm["seconds"]
                ]
            any_hit += bool(hits)
            single_hit += bool(hits) and len(out) == 1
        label = "instants" if name == "time" else "durations"
        lines.append(f"duckling {language}_{name}: {len(samples)} cases, {_ms(samples)}")
        lines.append(f"  {label + ' any':<18} {_pct(any_hit, total)}")
        lines.append(f"  {label + ' single':<18} {_pct(single_hit, total)}")
        lines.append(f"  {'negative':<18} {_pct(neg_ok, neg_total)}")
    return lines


_SIGNATURE = """--
{name}
Head of Partnerships | Customer Example Ltd.
12 Harbour Street, London EC2A 4BX, United Kingdom
Direct: +44 20 7946 0958 | Mobile: +44 7700 900123
{email} | www.customer.example

CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be
privileged. If you are not the intended recipient, please notify the sender
immediately and delete it from your system. Any unauthorised copying, disclosure or
distribution of the material in this e-mail is strictly forbidden. Customer Example
Ltd. is registered in England and Wales under number 01234567.
"""

_HISTORY = (
    ("Bob Durand", "bob@partner.example", "Tuesday, November 17, 2026 4:12 PM",
     "Thanks Alice, that sounds good. Next week works for us in principle; Thursday and\n"
     "Friday are busy, and I am travelling on the 30th. Could we aim for something early\n"
     "in the week, ideally in the morning? Our CFO can only join before 11:00 CET.\n\n"
     "Regarding the draft agreement: the legal team has gone through sections 4 to 9 and\n"
     "left comments in the shared folder. The pricing annex still needs a final figure for\n"
     "the 2027 volumes; we would suggest 12,500 units per quarter as a baseline."),
    ("Alice Martin", "alice@customer.example", "Monday, November 16, 2026 9:03 AM",
     "Hi Bob,\n\nGreat to meet your team at the conference last week. As discussed, we\n"
     "would like to set up a kickoff call to go over the draft agreement and the timeline\n"
     "for the pilot. It should take about an hour. Let me know what suits you.\n\n"
     "Attached is the one-pager we mentioned, plus the slides from the panel on 12 Nov."),
    ("Bob Durand", "bob@partner.example", "Friday, November 13, 2026 6:47 PM",
     "Alice, it was a pleasure. Please send over the material when you have it; I will\n"
     "loop in Carol from legal and Dan from finance. We are closed on 11 November and\n"
     "the office has reduced hours over Christmas, from 24 December to 2 January."),
)  # fmt: skip


def typical_email(size: int = 20_000) -> bytes:
    """A ~20 KB scheduling request: a short new text and signature over a long history,
    quoted alternately Outlook-style (From:/Sent: block) and Gmail-style ("> " lines)."""
    body = (
        "Hi Julie,\n\nCould you please find us an hour with Bob, Carol and Dan next week\n"
        "for the kickoff call? Tuesday or Wednesday morning would be best, between 9am and\n"
        "11:30am Paris time; Monday afternoon also works for me if nothing else fits. Not\n"
        "on Friday, please. A video call is fine.\n\nThanks a lot,\nAlice\n\n"
    ) + _SIGNATURE.format(name="Alice Martin", email="alice@customer.example")
    k = 0
    while len(body) < size:
        name, email, when, text = _HISTORY[k % len(_HISTORY)]
        signed = text + "\n\n" + _SIGNATURE.format(name=name, email=email)
        if k % 2 == 0:
            body += (
                "\n" + "_" * 32 + f"\nFrom: {name} <{email}>\nSent: {when}\n"
                "To: Alice Martin <alice@customer.example>\nCc: Julie <julie@assistant.example>\n"
                "Subject: RE: Kickoff call - draft agreement\n\n" + signed
            )
        else:
            quoted = "\n".join("> " + line for line in signed.splitlines())
            body += f"\nOn {when}, {name} <{email}> wrote:\n" + quoted
        k += 1
    msg = EmailMessage()
    msg["From"] = "Alice Martin <alice@customer.example>"
    msg["To"] = "Julie <julie@assistant.example>"
    msg["Cc"] = (
        "Bob Durand <bob@partner.example>, Carol Lee <carol@partner.example>, "
        "Dan Roe <dan@partner.example>"
    )
    msg["Subject"] = "RE: Kickoff call - draft agreement"
    msg["Date"] = format_datetime(datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("Europe/Paris")))
    msg["Message-ID"] = "<kickoff-7@customer.example>"
    msg.set_content(body)
    return msg.as_bytes()


def explain_latency(runs: int) -> list[str]:
    """Warm median/p90 of a whole ``explain`` of ``typical_email()``."""
    from meetdesk.assistant.explain import explain

    raw = typical_email()
    paris = ZoneInfo("Europe/Paris")

    def once() -> object:
        return explain(
            raw,
            assistant="julie@assistant.example",
            assistant_name="Julie",
            customer="alice@customer.example",
            timezone=paris,
            threshold=0.9,
        )

    for _ in range(20):  # warm-up: imports, compiled patterns, caches
        once()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        samples.append((time.perf_counter() - t0) * 1000)
    return [
        f"explain, typical {len(raw) / 1000:.1f} KB e-mail, warm, {runs} runs: {_ms(samples)}"
        " (target <= 5 ms)"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", type=Path, default=DEFAULT_SUITES)
    parser.add_argument(
        "--no-dateparser", action="store_true", help="rules only, no dateparser fallback"
    )
    parser.add_argument("--explain-runs", type=int, default=200, help="explain() timing runs")
    parser.add_argument("--no-explain", action="store_true", help="skip the explain timing")
    args = parser.parse_args()
    kw = {"use_dateparser": not args.no_dateparser}
    # Warm up imports and caches so the first case is not charged for them.
    read_expressions("tomorrow at 3pm", reference=datetime(2020, 1, 1), language="en", **kw)
    read_expressions("demain à 15h", reference=datetime(2020, 1, 1), language="fr", **kw)
    rt = args.suites / "recognizers-text"
    report = recognizers(rt / "en" / "DateTimeModel.jsonl", "en", only_spec=False, **kw)
    report += recognizers(rt / "fr" / "DateTimeModel.jsonl", "fr", only_spec=True, **kw)
    report += duckling(args.suites, "en", **kw)
    report += duckling(args.suites, "fr", **kw)
    print(
        f"reader: read_expressions (dateparser fallback: {'off' if args.no_dateparser else 'on'})"
    )
    print("\n".join(report))
    if not args.no_explain:
        print("\n".join(explain_latency(args.explain_runs)))


if __name__ == "__main__":
    main()
