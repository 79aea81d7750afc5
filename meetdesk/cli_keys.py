"""``meetdesk keys list|rotate|reencrypt|shred``: the data keys and the master key.

``list`` shows every data key (id, owner, use, state, master id, times), never key
material. ``rotate`` makes a new master key and re-wraps every data key under it while
the daemon keeps running, then retires the old master. ``rotate --data`` retires the
data keys (everyone's, or one customer's with ``--customer``) and queues the background
re-encryption, which destroys the old keys once nothing uses them; ``reencrypt`` runs
that work in the foreground instead. ``shred EMAIL --yes`` destroys a customer's data
keys (crypto-shredding, audited) and rotates the master so that backups taken before
cannot bring the data back.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from meetdesk.errors import ConfigError, CryptoError
from meetdesk.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from meetdesk.privacy.crypto import Cipher
    from meetdesk.privacy.keyring import Keyring


def add_arguments(keys: argparse.ArgumentParser) -> None:
    sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    lst = sub.add_parser("list", help="list the data keys (no key material)")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    rotate = sub.add_parser(
        "rotate", help="new master key, re-wrapping every data key (or --data: new data keys)"
    )
    rotate.add_argument(
        "--data", action="store_true", help="retire the data keys and re-encrypt in the background"
    )
    rotate.add_argument(
        "--customer", metavar="EMAIL", help="with --data: only this customer's data keys"
    )
    sub.add_parser("reencrypt", help="run the re-encryption now instead of in the daemon")
    shred = sub.add_parser("shred", help="destroy a customer's data keys: their data is gone")
    shred.add_argument("email", metavar="CUSTOMER_EMAIL")
    shred.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")


def keys_command(settings: Settings, args: argparse.Namespace) -> int:
    from meetdesk.store.opening import open_store

    if args.keys_command == "rotate" and args.customer and not args.data:
        raise ConfigError("--customer goes with --data (the master key is everyone's)")
    if args.keys_command == "shred" and not args.yes:
        raise ConfigError(
            f"shredding {args.email} destroys their data for good; add --yes to confirm"
        )
    engine, cipher = open_store(settings)
    try:
        if args.keys_command == "list":
            return _list(engine, cipher, as_json=args.json)
        if args.keys_command == "rotate" and args.data:
            return _rotate_data(engine, cipher, args.customer)
        if args.keys_command == "rotate":
            return _rotate_master(engine, cipher)
        if args.keys_command == "reencrypt":
            return _reencrypt(engine, cipher)
        return _shred(engine, cipher, args.email)
    finally:
        engine.dispose()


def _list(engine: Engine, cipher: Cipher, *, as_json: bool) -> int:
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        keys = _keyring(cipher).keys(session)
    for k in keys:
        fields = {
            "id": k.id,
            "owner": k.owner,
            "use": k.use,
            "state": k.state,
            "master": k.master_id,
            "created_at": k.created_at.isoformat(),
            "retired_at": k.retired_at.isoformat() if k.retired_at else None,
            "destroyed_at": k.destroyed_at.isoformat() if k.destroyed_at else None,
        }
        if as_json:
            print(json.dumps(fields))
        else:
            owner = k.owner or "installation"
            print(f"{k.id}  {k.use:<6} {k.state:<9} master={k.master_id}  owner={owner}")
    return 0


def _rotate_master(engine: Engine, cipher: Cipher) -> int:
    from meetdesk.privacy.rotation import rotate_master

    result = rotate_master(engine, _keyring(cipher))
    print(f"master key {result.master_id}: {result.rewrapped} data keys re-wrapped")
    for master in result.retired:
        if result.forgotten:
            print(f"retired master key {master}")
        else:
            print(f"master key {master} is no longer used: remove it from the provider")
    return 0


def _rotate_data(engine: Engine, cipher: Cipher, email: str | None) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.reencrypt import rotate_data_keys
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        owner = _customer_id(session, cipher, email) if email else None
        retired = rotate_data_keys(
            session, cipher, now=SystemClock().now(), owner=owner, everyone=email is None
        )
    print(
        f"retired {len(retired)} data keys; new values use new keys and the daemon "
        "re-encrypts the rest in the background (or run `meetdesk keys reencrypt`)"
    )
    return 0


def _reencrypt(engine: Engine, cipher: Cipher) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.reencrypt import finish_rotation, reencrypt_pass
    from meetdesk.store.engine import transaction

    tally = reencrypt_pass(engine, cipher)
    with transaction(engine) as session:
        destroyed = finish_rotation(
            session, cipher, now=SystemClock().now(), resealed=tally.resealed
        )
    print(
        f"re-encrypted {tally.resealed} values ({tally.skipped} under destroyed keys left "
        f"as they are); destroyed {len(destroyed)} retired data keys"
    )
    return 0


def _shred(engine: Engine, cipher: Cipher, email: str) -> int:
    from meetdesk.clock import SystemClock
    from meetdesk.privacy.rotation import retire_after_shredding
    from meetdesk.privacy.shredding import shred_customer
    from meetdesk.store.engine import transaction

    with transaction(engine) as session:
        customer_id = _customer_id(session, cipher, email)
        destroyed = shred_customer(session, cipher, customer_id, SystemClock().now())
    print(f"destroyed {len(destroyed)} data keys of customer {customer_id}")
    done, line = retire_after_shredding(engine, _keyring(cipher))
    print(line, file=sys.stdout if done else sys.stderr)
    return 0


def _customer_id(session: Session, cipher: Cipher, email: str) -> str:
    from sqlmodel import col, select

    from meetdesk.store.models import Customer

    found = session.exec(
        select(Customer.id).where(col(Customer.email_index) == cipher.address_index(email))
    ).first()
    if found is None:
        raise ConfigError(f"no customer with the address {email}")
    return str(found)


def _keyring(cipher: Cipher) -> Keyring:
    if cipher.keyring is None:
        raise CryptoError("the store was opened without its data keys")
    return cipher.keyring
