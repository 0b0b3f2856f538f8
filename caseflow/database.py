"""Engine set-up: SQLite pragmas and write-safe transactions, PostgreSQL as is."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

#: Whether the current unit of work may write. Requests that only read (GET without the
#: `writes_on_get` mark) open SQLite transactions with a plain BEGIN, so WAL readers never
#: queue behind writers; everything else (forms, API writes, CLI, scripts) takes the write
#: lock up front with BEGIN IMMEDIATE.
WRITE_INTENT: ContextVar[bool] = ContextVar("caseflow_write_intent", default=True)


def writes_on_get(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a GET view that writes (e.g. an audited download) so it takes the write lock."""
    view.writes_on_get = True  # type: ignore[attr-defined]
    return view


def default_sqlite_url(instance_path: str) -> str:
    """Return the URL of the SQLite file in the instance folder."""
    return "sqlite:///" + str(Path(instance_path) / "caseflow.db")


def normalise_url(url: str) -> str:
    """Make plain postgres:// URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def configure_engine(engine: Engine) -> None:
    """Turn on WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE for SQLite engines."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions lose updates).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        # A write lock up front for anything that may write: concurrent read-modify-write
        # transactions wait instead of failing or silently losing updates.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")


def insert_if_absent(session: Session, model: Any, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on the unique `keys`, safe under concurrent writers.

    On PostgreSQL a racing insert of the same key waits for the other transaction and then
    does nothing, so the caller's following SELECT finds the committed row instead of
    failing with a unique violation.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))
