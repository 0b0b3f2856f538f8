"""The preferences page, the admin's mail address field and the outbox page with its retry."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.notifications.models import OutboxMail
from tests.cases.test_views import _signed_in
from tests.factories import user
from tests.notifications.test_delivery import _queue


def _dead_mail() -> tuple[int, str]:
    """Queue one mail, dead-lettered; return its id and Message-ID."""
    _queue(1)
    mail = db.session.scalar(select(OutboxMail))
    mail.status, mail.attempts, mail.last_error = "dead", 8, "421 service not available"
    found = mail.id, mail.message_id
    db.session.commit()
    return found


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action)) or 0


def test_a_user_turns_mail_kinds_off_and_chooses_english(app, login):
    client = login("370982-officer")
    page = client.get("/me/notifications").get_data(as_text=True)
    assert "370982-officer@demo.caseflow.local" in page and 'checked' in page
    r = client.post("/me/notifications", data={"language": "en", "approvals": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    me = user("370982-officer")
    assert (me.language, me.mail_reminders, me.mail_assignments, me.mail_approvals) == \
        ("en", False, False, True)
    assert _events("mail_preferences_changed") == 1
    r = client.post("/me/notifications", data={"language": "fr"})
    assert r.status_code == 422 and user("370982-officer").language == "en"


def test_the_admin_sets_a_validated_mail_address(app, login):
    client = login("admin")
    target = user("370982-officer")
    r = client.post(f"/admin/users/{target.id}/email", data={"email": "not an address"})
    assert r.status_code == 302
    db.session.expire_all()
    assert user("370982-officer").email == "370982-officer@demo.caseflow.local"
    assert "邮箱地址格式不正确" in client.get("/admin/users").get_data(as_text=True)
    r = client.post(f"/admin/users/{target.id}/email", data={"email": "Li.Ming@Bureau.Example"})
    db.session.expire_all()
    assert user("370982-officer").email == "Li.Ming@bureau.example"  # domain normalised
    assert _events("user_email_changed") == 1


def test_creating_a_user_refuses_a_bad_address(app, login):
    client = login("admin")
    form = {"username": "new-officer", "name": "新人", "role": "officer", "unit": "370982",
            "password": "a-long-enough-passphrase-42", "email": "nobody@"}
    r = client.post("/admin/users", data=form)
    assert r.status_code == 422 and user("new-officer") is None
    r = client.post("/admin/users", data={**form, "email": "new@bureau.example"})
    assert r.status_code == 302 and user("new-officer").email == "new@bureau.example"


def test_only_the_admin_sees_the_outbox_and_retries_a_dead_mail(app):
    mail_id, message_id = _dead_mail()
    supervisor = _signed_in(app, "370982-supervisor")
    assert supervisor.get("/admin/mail").status_code == 403
    assert supervisor.post(f"/admin/mail/{mail_id}/retry").status_code == 403
    client = _signed_in(app, "admin")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert str(escape(message_id)) in page and "421 service not available" in page
    assert 'id="mail-not-configured"' not in page  # the test app has a server configured
    r = client.post(f"/admin/mail/{mail_id}/retry")
    assert r.status_code == 302
    db.session.expire_all()
    again = db.session.get(OutboxMail, mail_id)
    assert (again.status, again.attempts, again.message_id) == ("pending", 0, message_id)
    assert _events("mail_retried") == 1
    r = client.post(f"/admin/mail/{mail_id}/retry")  # not failed any more: refused, unchanged
    assert r.status_code == 302 and _events("mail_retried") == 1
    assert client.post("/admin/mail/999999/retry").status_code == 404


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": None, "WTF_CSRF_ENABLED": True}])
def test_no_server_is_shown_as_not_configured_and_retry_needs_csrf(app, client):
    mail_id, _message_id = _dead_mail()
    page = client.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"username": "admin", "password": "caseflow-demo",
                                    "csrf_token": token})
    assert r.status_code == 302
    page = client.get("/admin/mail").get_data(as_text=True)
    assert 'id="mail-not-configured"' in page
    assert client.post(f"/admin/mail/{mail_id}/retry").status_code == 400  # no CSRF token
    db.session.expire_all()
    assert db.session.get(OutboxMail, mail_id).status == "dead"
