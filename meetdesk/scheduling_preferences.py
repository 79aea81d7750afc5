"""A customer's effective scheduling preferences, and editing their own by dotted key.

The config's ``[scheduling.preferences]`` (with ``[scheduling]``'s default duration and
horizon) gives every customer's defaults; a customer stores only their *overrides*, so a
changed default reaches everyone who did not choose otherwise. ``effective_preferences``
is the one place the two are merged: the propose stage and the CLI both call it, so what
an operator sees is what the slot search honours. The editing functions are pure (no
store, no I/O) and validate through ``Preferences.from_json``, so a bad key or value is a
``ValueError`` naming it before anything is stored.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from meetdesk.assistant.kinds import KINDS
from meetdesk.calendar.preferences import KIND_FIELDS, MODES, SHARE_FIELDS, WEEKDAYS, Preferences
from meetdesk.settings import TIED_PREFERENCES, Settings

if TYPE_CHECKING:
    from meetdesk.store.customers import CustomerRecord

# Keys taking one whole number; the caps also take "none" (no cap).
_NUMBERS = (
    "default_duration_minutes",
    "horizon_days",
    "min_notice_minutes",
    "travel_minutes",
    "follow_up_days",
    "follow_up_max",
    "hold_hours",
)
_CAPS = ("max_per_day", "max_per_week")
_TEXTS = ("default_address", "participant_hours")
_NONE = ("none", "any", "default", "")
_WHOLE = re.compile(r"^[+-]?\d+$")
# Nested keys: the second part is free (a kind, a mode, an address name) or fixed.
_GROUPS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "kinds": (KINDS, KIND_FIELDS),
    "buffers": (MODES, ("before", "after")),
    "addresses": (None, ("street", "travel_minutes")),
}
# Leaves whose value is a whole number ("none" allowed where the stored form takes None).
_INT_LEAVES = {"duration_minutes", "follow_up_days", "follow_up_max", "before", "after"}
_INT_LEAVES |= {"travel_minutes"}
KEYS = (
    "working_hours.DAY",
    *(f"kinds.KIND.{f}" for f in KIND_FIELDS),
    "preferred",
    *_NUMBERS,
    *_CAPS,
    "buffers.MODE.before",
    "buffers.MODE.after",
    "addresses.NAME.street",
    "addresses.NAME.travel_minutes",
    "default_address",
    *(f"share.{f}" for f in SHARE_FIELDS),
    "participant_hours",
)


def default_preferences(settings: Settings) -> Preferences:
    """Every customer's defaults, from ``[scheduling.preferences]`` and the tied keys."""
    tied = {name: getattr(settings.scheduling, name) for name in TIED_PREFERENCES}
    return Preferences.from_json({**settings.scheduling.preferences, **tied})


def merge_preferences(defaults: Preferences, overrides: Mapping[str, Any]) -> Preferences:
    """``defaults`` with a customer's ``overrides`` (``to_json`` shape, partial) applied."""
    return Preferences.from_json(overrides, base=defaults)


def effective_preferences(settings: Settings, customer: CustomerRecord) -> Preferences:
    """What the slot search honours for ``customer``: config defaults, then their own."""
    return merge_preferences(default_preferences(settings), customer.preferences)


def edit_overrides(
    overrides: Mapping[str, Any],
    defaults: Preferences,
    *,
    sets: Iterable[tuple[str, str]] = (),
    unsets: Iterable[str] = (),
) -> dict[str, Any]:
    """New overrides after removing each ``unsets`` key, then setting each ``sets`` pair.

    Keys are dotted paths (see ``KEYS``); values are the text an operator types. Raises
    ``ValueError`` naming the first bad key or value; ``overrides`` is left unchanged.
    """
    out: dict[str, Any] = copy.deepcopy(dict(overrides))
    for key in unsets:
        _unset(out, defaults, key)
    for key, value in sets:
        _set(out, defaults, key, value)
        merge_preferences(defaults, out)  # the error names this key, not a later one
    merge_preferences(defaults, out)
    return out


def own_keys(overrides: Mapping[str, Any], defaults: Preferences) -> list[str]:
    """The dotted keys whose effective value is the customer's own, not the config's."""
    keys: list[str] = []
    for name in Preferences().to_json():
        if name not in overrides:
            continue
        if name == "working_hours":
            base = defaults.to_json()["working_hours"]
            mine = merge_preferences(defaults, overrides).to_json()["working_hours"]
            keys += [f"working_hours.{d}" for d in WEEKDAYS if mine.get(d) != base.get(d)]
        elif isinstance(overrides[name], Mapping):
            keys += _leaves(name, overrides[name])
        else:
            keys.append(name)
    return keys


