"""``meetdesk check``: validate the configuration and reach every configured server.

Each problem is reported as one line naming what is wrong and where; nothing is
changed (the key file and database are opened, never created).
"""

from __future__ import annotations

import asyncio
import socket
from zoneinfo import ZoneInfo

from sqlalchemy import text

from meetdesk.errors import MeetDeskError
from meetdesk.settings import Settings, parse_listen


async def run_checks(settings: Settings) -> list[str]:
    from meetdesk.calendar.factory import open_calendar
    from meetdesk.daemon import make_transport
    from meetdesk.privacy.keys import load_key
    from meetdesk.privacy.master_keys import MasterKeyProvider, load_provider
    from meetdesk.store.customers import CustomerRecord, list_customers
    from meetdesk.store.engine import make_engine, transaction
    from meetdesk.store.opening import open_cipher

    problems: list[str] = []
    provider: MasterKeyProvider | None = None
    try:
        if settings.privacy.master_key == "file":  # never create it here
            load_key(settings.path(settings.privacy.key_file))
        provider = load_provider(settings)
    except MeetDeskError as exc:
        problems.append(str(exc))

    engine = make_engine(settings.database_url)
    customers: list[CustomerRecord] = []
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if provider is not None:
            cipher = open_cipher(engine, provider, initialise=False)
            with transaction(engine) as session:
                customers = list_customers(session, cipher)
    except MeetDeskError as exc:
        problems.append(f"store: {exc}")
    except Exception as exc:  # any driver error: report it on one line
        problems.append(f"store.url: cannot use the database: {_first_line(exc)}")
    finally:
        engine.dispose()

    try:
        await make_transport(settings).check()
    except MeetDeskError as exc:
        problems.append(f"mail.outbound: {exc}")

    for key, value in (
        ("mail.inbound.smtp_listen", settings.mail.inbound.smtp_listen),
        ("mail.inbound.lmtp_listen", settings.mail.inbound.lmtp_listen),
    ):
        if value:
            problem = _can_listen(key, value)
            if problem:
                problems.append(problem)

    async def check_calendar(c: CustomerRecord) -> str | None:
        try:
            backend = open_calendar(  # every selected calendar, not just the primary
                c.calendar_kind,
                c.calendars,
                ZoneInfo(c.timezone),
                timeout=settings.scheduling.calendar_timeout_seconds,
            )
            await backend.check()
        except MeetDeskError as exc:
            return f"calendar of customer {c.id}: {exc}"
        return None

    results = await asyncio.gather(*(check_calendar(c) for c in customers))
    problems.extend(r for r in results if r)
    return problems


def _can_listen(key: str, value: str) -> str | None:
    host, port = parse_listen(value, key)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(infos[0][4])
    except OSError as exc:
        return f"{key} = {value!r}: cannot listen ({exc.strerror or exc}); is the daemon running?"
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
