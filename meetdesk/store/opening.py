"""Opening the store: the database (schema brought up to date) and the cipher.

Kept apart from the daemon so the command line opens the store without importing the
whole assistant: every CLI call is a process of its own. The cipher seals values under
the data keys of this database (``meetdesk.privacy.keyring``), unwrapped through the
master key provider ``[privacy] master_key`` names.
"""

from __future__ import annotations

from sqlalchemy import Engine

from meetdesk.clock import Clock
from meetdesk.privacy.crypto import Cipher, legacy_keys
from meetdesk.privacy.keyring import Keyring
from meetdesk.privacy.master_keys import MasterKeyProvider, load_provider
from meetdesk.settings import Settings
from meetdesk.store.engine import make_engine
from meetdesk.store.migrate import upgrade


def open_store(settings: Settings, *, clock: Clock | None = None) -> tuple[Engine, Cipher]:
    """The engine (schema upgraded) and the cipher over this database's data keys."""
    provider = load_provider(settings)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine, open_cipher(engine, provider, clock=clock)


def open_cipher(
    engine: Engine,
    provider: MasterKeyProvider,
    *,
    clock: Clock | None = None,
    initialise: bool = True,
) -> Cipher:
    """A cipher over the data keys of an upgraded database (created on first open)."""
    keyring = Keyring(engine, provider, clock=clock)
    secret = provider.legacy_secret()
    legacy, index = legacy_keys(secret) if secret is not None else (None, None)
    keyring.open(legacy_key=legacy, index_key=index, initialise=initialise)
    return Cipher(keyring=keyring)
