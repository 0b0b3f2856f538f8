"""Changes that notify: who receives mail, in which language, and nothing from a rolled-back act."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.deadlines.models import Notification
from caseflow.extensions import db
from caseflow.notifications.delivery import deliver_due
from caseflow.notifications.models import OutboxMail
from tests.cases.test_approvals import _filed_case
from tests.cases.test_views import _act, _api_case, _case, _signed_in

COUNTY_STAFF = {"370982-officer", "370982-officer2", "370982-officer3", "370982-supervisor"}


def _address(username: str) -> str:
    return f"{username}@demo.caseflow.local"


def _outbox() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(OutboxMail)) or 0


def test_a_station_intake_mails_the_county_officers_and_supervisor_once_each(app, smtp_server):
    case = _api_case(app)  # taken in at a 新泰市 station, handled by the 新泰市 county bureau
    report = deliver_due()
    assert report.sent == len(COUNTY_STAFF), str(report)
    received = {m["To"] for m in smtp_server.recorder.messages}
    assert received == {_address(u) for u in COUNTY_STAFF}  # not the mediator, not the station
    assert all(len(smtp_server.recorder.to(_address(u))) == 1 for u in COUNTY_STAFF)
    mail = smtp_server.recorder.to(_address("370982-supervisor"))[0]
    assert case["receipt_number"] in mail["Subject"]
    assert f"https://caseflow.example/cases/{case['id']}" in mail.get_content()
    assert mail["Message-ID"] == db.session.scalar(
        select(OutboxMail.message_id).where(OutboxMail.to_address == mail["To"]))
    # the in-app inbox got the same event, for the same people
    inbox = set(db.session.scalars(select(User.username).join(
        Notification, Notification.user_id == User.id).where(Notification.case_id == case["id"])))
    assert inbox == COUNTY_STAFF
    assert deliver_due().sent == 0  # nothing twice


def test_mail_is_written_in_the_recipients_language(app, smtp_server):
    db.session.scalar(select(User).where(User.username == "370982-officer2")).language = "en"
    db.session.commit()
    case = _api_case(app)
    deliver_due()
    english = smtp_server.recorder.to(_address("370982-officer2"))[0]
    chinese = smtp_server.recorder.to(_address("370982-officer"))[0]
    assert english["Subject"].startswith(f"Case {case['receipt_number']}")
    assert chinese["Subject"].startswith(f"案件 {case['receipt_number']}")


def test_a_user_who_turned_off_assignment_mail_gets_only_the_inbox_entry(app, smtp_server):
    client = _signed_in(app, "370982-officer3")
    r = client.post("/me/notifications", data={"language": "zh_Hans_CN", "reminders": "y",
                                               "approvals": "y"})
    assert r.status_code == 302
    _api_case(app)
    deliver_due()
    assert not smtp_server.recorder.to(_address("370982-officer3"))
    assert len(smtp_server.recorder.messages) == len(COUNTY_STAFF) - 1
    assert db.session.scalar(select(func.count()).select_from(Notification).join(
        User, User.id == Notification.user_id).where(User.username == "370982-officer3")) == 1


def test_a_refused_intake_writes_no_mail_and_no_notification(app, smtp_server):
    client = app.test_client()
    r = client.post("/api/v1/auth/token",
                    json={"username": "370982001-officer", "password": "caseflow-demo"})
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    from tests.factories import intake_payload

    # valid up to the very end, refused by the duplicate check after routing: rolled back
    assert client.post("/api/v1/cases", json=intake_payload(), headers=headers).status_code == 201
    before = _outbox()
    r = client.post("/api/v1/cases", json=intake_payload(), headers=headers)
    assert r.status_code == 409
    assert _outbox() == before


def test_a_rolled_back_action_sends_nothing(app, smtp_server, monkeypatch):
    from caseflow.cases import services

    real = services.recompute_clocks

    def _fail(*_args, **_kwargs):  # the last step of open_case fails after notify ran
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "recompute_clocks", _fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    r = client.post("/api/v1/auth/token",
                    json={"username": "370982001-officer", "password": "caseflow-demo"})
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    from tests.factories import intake_payload

    r = client.post("/api/v1/cases", headers=headers, json=intake_payload())
    assert r.status_code == 500
    assert deliver_due().claimed == 0
    assert smtp_server.recorder.messages == []
    assert _outbox() == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    # the same request, not failing, writes them
    monkeypatch.setattr(services, "recompute_clocks", real)
    assert client.post("/api/v1/cases", headers=headers, json=intake_payload()).status_code == 201
    assert deliver_due().sent == len(COUNTY_STAFF)


def test_a_decision_awaiting_approval_mails_exactly_the_supervisors_who_may_approve(
        app, smtp_server):
    case_id = _filed_case(app)
    _case(case_id).assignee = db.session.scalar(
        select(User).where(User.username == "370982-officer2"))
    db.session.commit()
    deliver_due()
    smtp_server.recorder.messages.clear()
    r = _act(_signed_in(app, "370982-officer"), case_id, "submit_decision", on="2026-11-20")
    assert r.status_code == 302
    assert deliver_due().sent == 2
    # the county's supervisor and the city's (the unit above); not another county's
    assert {m["To"] for m in smtp_server.recorder.messages} == {
        _address("370982-supervisor"), _address("370900-supervisor")}
    number = _case(case_id).number
    assert all(number in m["Subject"] for m in smtp_server.recorder.messages)
    # returned: the lead hears of it
    smtp_server.recorder.messages.clear()
    r = _act(_signed_in(app, "370982-supervisor"), case_id, "return_decision",
             on="2026-11-23", note="请补充证据分析。")
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    deliver_due()
    assert [m["To"] for m in smtp_server.recorder.messages] == [_address("370982-officer2")]
    assert "退回" in smtp_server.recorder.messages[0]["Subject"]
