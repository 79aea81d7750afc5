"""The intent reader against the Enron "intent" sentences (a peer suite, English only).

The suite (../shared/peer-suites/enron-intent, see its README) labels each sentence with
one boolean: ``intent`` is true for requests for action, meeting or event proposals and
deadlines. Only part of that maps onto our intents, so this prints:

* ``schedule``: our ``schedule`` against the positive label (the suite's "meeting
  proposal / request" is a subset of its positives, so recall is bounded well below 1);
* ``actionable``: any intent that asks the assistant or a participant to do something
  about a meeting (schedule, counter_proposal, reschedule, cancel, question) against the
  positive label; ``question`` is included because the suite counts questions as asks;
* per intent, how many sentences we gave it and the share of them labelled positive,
  which shows where our reading agrees or disagrees with the suite;
* the median and p90 milliseconds of a whole ``read_request`` (full intent set) per
  sentence, and of the intent classifier alone.

There is no gold standard for *our* labels here: read precision/recall as agreement with
a coarser, broader label, not as accuracy.

    .venv/bin/python bench/intent.py [--suite DIR] [--split train|test|all]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from meetdesk.assistant.intent import classify
from meetdesk.assistant.reading import Evidence
from meetdesk.assistant.understand import read_request

DEFAULT_SUITE = Path(__file__).resolve().parents[2] / "shared" / "peer-suites" / "enron-intent"
ACTIONABLE = {"schedule", "counter_proposal", "reschedule", "cancel", "question"}
SENT = datetime(2001, 5, 14, 9, 0, tzinfo=UTC)
TZ = ZoneInfo("America/Chicago")


def _pr(pairs: list[tuple[bool, bool]]) -> str:
    tp = sum(1 for p, g in pairs if p and g)
    fp = sum(1 for p, g in pairs if p and not g)
    fn = sum(1 for p, g in pairs if g and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"precision {precision:6.1%}  recall {recall:6.1%}  (tp {tp}, fp {fp}, fn {fn})"


def _ms(samples: list[float]) -> str:
    p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else samples[0]
    return f"median {statistics.median(samples):.3f} ms  p90 {p90:.3f} ms"


def run(records: list[dict[str, object]], title: str) -> None:
    intents: list[str] = []
    read_ms: list[float] = []
    classify_ms: list[float] = []
    for r in records:
        text = str(r["text"])
        t0 = time.perf_counter()
        reading = read_request(text, sent_at=SENT, tz=TZ, assistant_name="", full_intents=True)
        t1 = time.perf_counter()
        classify(text, "", Evidence())
        t2 = time.perf_counter()
        intents.append(reading.intent)
        read_ms.append((t1 - t0) * 1000)
        classify_ms.append((t2 - t1) * 1000)
    gold = [bool(r["intent"]) for r in records]
    print(f"\n== {title}: {len(records)} sentences, {sum(gold)} positive")
    print(f"schedule    {_pr([(i == 'schedule', g) for i, g in zip(intents, gold, strict=True)])}")
    actionable = [(i in ACTIONABLE, g) for i, g in zip(intents, gold, strict=True)]
    print(f"actionable  {_pr(actionable)}")
    counts = Counter(intents)
    positives = Counter(i for i, g in zip(intents, gold, strict=True) if g)
    for intent, n in counts.most_common():
        print(f"  {intent:18} {n:5}  labelled positive {positives[intent] / n:6.1%}")
    print(f"read_request {_ms(read_ms)};  classify alone {_ms(classify_ms)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--split", choices=("train", "test", "all"), default="all")
    args = parser.parse_args()
    lines = (args.suite / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    parakweet = [r for r in records if r["source"] == "parakweet"]
    if args.split != "all":
        parakweet = [r for r in parakweet if r["split"] == args.split]
    run(parakweet, f"parakweet ({args.split})")
    run([r for r in records if r["source"] == "verified"], "verified (hand-checked)")


if __name__ == "__main__":
    main()
