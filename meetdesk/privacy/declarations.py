"""How a column declares what it stores, and reading those declarations back.

A declaration lives in the column's SQLAlchemy ``info`` (which no migration or schema
comparison looks at), written next to the column in ``meetdesk.store.models`` with
:func:`operations` or :func:`personal`. An encrypted JSON document declares the
categories of its keys (``fields``), or names the dataclass that does (``document``,
``"module:Class"`` with a ``PRIVACY`` mapping beside its fields), so the data map reaches
inside encrypted values too.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, MetaData

INFO_KEY = "privacy"
SEALED_BY, INSTALLATION = "sealed_by", "installation"
# ``__table_args__`` of a table of the installation's own records (legal holds, requests,
# the ledger, incidents): sealed under the installation's key whatever customer a row
# names, so they outlive that customer's keys (``meetdesk.privacy.sealed``).
INSTALLATION_RECORD: dict[str, Any] = {"info": {SEALED_BY: INSTALLATION}}


@dataclass(frozen=True)
class Declaration:
    """What one column holds: categories, whose data, and why."""

    categories: tuple[str, ...]
    subjects: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Stored:
    """One category found in one place: ``table.column`` or ``table.column (key)``."""

    category: str
    table: str
    column: str
    key: str | None
    subjects: tuple[str, ...]
    purposes: tuple[str, ...]

    @property
    def where(self) -> str:
        place = f"{self.table}.{self.column}"
        return f"{place} ({self.key})" if self.key else place


def operations() -> dict[str, Any]:
    """``sa_column_kwargs`` for a column of ids, states, counters or times."""
    return {"info": {INFO_KEY: {"categories": ("system.operations",)}}}


def personal(
    *categories: str,
    subjects: tuple[str, ...],
    purposes: tuple[str, ...] = ("scheduling",),
    fields: Mapping[str, tuple[str, ...]] | None = None,
    document: str | None = None,
) -> dict[str, Any]:
    """``sa_column_kwargs`` for a column of personal data.

    ``fields`` maps the keys of an encrypted JSON document to their categories;
    ``document`` names the dataclass whose ``PRIVACY`` mapping does. The column's own
    categories then default to every category its document holds.
    """
    entry: dict[str, Any] = {"subjects": subjects, "purposes": purposes}
    if fields is not None:
        entry["fields"] = dict(fields)
    if document is not None:
        entry["document"] = document
    entry["categories"] = categories
    return {"info": {INFO_KEY: entry}}


def document_fields(path: str) -> dict[str, tuple[str, ...]]:
    """The ``PRIVACY`` mapping of a document dataclass named ``module:Class``."""
    module, _, name = path.partition(":")
    mapping: dict[str, tuple[str, ...]] = getattr(importlib.import_module(module), name).PRIVACY
    return dict(mapping)


def declaration(column: Column[Any]) -> Declaration | None:
    """A column's declaration, or None when it has none (a bug the tests catch)."""
    entry = column.info.get(INFO_KEY)
    if entry is None:
        return None
    fields: dict[str, tuple[str, ...]] = dict(entry.get("fields", {}))
    if "document" in entry:
        fields.update(document_fields(entry["document"]))
    categories = tuple(entry["categories"]) or tuple(
        dict.fromkeys(c for cats in fields.values() for c in cats)
    )
    return Declaration(
        categories=categories,
        subjects=tuple(entry.get("subjects", ())),
        purposes=tuple(entry.get("purposes", ())),
        fields=fields,
    )


def undeclared(metadata: MetaData) -> list[str]:
    """``table.column`` of every column without a declaration."""
    return [
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if declaration(column) is None
    ]


def stored(metadata: MetaData) -> Iterator[Stored]:
    """Every (category, place) pair the declared tables hold, documents' keys included."""
    for table in metadata.sorted_tables:
        for column in table.columns:
            decl = declaration(column)
            if decl is None:
                continue
            if decl.fields:
                for key, categories in decl.fields.items():
                    for category in categories:
                        yield Stored(
                            category, table.name, column.name, key, decl.subjects, decl.purposes
                        )
            else:
                for category in decl.categories:
                    yield Stored(
                        category, table.name, column.name, None, decl.subjects, decl.purposes
                    )
