"""The typed schema of ``config.toml``.

One schema drives parsing, defaults and error messages: every key is declared once in a
dataclass below, unknown keys are errors (a typo must never silently fall back to a
default), and every error names the offending key in one line. Relative paths are read
relative to the directory of the config file, so a deployment folder is self-contained.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import tomllib
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from meetdesk.assistant.reading import FIELDS
from meetdesk.calendar.preferences import Preferences
from meetdesk.errors import ConfigError
from meetdesk.privacy.processors import Processor, validate_processors
from meetdesk.privacy.retention import RetentionSettings, parse_policy

CONFIG_ENV = "MEETDESK_CONFIG"
# Preferences whose default is a [scheduling] key of its own (they predate the table).
TIED_PREFERENCES = ("default_duration_minutes", "horizon_days")


@dataclass(frozen=True)
class AssistantSettings:
    name: str = "Julie"
    address: str = "julie@meetdesk.localhost"
    aliases: tuple[str, ...] = ()
    timezone: str = "Europe/Paris"

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(a.lower() for a in (self.address, *self.aliases))

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[-1].lower()


@dataclass(frozen=True)
class StoreSettings:
    url: str = "sqlite:///data/meetdesk.db"


@dataclass(frozen=True)
class InboundSettings:
    smtp_listen: str = "127.0.0.1:8025"
    lmtp_listen: str = ""
    max_message_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True)
class OutboundSettings:
    transport: Literal["smtp", "maildir"] = "maildir"
    maildir: str = "data/outbox"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_username: str = ""
    smtp_password_file: str = ""
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class MailSettings:
    inbound: InboundSettings = field(default_factory=InboundSettings)
    outbound: OutboundSettings = field(default_factory=OutboundSettings)


@dataclass(frozen=True)
class PrivacySettings:
    key_file: str = "data/master.key"
    # Where the master key comes from: "file" (key_file), "env" (MEETDESK_MASTER_KEY) or
    # "package.module:Class", a KMS provider (see meetdesk.privacy.master_keys).
    master_key: str = "file"
    audit_signing_key_file: str = "data/audit-signing.key"  # Ed25519, signs checkpoints
    # Who keeps the record of processing (name and contact), printed at its head.
    controller: str = ""
    # [[privacy.processors]]: who else may read which categories; none by default.
    processors: tuple[Processor, ...] = ()
    # [privacy.retention]: how long each category is kept, caps, customer contracts.
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    # A second address data subjects may write to ("privacy@..."), besides the assistant's.
    requests_address: str = ""
    # How long a one-time code sent to confirm a data-subject request stays valid.
    request_code_hours: int = 72


@dataclass(frozen=True)
class SchedulingSettings:
    proposals: int = 3
    default_duration_minutes: int = 30
    horizon_days: int = 14
    slot_step_minutes: int = 30
    calendar_timeout_seconds: float = 15.0
    # Every customer's default preferences, Preferences.to_json() shape without the tied
    # keys; normalised at load so equal settings compare equal however they were written.
    preferences: dict[str, Any] = field(default_factory=lambda: default_preference_table())


def default_preference_table() -> dict[str, Any]:
    """The built-in ``[scheduling.preferences]``: the model's defaults, minus the tied keys."""
    return _untied(Preferences().to_json())


def _untied(table: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in table.items() if k not in TIED_PREFERENCES}


@dataclass(frozen=True)
class UnderstandingSettings:
    """The gate: a field below its threshold sends the message to a human."""

    confidence_threshold: float = 0.9
    # Per-field overrides of confidence_threshold, e.g. {windows = 0.95, location = 0.8}.
    thresholds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkerSettings:
    concurrency: int = 2
    lease_seconds: int = 120
    max_attempts: int = 6
    backoff_seconds: float = 5.0
    poll_seconds: float = 1.0
    shutdown_grace_seconds: float = 20.0


@dataclass(frozen=True)
class AccountsSettings:
    """``[accounts]``: console and API accounts (meetdesk.accounts)."""

    password_min_length: int = 12
    lockout_failures: int = 5  # consecutive failed logins that lock an account
    lockout_minutes: int = 15
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    token_days: int = 90  # default lifetime of an API token


@dataclass(frozen=True)
class SupervisionSettings:
    """``[supervision]``: the escalation queue (docs/supervision.md)."""

    # Minutes from opening to due, by default and per reason family or priority
    # ({no_free_slot = 120, high = 60}); a family's entry wins over its priority's.
    sla_minutes: int = 240
    sla: dict[str, float] = field(default_factory=dict)
    lease_minutes: int = 15  # how long a claim holds before another supervisor may take it
    alert_to: tuple[str, ...] = ()  # who is mailed when an escalation nears its due time
    alert_lead_minutes: int = 30
    alert_period_minutes: int = 5  # how often the daemon looks for escalations nearing due
    console_url: str = ""  # the console's base URL, for the alert's link


