"""Dates that make sense: each refused date order is a 422 naming the field and the earlier act,
through the API and the case page's forms, and writes nothing (today is pinned to 2026-11-25)."""

from __future__ import annotations

import pytest

from tests.cases.test_api_transitions import fire, mediating
from tests.factories import open_case_via_api, written

OFFICER, SUPERVISOR = "370982-officer", "370982-supervisor"




def _refused(client, headers, case, trigger, *, on=None, data=None, field="on"):  # type: ignore[no-untyped-def]
    before = written(case["id"])
    body = fire(client, headers, case, trigger, on=on, data=data, status=422)
    assert body["error"]["code"] == "validation_failed"
    assert field in body["error"]["fields"], body
    assert written(case["id"]) == before
    return body["error"]["fields"][field]


def _filed(client, api):  # type: ignore[no-untyped-def]
    case = open_case_via_api(client, api("370982001-officer"))  # received 2026-09-28
    return fire(client, api(OFFICER), case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})


def _investigating(client, api):  # type: ignore[no-untyped-def]
    officer = api(OFFICER)
    case = fire(client, officer, _filed(client, api), "serve_request", on="2026-10-12")
    return fire(client, officer, case, "start_investigation", on="2026-10-21",
                data={"reply_received_on": "2026-10-20"})


def test_on_never_after_today_nor_before_the_request(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    ok = {"conditions_confirmed": True}
    assert "2026-11-25" in _refused(client, api(OFFICER), case, "accept", on="2026-11-26", data=ok)
    assert "收件日期（2026-09-28）" in _refused(client, api(OFFICER), case, "accept",
                                           on="2026-09-27", data=ok)


def test_an_act_never_precedes_the_act_it_follows(client, api):
    case = _filed(client, api)
    message = _refused(client, api(OFFICER), case, "serve_request", on="2026-09-29")
    assert message == "行为日期（2026-09-29）不能早于前一办理行为“受理立案”的日期（2026-09-30）。"
    assert fire(client, api(OFFICER), case, "serve_request", on="2026-09-30")["status"] == \
        "awaiting_reply"  # the same day is fine


def test_a_reply_is_not_received_before_the_request_was_served(client, api):
    officer = api(OFFICER)
    case = fire(client, officer, _filed(client, api), "serve_request", on="2026-10-12")
    message = _refused(client, officer, case, "start_investigation", on="2026-10-21",
                       data={"reply_received_on": "2026-10-11"}, field="reply_received_on")
    assert "答辩书收到日期（2026-10-11）" in message and "“送达请求书副本”" in message


def test_hearing_dates_planned_in_the_future_noticed_in_the_past(client, api):
    officer = api(OFFICER)
    case = _investigating(client, api)
    # a notice cannot be received in the future, nor before the hearing was scheduled
    message = _refused(client, officer, case, "schedule_hearing", on="2026-11-20",
                       data={"hearing_on": "2026-12-10", "notice_received_on": "2026-11-26"},
                       field="notice_received_on")
    assert "当事人收到通知日期（2026-11-26）不能晚于今天" in message
    _refused(client, officer, case, "schedule_hearing", on="2026-11-20",
             data={"hearing_on": "2026-12-10", "notice_received_on": "2026-11-19"},
             field="notice_received_on")
    # a hearing is not planned for a day before it was scheduled
    message = _refused(client, officer, case, "schedule_hearing", on="2026-11-20",
                       data={"hearing_on": "2026-11-19", "notice_received_on": "2026-11-20"},
                       field="hearing_on")
    assert "口头审理日期（2026-11-19）不能早于本次行为日期（2026-11-20）" in message
    case = fire(client, officer, case, "schedule_hearing", on="2026-11-20",
                data={"hearing_on": "2026-12-10", "notice_received_on": "2026-11-21"})
    assert case["status"] == "hearing_scheduled"  # a planned date may be in the future


def test_a_hearing_is_not_held_before_its_scheduled_date(client, api):
    officer = api(OFFICER)
    case = fire(client, officer, _investigating(client, api), "schedule_hearing",
                on="2026-10-22", data={"hearing_on": "2026-11-10",
                                       "notice_received_on": "2026-10-23"})
    message = _refused(client, officer, case, "hold_hearing", on="2026-11-09",
                       data={"record": "到庭"})
    assert message == ("行为日期（2026-11-09）不能早于“安排口头审理”确定的口头审理日期（2026-11-10）。")
    _refused(client, officer, case, "requester_absent", on="2026-11-09")
    assert fire(client, officer, case, "hold_hearing", on="2026-11-10",
                data={"record": "到庭"})["status"] == "decision_pending"


def test_receipts_not_before_the_decision_nor_in_the_future(client, api):
    officer = api(OFFICER)
    case = fire(client, officer, _investigating(client, api), "submit_decision", on="2026-11-02")
    case = fire(client, api(SUPERVISOR), case, "approve_decision", on="2026-11-16",
                data={"outcome": "infringement"})
    parties = [p["id"] for p in case["requesters"] + case["respondents"]]
    early = [{"party": p, "received_on": d} for p, d in zip(parties, ["2026-11-18", "2026-11-15"],
                                                             strict=True)]
    message = _refused(client, officer, case, "close", on="2026-11-20",
                       data={"receipts": early}, field="receipts")
    assert "送达日期（2026-11-15）" in message and "“批准处理决定”" in message
    late = [{"party": p, "received_on": "2026-11-26"} for p in parties]
    _refused(client, officer, case, "close", data={"receipts": late}, field="receipts")


def test_an_agreement_takes_effect_neither_in_the_future_nor_before_filing(client, api):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None)
    case = mediating(client, mediator, case)  # filed 2026-10-16
    _refused(client, mediator, case, "reach_agreement", on="2026-11-02", field="effective_on",
             data={"effective_on": "2026-11-30", "subject": "damages"})
    message = _refused(client, mediator, case, "reach_agreement", on="2026-11-02",
                       field="effective_on",
                       data={"effective_on": "2026-10-15", "subject": "damages"})
    assert "“立案”" in message


