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