@dataclass(frozen=True)
class QualitySettings:
    """``[quality]``: the share of automatic decisions sampled for review
    (meetdesk.supervision.quality); ``customers`` overrides it by address or id."""

    sample_rate: float = 0.05
    customers: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsoleSettings:
    """``[console]``: the web console and JSON API (docs/api.md, docs/console.md)."""

    listen: str = ""  # host:port the daemon serves them on; "" serves none
    # Cookies only over HTTPS; plain HTTP (even on localhost) needs false or a TLS proxy.
    secure_cookies: bool = True


@dataclass(frozen=True)
class Settings:
    assistant: AssistantSettings = field(default_factory=AssistantSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    scheduling: SchedulingSettings = field(default_factory=SchedulingSettings)
    understanding: UnderstandingSettings = field(default_factory=UnderstandingSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)
    supervision: SupervisionSettings = field(default_factory=SupervisionSettings)
    accounts: AccountsSettings = field(default_factory=AccountsSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    base_dir: Path = Path(".")

    def path(self, value: str) -> Path:
        """A configured path, relative to the config file's directory unless absolute."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else (self.base_dir / p)

    @property
    def database_url(self) -> str:
        """The store URL with a relative SQLite path made absolute."""
        url = self.store.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite://":
            return prefix + str(self.path(url[len(prefix) :]).resolve())
        return url


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read and validate a config file; ``None`` uses $MEETDESK_CONFIG or built-in defaults."""
    if path is None:
        path = os.environ.get(CONFIG_ENV) or None
    if path is None:
        return Settings(base_dir=Path.cwd())
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    settings = parse_settings(data, base_dir=file.resolve().parent)
    return settings


def parse_settings(data: dict[str, Any], *, base_dir: Path) -> Settings:
    """Build ``Settings`` from parsed TOML, raising ``ConfigError`` naming the bad key."""
    settings = _build(Settings, data, prefix="", skip={"base_dir"})
    settings = dataclasses.replace(settings, base_dir=base_dir)
    _validate(settings)
    return _with_preferences(settings)


def _build(cls: type, data: Any, *, prefix: str, skip: frozenset[str] | set[str] = frozenset()):  # type: ignore[no-untyped-def]
    if not isinstance(data, dict):
        raise ConfigError(f"[{prefix.rstrip('.')}] must be a table")
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.name not in skip}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigError(f"unknown config key '{prefix}{unknown[0]}'")
    kwargs: dict[str, Any] = {}
    for name in names:
        if name not in data:
            continue
        kwargs[name] = _coerce(hints[name], data[name], f"{prefix}{name}")
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, key: str) -> Any:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, prefix=f"{key}.")
    origin = get_origin(hint)
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise ConfigError(f"{key} = {value!r}: must be one of {choices}")
        return value
    if origin is dict and get_args(hint)[1] is Any:
        # A free-form table: its own validator (run after the build) knows its shape.
        if not isinstance(value, dict):
            raise ConfigError(f"[{key}] must be a table")
        return copy.deepcopy(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"[{key}] must be a table")
        for name, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise ConfigError(f"{key}.{name} must be a number, not {number!r}")
        return {name: float(number) for name, number in value.items()}
    if origin is tuple and dataclasses.is_dataclass(get_args(hint)[0]):
        # An array of tables ([[key]]): each entry is built as strictly as a section.
        if not isinstance(value, list):
            raise ConfigError(f"{key} must be an array of tables ([[{key}]])")
        item = get_args(hint)[0]
        return tuple(_build(item, v, prefix=f"{key}[{i}].") for i, v in enumerate(value))
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of strings")
        return tuple(value)
    if origin in (Union, types.UnionType):
        raise ConfigError(f"{key}: unsupported type")  # not used by the schema
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false, not {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key} must be an integer, not {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key} must be a number, not {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key} must be a string, not {value!r}")
        return value
    raise ConfigError(f"{key}: unsupported type")


