"""The stages a message goes through: accept, understand, propose, book, send.

Each stage loads what it needs, computes without I/O inside a transaction, performs its
one external side effect (calendar write, SMTP send) with a deterministic key, then
commits its results together with the next job (see docs/architecture.md).
"""
