"""Reads never queue behind a writer: GET requests do not take the write lock."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def test_get_requests_answer_while_another_transaction_holds_the_write_lock(app, client, api):
    headers = api("370982-officer")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    other = create_engine(url, isolation_level="AUTOCOMMIT")
    with other.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the writer's lock
        else:
            conn.exec_driver_sql("BEGIN")
            conn.execute(text("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE"))
        try:
            for path in ("/api/v1/me", "/api/v1/cases", "/api/v1/units"):
                assert client.get(path, headers=headers).status_code == 200
        finally:
            conn.exec_driver_sql("ROLLBACK")
    other.dispose()
