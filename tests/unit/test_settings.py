"""config.toml parsing: defaults, strictness and clear errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from meetdesk.errors import ConfigError
from meetdesk.settings import Settings, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_config_equals_the_built_in_defaults() -> None:
    """config.toml documents exactly the defaults the code uses."""
    shipped = load_settings(ROOT / "config.toml")
    assert shipped == Settings(base_dir=ROOT)


def test_every_documented_key_is_known() -> None:
    """The shipped file parses strictly (no unknown key)."""
    data = tomllib.loads((ROOT / "config.toml").read_text())
    parse_settings(data, base_dir=ROOT)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"assistant": {"nmae": "J"}}, "unknown config key 'assistant.nmae'"),
        ({"mail": {"outbound": {"transport": "pigeon"}}}, "mail.outbound.transport"),
        ({"assistant": {"address": "nobody"}}, "not an e-mail address"),
        ({"assistant": {"timezone": "Mars/Olympus"}}, "unknown time zone"),
        ({"store": {"url": "mysql://x"}}, "store.url"),
        ({"mail": {"inbound": {"smtp_listen": "localhost"}}}, "host:port"),
        ({"worker": {"concurrency": "two"}}, "worker.concurrency must be an integer"),
        ({"scheduling": {"proposals": 0}}, "scheduling.proposals"),
        ({"understanding": {"confidence_threshold": 2}}, "between 0 and 1"),
        ({"assistant": []}, "must be a table"),
        ({"understanding": {"thresholds": {"colour": 0.5}}}, "understanding.thresholds.colour"),
        ({"understanding": {"thresholds": {"windows": 1.5}}}, "between 0 and 1"),
        ({"understanding": {"thresholds": {"windows": "high"}}}, "must be a number"),
        ({"understanding": {"thresholds": 0.5}}, "must be a table"),
    ],
)
def test_bad_values_name_the_key(data: dict[str, object], message: str) -> None:
    """Each invalid setting is refused with a message naming it."""
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_settings(data, base_dir=ROOT)


def test_relative_paths_follow_the_config_file(tmp_path: Path) -> None:
    """Relative paths and SQLite URLs are resolved next to the config file."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('[store]\nurl = "sqlite:///db/x.db"\n[privacy]\nkey_file = "k.key"\n')
    s = load_settings(cfg)
    assert s.database_url == f"sqlite:///{tmp_path / 'db' / 'x.db'}"
    assert s.path(s.privacy.key_file) == tmp_path / "k.key"


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    """A missing file or broken TOML is reported as such."""
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[assistant\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)


def test_environment_variable_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$MEETDESK_CONFIG is used when no --config is given."""
    cfg = tmp_path / "c.toml"
    cfg.write_text('[assistant]\nname = "Amy"\n')
    monkeypatch.setenv("MEETDESK_CONFIG", str(cfg))
    assert load_settings().assistant.name == "Amy"


def test_per_field_thresholds_are_read() -> None:
    """[understanding.thresholds] overrides the default threshold for the fields it names."""
    s = parse_settings({"understanding": {"thresholds": {"windows": 0.95}}}, base_dir=ROOT)
    assert s.understanding.thresholds == {"windows": 0.95}
    assert s.understanding.confidence_threshold == 0.9


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"working_hours": {"mon": "9-5"}}, "scheduling.preferences.working_hours.mon: "),
        ({"working_hours": {"monday": "09:00-17:00"}}, "scheduling.preferences.working_hours"),
        ({"kinds": {"lunch": {"hours": "14:00-12:00"}}}, "scheduling.preferences.kinds.lunch"),
        ({"kinds": {"brunch": {"duration_minutes": 60}}}, "unknown meeting kind 'brunch'"),
        ({"preferred": "09:00-11:00"}, "scheduling.preferences.preferred must be a list"),
        ({"max_per_day": 0}, "scheduling.preferences.max_per_day must be a whole number"),
        ({"min_notice_minutes": "1h"}, "scheduling.preferences.min_notice_minutes"),
        ({"colour": "blue"}, "unknown config key 'scheduling.preferences.colour'"),
        ({"horizon_days": 7}, "scheduling.preferences.horizon_days: set it as scheduling"),
        ({"default_duration_minutes": 45}, "set it as scheduling.default_duration_minutes"),
    ],
)
def test_bad_scheduling_preferences_name_the_key(table: dict[str, object], message: str) -> None:
    """Each invalid [scheduling.preferences] value is a ConfigError naming its key."""
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_settings({"scheduling": {"preferences": table}}, base_dir=ROOT)


def test_scheduling_preferences_must_be_a_table() -> None:
    """A scalar where the preferences table belongs is refused."""
    with pytest.raises(ConfigError, match=r"\[scheduling.preferences\] must be a table"):
        parse_settings({"scheduling": {"preferences": 3}}, base_dir=ROOT)


def test_tied_keys_are_validated_as_preferences() -> None:
    """[scheduling] default_duration_minutes and horizon_days get the preferences' bounds."""
    with pytest.raises(ConfigError, match="scheduling.horizon_days must be a whole number"):
        parse_settings({"scheduling": {"horizon_days": 0}}, base_dir=ROOT)


def test_scheduling_preferences_are_normalised_and_feed_the_defaults() -> None:
    """Written values are normalised, and the tied [scheduling] keys are the defaults' own."""
    from meetdesk.scheduling_preferences import default_preferences

    s = parse_settings(
        {
            "scheduling": {
                "default_duration_minutes": 45,
                "horizon_days": 21,
                "preferences": {
                    "working_hours": {"mon": "9:30-17:00", "sat": "off"},
                    "kinds": {"lunch": {"hours": "12:30-14:00"}},
                    "max_per_day": 4,
                },
            }
        },
        base_dir=ROOT,
    )
    assert s.scheduling.preferences["working_hours"] == {"mon": "09:30-17:00"}
    prefs = default_preferences(s)
    assert prefs.default_duration_minutes == 45 and prefs.horizon_days == 21
    assert prefs.max_per_day == 4 and prefs.duration_for("lunch") == 90
    assert prefs.hours_for("lunch") == prefs.kinds["lunch"].hours
    assert str(prefs.kinds["lunch"].hours[0]) == "12:30:00"  # type: ignore[index]


def test_built_in_preferences_are_the_model_defaults() -> None:
    """With no config, every customer's defaults are the Preferences model's own."""
    from meetdesk.calendar.preferences import Preferences
    from meetdesk.scheduling_preferences import default_preferences

    assert default_preferences(Settings()) == Preferences()
