"""Three-tier routing: proposals, moves, signing, assignment, recusal, assist, scope."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db
from caseflow.routing.models import Entrustment, UserConflict
from tests.factories import open_case_via_api, unit, user


def route(client, headers, case, **body):
    body.setdefault("version", case["version"])
    return client.post(f"/api/v1/cases/{case['id']}/routing", json=body, headers=headers)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_design_request_at_station_is_proposed_to_the_entrusted_county(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    assert case["handling_unit"]["code"] == "370982"
    intake = _events("intake")[0]
    reasons = " ".join(__import__("json").loads(intake.data)["routing_reasons"])
    assert "新泰市局受泰安市局委托办理外观设计纠纷（委托书 2025-01-01 至 2027-12-31" in reasons
    assert case["signed_for"] is False


def test_expired_entrustment_or_escalation_flag_sends_it_to_the_city(client, api):
    entrustment = db.session.scalar(select(Entrustment).where(
        Entrustment.to_unit_id == unit("370982").id))
    entrustment.valid_to = date(2026, 6, 30)
    db.session.commit()
    expired = open_case_via_api(client, api("370982001-officer"))
    assert expired["handling_unit"]["code"] == "370900"
    early = open_case_via_api(client, api("370982001-officer"), received_on="2026-06-30",
                              confirm_duplicate=True)
    assert early["handling_unit"]["code"] == "370982"
    for flag in ({"major": True}, {"foreign_party": True}, {"claim_amount": 9_000_000}):
        flagged = open_case_via_api(client, api("370983001-officer"), intake_unit="370983001",
                                    confirm_duplicate=True, **flag)
        assert flagged["handling_unit"]["code"] == "370900", flag


def test_officer_may_override_the_proposal_with_a_reason_but_never_to_a_station(client, api):
    headers = api("370982001-officer")
    r = client.post("/api/v1/cases", headers=headers, json={
        **__import__("tests.factories", fromlist=["x"]).intake_payload(),
        "handling_unit": "370982001", "routing_reason": "所里熟悉情况"})
    assert r.status_code == 422 and "handling_unit" in r.get_json()["error"]["fields"]
    r = client.post("/api/v1/cases", headers=headers, json={
        **__import__("tests.factories", fromlist=["x"]).intake_payload(),
        "handling_unit": "370900"})
    assert r.status_code == 422 and "routing_reason" in r.get_json()["error"]["fields"]


def test_refer_up_then_delegate_then_sign_for_with_scope_at_each_step(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    county, city = api("370982-officer"), api("370900-supervisor")
    other_station, other_county = api("370902001-officer"), api("370902-officer")
    assert route(client, api("370982001-officer"), case, action="refer_up",
                 reason="x").status_code == 403
    case = route(client, county, case, action="sign_for").get_json()
    assert case["signed_for"] is True
    r = route(client, county, case, action="refer_up", reason="案情重大，报请市局办理。",
              on="2026-09-29")
    assert r.status_code == 200, r.get_json()
    case = r.get_json()
    assert case["handling_unit"]["code"] == "370900" and case["signed_for"] is False
    # the county keeps read access but can no longer act; others gain nothing
    assert client.get(f"/api/v1/cases/{case['id']}", headers=county).status_code == 200
    assert client.get(f"/api/v1/cases/{case['id']}", headers=county).get_json()[
        "allowed_transitions"] == []
    for outsider in (other_station, other_county):
        assert client.get(f"/api/v1/cases/{case['id']}", headers=outsider).status_code == 404
    r = route(client, city, case, action="delegate", to_unit="370982001", reason="交所办理")
    assert r.status_code == 403
    r = route(client, city, case, action="delegate", to_unit="370902", reason="交泰山区局办理",
              on="2026-09-30")
    assert r.status_code == 200, r.get_json()
    case = r.get_json()
    assert case["handling_unit"]["code"] == "370902"
    assert client.get(f"/api/v1/cases/{case['id']}", headers=other_county).status_code == 200
    case = route(client, other_county, case, action="sign_for").get_json()
    assert case["signed_for"] is True
    moves = [(e.action, e.data) for e in _events("refer_up") + _events("delegate")]
    assert all("reason" in d for _, d in moves) and len(moves) == 2


def test_delegation_needs_a_valid_entrustment(client, api):
    case = open_case_via_api(client, api("370982001-officer"),
                             patent={"number": "200680018223.4", "title": "方法"})
    assert case["handling_unit"]["code"] == "370900"
    r = route(client, api("370900-supervisor"), case, action="delegate", to_unit="370982",
              reason="交新泰")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "no_entrustment"


def test_transfer_between_counties(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    county = api("370982-officer")
    r = route(client, county, case, action="transfer", to_unit="370983", reason="侵权行为地在肥城")
    assert r.status_code == 200 and r.get_json()["handling_unit"]["code"] == "370983"
    r = route(client, api("370983-officer"), r.get_json(), action="transfer",
              to_unit="370983001", reason="x")
    assert r.status_code == 422


def test_assignment_team_conflicts_and_recusal(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    supervisor = api("370982-supervisor")
    r = route(client, supervisor, case, action="assign", to_user="370982-officer")
    assert r.status_code == 422 and "team" in r.get_json()["error"]["fields"]
    db.session.add(UserConflict(user_id=user("370982-mediator").id, name="王五", note="亲属"))
    db.session.commit()
    r = route(client, supervisor, case, action="assign", to_user="370982-officer",
              team=["370982-mediator", "370982-supervisor"])
    assert r.status_code == 409 and "王五" in r.get_json()["error"]["message"]
    db.session.query(UserConflict).delete()
    db.session.commit()
    r = route(client, supervisor, case, action="assign", to_user="370982-officer",
              team=["370982-mediator", "370982-supervisor"])
    assert r.status_code == 200 and r.get_json()["assignee"] == {"username": "370982-officer"}
    case = r.get_json()
    r = client.post(f"/api/v1/cases/{case['id']}/recusal", headers=api("370982-officer"),
                    json={"reason": "与请求人代理人系同学。"})
    assert r.status_code == 200 and r.get_json()["assignee"] is None
    r = route(client, supervisor, r.get_json(), action="assign", to_user="370982-officer",
              team=["370982-mediator", "370982-supervisor"])
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "conflict_of_interest"


def test_suggestion_picks_the_least_loaded(client, api):
    case = open_case_via_api(client, api("370982-mediator"), workflow="prelitigation_mediation",
                             intake_unit=None)
    r = client.get(f"/api/v1/cases/{case['id']}/assignee-suggestion",
                   headers=api("370982-supervisor"))
    assert r.get_json()["username"] == "370982-mediator"
    r = route(client, api("370982-supervisor"), case, action="assign", to_user="auto")
    assert r.status_code == 200 and r.get_json()["assignee"]["username"] == "370982-mediator"


def test_assist_task_gives_the_station_access_while_open(client, api):
    case = open_case_via_api(client, api("370902001-officer"), intake_unit="370902001")
    station = api("370902002-officer")
    assert client.get(f"/api/v1/cases/{case['id']}", headers=station).status_code == 404
    r = client.post(f"/api/v1/cases/{case['id']}/assist", headers=api("370902-officer"),
                    json={"to_unit": "370902002", "kind": "inspection",
                          "description": "请到被请求人店铺现场检查并拍照。", "due_on": "2026-12-01"})
    assert r.status_code == 201, r.get_json()
    task = r.get_json()
    assert client.get(f"/api/v1/cases/{case['id']}", headers=station).status_code == 200
    r = client.post(f"/api/v1/assist/{task['id']}", headers=station,
                    json={"outcome": "done", "note": "已检查，拍照 12 张。"})
    assert r.status_code == 200 and r.get_json()["status"] == "done"
    assert client.get(f"/api/v1/cases/{case['id']}", headers=station).status_code == 404


@pytest.mark.parametrize("action", ["refer_up", "transfer"])
def test_moves_need_a_reason(client, api, action):
    case = open_case_via_api(client, api("370982001-officer"))
    r = route(client, api("370982-officer"), case, action=action, to_unit="370983")
    assert r.status_code == 422 and "reason" in r.get_json()["error"]["fields"]


def test_unsigned_transfer_escalates_after_two_working_days(app, client, api):
    case = open_case_via_api(client, api("370982001-officer"), received_on="2026-11-18")
    route(client, api("370982-officer"), case, action="sign_for")
    case = client.get(f"/api/v1/cases/{case['id']}", headers=api("370982-officer")).get_json()
    route(client, api("370982-officer"), case, action="transfer", to_unit="370983",
          reason="管辖", on="2026-11-19")
    runner = app.test_cli_runner()
    runner.invoke(args=["sweep", "--as-of", "2026-11-23"])
    from caseflow.deadlines.models import Notification

    def unsigned() -> int:
        return len(db.session.scalars(select(Notification).where(
            Notification.kind == "unsigned")).all())

    assert unsigned() == 0  # 11-20 and 11-23 are the two working days
    runner.invoke(args=["sweep", "--as-of", "2026-11-24"])
    assert unsigned() == 1
    note = db.session.scalar(select(Notification).where(Notification.kind == "unsigned"))
    assert note.user_id == user("370983-supervisor").id


def test_review_fixes_recusal_closed_cases_other_trees_and_auto_team(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    station = api("370982001-officer")
    r = client.post(f"/api/v1/cases/{case['id']}/recusal", headers=station,
                    json={"reason": "x"})
    assert r.status_code == 403  # the intake station may read the case, not withdraw from it
    officer = api("370982-officer")
    assert client.post(f"/api/v1/cases/{case['id']}/recusal", headers=officer,
                       json={"reason": "亲属关系"}).status_code == 200
    again = client.post(f"/api/v1/cases/{case['id']}/recusal", headers=officer,
                        json={"reason": "亲属关系"})
    assert again.status_code == 409
    fresh = open_case_via_api(client, api("370983001-officer"), intake_unit="370983001",
                              confirm_duplicate=True)
    r = route(client, api("370983-supervisor"), fresh, action="assign", to_user="auto")
    assert r.status_code == 200, r.get_json()
    events = _events("assign")
    assert len(__import__("json").loads(events[-1].data)["team"]) == 3
    closed = fire_reject(client, api, open_case_via_api(
        client, api("370921001-officer"), intake_unit="370921001", confirm_duplicate=True))
    r = route(client, api("370921-supervisor"), closed, action="assign", to_user="auto")
    assert r.status_code == 409
    r = client.post(f"/api/v1/cases/{closed['id']}/assist", headers=api("370921-officer"),
                    json={"to_unit": "370921001", "kind": "service", "description": "送达",
                          "due_on": "2026-12-01"})
    assert r.status_code == 409


def fire_reject(client, api, case):  # type: ignore[no-untyped-def]
    from tests.cases.test_api_transitions import fire

    return fire(client, api("370921-officer"), case, "reject", on="2026-09-29", note="不属管辖")
