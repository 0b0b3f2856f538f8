"""A party's recusal application (Art. 5): pending blocks the person challenged, granted unseats a
panel member and blocks every transition until the panel is complete, refused changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import RecusalApplication
from caseflow.extensions import db
from tests.cases.panel_workflow import PANEL_PIN, panel_workflows
from tests.cases.test_panel import FOURTH, LEAD, SECOND, THIRD, accept
from tests.factories import officers, open_case_via_api


@pytest.fixture
def app_config(tmp_path_factory):  # type: ignore[no-untyped-def]
    return {"WORKFLOWS_DIR": str(panel_workflows(tmp_path_factory.mktemp("wf"))),
            "WORKFLOW_VERSIONS": PANEL_PIN}


@pytest.fixture
def filed(app, client, api):  # type: ignore[no-untyped-def]
    """An adjudication filed on 2026-09-30 with the panel officer, officer2, officer3."""
    officers("370982", 4)
    db.session.commit()
    case = open_case_via_api(client, api("370982001-officer"))
    return accept(client, api("370982-officer"), case, panel_names=[LEAD, SECOND, THIRD])


def _apply(client, headers, case, *, status=201, **body):
    payload = {"party": case["respondents"][0]["id"], "target_role": "panel_member",
               "target": SECOND, "grounds": "该合议组成员系被请求人的近亲属。", "on": "2026-09-30"}
    payload.update(body)
    r = client.post(f"/api/v1/cases/{case['id']}/recusals", json=payload, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _decide(client, headers, case, rid, granted, *, status=200, on="2026-10-09", **body):
    r = client.post(f"/api/v1/cases/{case['id']}/recusals/{rid}/decision",
                    json={"granted": granted, "on": on, **body}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _fire(client, headers, case, trigger="serve_request", on="2026-10-12", status=200):
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=headers,
                    json={"trigger": trigger, "on": on})
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _count(case_id: int) -> tuple[int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.case_id == case_id)),
            db.session.scalar(select(func.count()).select_from(RecusalApplication)
                              .where(RecusalApplication.case_id == case_id)))


def _deadline(case, kind):
    return next(d for d in case["deadlines"] if d["kind"] == kind)


def test_pending_blocks_the_person_challenged_and_granted_unseats_until_the_panel_is_whole(
        client, api, filed):
    officer, second = api(LEAD), api(SECOND)
    out = _apply(client, officer, filed)
    assert out["recusal"]["status"] == "pending" and out["recusal"]["target"] == SECOND
    assert out["recusals"] == [out["recusal"]]
    # the 2019 guide's 3 working days from 2026-09-30: 10-08, 10-09, the make-up Saturday 10-10
    decision = _deadline(out, "recusal_decision")
    assert decision["due_on"] == "2026-10-10" and decision["status"] in ("running", "missed")
    assert decision["party"] == filed["respondents"][0]["id"]
    # the person challenged can do nothing on the case; the others can
    refused = _fire(client, second, filed, status=409)
    assert refused["error"]["code"] == "recused_pending"
    seen = client.get(f"/api/v1/cases/{filed['id']}", headers=second).get_json()
    serve = next(a for a in seen["available_actions"] if a["name"] == "serve_request")
    assert not serve["available"] and serve["why_not_code"] == "recused_pending"
    assert seen["allowed_transitions"] == []
    for name in ("refer_up", "assist", "correct"):  # routing and the case file too
        act = next(a for a in seen["available_actions"] if a["name"] == name)
        assert (act["available"], act["why_not_code"]) == (False, "recused_pending"), act
    declare = next(a for a in seen["available_actions"] if a["name"] == "recusal")
    assert declare["available"]  # withdrawing of one's own accord stays open
    r = client.patch(f"/api/v1/cases/{filed['id']}", headers=second,
                     json={"summary": "改", "reason": "笔误"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "recused_pending"
    # the supervisor grants: SECOND leaves the panel, every transition waits for a whole panel
    sup = api("370982-supervisor")
    out = _decide(client, sup, filed, out["recusal"]["id"], True, note="理由成立")
    assert [m["username"] for m in out["panel"]] == [LEAD, THIRD]
    assert out["recusals"][0]["status"] == "granted"
    assert out["recusals"][0]["decided_by"] == "370982-supervisor"
    assert _deadline(out, "recusal_decision")["status"] == "met"
    blocked = _fire(client, officer, filed, status=409)
    assert blocked["error"]["code"] == "panel_incomplete"
    # the recused member cannot be named again; a whole panel lets the case go on
    again = client.put(f"/api/v1/cases/{filed['id']}/panel", headers=sup,
                       json={"panel": [LEAD, THIRD, SECOND], "reason": "补足"})
    assert again.status_code == 422
    assert "已决定回避本案" in again.get_json()["error"]["fields"]["panel"]
    r = client.put(f"/api/v1/cases/{filed['id']}/panel", headers=sup,
                   json={"panel": [LEAD, THIRD, FOURTH], "reason": "回避后补足合议组",
                         "on": "2026-10-09"})
    assert r.status_code == 200, r.get_json()
    assert _fire(client, officer, filed)["status"] == "awaiting_reply"
    events = client.get(f"/api/v1/cases/{filed['id']}/events", headers=sup).get_json()
    assert [e["action"] for e in events if e["action"].startswith(("recusal", "panel"))] == [
        "panel_named", "recusal_applied", "recusal_decided", "panel_changed"]
    decided = next(e for e in events if e["action"] == "recusal_decided")
    assert decided["data"]["removed_from_panel"] is True and decided["data"]["granted"] is True
    assert verify_chain().ok


def test_a_refused_application_changes_nothing_else(client, api, filed):
    out = _apply(client, api(LEAD), filed)
    before = client.get(f"/api/v1/cases/{filed['id']}", headers=api(LEAD)).get_json()
    out = _decide(client, api("370900-supervisor"), filed, out["recusal"]["id"], False,
                  note="理由不成立")
    assert out["recusals"][0]["status"] == "refused"
    assert out["panel"] == before["panel"]
    assert _fire(client, api(SECOND), filed)["status"] == "awaiting_reply"
    again = _decide(client, api("370982-supervisor"), filed, out["recusals"][0]["id"], True,
                    status=409)
    assert again["error"]["code"] == "no_pending_recusal"


def test_a_person_who_is_not_a_user_may_be_challenged(client, api, filed):
    out = _apply(client, api(LEAD), filed, target_role="interpreter", target=None,
                 target_name="张译")
    assert out["recusal"]["target"] is None and out["recusal"]["target_name"] == "张译"
    out = _decide(client, api("370982-supervisor"), filed, out["recusal"]["id"], True)
    assert len(out["panel"]) == 3  # no panel member was concerned
    assert _fire(client, api(LEAD), filed)["status"] == "awaiting_reply"


def test_recusal_refusals_write_nothing(client, api, filed):
    officer = api(LEAD)
    before = _count(filed["id"])
    bad = [({"party": 999999}, "party"), ({"target_role": "judge"}, "target_role"),
           ({"target": THIRD, "grounds": " "}, "grounds"), ({"target": FOURTH}, "target"),
           ({"target_role": "clerk", "target": None, "target_name": None}, "target_name"),
           ({"on": "2026-09-01"}, "on")]
    for body, field in bad:
        r = _apply(client, officer, filed, status=422, **body)
        assert field in r["error"]["fields"], (body, r)
    assert _apply(client, api("370982-mediator"), filed, status=403)
    assert _apply(client, api("370983-officer"), filed, status=404)
    assert _apply(client, api("370900-officer"), filed, status=403)  # not of the handling unit
    assert _count(filed["id"]) == before
    out = _apply(client, officer, filed)
    rid = out["recusal"]["id"]
    before = _count(filed["id"])
    assert _apply(client, api(THIRD), filed, status=409)["error"]["code"] == "recusal_pending"
    _decide(client, officer, filed, rid, True, status=403)
    _decide(client, api("370983-supervisor"), filed, rid, True, status=404)
    assert set(_decide(client, api("370982-supervisor"), filed, rid, "yes",
                       status=422)["error"]["fields"]) == {"granted"}
    assert set(_decide(client, api("370982-supervisor"), filed, rid, True, on="2026-09-29",
                       status=422)["error"]["fields"]) == {"on"}
    r = client.post(f"/api/v1/cases/{filed['id']}/recusals/999999/decision",
                    json={"granted": True}, headers=api("370982-supervisor"))
    assert r.status_code == 404
    assert _count(filed["id"]) == before


def test_the_case_page_offers_the_recusal_forms_by_the_same_predicates(client, api, login,
                                                                       filed):
    page = login(LEAD).get(f"/cases/{filed['id']}").get_data(as_text=True)
    assert 'id="recusal-apply-form"' in page and 'id="recusal-decide-form"' not in page
    r = client.post(f"/cases/{filed['id']}/recusals", data={
        "party": str(filed["respondents"][0]["id"]), "target_role": "panel_member",
        "target": SECOND, "grounds": "近亲属", "on": "2026-09-30",
        "version": str(filed["version"])})
    assert r.status_code == 302
    page = client.get(f"/cases/{filed['id']}").get_data(as_text=True)
    assert "王五 申请 新泰市局执法员2（合议组成员）回避（第 " in page  # the history, by name
    assert "近亲属" in page.split('id="case-recusals"', 1)[1]
    client.post("/logout")
    sup = login("370982-supervisor").get(f"/cases/{filed['id']}").get_data(as_text=True)
    assert 'id="recusal-decide-form"' in sup and 'id="panel-form"' in sup
    client.post("/logout")
    second = login(SECOND).get(f"/cases/{filed['id']}").get_data(as_text=True)
    assert 'id="action-serve_request"' not in second
    assert "当事人已申请您回避" in second  # said among the acts not possible now
