"""Engine set-up: SQLite pragmas and write-safe transactions, PostgreSQL as is."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event


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
        # A write lock up front: concurrent read-modify-write transactions wait instead of
        # failing or silently losing updates.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
