"""Opening the store: the database (schema brought up to date) and the cipher.

Kept apart from the daemon so the command line opens the store without importing the
whole assistant: every CLI call is a process of its own.
"""

from __future__ import annotations

from sqlalchemy import Engine

from meetdesk.privacy.crypto import Cipher
from meetdesk.privacy.keys import load_or_create_key
from meetdesk.settings import Settings
from meetdesk.store.engine import make_engine
from meetdesk.store.migrate import upgrade


def open_store(settings: Settings) -> tuple[Engine, Cipher]:
    """The engine (schema upgraded) and the cipher under the master key."""
    key = load_or_create_key(settings.path(settings.privacy.key_file))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine, Cipher(key)