def test_extension_and_routing_never_precede_the_act_they_follow(client, api):
    case = _filed(client, api)
    before = written(case["id"])
    r = client.post(f"/api/v1/cases/{case['id']}/actions/extend", headers=api(SUPERVISOR),
                    json={"reason": "案情复杂", "on": "2026-09-29", "version": case["version"]})
    assert r.status_code == 422 and "“受理立案”" in r.get_json()["error"]["fields"]["on"]
    r = client.post(f"/api/v1/cases/{case['id']}/routing", headers=api(OFFICER),
                    json={"action": "refer_up", "reason": "重大案件", "on": "2026-09-29"})
    assert r.status_code == 422 and "“受理立案”" in r.get_json()["error"]["fields"]["on"]
    assert written(case["id"]) == before


def test_signing_for_never_precedes_the_move(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    r = client.post(f"/api/v1/cases/{case['id']}/routing", headers=api(OFFICER),
                    json={"action": "refer_up", "reason": "重大案件", "on": "2026-10-10"})
    assert r.status_code == 200, r.get_json()
    before = written(case["id"])
    r = client.post(f"/api/v1/cases/{case['id']}/routing", headers=api("370900-officer"),
                    json={"action": "sign_for", "on": "2026-10-09"})
    assert r.status_code == 422, r.get_json()
    assert "“移送办案单位”的日期（2026-10-10）" in r.get_json()["error"]["fields"]["on"]
    assert written(case["id"]) == before


def test_refusal_reads_in_english(client, api):
    case = _filed(client, api)
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    message = _refused(client, api(OFFICER), case, "serve_request", on="2026-09-29")
    assert message == ("The date of the act (2026-09-29) cannot be before the date of the "
                       "previous act “Accept and file” (2026-09-30).")


@pytest.mark.parametrize(("trigger", "form", "field", "text"), [
    ("serve_request", {"on": "2026-09-29"}, "on", "“受理立案”的日期（2026-09-30）"),
    ("serve_request", {"on": "2026-11-26"}, "on", "不能晚于今天"),
])
def test_the_case_page_form_refuses_and_writes_nothing(client, api, login, trigger, form,
                                                       field, text):
    case = _filed(client, api)
    login(OFFICER)
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/actions/{trigger}",
                    data=dict(form, version=case["version"]))
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert text in page and f'data-error-for="{field}"' in page
    assert written(case["id"]) == before


def test_the_case_page_refuses_a_hearing_held_early(client, api, login):
    officer = api(OFFICER)
    case = fire(client, officer, _investigating(client, api), "schedule_hearing",
                on="2026-10-22", data={"hearing_on": "2026-11-10",
                                       "notice_received_on": "2026-10-23"})
    login(OFFICER)
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/actions/hold_hearing",
                    data={"on": "2026-11-09", "record": "到庭", "version": case["version"]})
    assert r.status_code == 422
    assert "“安排口头审理”确定的口头审理日期（2026-11-10）" in r.get_data(as_text=True)
    assert written(case["id"]) == before
