"""Where sealed values live and whose they are, read from the models' metadata.

Re-encryption and crypto-shredding must reach every encrypted column, including
tables added after this module was written, so nothing here lists tables by hand: a
sealed column is a ``LargeBinary`` column named ``*_enc``, its associated data is
``table.<name without _enc>.<primary key>`` (the convention every call site follows),
and a row's owner (the customer whose data key seals it) is found the same way for
every table:

- the ``customer`` table: the row itself;
- a ``customer_id`` column: that customer (``legal_hold``, ``hold``, ``conversation``...);
- otherwise a ``conversation_id`` column: that conversation's customer;
- otherwise, or when those are empty: the installation (owner None).

A table whose ``info`` says ``sealed_by = "installation"`` (``INSTALLATION_RECORD`` in
``meetdesk.privacy.declarations``)
is always the installation's, whatever customer it names: legal holds, data-subject
requests, the recipient ledger, the breach register are the records of what was done
with a customer's data, and must stay readable after that customer's keys are destroyed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, LargeBinary, Table, exists, func, null, select
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlmodel import Session, SQLModel

import meetdesk.store.models  # noqa: F401  (every table registered in the metadata)
from meetdesk.privacy.declarations import INSTALLATION, SEALED_BY

SUFFIX = "_enc"


@dataclass(frozen=True)
class SealedTable:
    """A table with sealed columns, and how to find each row's owner."""

    table: Table
    key: Column[Any]
    columns: tuple[Column[Any], ...]

    @property
    def name(self) -> str:
        return self.table.name

    def aad_column(self, column: Column[Any]) -> str:
        return column.name.removesuffix(SUFFIX)

    def _source(self) -> tuple[FromClause, ColumnElement[Any], ColumnElement[Any] | None]:
        """(FROM clause, owner expression, conversation id expression)."""
        t = self.table
        conversation = SQLModel.metadata.tables["conversation"].alias("owner_conversation")
        if t.info.get(SEALED_BY) == INSTALLATION:
            return t, null(), None
        if t.name == "customer":
            return t, t.c.id, None
        conversation_ref = t.c.get("conversation_id")
        if t.name == "conversation":
            return t, t.c.customer_id, t.c.id
        if conversation_ref is None:
            alone: ColumnElement[Any] = t.c.customer_id if "customer_id" in t.c else null()
            return t, alone, None
        joined = t.outerjoin(conversation, conversation.c.id == conversation_ref)
        owner: ColumnElement[Any] = conversation.c.customer_id
        if "customer_id" in t.c:
            owner = func.coalesce(t.c.customer_id, conversation.c.customer_id)
        return joined, owner, conversation_ref

    def rows(
        self,
        *,
        after: Any = None,
        limit: int | None = None,
        owner: str | None = None,
        conversation_id: str | None = None,
    ) -> Select[Any]:
        """Primary key, owner and every sealed column, in key order."""
        source, owner_expr, conversation_expr = self._source()
        query = (
            select(self.key, owner_expr.label("owner"), *self.columns)
            .select_from(source)
            .order_by(self.key)
        )
        if after is not None:
            query = query.where(self.key > after)
        if owner is not None:
            query = query.where(owner_expr == owner)
        if conversation_id is not None:
            if conversation_expr is None:
                query = query.where(False)  # type: ignore[arg-type]
            else:
                query = query.where(conversation_expr == conversation_id)
        if limit is not None:
            query = query.limit(limit)
        return query


def sealed_tables() -> list[SealedTable]:
    """Every table holding sealed values, in dependency order."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = tuple(
            c for c in table.columns if c.name.endswith(SUFFIX) and isinstance(c.type, LargeBinary)
        )
        keys = list(table.primary_key.columns)
        if columns and len(keys) == 1:
            found.append(SealedTable(table, keys[0], columns))
    return found


def sealed_columns() -> Iterator[tuple[SealedTable, Column[Any]]]:
    for sealed in sealed_tables():
        for column in sealed.columns:
            yield sealed, column


def has_sealed_values(session: Session) -> bool:
    """Whether any sealed table has a row (a database written before data keys)."""
    return any(session.scalar(select(exists().select_from(s.table))) for s in sealed_tables())
