"""The record of processing activities (GDPR art. 30), generated, never hand-written.

Built from the categories declared on the models (``meetdesk.privacy.declarations``)
and the ``[privacy]`` config: what is kept and where, about whom, why, who else may read
it (the processors' allow/deny scopes) and for how long. Because it is derived, the
record cannot drift from what the code stores or from what the config lets others read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import MetaData

from meetdesk.privacy.categories import CATEGORIES, PURPOSES, SUBJECTS, covers
from meetdesk.privacy.declarations import stored
from meetdesk.privacy.processors import Processor
from meetdesk.settings import Settings

NOT_CONFIGURED = "not configured"


def build_record(settings: Settings, metadata: MetaData) -> dict[str, Any]:
    """The record as plain data (the JSON form; the text form is rendered from it)."""
    processors = settings.privacy.processors
    retention = _retention_table(settings)
    places: dict[str, dict[str, Any]] = {}
    keys: dict[tuple[str, str], list[str]] = {}  # (category, table.column) -> document keys
    for item in stored(metadata):
        entry = places.setdefault(item.category, {"stored": [], "subjects": [], "purposes": []})
        column = f"{item.table}.{item.column}"
        _add(keys.setdefault((item.category, column), []), item.key or "")
        for subject in item.subjects:
            _add(entry["subjects"], subject)
        for purpose in item.purposes:
            _add(entry["purposes"], purpose)
    for (category, column), found in keys.items():
        inside = ", ".join(k for k in found if k)
        places[category]["stored"].append(f"{column} ({inside})" if inside else column)
    categories = [
        {
            "category": key,
            "description": CATEGORIES[key],
            **places[key],
            "processors": [p.id for p in processors if p.may_read(key)],
            "retention": retention_of(retention, key),
        }
        for key in CATEGORIES
        if key in places
    ]
    return {
        "controller": settings.privacy.controller or None,
        "subjects": dict(SUBJECTS),
        "purposes": dict(PURPOSES),
        "categories": categories,
        "processors": [_processor(p) for p in processors],
    }


def retention_of(table: Mapping[str, Any] | None, category: str) -> str:
    """The retention the config declares for a category (most specific key wins)."""
    if not table:
        return NOT_CONFIGURED
    matches = [key for key in table if covers(key, category)]
    if not matches:
        return NOT_CONFIGURED
    return str(table[max(matches, key=len)])


def _retention_table(settings: Settings) -> Mapping[str, Any] | None:
    # [privacy.retention] is declared by the retention step; until then none exists.
    table: Mapping[str, Any] | None = getattr(settings.privacy, "retention", None)
    return table


def _processor(p: Processor) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "country": p.country,
        "in_eea": p.in_eea,
        "safeguard": p.safeguard,
        "purposes": list(p.purposes),
        "allow": list(p.allow),
        "deny": list(p.deny),
        "customers": list(p.customers),
        "categories": [key for key in CATEGORIES if p.may_read(key)],
    }


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)
