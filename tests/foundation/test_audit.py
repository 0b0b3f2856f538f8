"""The append-only, hash-chained audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent
from caseflow.extensions import db


def test_seed_events_form_a_valid_chain(app):
    verdict = audit.verify_chain()
    assert verdict.ok and verdict.events_checked > 40
    assert verdict.first_bad_seq is None


def test_record_lands_only_with_its_transaction(app):
    before = audit.verify_chain().events_checked
    audit.record("probe", actor_name="t", data={"x": 1})
    db.session.rollback()
    assert audit.verify_chain().events_checked == before
    audit.record("probe", actor_name="t", data={"x": 1})
    db.session.commit()
    assert audit.verify_chain().events_checked == before + 1


def test_update_and_delete_fail_at_the_database(app):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET action = 'x' WHERE seq = 1"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("DELETE FROM audit_events WHERE seq = 1"))
    db.session.rollback()
    assert audit.verify_chain().ok


def _tamper(seq: int, sql: str) -> None:
    """Edit a row by hand, going around the triggers as a rogue DBA would."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        conn.exec_driver_sql(sql)
    else:
        conn.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
        conn.exec_driver_sql(sql)
        conn.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change")
    db.session.commit()


def test_editing_data_by_hand_is_reported_at_that_row(app, client, api):
    events = audit.verify_chain().events_checked
    _tamper(7, "UPDATE audit_events SET data = '{\"user\":\"mallory\"}' WHERE seq = 7")
    verdict = audit.verify_chain()
    assert not verdict.ok and verdict.first_bad_seq == 7
    body = client.get("/api/v1/audit/verify", headers=api("370900-supervisor")).get_json()
    assert body["ok"] is False and body["first_bad_seq"] == 7
    assert body["events_checked"] >= 6
    assert events > 7


def test_cli_verify(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "OK" in result.output
    _tamper(3, "UPDATE audit_events SET actor = 'x' WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "seq 3" in result.output


def test_verify_api_is_for_supervisors_and_admins(client, api):
    assert client.get("/api/v1/audit/verify", headers=api("370982-officer")).status_code == 403
    body = client.get("/api/v1/audit/verify", headers=api("admin")).get_json()
    assert body["ok"] is True and len(body["head_hash"]) == 64


def test_event_rows_carry_who_what_when(app, login):
    login("370982-officer")
    event = db.session.query(AuditEvent).filter_by(action="login").one()
    assert event.actor == "370982-officer" and event.unit_code == "370982"
    assert event.at is not None and len(event.hash) == 64


def test_parallel_verification_agrees_with_the_sequential_one(app):
    from caseflow.audit.parallel import verify_parallel

    for i in range(30):
        audit.record("probe", actor_name="t", data={"i": i})
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    sequential = audit.verify_chain()
    parallel = verify_parallel(url, 3)
    assert parallel == sequential and parallel.ok
    _tamper(40, "UPDATE audit_events SET data = '{\"i\":999}' WHERE seq = 40")
    broken = verify_parallel(url, 3)
    assert not broken.ok and broken.first_bad_seq == 40 == audit.verify_chain().first_bad_seq
    result = app.test_cli_runner().invoke(args=["audit", "verify", "--jobs", "2"])
    assert result.exit_code == 1 and "seq 40" in result.output