def _leaves(prefix: str, value: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for key, inner in sorted(value.items()):
        path = f"{prefix}.{key}"
        out += _leaves(path, inner) if isinstance(inner, Mapping) else [path]
    return out


def _split(key: str) -> list[str]:
    """``key`` as its parts, checked against ``KEYS``; a group or member alone (for
    --unset) is accepted too."""
    parts = key.split(".")
    top = parts[0]
    if top == "working_hours" and len(parts) in (1, 2):
        if len(parts) == 2 and parts[1] not in WEEKDAYS:
            raise ValueError(f"{key}: unknown weekday {parts[1]!r} (use {', '.join(WEEKDAYS)})")
        return parts
    if top in _GROUPS and len(parts) <= 3:
        members, fields = _GROUPS[top]
        if len(parts) >= 2 and members is not None and parts[1] not in members:
            raise ValueError(f"{key}: unknown {top} entry {parts[1]!r} (use {', '.join(members)})")
        if len(parts) == 3 and parts[2] not in fields:
            choices = " or ".join(f"{top}.{parts[1]}.{f}" for f in fields)
            raise ValueError(f"{key}: expected {choices}")
        return parts
    if top == "share" and len(parts) <= 2:
        if len(parts) == 2 and parts[1] not in SHARE_FIELDS:
            raise ValueError(f"{key}: expected share.{' or share.'.join(SHARE_FIELDS)}")
        return parts
    if len(parts) == 1 and top in ("preferred", *_NUMBERS, *_CAPS, *_TEXTS):
        return parts
    raise ValueError(f"unknown preference key {key!r} (known: {', '.join(KEYS)})")


def _unset(out: dict[str, Any], defaults: Preferences, key: str) -> None:
    parts = _split(key)
    if len(parts) == 1:
        out.pop(parts[0], None)
    elif parts[0] == "working_hours":
        # The day goes back to the config's hours; the rest of the customer's stay.
        base = defaults.to_json()["working_hours"]
        _set_day(out, defaults, parts[1], base.get(parts[1]))
    else:
        _pop_path(out, parts)


def _pop_path(out: dict[str, Any], parts: list[str]) -> None:
    """Remove the value at ``parts``, and any group it leaves empty."""
    parent = out.get(parts[0])
    if not isinstance(parent, dict):
        return
    if len(parts) == 2:
        parent.pop(parts[1], None)
    else:
        _pop_path(parent, parts[1:])
    if not parent:
        del out[parts[0]]


def _set(out: dict[str, Any], defaults: Preferences, key: str, value: str) -> None:
    parts = _split(key)
    value = value.strip()
    top = parts[0]
    if top == "working_hours":
        if len(parts) != 2:
            raise ValueError(f"{key}: set one day at a time, e.g. working_hours.mon=09:00-18:00")
        day = parts[1]
        if not value:
            raise ValueError(f"{key}: expected 'HH:MM-HH:MM' or off")
        if value.lower() == "off":
            _set_day(out, defaults, day, None)
        else:
            _set_day(out, defaults, day, _canonical({"working_hours": {day: value}})[top][day])
    elif top in _GROUPS or top == "share":
        if len(parts) != (2 if top == "share" else 3):
            example = "share.video_link" if top == "share" else f"{top}.NAME.FIELD"
            raise ValueError(f"{key}: set one value at a time, e.g. {example}=...")
        raw: Any = None if value.lower() in _NONE else value
        if raw is not None and parts[-1] in _INT_LEAVES:
            raw = _whole(value, key)
        elif raw is None and parts[-1] in ("before", "after"):
            raw = 0
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = raw
        _copy_canonical(out, defaults, parts)
    elif top == "preferred":
        ranges = [] if value.lower() in _NONE else [v.strip() for v in value.split(",")]
        out["preferred"] = _canonical({"preferred": ranges})["preferred"]
    elif top in _CAPS and value.lower() in ("none", "off"):
        out[top] = None
    elif top in _TEXTS:
        out[top] = None if value.lower() in _NONE and top == "default_address" else value
        _copy_canonical(out, defaults, parts)
    else:
        out[top] = _canonical({top: _whole(value, key)})[top]


def _copy_canonical(out: dict[str, Any], defaults: Preferences, parts: list[str]) -> None:
    """Replace the value just set at ``parts`` by its stored form, validated against the
    customer's whole preferences (an address named must be one of theirs)."""
    merged: Any = merge_preferences(defaults, out).to_json()
    node = out
    for part in parts[:-1]:
        merged, node = merged[part], node[part]
    node[parts[-1]] = merged[parts[-1]]


def _set_day(out: dict[str, Any], defaults: Preferences, day: str, hours: str | None) -> None:
    """Merge one day into the effective working hours (None: not worked that day).

    The stored form replaces the working hours as a whole, so the override keeps every
    day; it is dropped when it no longer differs from the config's.
    """
    base = defaults.to_json()["working_hours"]
    week = dict(merge_preferences(defaults, out).to_json()["working_hours"])
    if hours is None:
        week.pop(day, None)
    else:
        week[day] = hours
    if week == base:
        out.pop("working_hours", None)
    else:
        out["working_hours"] = {d: week[d] for d in WEEKDAYS if d in week}


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` validated and written back as the stored form writes it ('9:30' -> '09:30')."""
    return Preferences.from_json(data).to_json()


def _whole(value: str, key: str) -> int:
    if not _WHOLE.match(value):
        raise ValueError(f"{key}: expected a whole number, not {value!r}")
    return int(value)
