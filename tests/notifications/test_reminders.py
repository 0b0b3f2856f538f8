"""The sweep's deadline reminders reach the mailbox of those who want reminders by mail."""

from __future__ import annotations

from caseflow.extensions import db
from caseflow.notifications.delivery import deliver_due
from tests.factories import open_case_via_api, user

SUPERVISOR = "370982-supervisor@demo.caseflow.local"


def _sweep(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["sweep", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output


def _cases(client, api) -> None:  # type: ignore[no-untyped-def]
    county = api("370982-officer")  # taken in by the handling unit itself: no routing mail
    for received in ("2026-11-10", "2026-11-20"):
        open_case_via_api(client, county, received_on=received, confirm_duplicate=True,
                          intake_unit=None)
    deliver_due()  # whatever the intake itself sent


def test_reminders_missed_deadlines_and_escalations_are_mailed_once(app, client, api,
                                                                     smtp_server):
    _cases(client, api)
    before = len(smtp_server.recorder.to(SUPERVISOR))
    _sweep(app)
    deliver_due()
    mails = smtp_server.recorder.to(SUPERVISOR)[before:]
    subjects = sorted(m["Subject"] for m in mails)
    assert len(mails) == 3, subjects  # due soon, missed, escalation (no assignee: supervisor)
    assert any("已逾期" in s for s in subjects) and any("督办" in s for s in subjects)
    assert all("/cases/" in m.get_content() for m in mails)
    _sweep(app)  # the sweep is idempotent, and so is its mail
    deliver_due()
    assert len(smtp_server.recorder.to(SUPERVISOR)) == before + 3


def test_reminder_mail_follows_the_language_and_the_preference(app, client, api, smtp_server):
    _cases(client, api)
    supervisor = user("370982-supervisor")
    supervisor.language = "en"
    db.session.commit()
    before = len(smtp_server.recorder.to(SUPERVISOR))
    _sweep(app)
    deliver_due()
    mails = smtp_server.recorder.to(SUPERVISOR)[before:]
    assert len(mails) == 3 and all("deadline" in m["Subject"] for m in mails), [
        m["Subject"] for m in mails]
    assert all("Open the case:" in m.get_content() for m in mails)


def test_no_reminder_mail_for_a_user_who_turned_reminders_off(app, client, api, smtp_server):
    _cases(client, api)
    supervisor = user("370982-supervisor")
    supervisor.mail_reminders = False
    db.session.commit()
    before = len(smtp_server.recorder.to(SUPERVISOR))
    _sweep(app)
    deliver_due()
    assert len(smtp_server.recorder.to(SUPERVISOR)) == before
    # the in-app inbox still has them
    from sqlalchemy import func, select

    from caseflow.deadlines.models import Notification
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == supervisor.id, Notification.kind.in_(
            ("due_soon", "missed", "escalation")))) == 3
