"""Statutory dates through the API, extensions, pauses, the sweep and the calendar page."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.deadlines.models import Notification
from caseflow.extensions import db
from tests.cases.test_api_transitions import fire
from tests.factories import open_case_via_api, user


def clocks(case: dict) -> dict:
    return {(d["kind"], d.get("party")): d for d in case["deadlines"]}


def _accepted(client, api, received_on="2026-09-28", on="2026-09-30", **kw):
    case = open_case_via_api(client, api("370982001-officer"), received_on=received_on, **kw)
    return fire(client, api("370982-officer"), case, "accept", on=on,
                data={"conditions_confirmed": True})


def test_adjudication_dates_across_national_day(client, api):
    case = open_case_via_api(client, api("370982001-officer"), received_on="2026-09-28")
    acceptance = clocks(case)[("acceptance", None)]
    assert acceptance["due_on"] == "2026-10-10"  # make-up Saturday counts
    assert "国庆节" in acceptance["basis"] and acceptance["status"] == "missed"
    case = fire(client, api("370982-officer"), case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})
    c = clocks(case)
    assert c[("acceptance", None)]["status"] == "met"
    assert c[("serve_copy", None)]["due_on"] == "2026-10-13"
    assert c[("closure", None)]["due_on"] == "2026-12-30"
    assert c[("closure", None)]["status"] == "running"
    case = fire(client, api("370982-officer"), case, "serve_request", on="2026-10-12")
    c = clocks(case)
    assert c[("serve_copy", None)]["status"] == "met"
    assert c[("reply", None)]["due_on"] == "2026-10-27"


def test_suspension_pauses_and_extends_the_closure_clock(client, api):
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = _accepted(client, api)
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, supervisor, case, "suspend", on="2026-11-02", note="被请求人已提出无效宣告请求。",
                data={"ground": "invalidation"})
    assert clocks(case)[("closure", None)]["status"] == "paused"
    case = fire(client, officer, case, "resume", on="2026-11-12")
    closure = clocks(case)[("closure", None)]
    assert closure["due_on"] == "2027-01-11"  # 12-30 + 10 days = 01-09 (Sat), rolled
    assert closure["provisional"] is True and "中止10天" in closure["basis"]


def test_extension_once_then_409(client, api):
    case = _accepted(client, api)
    supervisor = api("370982-supervisor")
    url = f"/api/v1/cases/{case['id']}/actions/extend"
    r = client.post(url, headers=api("370982-officer"), json={"reason": "案情复杂"})
    assert r.status_code == 403
    r = client.post(url, headers=supervisor, json={"reason": "案情复杂，需技术比对。",
                                                   "on": "2026-11-20"})
    assert r.status_code == 200, r.get_json()
    closure = clocks(r.get_json())[("closure", None)]
    assert closure["due_on"] == "2027-02-01" and closure["provisional"] is True
    assert "延长1个月" in closure["basis"]
    again = client.post(url, headers=supervisor, json={"reason": "再延长"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_extended"


def test_per_party_appeal_clocks(client, api):
    officer = api("370982-officer")
    case = _accepted(client, api)
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    case = fire(client, officer, case, "submit_decision", on="2026-11-02")
    case = fire(client, api("370982-supervisor"), case, "approve_decision", on="2026-11-16",
                data={"outcome": "no_infringement"})
    req, resp = case["requesters"][0]["id"], case["respondents"][0]["id"]
    case = fire(client, officer, case, "close", on="2026-11-20", data={"receipts": [
        {"party": req, "received_on": "2026-11-18"},
        {"party": resp, "received_on": "2026-11-20"}]})
    c = clocks(case)
    assert c[("appeal", req)]["due_on"] == "2026-12-03"
    assert c[("appeal", resp)]["due_on"] == "2026-12-07"  # 12-05 is a Saturday
    assert c[("closure", None)]["status"] == "met"


def test_mediation_dates(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None, received_on="2026-10-08")
    case = fire(client, mediator, case, "serve_request", on="2026-10-09")
    assert clocks(case)[("statement", None)]["due_on"] == "2026-10-26"
    case = fire(client, mediator, case, "respondent_consents", on="2026-10-15")
    assert clocks(case)[("mediation_filing", None)]["due_on"] == "2026-10-22"
    case = fire(client, mediator, case, "file", on="2026-10-16")
    assert clocks(case)[("mediation", None)]["due_on"] == "2026-12-16"
    r = client.post(f"/api/v1/cases/{case['id']}/actions/extend_mediation", headers=mediator,
                    json={"days": 10, "consents": {"requester": True}})
    assert r.status_code == 422 and "consents" in r.get_json()["error"]["fields"]
    r = client.post(f"/api/v1/cases/{case['id']}/actions/extend_mediation", headers=mediator,
                    json={"days": 10, "consents": {"requester": True, "respondent": True}})
    assert clocks(r.get_json())[("mediation", None)]["due_on"] == "2026-12-28"  # 12-26 Sat


def test_court_entrusted_periods(client, api):
    mediator = api("370982-mediator")
    for procedure, due in (("simple", "2026-11-09"), ("ordinary", "2026-11-17")):
        case = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                                 intake_unit=None, confirm_duplicate=True,
                                 court={"name": "泰安市中级人民法院", "procedure": procedure,
                                        "case_number": f"(2026)鲁09民初{len(procedure)}号"})
        case = fire(client, mediator, case, "sign_for", on="2026-11-02")
        assert clocks(case)[("mediation", None)]["due_on"] == due


def _notes(username: str) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(
        Notification.user_id == user(username).id).order_by(Notification.id)))


def test_sweep_marks_exactly_the_missed_ones_and_is_idempotent(app, client, api):
    county = api("370982-officer")  # taken in by the handling unit itself: nothing to sign for
    for received in ("2026-11-10", "2026-11-20", "2026-11-24"):
        open_case_via_api(client, county, received_on=received, confirm_duplicate=True,
                          intake_unit=None)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sweep", "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert "1 newly missed" in result.output and "1 escalations" in result.output
    assert "1 reminders" in result.output
    assert sorted(_notes("370982-supervisor")) == ["due_soon", "escalation", "missed"]
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "notification_created", AuditEvent.actor == "system"))
    assert events == 3
    again = runner.invoke(args=["sweep", "--as-of", "2026-11-25"])
    assert "0 reminders, 0 newly missed, 0 escalations" in again.output
    assert len(_notes("370982-supervisor")) == 3
    bad = runner.invoke(args=["sweep", "--as-of", "25/11/2026"])
    assert bad.exit_code != 0


def test_calendar_page_2027_holiday_moves_dates_and_clears_provisional(client, api, login):
    case = _accepted(client, api, received_on="2026-11-19", on="2026-11-20")
    closure = clocks(case)[("closure", None)]
    assert closure["due_on"] == "2027-02-22" and closure["provisional"] is True
    admin = login("admin")
    r = admin.post("/admin/calendar", data={
        "day-day": "2027-02-22", "day-kind": "rest", "day-name": "春节",
        "day-notice": "国办发明电〔2026〕X号", "day-year_complete": "y", "day-submit": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    after = client.get(f"/api/v1/cases/{case['id']}", headers=api("370982-officer")).get_json()
    closure = clocks(after)[("closure", None)]
    assert closure["due_on"] == "2027-02-23" and closure["provisional"] is False
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor == "admin")))
    assert {"calendar_day_set", "calendar_year_loaded"} <= actions


def test_calendar_page_refuses_bad_input(app, login):
    admin = login("admin")
    r = admin.post("/admin/calendar", data={"day-day": "2027-02-30", "day-kind": "rest",
                                            "day-notice": "", "day-submit": "1"})
    assert r.status_code == 422
    other = app.test_client()
    other.post("/login", data={"username": "370982-supervisor", "password": "caseflow-demo"})
    assert other.get("/admin/calendar").status_code == 403


def test_due_lists_and_inbox_pages(app, client, api, login):
    open_case_via_api(client, api("370982-officer"), received_on="2026-11-10", intake_unit=None)
    app.test_cli_runner().invoke(args=["sweep", "--as-of", "2026-11-25"])
    page = login("370982-supervisor").get("/deadlines?mine=0&window=overdue")
    assert page.status_code == 200 and "受理审查期限" in page.get_data(as_text=True)
    inbox = client.get("/notifications").get_data(as_text=True)
    assert "已逾期" in inbox and 'id="unread-count"' in inbox
    listing = client.get("/api/v1/notifications", headers=api("370982-supervisor")).get_json()
    assert listing["unread"] == 2 and listing["total"] == 2
    client.post("/notifications/read")
    assert client.get("/api/v1/notifications",
                      headers=api("370982-supervisor")).get_json()["unread"] == 0
