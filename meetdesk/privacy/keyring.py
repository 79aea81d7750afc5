"""Data keys: created, unwrapped and cached for the cipher (envelope encryption).

Every encrypted value names the data key that sealed it; each customer has their own
(``owner`` = customer id), the installation one for data not yet tied to a customer,
and there is one blind-index key. Data keys are random and stored only wrapped by a
master key (``meetdesk.privacy.master_keys``), so rotating the master re-wraps a few
rows instead of re-encrypting the database, and destroying a customer's keys makes
everything sealed under them unreadable: crypto-shredding.

Unwrapped keys are cached in memory. The cache is refreshed from the ``data_key`` table
every ``refresh_seconds``, so a running daemon picks up keys created, retired or
destroyed by the command line (a retired key is only destroyed after ``RETIRE_GRACE``,
longer than a refresh, so no process still seals new values under it by then).

Keys are read and created in the caller's transaction when there is one (see
``meetdesk.store.engine.current_session``): a new key then commits, or rolls back, with
the values sealed under it, and only becomes a customer's key for other transactions
once committed.

Databases from before data keys had one key derived from the master with HKDF: on first
open the blind-index key is initialised from that same derivation (so existing indexes
and audit pseudonyms stay valid) and, when there is data, the old encryption key is
kept as the retired "legacy" key until the background re-encryption has re-sealed it all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from meetdesk.clock import Clock, SystemClock
from meetdesk.errors import CryptoError
from meetdesk.privacy.keys import new_key
from meetdesk.privacy.master_keys import MasterKeyProvider
from meetdesk.store.engine import current_session, transaction
from meetdesk.store.models import DataKey

DATA, INDEX, LEGACY = "data", "index", "legacy"
ACTIVE, RETIRED, DESTROYED = "active", "retired", "destroyed"
# Fixed ids: two processes opening a new database at once cannot make two index keys.
INDEX_KEY_ID = "00000000-0000-4000-8000-000000000001"
LEGACY_KEY_ID = "00000000-0000-4000-8000-000000000002"
REFRESH_SECONDS = 15.0
RETIRE_GRACE = timedelta(seconds=60)
_NEW_KEYS = "meetdesk.keyring.new"  # session.info: ids created in this transaction


@dataclass(frozen=True)
class KeyInfo:
    """A data key as ``meetdesk keys list`` shows it: never its material."""

    id: str
    owner: str | None
    use: str
    state: str
    master_id: str
    created_at: datetime
    retired_at: datetime | None
    destroyed_at: datetime | None


@dataclass(frozen=True)
class _Loaded:
    info: KeyInfo
    aead: AESGCM | None
    material: bytes | None
    why_not: str = ""  # when there is no material: destroyed, or its master is missing


def wrap_aad(key_id: str, use: str, owner: str | None) -> bytes:
    """What a wrapped key is bound to: its row, use and owner cannot be swapped."""
    return f"meetdesk/data-key/{key_id}/{use}/{owner or ''}".encode()


def info_of(row: DataKey) -> KeyInfo:
    return KeyInfo(
        id=row.id,
        owner=row.owner,
        use=row.use,
        state=row.state,
        master_id=row.master_id,
        created_at=row.created_at,
        retired_at=row.retired_at,
        destroyed_at=row.destroyed_at,
    )


class Keyring:
    """The data keys of one database, unwrapped through one master key provider."""

    def __init__(
        self,
        engine: Engine,
        provider: MasterKeyProvider,
        *,
        clock: Clock | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        self.engine = engine
        self.provider = provider
        self.clock = clock or SystemClock()
        self._refresh_seconds = refresh_seconds
        self._lock = threading.RLock()
        self._keys: dict[str, _Loaded] = {}
        self._active: dict[str | None, str] = {}
        self._next_refresh = 0.0

    # -- opening ---------------------------------------------------------------------

    def open(
        self,
        *,
        legacy_key: bytes | None = None,
        index_key: bytes | None = None,
        initialise: bool = True,
    ) -> None:
        """Create the installation's keys if this database has none yet, then load all.

        ``legacy_key`` and ``index_key`` are the keys the pre-data-key cipher derived
        from the master (``crypto.legacy_keys``); without them (a KMS) the index key is
        random and there is no legacy data to read. ``initialise=False`` only loads
        (``meetdesk check`` changes nothing)."""
        for attempt in (1, 2):
            if not initialise:
                break
            try:
                with transaction(self.engine) as session:
                    self._initialise(session, legacy_key, index_key)
                break
            except IntegrityError:  # another process initialised it at the same moment
                if attempt == 2:
                    raise
        self.refresh(force=True)

    def _initialise(
        self, session: Session, legacy_key: bytes | None, index_key: bytes | None
    ) -> None:
        from meetdesk.privacy.sealed import has_sealed_values
        from meetdesk.store import jobs

        present = set(
            session.scalars(
                select(col(DataKey.id)).where(col(DataKey.id).in_([INDEX_KEY_ID, LEGACY_KEY_ID]))
            )
        )
        now = self.clock.now()
        if INDEX_KEY_ID in present:
            return
        # The first open by this version: values already there were sealed the old way.
        self._insert(session, INDEX_KEY_ID, None, INDEX, index_key or new_key(), now)
        if LEGACY_KEY_ID not in present and legacy_key is not None and has_sealed_values(session):
            self._insert(session, LEGACY_KEY_ID, None, LEGACY, legacy_key, now, state=RETIRED)
            jobs.enqueue(session, "reencrypt", now=now)  # re-seal the old values

    # -- the cipher's side -----------------------------------------------------------

    def index_key(self) -> bytes:
        return self._material(INDEX_KEY_ID)

    def legacy_aead(self) -> AESGCM:
        """The key values sealed before data keys existed (version 1) open with."""
        return self.aead(LEGACY_KEY_ID)

    def aead(self, key_id: str) -> AESGCM:
        """The AES-GCM of one data key, to open a value sealed under it."""
        loaded = self._load(key_id)
        if loaded.aead is None:
            raise CryptoError(f"data key {key_id} {loaded.why_not}")
        return loaded.aead

    def is_destroyed(self, key_id: str) -> bool:
        try:
            return self._load(key_id).info.state == DESTROYED
        except CryptoError:
            return False

    def active(self, owner: str | None) -> tuple[str, AESGCM]:
        """The key new values of ``owner`` are sealed under, created on first use."""
        self.refresh()
        session = self._caller_session()
        if session is not None:
            for key_id in session.info.get(_NEW_KEYS, ()):
                loaded = self._keys.get(key_id)
                if loaded and loaded.info.owner == owner and loaded.aead is not None:
                    return key_id, loaded.aead
        with self._lock:
            key_id = self._active.get(owner)
            loaded = self._keys.get(key_id) if key_id else None
            if loaded is not None and loaded.aead is not None:
                return loaded.info.id, loaded.aead
        with self._session() as session:
            row = session.scalars(
                select(DataKey)
                .where(
                    col(DataKey.use) == DATA,
                    col(DataKey.state) == ACTIVE,
                    _owner_is(owner),
                )
                .order_by(col(DataKey.created_at).desc(), col(DataKey.id).desc())
                .limit(1)
            ).first()
            if row is None:
                self.provider.reload()  # a rotation may have made another master current
                row = self._insert(session, None, owner, DATA, new_key(), self.clock.now())
                session.info.setdefault(_NEW_KEYS, set()).add(row.id)
            loaded = self._apply_row(row)
            self._promote_when_committed(session, owner, row.id)
        if loaded.aead is None:
            raise CryptoError(f"data key {row.id} {loaded.why_not}")
        return row.id, loaded.aead

    # -- changes (rotation, shredding) -------------------------------------------------

    def keys(self, session: Session) -> list[KeyInfo]:
        rows = session.scalars(select(DataKey).order_by(col(DataKey.created_at), col(DataKey.id)))
        return [info_of(r) for r in rows]

    def retire(self, session: Session, key_ids: Iterable[str], now: datetime) -> None:
        ids = list(key_ids)
        if not ids:
            return
        session.execute(
            update(DataKey)
            .where(col(DataKey.id).in_(ids), col(DataKey.state) == ACTIVE)
            .values(state=RETIRED, retired_at=now)
        )
        with self._lock:
            for owner, key_id in list(self._active.items()):
                if key_id in ids:
                    del self._active[owner]

    def destroy(self, session: Session, key_ids: Iterable[str], now: datetime) -> None:
        """Erase the wrapped material: whatever the keys sealed is unreadable for good."""
        ids = list(key_ids)
        if not ids:
            return
        session.execute(
            update(DataKey)
            .where(col(DataKey.id).in_(ids), col(DataKey.state) != DESTROYED)
            .values(state=DESTROYED, wrapped_key=None, destroyed_at=now)
        )
        self.forget(ids)

    def forget(self, key_ids: Iterable[str]) -> None:
        """Drop keys from memory at once (the destroying process must not wait a refresh)."""
        with self._lock:
            for key_id in key_ids:
                loaded = self._keys.get(key_id)
                if loaded is not None:
                    info = replace(loaded.info, state=DESTROYED)
                    self._keys[key_id] = _Loaded(info, None, None, "was destroyed")
                for owner, active_id in list(self._active.items()):
                    if active_id == key_id:
                        del self._active[owner]

    def material(self, key_id: str) -> bytes:
        """A key's raw material, for re-wrapping it under another master."""
        return self._material(key_id)

    # -- loading ---------------------------------------------------------------------

    def refresh(self, *, force: bool = False) -> None:
        """Reload the table's keys when the last refresh is older than the interval."""
        if not force and time.monotonic() < self._next_refresh:
            return
        with self._session() as session:
            rows = list(session.scalars(select(DataKey)))
            mine = session.info.get(_NEW_KEYS, set())
            loaded = [self._apply_row(r) for r in rows]
        active: dict[str | None, KeyInfo] = {}
        for key in loaded:
            info = key.info
            if info.use != DATA or info.state != ACTIVE or info.id in mine:
                continue
            best = active.get(info.owner)
            if best is None or (info.created_at, info.id) > (best.created_at, best.id):
                active[info.owner] = info
        with self._lock:
            self._active = {owner: info.id for owner, info in active.items()}
            self._next_refresh = time.monotonic() + self._refresh_seconds

    def _load(self, key_id: str) -> _Loaded:
        self.refresh()
        loaded = self._keys.get(key_id)
        if loaded is None:  # made by another process since the last refresh
            with self._session() as session:
                row = session.get(DataKey, key_id)
                if row is None:
                    raise CryptoError(f"data key {key_id} does not exist in this database")
                loaded = self._apply_row(row)
        return loaded

    def _material(self, key_id: str) -> bytes:
        loaded = self._load(key_id)
        if loaded.material is None:
            raise CryptoError(f"data key {key_id} {loaded.why_not}")
        return loaded.material

    def _apply_row(self, row: DataKey) -> _Loaded:
        info = info_of(row)
        with self._lock:
            cached = self._keys.get(row.id)
        if row.wrapped_key is None or row.state == DESTROYED:
            loaded = _Loaded(info, None, None, "was destroyed")
        elif cached is not None and cached.material is not None:
            loaded = replace(cached, info=info)  # a re-wrap leaves the material as it was
        else:
            try:
                material = self.provider.unwrap(
                    row.master_id, row.wrapped_key, aad=wrap_aad(row.id, row.use, row.owner)
                )
                loaded = _Loaded(info, AESGCM(material), material)
            except CryptoError as exc:
                loaded = _Loaded(info, None, None, f"cannot be unwrapped: {exc}")
        with self._lock:
            self._keys[row.id] = loaded
        return loaded

    def _insert(
        self,
        session: Session,
        key_id: str | None,
        owner: str | None,
        use: str,
        material: bytes,
        now: datetime,
        *,
        state: str = ACTIVE,
    ) -> DataKey:
        row = DataKey(owner=owner, use=use, master_id="", state=state, created_at=now)
        if key_id is not None:
            row.id = key_id
        if state == RETIRED:
            row.retired_at = now
        row.master_id, row.wrapped_key = self.provider.wrap(
            material, aad=wrap_aad(row.id, use, owner)
        )
        session.add(row)  # no flush: the caller's other pending rows may be incomplete yet
        return row

    def _promote_when_committed(self, session: Session, owner: str | None, key_id: str) -> None:
        """Make ``key_id`` the owner's key for everyone once its row is committed."""

        def promote(_session: Session) -> None:
            with self._lock:
                current = self._keys.get(self._active.get(owner, ""))
                mine = self._keys.get(key_id)
                if mine is None:
                    return
                if current is None or (mine.info.created_at, key_id) >= (
                    current.info.created_at,
                    current.info.id,
                ):
                    self._active[owner] = key_id

        event.listen(session, "after_commit", promote, once=True)

    def _caller_session(self) -> Session | None:
        session = current_session()
        if session is not None and session.get_bind() is self.engine:
            return session
        return None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """The caller's session, else a short transaction of our own; never autoflushing
        (a key is read or made half-way through the caller's building of a row)."""
        session = self._caller_session()
        if session is not None:
            with session.no_autoflush:
                yield session
            return
        with transaction(self.engine) as session, session.no_autoflush:
            yield session


def _owner_is(owner: str | None):  # type: ignore[no-untyped-def]
    return col(DataKey.owner).is_(None) if owner is None else col(DataKey.owner) == owner
