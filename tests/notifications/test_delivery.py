"""The worker against a real SMTP server: retries with backoff, crashes, concurrent workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.notifications import delivery
from caseflow.notifications.delivery import deliver_due
from caseflow.notifications.models import OutboxMail
from caseflow.notifications.services import _message_id
from caseflow.timeutil import utcnow
from tests.factories import user


def _queue(n: int) -> list[str]:
    """Queue n mails to the county supervisor; return their Message-IDs."""
    to = user("370982-supervisor")
    rows = [OutboxMail(user_id=to.id, kind="case_routed", to_address=to.email,
                       subject=f"案件 {i} 已移送", body=f"第 {i} 封\n.\n以点开头的行", status="pending",
                       message_id=_message_id(), next_attempt_at=utcnow())
            for i in range(n)]
    db.session.add_all(rows)
    ids = [r.message_id for r in rows]
    db.session.commit()
    return ids


def _statuses() -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(select(OutboxMail.status, func.count())
                                   .group_by(OutboxMail.status)).tuples().all())


class Crash(BaseException):
    """The worker process dying: nothing in the worker catches it."""


def test_the_message_is_sent_as_written(app, smtp_server):
    ids = _queue(1)
    assert deliver_due().sent == 1
    received = smtp_server.recorder.messages[0]
    assert received["Message-ID"] == ids[0] and received["From"] == "caseflow@bureau.example"
    assert received.get_content().replace("\r\n", "\n") == "第 0 封\n.\n以点开头的行\n"  # dot-stuffing undone
    mail = db.session.scalar(select(OutboxMail))
    assert mail.status == "sent" and mail.accepted_at is not None
    assert mail.server_reply.startswith("250 2.0.0 Ok")


def test_server_stopped_mid_delivery_retries_with_backoff_and_delivers_once(
        app, smtp_server, monkeypatch):
    ids = _queue(5)
    sent: list[int] = []

    def _stop_after_two(point: str, mail_id: int) -> None:
        if point == "accepted":
            sent.append(mail_id)
            if len(sent) == 2:
                smtp_server.stop()

    monkeypatch.setattr(delivery, "checkpoint", _stop_after_two)
    now = utcnow()
    report = deliver_due(now)
    assert (report.sent, report.failed) == (2, 3), str(report)
    failed = list(db.session.scalars(select(OutboxMail).where(OutboxMail.status == "failed")))
    assert {m.attempts for m in failed} == {1}
    assert all(m.next_attempt_at == now + timedelta(seconds=60) for m in failed)
    assert all(m.last_error for m in failed)
    # still down at the next attempt: the wait doubles
    later = now + timedelta(seconds=61)
    assert deliver_due(later).failed == 3
    db.session.expire_all()
    assert {m.next_attempt_at for m in db.session.scalars(
        select(OutboxMail).where(OutboxMail.status == "failed"))} == {later + timedelta(seconds=120)}
    assert deliver_due(later + timedelta(seconds=60)).claimed == 0  # not yet due
    smtp_server.start()
    report = deliver_due(later + timedelta(seconds=121))
    assert report.sent == 3, str(report)
    assert smtp_server.recorder.by_message_id() == {i: 1 for i in ids}
    assert _statuses() == {"sent": 5}


def test_after_max_attempts_a_mail_is_dead_lettered(app, smtp_server):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    _queue(1)
    smtp_server.stop()
    now = utcnow()
    assert deliver_due(now).failed == 1
    assert deliver_due(now + timedelta(hours=1)).dead == 1
    assert _statuses() == {"dead": 1}


@pytest.mark.parametrize("point", ["claimed", "handed_over", "accepted"])
def test_a_worker_killed_mid_delivery_never_sends_twice_and_loses_nothing_it_can_know(
        app, smtp_server, monkeypatch, point):
    ids = _queue(3)

    seen: list[int] = []

    def _die_on_second(at: str, mail_id: int) -> None:
        if at == point:
            seen.append(mail_id)
            if len(seen) == 2:
                raise Crash(at)

    monkeypatch.setattr(delivery, "checkpoint", _die_on_second)
    now = utcnow()
    with pytest.raises(Crash):
        deliver_due(now)
    db.session.rollback()  # the process is gone: its session with it
    monkeypatch.setattr(delivery, "checkpoint", lambda at, mail_id: None)
    # a restarted worker before the lease expires leaves the claimed rows alone
    assert deliver_due(now + timedelta(seconds=10)).sent == 0
    report = deliver_due(now + timedelta(seconds=301))
    counts = smtp_server.recorder.by_message_id()
    assert all(counts[i] <= 1 for i in ids)  # never twice at the server
    if point == "claimed":  # died before DATA: re-sent, same Message-ID, exactly once
        assert counts == {i: 1 for i in ids} and _statuses() == {"sent": 3}
    elif point == "accepted":  # the server has it; the row says "unknown", not re-sent
        assert counts == {i: 1 for i in ids} and report.unknown == 1
        assert _statuses() == {"sent": 2, "dead": 1}
    else:  # died after handing over, before the final "." reached the server
        assert sum(counts.values()) == 2 and report.unknown == 1
        assert _statuses() == {"sent": 2, "dead": 1}
    dead = db.session.scalar(select(OutboxMail).where(OutboxMail.status == "dead"))
    if dead is not None:
        assert dead.last_error.startswith("outcome unknown")


def test_no_mail_server_keeps_mail_in_the_outbox(app, smtp_server):
    app.config["MAIL_SERVER"] = None
    _queue(2)
    report = deliver_due()
    assert not report.configured and report.waiting == 2 and report.claimed == 0
    assert str(report) == "mail not configured: 2 due mail kept in the outbox"
    assert _statuses() == {"pending": 2}


def test_two_workers_deliver_500_mails_exactly_once(app, smtp_server):
    ids = _queue(500)
    app.config["MAIL_BATCH"] = 20
    reports = []
    errors: list[BaseException] = []

    def _worker() -> None:
        try:
            with app.app_context():
                reports.append(deliver_due())
                db.session.remove()
        except BaseException as err:  # noqa: BLE001  (reported by the test below)
            errors.append(err)

    threads = [threading.Thread(target=_worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert smtp_server.recorder.by_message_id() == {i: 1 for i in ids}
    assert sum(r.sent for r in reports) == 500
    if db.engine.dialect.name == "postgresql":  # both took part (SKIP LOCKED, no waiting)
        assert all(r.sent > 0 for r in reports), [str(r) for r in reports]
    assert _statuses() == {"sent": 500}


def test_the_deliver_command_sends_what_is_due_and_exits(app, smtp_server):
    ids = _queue(2)
    result = app.test_cli_runner().invoke(args=["deliver", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    assert smtp_server.recorder.by_message_id() == {i: 1 for i in ids}
    app.config["MAIL_SERVER"] = ""
    result = app.test_cli_runner().invoke(args=["deliver", "--once"])
    assert result.exit_code == 0 and "mail not configured" in result.output
