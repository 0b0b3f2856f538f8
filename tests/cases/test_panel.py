"""The panel (合议组, Art. 20): who may sit, naming it at filing, re-forming it by the API."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases import panel
from caseflow.cases.models import Case, PanelMember
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.routing.assignment import assign
from tests.cases.panel_workflow import PANEL_PIN, TEST_VERSION, panel_workflows
from tests.factories import officers, open_case_via_api, user


@pytest.fixture
def app_config(tmp_path_factory):  # type: ignore[no-untyped-def]
    return {"WORKFLOWS_DIR": str(panel_workflows(tmp_path_factory.mktemp("wf"))),
            "WORKFLOW_VERSIONS": PANEL_PIN}


ACCEPT = {"conditions_confirmed": True, "court_action_filed": False}


def accept(client, headers, case, *, panel_names=None, on="2026-09-30", status=200):
    data = dict(ACCEPT, **({"panel": panel_names} if panel_names is not None else {}))
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=headers,
                    json={"trigger": "accept", "on": on, "data": data,
                          "version": case["version"]})
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _rows(case_id: int) -> tuple[int, int, str]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.case_id == case_id)),
            db.session.scalar(select(func.count()).select_from(PanelMember)
                              .where(PanelMember.case_id == case_id)),
            db.session.scalar(select(Case.status).where(Case.id == case_id)))


def _case(case_id: int) -> Case:
    return db.session.get(Case, case_id)


@pytest.fixture
def case(app, client, api):  # type: ignore[no-untyped-def]
    officers("370982", 5)
    inactive = user("370982-officer5")
    inactive.active = False
    db.session.commit()
    body = open_case_via_api(client, api("370982001-officer"))
    assert body["workflow_version"] == TEST_VERSION
    return body


LEAD, SECOND, THIRD, FOURTH = ("370982-officer", "370982-officer2", "370982-officer3",
                               "370982-officer4")


@pytest.mark.parametrize(("names", "message"), [
    ([LEAD, SECOND], "合议组须由三名或者三名以上单数办案人员组成（现为 2 人）。"),
    ([LEAD, SECOND, THIRD, FOURTH], "合议组须由三名或者三名以上单数办案人员组成（现为 4 人）。"),
    ([LEAD, SECOND, SECOND], "合议组成员不能重复。"),
    ([LEAD, SECOND, "370983-officer"], "肥城市局执法员不是办案单位的执法人员，不能参加合议组。"),
    ([LEAD, SECOND, "370982-supervisor"], "新泰市局审核员不是办案单位的执法人员，不能参加合议组。"),
    ([LEAD, SECOND, "370982-mediator"], "新泰市局调解员不是办案单位的执法人员，不能参加合议组。"),
    ([LEAD, SECOND, "370982-officer5"], "用户 370982-officer5 不存在或已停用。"),
    ([LEAD, SECOND, "nobody"], "用户 nobody 不存在或已停用。"),
    ("370982-officer", "合议组须为用户名列表，第一位为承办人。"),
])
def test_check_panel_refuses(case, names, message):
    with pytest.raises(ValidationFailed) as err:
        panel.check_panel(_case(case["id"]), names)
    assert err.value.fields == {"panel": message}


def test_check_panel_keeps_the_order_the_first_leads(case):
    users = panel.check_panel(_case(case["id"]), [THIRD, LEAD, SECOND])
    assert [u.username for u in users] == [THIRD, LEAD, SECOND]
    five = panel.check_panel(_case(case["id"]), [LEAD, SECOND, THIRD, FOURTH,
                                                  officers("370982", 7)[5]])
    assert len(five) == 5


def test_accept_names_the_panel_with_an_audit_event_and_the_recusal_window(
        client, api, case):
    officer = api("370982-officer")
    body = accept(client, officer, case, panel_names=[SECOND, LEAD, THIRD], on="2026-09-30")
    assert body["status"] == "filed"
    assert body["panel"] == [
        {"username": SECOND, "name": "新泰市局执法员2", "lead": True},
        {"username": LEAD, "name": "新泰市局执法员", "lead": False},
        {"username": THIRD, "name": "新泰市局执法员3", "lead": False}]
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer).get_json()
    named = [e for e in events if e["action"] == "panel_named"]
    assert len(named) == 1 and named[0]["data"] == {"panel": [SECOND, LEAD, THIRD],
                                                    "lead": SECOND}
    assert named[0]["on"] == "2026-09-30" and named[0]["actor"] == LEAD
    # Art. 5: 3 working days from 2026-09-30: National Day 10-01..10-07 skipped, then
    # 10-08 (Thu), 10-09 (Fri) and the make-up Saturday 10-10 of the official calendar
    window = next(d for d in body["deadlines"] if d["kind"] == "recusal_window")
    assert window["due_on"] == "2026-10-10" and window["status"] == "info"
    assert verify_chain().ok


def test_the_recusal_window_from_2026_09_29_ends_on_10_09(client, api, case):
    body = accept(client, api("370982-officer"), case, panel_names=[LEAD, SECOND, THIRD],
                  on="2026-09-29")
    window = next(d for d in body["deadlines"] if d["kind"] == "recusal_window")
    assert window["due_on"] == "2026-10-09"  # 09-30, 10-08, 10-09


def test_a_bad_panel_refuses_the_whole_acceptance_and_writes_nothing(client, api, case):
    before = _rows(case["id"])
    body = accept(client, api("370982-officer"), case, panel_names=[LEAD, SECOND], status=422)
    assert body["error"]["fields"] == {"panel": "合议组须由三名或者三名以上单数办案人员组成（现为 2 人）。"}
    assert _rows(case["id"]) == before
    assert _case(case["id"]).number is None and _case(case["id"]).filed_on is None


def test_a_bad_panel_is_refused_in_english(client, api, case):
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=api("370982-officer"),
                    json={"trigger": "accept", "on": "2026-09-30",
                          "data": dict(ACCEPT, panel=[LEAD, "370983-officer", SECOND])})
    assert r.status_code == 422
    assert r.get_json()["error"]["fields"]["panel"] == (
        "肥城市局执法员 is not an officer of the handling unit and cannot sit on the panel.")


@pytest.mark.parametrize("bad", [[], [""], [LEAD, LEAD, SECOND], [LEAD, "a\u0007b", SECOND],
                                 [1, 2, 3], ["x"] * 16, {"lead": LEAD}])
def test_the_usernames_input_refuses_bad_values(client, api, case, bad):
    before = _rows(case["id"])
    body = accept(client, api("370982-officer"), case, panel_names=bad, status=422)
    fields = body["error"]["fields"]  # a control character is refused by the API's text rule
    assert fields and all("panel" in name for name in fields), fields
    assert _rows(case["id"]) == before


def test_without_a_panel_the_assigned_team_of_three_sits_lead_first(client, api, case):
    assign(user("370982-supervisor"), _case(case["id"]), to_user=THIRD, team=[LEAD, SECOND],
           reason=None, on="2026-09-29", version=None,
           registry=client.application.extensions["caseflow.workflows"])
    db.session.commit()
    case = client.get(f"/api/v1/cases/{case['id']}", headers=api("370982-officer")).get_json()
    body = accept(client, api("370982-officer"), case)
    assert [m["username"] for m in body["panel"]] == [THIRD, LEAD, SECOND]
    assert body["panel"][0]["lead"]


def test_without_a_panel_or_a_team_of_three_acceptance_is_refused(client, api, case):
    before = _rows(case["id"])
    body = accept(client, api("370982-officer"), case, status=422)
    assert "panel" in body["error"]["fields"]
    assert _rows(case["id"]) == before


def _put(client, headers, case_id, names, *, reason="原成员调离", version=None, status=200,
         on="2026-10-12"):
    body = {"panel": names, "reason": reason, "on": on}
    if version is not None:
        body["version"] = version
    r = client.put(f"/api/v1/cases/{case_id}/panel", json=body, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def test_a_supervisor_re_forms_the_panel_audited_with_before_and_after(client, api, case):
    body = accept(client, api("370982-officer"), case, panel_names=[LEAD, SECOND, THIRD])
    sup = api("370982-supervisor")
    out = _put(client, sup, case["id"], [LEAD, SECOND, FOURTH], version=body["version"])
    assert [m["username"] for m in out["panel"]] == [LEAD, SECOND, FOURTH]
    assert out["version"] > body["version"]
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=sup).get_json()
    changed = [e for e in events if e["action"] == "panel_changed"][0]
    assert changed["data"] == {"before": [LEAD, SECOND, THIRD], "after": [LEAD, SECOND, FOURTH],
                               "lead": LEAD, "reason": "原成员调离"}
    rows = db.session.scalars(select(PanelMember).where(PanelMember.case_id == case["id"])
                              .order_by(PanelMember.id)).all()
    assert [(r.user.username, r.removed_on is not None) for r in rows] == [
        (LEAD, True), (SECOND, True), (THIRD, True), (LEAD, False), (SECOND, False),
        (FOURTH, False)]
    # the city's supervisor (the unit above) may too; the window restarts from the change
    out = _put(client, api("370900-supervisor"), case["id"], [FOURTH, LEAD, SECOND],
               on="2026-10-13")
    assert out["panel"][0] == {"username": FOURTH, "name": "新泰市局执法员4", "lead": True}
    window = next(d for d in out["deadlines"] if d["kind"] == "recusal_window")
    assert window["due_on"] == "2026-10-16"
    assert verify_chain().ok


def test_put_panel_refusals_write_nothing(client, api, case):
    body = accept(client, api("370982-officer"), case, panel_names=[LEAD, SECOND, THIRD])
    before = _rows(case["id"])
    _put(client, api("370982-officer"), case["id"], [LEAD, SECOND, FOURTH], status=403)
    _put(client, api("370983-supervisor"), case["id"], [LEAD, SECOND, FOURTH], status=404)
    sup = api("370982-supervisor")
    bad = _put(client, sup, case["id"], [LEAD, SECOND], status=422)
    assert set(bad["error"]["fields"]) == {"panel"}
    assert set(_put(client, sup, case["id"], [LEAD, SECOND, FOURTH], reason=" ",
                    status=422)["error"]["fields"]) == {"reason"}
    assert _put(client, sup, case["id"], [LEAD, SECOND, FOURTH], version=body["version"] + 5,
                status=409)["error"]["code"] == "stale_version"
    r = client.put(f"/api/v1/cases/{case['id']}/panel", json={"panel": "x"}, headers=sup)
    assert r.status_code == 422
    assert _rows(case["id"]) == before


def test_put_panel_before_any_panel_is_refused(client, api, case):
    r = _put(client, api("370982-supervisor"), case["id"], [LEAD, SECOND, THIRD], status=409)
    assert r["error"]["code"] == "no_panel"


def test_the_case_page_shows_the_panel_lead_marked(client, api, login, case):
    accept(client, api("370982-officer"), case, panel_names=[SECOND, LEAD, THIRD])
    html = login("370982-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'id="case-panel"' in html
    panel_html = html.split('id="case-panel"', 1)[1].split("</ul>", 1)[0]
    assert "新泰市局执法员2" in panel_html and "（承办人）" in panel_html
    assert panel_html.index("新泰市局执法员2") < panel_html.index("（承办人）")
    history = html.split('id="audit-trail"', 1)[1]
    assert "组成合议组：新泰市局执法员2、新泰市局执法员、新泰市局执法员3（承办人 新泰市局执法员2）" in history
    header = html.split('id="fact-team"', 1)[1].split("</div>", 1)[0]
    assert "新泰市局执法员2（承办人）" in header
    client.post("/lang/en", data={"next": "/"})
    english = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "Panel named: 新泰市局执法员2、" not in english  # names are joined the English way
    assert "Panel named: 新泰市局执法员2, 新泰市局执法员, 新泰市局执法员3 (lead: 新泰市局执法员2)" in english
