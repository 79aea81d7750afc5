"""Durable state: SQLModel models, the engine, Alembic migrations and the job queue.

The same code serves SQLite (embedded default, WAL) and PostgreSQL (psycopg 3, any
number of daemons sharing the work).
"""