def parse_listen(value: str, key: str) -> tuple[str, int]:
    """Split ``host:port`` (IPv6 as ``[::1]:25``) with a clear error."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f'{key} = {value!r}: expected "host:port"')
    return host.strip("[]"), int(port)


def _validate(s: Settings) -> None:
    for key, address in [("assistant.address", s.assistant.address)] + [
        ("assistant.aliases", a) for a in s.assistant.aliases
    ]:
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            raise ConfigError(f"{key} = {address!r}: not an e-mail address")
    try:
        ZoneInfo(s.assistant.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"assistant.timezone = {s.assistant.timezone!r}: unknown time zone"
        ) from None
    if not (s.store.url.startswith("sqlite") or s.store.url.startswith("postgresql")):
        raise ConfigError(f"store.url = {s.store.url!r}: expected sqlite:/// or postgresql://")
    if s.mail.inbound.smtp_listen:
        parse_listen(s.mail.inbound.smtp_listen, "mail.inbound.smtp_listen")
    if s.mail.inbound.lmtp_listen:
        parse_listen(s.mail.inbound.lmtp_listen, "mail.inbound.lmtp_listen")
    if s.console.listen:
        parse_listen(s.console.listen, "console.listen")
    if s.mail.inbound.max_message_bytes < 1024:
        raise ConfigError("mail.inbound.max_message_bytes must be at least 1024")
    if s.mail.outbound.transport == "smtp" and not s.mail.outbound.smtp_host:
        raise ConfigError('mail.outbound.smtp_host is required when transport = "smtp"')
    if s.mail.outbound.smtp_starttls and s.mail.outbound.smtp_ssl:
        raise ConfigError("mail.outbound: smtp_starttls and smtp_ssl are mutually exclusive")
    if not 1 <= s.scheduling.proposals <= 10:
        raise ConfigError("scheduling.proposals must be between 1 and 10")
    if not 0.0 <= s.understanding.confidence_threshold <= 1.0:
        raise ConfigError("understanding.confidence_threshold must be between 0 and 1")
    for name, value in s.understanding.thresholds.items():
        if name not in FIELDS:
            known = ", ".join(FIELDS)
            raise ConfigError(f"unknown field 'understanding.thresholds.{name}' (known: {known})")
        if not 0.0 <= value <= 1.0:
            raise ConfigError(f"understanding.thresholds.{name} must be between 0 and 1")
    validate_processors(s.privacy.processors)
    parse_policy(s.privacy.retention)
    master = s.privacy.master_key
    if master not in ("file", "env") and not _is_class_path(master):
        raise ConfigError(
            f'privacy.master_key = {master!r}: expected "file", "env" or "package.module:Class"'
        )
    address = s.privacy.requests_address
    if address and ("@" not in address or address.startswith("@") or address.endswith("@")):
        raise ConfigError(f"privacy.requests_address = {address!r}: not an e-mail address")
    if not 1 <= s.privacy.request_code_hours <= 24 * 30:
        raise ConfigError("privacy.request_code_hours must be between 1 and 720")
    _validate_supervision(s.supervision)
    if s.worker.concurrency < 1:
        raise ConfigError("worker.concurrency must be at least 1")
    if s.worker.max_attempts < 1:
        raise ConfigError("worker.max_attempts must be at least 1")
    _validate_accounts(s.accounts)
    for key, rate in [
        ("sample_rate", s.quality.sample_rate),
        *((f"customers.{c}", r) for c, r in s.quality.customers.items()),
    ]:
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"quality.{key} must be between 0 and 1")


def _validate_accounts(a: AccountsSettings) -> None:
    for key, value, low, high in [
        ("password_min_length", a.password_min_length, 8, 128),
        ("lockout_failures", a.lockout_failures, 1, 100),
        ("lockout_minutes", a.lockout_minutes, 1, 24 * 60),
        ("session_idle_minutes", a.session_idle_minutes, 1, 24 * 60),
        ("session_absolute_hours", a.session_absolute_hours, 1, 24 * 30),
        ("token_days", a.token_days, 1, 3650),
    ]:
        if not low <= value <= high:
            raise ConfigError(f"accounts.{key} must be between {low} and {high}")


def _validate_supervision(s: SupervisionSettings) -> None:
    from meetdesk.supervision.reasons import KINDS, PRIORITIES

    for name, minutes in s.sla.items():
        if name not in KINDS + PRIORITIES:
            known = ", ".join(KINDS + PRIORITIES)
            raise ConfigError(f"unknown key 'supervision.sla.{name}' (known: {known})")
        if minutes <= 0:
            raise ConfigError(f"supervision.sla.{name} must be a positive number of minutes")
    for key in ("sla_minutes", "lease_minutes", "alert_lead_minutes", "alert_period_minutes"):
        if getattr(s, key) < 1:
            raise ConfigError(f"supervision.{key} must be at least 1")
    for address in s.alert_to:
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            raise ConfigError(f"supervision.alert_to: {address!r} is not an e-mail address")
    if s.console_url and not s.console_url.startswith(("http://", "https://")):
        raise ConfigError(f"supervision.console_url = {s.console_url!r}: expected http(s)://")


def _is_class_path(value: str) -> bool:
    module, sep, name = value.partition(":")
    return bool(sep) and all(p.isidentifier() for p in module.split(".")) and name.isidentifier()


def _with_preferences(s: Settings) -> Settings:
    """Validate ``[scheduling.preferences]`` and the tied keys; store the normalised table."""
    table = s.scheduling.preferences
    known = set(Preferences().to_json())
    for name in sorted(table):
        if name in TIED_PREFERENCES:
            raise ConfigError(f"scheduling.preferences.{name}: set it as scheduling.{name} instead")
        if name not in known:
            raise ConfigError(f"unknown config key 'scheduling.preferences.{name}'")
    tied = {name: getattr(s.scheduling, name) for name in TIED_PREFERENCES}
    try:
        Preferences.from_json(tied)
    except ValueError as exc:
        raise ConfigError(f"scheduling.{exc}") from None
    try:
        normalised = _untied(Preferences.from_json(table).to_json())
    except ValueError as exc:
        raise ConfigError(f"scheduling.preferences.{exc}") from None
    return dataclasses.replace(
        s, scheduling=dataclasses.replace(s.scheduling, preferences=normalised)
    )
