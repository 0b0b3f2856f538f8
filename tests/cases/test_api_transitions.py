"""Driving each workflow through the API, and refusals that write nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.factories import open_case_via_api


def fire(client, headers, case, trigger, *, on=None, data=None, note=None, status=200):
    body = {"trigger": trigger, "version": case["version"], "data": data or {}}
    if on:
        body["on"] = on
    if note:
        body["note"] = note
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", json=body, headers=headers)
    assert r.status_code == status, (trigger, r.get_json())
    return r.get_json()


def test_adjudication_main_success_path(client, api):
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = open_case_via_api(client, api("370982001-officer"))
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})
    assert case["status"] == "filed"
    assert case["number"] == "新泰市监知裁〔2026〕1号"
    assert case["filed_on"] == "2026-09-30"
    assert any(w["code"] for w in case["warnings"])  # design patent without evaluation report
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, officer, case, "start_investigation", on="2026-10-21",
                data={"reply_received_on": "2026-10-20"})
    case = fire(client, officer, case, "schedule_hearing", on="2026-10-22",
                data={"hearing_on": "2026-11-10", "notice_received_on": "2026-10-23"})
    case = fire(client, officer, case, "hold_hearing", on="2026-11-10",
                data={"record": "双方到庭，质证完毕。"})
    assert case["status"] == "decision_pending"
    fire(client, officer, case, "approve_decision", data={"outcome": "infringement"}, status=403)
    case = fire(client, supervisor, case, "approve_decision", on="2026-11-16",
                data={"outcome": "infringement"})
    assert case["status"] == "decided"
    receipts = [{"party": p["id"], "received_on": "2026-11-18"}
                for p in case["requesters"] + case["respondents"]]
    case = fire(client, officer, case, "close", on="2026-11-20", data={"receipts": receipts})
    assert case["status"] == "closed" and case["closed_on"] == "2026-11-20"
    assert case["allowed_transitions"] == []
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer).get_json()
    assert [e["data"].get("trigger") for e in events][1:] == [
        "accept", "serve_request", "start_investigation", "schedule_hearing", "hold_hearing",
        "approve_decision", "close"]
    assert events[1]["on"] == "2026-09-30" and events[1]["from_status"] == "received"
    assert verify_chain().ok


def test_adjudication_failure_path_reject(client, api):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    fire(client, officer, case, "reject", status=422)
    case = fire(client, officer, case, "reject", on="2026-09-29", note="不属于本部门管辖。")
    assert case["status"] == "rejected" and case["allowed_transitions"] == []


def _count() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(AuditEvent)),
            db.session.scalar(select(Case.version).order_by(Case.id.desc()).limit(1)))


@pytest.mark.parametrize(("user", "body", "status", "code"), [
    ("370982-officer", {"trigger": "close"}, 409, "invalid_transition"),
    ("370982-officer", {"trigger": "fly"}, 409, "invalid_transition"),
    ("370982-mediator", {"trigger": "accept", "data": {"conditions_confirmed": True}}, 403,
     "role_not_allowed"),
    ("370982-officer", {"trigger": "accept", "version": 99,
                        "data": {"conditions_confirmed": True}}, 409, "stale_version"),
    ("370982-officer", {"trigger": "accept", "data": {}}, 422, "validation_failed"),
    ("370982-officer", {"trigger": "accept", "data": {"conditions_confirmed": True,
                                                      "court_action_filed": True}},
     422, "court_action_filed"),
    ("370982-officer", {"trigger": "accept", "on": "2030-01-01",
                        "data": {"conditions_confirmed": True}}, 422, "validation_failed"),
    ("370982001-officer", {"trigger": "accept", "data": {"conditions_confirmed": True}}, 403,
     "forbidden"),
])
def test_refusals_have_exact_codes_and_write_nothing(client, api, user, body, status, code):
    case = open_case_via_api(client, api("370982001-officer"))
    headers = api(user)
    before = _count()
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", json=body, headers=headers)
    assert r.status_code == status, r.get_json()
    assert r.get_json()["error"]["code"] == code
    assert _count() == before
    assert client.get(f"/api/v1/cases/{case['id']}",
                      headers=api("370982-officer")).get_json()["status"] == "received"


def test_start_investigation_waits_for_reply_or_its_deadline(client, api):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    r = fire(client, officer, case, "start_investigation", on="2026-10-20", status=409)
    assert r["error"]["code"] == "reply_pending"
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    assert case["status"] == "investigating"


def test_supervisor_return_needs_a_note(client, api):
    officer, supervisor = api("370982-officer"), api("370900-supervisor")
    case = open_case_via_api(client, api("370982001-officer"))
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    case = fire(client, officer, case, "submit_decision", on="2026-11-02")
    r = fire(client, supervisor, case, "return_decision", status=422)
    assert r["error"]["code"] == "note_required"
    case = fire(client, supervisor, case, "return_decision", note="事实不清，补充调查。")
    assert case["status"] == "investigating"


def mediating(client, mediator, case):  # type: ignore[no-untyped-def]
    """Serve, obtain consent and file a party-request mediation (dates in October 2026)."""
    case = fire(client, mediator, case, "serve_request", on="2026-10-09")
    case = fire(client, mediator, case, "respondent_consents", on="2026-10-15")
    return fire(client, mediator, case, "file", on="2026-10-16")


def test_prelitigation_party_request_to_judicial_confirmation(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None, source="party_request")
    assert case["status"] == "requested"
    case = mediating(client, mediator, case)
    assert case["number"] == "新泰市监知调〔2026〕1号"
    case = fire(client, mediator, case, "reach_agreement", on="2026-11-02",
                data={"effective_on": "2026-11-02", "subject": "damages", "amount": "30000"})
    case = fire(client, mediator, case, "apply_confirmation", on="2026-11-05",
                data={"court": "新泰市人民法院"})
    case = fire(client, mediator, case, "confirm", on="2026-11-12",
                data={"ruling_number": "(2026)鲁0982民特12号"})
    case = fire(client, mediator, case, "close", on="2026-11-13")
    assert case["status"] == "closed"
    assert verify_chain().ok


def test_ownership_agreement_cannot_go_to_confirmation(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None)
    case = mediating(client, mediator, case)
    case = fire(client, mediator, case, "reach_agreement", on="2026-11-02",
                data={"effective_on": "2026-11-02", "subject": "ownership"})
    r = fire(client, mediator, case, "apply_confirmation", data={"court": "x"}, status=422)
    assert r["error"]["code"] == "ownership_not_confirmable"


def test_prelitigation_failure_path_declined(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None)
    case = fire(client, mediator, case, "serve_request", on="2026-10-09")
    case = fire(client, mediator, case, "respondent_declines", on="2026-10-20")
    assert case["status"] == "not_opened"


def test_court_entrusted_paths(client, api):
    mediator = api("370982-mediator")
    court = {"name": "泰安市中级人民法院", "case_number": "(2026)鲁09民初123号",
             "procedure": "ordinary"}
    ok = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                           intake_unit=None, court=court)
    ok = fire(client, mediator, ok, "sign_for", on="2026-11-02")
    ok = fire(client, mediator, ok, "reach_agreement", on="2026-11-10",
              data={"effective_on": "2026-11-10", "subject": "damages", "amount": 5000})
    ok = fire(client, mediator, ok, "return_to_court", on="2026-11-11",
              data={"outcome": "agreement", "report": "双方达成协议。"})
    assert ok["status"] == "returned_to_court"
    failed = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                               intake_unit=None, court=court, confirm_duplicate=True)
    failed = fire(client, mediator, failed, "sign_for", on="2026-11-02")
    failed = fire(client, mediator, failed, "return_to_court", on="2026-11-09",
                  data={"outcome": "failed", "report": "调解不成。"})
    assert failed["status"] == "returned_to_court"
    assert verify_chain().ok


def test_return_to_court_only_for_court_linked(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None)
    case = mediating(client, mediator, case)
    r = fire(client, mediator, case, "return_to_court",
             data={"outcome": "failed", "report": "x"}, status=409)
    assert r["error"]["code"] == "wrong_source"


def test_close_needs_one_receipt_per_party_not_before_the_decision(client, api):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    case = fire(client, officer, case, "submit_decision", on="2026-11-02")
    case = fire(client, api("370982-supervisor"), case, "approve_decision", on="2026-11-16",
                data={"outcome": "infringement"})
    only_one = [{"party": case["requesters"][0]["id"], "received_on": "2026-11-18"}]
    r = fire(client, officer, case, "close", data={"receipts": only_one}, status=422)
    assert "receipts" in r["error"]["fields"]
    early = [{"party": p["id"], "received_on": "2026-11-10"}
             for p in case["requesters"] + case["respondents"]]
    r = fire(client, officer, case, "close", data={"receipts": early}, status=422)
    assert "早于" in r["error"]["fields"]["receipts"]
