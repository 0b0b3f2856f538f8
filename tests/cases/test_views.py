"""The case pages through the test client: list, intake, case page and the action endpoint."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case, Party
from caseflow.extensions import db
from caseflow.timeutil import today
from tests.factories import open_case_via_api

FULL_ID = "11010519491231002X"
MASKED_ID = "110105********002X"


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Case, Party, AuditEvent))


def _case(case_id: int) -> Case:
    return db.session.scalar(select(Case).where(Case.id == case_id))


def _signed_in(app, username: str):  # type: ignore[no-untyped-def]
    """Return a new client signed in as `username` (one client per person)."""
    client = app.test_client()
    r = client.post("/login", data={"username": username, "password": "caseflow-demo"})
    assert r.status_code == 302
    return client


def _api_case(app, username: str = "370982001-officer", **overrides):  # type: ignore[no-untyped-def]
    """Open a case through the API on a client of its own (no session cookie)."""
    client = app.test_client()
    r = client.post("/api/v1/auth/token",
                    json={"username": username, "password": "caseflow-demo"})
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    return open_case_via_api(client, headers, **overrides)


def _intake_form(**overrides: str) -> dict[str, str]:
    form = {
        "workflow": "adjudication", "received_on": "2026-09-28", "intake_unit": "370982001",
        "patent_number": "ZL200930231150.3", "patent_title": "包装盒（茶叶）", "patentee": "",
        "requesters-0-kind": "organization", "requesters-0-name": "泰安市岱宗茶业有限公司",
        "requesters-0-credit_code": "91350100M000100Y43", "requesters-0-phone": "0538-8234567",
        "respondents-0-kind": "person", "respondents-0-name": "王五",
        "respondents-0-id_number": FULL_ID, "respondents-0-phone": "13805381234",
        # an emptied row between two filled ones is dropped, a removed index is skipped
        "respondents-1-kind": "person", "respondents-1-name": "",
        "respondents-3-kind": "organization", "respondents-3-name": "新泰市某商贸有限公司",
        "infringement_place": "370982", "claim_amount": "80000",
        "summary": "被请求人销售的茶叶包装盒与涉案外观设计相同。",
    }
    form.update(overrides)
    return form


def _act(client, case_id: int, trigger: str, **fields: str):  # type: ignore[no-untyped-def]
    fields.setdefault("version", str(_case(case_id).version))
    return client.post(f"/cases/{case_id}/actions/{trigger}", data=fields)


def test_list_shows_only_cases_in_scope(app, login):
    mine = _api_case(app)
    other = _api_case(app, "370902-officer", intake_unit="370902",
                      respondents=[{"kind": "person", "name": "泰山区某商户"}])
    client = login("370982001-officer")
    page = client.get("/cases").get_data(as_text=True)
    assert mine["number"] in page and other["number"] not in page
    assert "泰山区某商户" not in page and "王五" in page
    assert client.get(f"/cases/{other['id']}").status_code == 404
    assert client.post(f"/cases/{other['id']}/actions/accept",
                       data={"conditions_confirmed": "true"}).status_code == 404


def test_status_filter_names_each_workflow_once(app, login):
    # v1 and v2 of a workflow share its states: a shared label names the workflow once
    page = login("370982-mediator").get("/cases").get_data(as_text=True)
    assert ">调解中（诉中委托调解、诉前调解）<" in page
    assert ">调解中（专利侵权纠纷行政裁决）<" in page


def test_list_filters_search_and_pages(app, login, monkeypatch):
    from caseflow.cases import views

    for i in range(3):
        _api_case(app, confirm_duplicate=True,
                  respondents=[{"kind": "person", "name": f"被请求人{i}"}])
    client = login("370982-officer")
    page = client.get("/cases?q=被请求人1").get_data(as_text=True)
    assert "共 1 件" in page and "被请求人1" in page and "被请求人2" not in page
    assert "共 0 件" in client.get("/cases?workflow=prelitigation_mediation").get_data(
        as_text=True)
    assert "共 3 件" in client.get("/cases?status=received&unit=370982").get_data(as_text=True)
    assert "共 0 件" in client.get("/cases?unit=370902").get_data(as_text=True)
    assert "共 3 件" in client.get("/cases?overdue=1&page=x").get_data(as_text=True)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get("/cases?workflow=adjudication").get_data(as_text=True)
    assert first.count('href="/cases/') - first.count('href="/cases/new') == 2
    assert "/cases?page=2&amp;workflow=adjudication" in first
    second = client.get("/cases?page=2&workflow=adjudication").get_data(as_text=True)
    assert "被请求人0" in second and "被请求人2" not in second


def test_admin_gets_403_and_strangers_sign_in(app, client, login):
    case = _api_case(app)
    assert client.get("/cases").status_code == 302
    client = login("admin")
    assert client.get("/cases").status_code == 403
    assert client.get(f"/cases/{case['id']}").status_code == 403
    assert client.get("/cases/new").status_code == 403
    assert client.post(f"/cases/{case['id']}/actions/accept").status_code == 403


def test_intake_page_with_two_respondents_opens_a_case(login):
    client = login("370982001-officer")
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'name="requesters-0-name"' in page and 'id="tpl-respondents"' in page
    assert "js/intake.js" in page and not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert f'name="received_on" value="{today().isoformat()}"' in page
    r = client.post("/cases/new", data=_intake_form())
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    case_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    case = _case(case_id)
    assert [p.name for p in case.respondents] == ["王五", "新泰市某商贸有限公司"]
    assert case.handling_unit.code == "370982" and case.intake_unit.code == "370982001"
    shown = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert case.receipt_number in shown and "新泰市" in shown and "建议办案单位" in shown


def test_intake_page_takes_a_court_entrusted_mediation(login):
    client = login("370982-mediator")
    form = _intake_form(workflow="court_entrusted_mediation", intake_unit="370982",
                        court_name="泰安市中级人民法院", court_case_number="(2026)鲁09民初123号",
                        court_procedure="simple", source="party_request")
    r = client.post("/cases/new", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    case = db.session.scalar(select(Case).order_by(Case.id.desc()))
    assert (case.source, case.court_procedure) == ("court_entrusted", "simple")
    del form["court_procedure"]
    r = client.post("/cases/new", data=dict(form, confirm_duplicate="y"))
    assert r.status_code == 422 and 'data-error-for="court.procedure"' in r.get_data(
        as_text=True)
    # court fields left filled in on an adjudication are not sent
    r = client.post("/cases/new", data=dict(form, workflow="adjudication", intake_unit="370982",
                                            confirm_duplicate="y"))
    assert r.status_code == 302
    assert db.session.scalar(select(Case).order_by(Case.id.desc())).court_name is None


def test_bad_patent_number_is_shown_by_its_field_and_nothing_is_written(login):
    client = login("370982001-officer")
    before = _counts()
    r = client.post("/cases/new", data=_intake_form(patent_number="ZL200930231150.4"))
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'data-error-for="patent.number"' in page and 'id="form-errors"' in page
    assert 'value="ZL200930231150.4"' in page
    assert 'value="新泰市某商贸有限公司"' in page and "茶叶包装盒与涉案外观设计相同" in page
    assert 'name="respondents-1-name" value="新泰市某商贸有限公司"' in page  # rows renumbered
    assert f'value="{FULL_ID}"' in page
    assert _counts() == before


def test_duplicate_is_offered_and_saved_only_when_confirmed(login):
    client = login("370982001-officer")
    assert client.post("/cases/new", data=_intake_form()).status_code == 302
    first = db.session.scalar(select(Case).order_by(Case.id))
    before = _counts()
    r = client.post("/cases/new", data=_intake_form())
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and "仍要登记" in page and 'name="confirm_duplicate"' in page
    assert f'href="/cases/{first.id}"' in page and first.display_number in page
    assert _counts() == before
    r = client.post("/cases/new", data=_intake_form(confirm_duplicate="y"))
    assert r.status_code == 302
    assert _counts()[0] == before[0] + 1


def test_case_page_masks_identity_and_shows_deadlines(app, login):
    case = _api_case(app)
    page = login("370982-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    assert MASKED_ID in page and FULL_ID not in page and "查看完整号码" not in page
    assert "受理审查期限" in page and "5个工作日" in page.replace(" ", "")
    assert 'id="audit-trail"' in page and "收件登记" in page
    assert 'id="evidence"' in page  # the evidence partial is included


def test_supervisor_reveals_an_identity_once_and_it_is_audited(app, login):
    case = _api_case(app)
    party = next(p for p in _case(case["id"]).parties if p.id_number_masked)
    officer = _signed_in(app, "370982-officer")
    url = f"/cases/{case['id']}/parties/{party.id}/identity"
    assert officer.post(url).status_code == 403
    client = login("370982-supervisor")
    assert "查看完整号码" in client.get(f"/cases/{case['id']}").get_data(as_text=True)
    r = client.post(url)
    assert r.status_code == 200 and FULL_ID in r.get_data(as_text=True)
    assert FULL_ID not in client.get(f"/cases/{case['id']}").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.case_id == case["id"])).all()
    assert actions.count("identity_revealed") == 1


def test_buttons_match_the_role(app):
    case = _api_case(app)
    officer = _signed_in(app, "370982-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    mediator = _signed_in(app, "370982-mediator").get(f"/cases/{case['id']}").get_data(
        as_text=True)
    station = _signed_in(app, "370982001-officer").get(f"/cases/{case['id']}").get_data(
        as_text=True)
    assert 'id="action-accept"' in officer and "受理立案" in officer
    assert 'id="action-reject"' in officer and 'id="action-cancel"' not in officer
    # the workflow diagram names every move; the mediator's actions offer none of them
    # (the acts not possible now are listed apart, each with its reason)
    actions = mediator[mediator.index('id="actions"'):mediator.index('id="not-now"')]
    assert 'id="action-accept"' not in mediator and "受理立案" not in actions
    assert 'id="action-' not in station  # the county handles it; the station only sees it
    assert 'name="conditions_confirmed" value="true"' in officer


def test_adjudication_from_received_to_closed_through_the_pages(app):
    case_id = _api_case(app)["id"]
    officer = _signed_in(app, "370982-officer")
    supervisor = _signed_in(app, "370982-supervisor")
    steps = [
        (officer, "accept", {"on": "2026-09-30", "conditions_confirmed": "true"}, "filed"),
        (officer, "serve_request", {"on": "2026-10-12"}, "awaiting_reply"),
        (officer, "start_investigation", {"on": "2026-10-21", "reply_received_on": "2026-10-20"},
         "investigating"),
        (officer, "submit_decision", {"on": "2026-10-22"}, "decision_pending"),
        (supervisor, "approve_decision", {"on": "2026-10-26", "outcome": "infringement"},
         "decided"),
    ]
    for client, trigger, fields, status in steps:
        r = _act(client, case_id, trigger, **fields)
        assert r.status_code == 302, (trigger, r.get_data(as_text=True)[:2000])
        assert r.headers["Location"].endswith(f"/cases/{case_id}")
        assert _case(case_id).status == status
        page = client.get(r.headers["Location"]).get_data(as_text=True)
        assert "已办理" in page
        if trigger == "accept":  # a design patent with no evaluation report: warned, not refused
            assert "尚未提交专利权评价报告" in page
    receipts = {f"receipts-{p.id}": "2026-10-28" for p in _case(case_id).parties}
    r = _act(officer, case_id, "close", on="2026-10-30", **receipts)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    closed = _case(case_id)
    assert (closed.status, closed.closure_type, closed.outcome) == ("closed", "decision",
                                                                   "infringement")
    page = officer.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "起诉期限" in page and "批准处理决定" in page and "构成侵权" in page
    assert 'id="action-' not in page


def test_refused_action_shows_its_message_and_changes_nothing(app):
    case_id = _api_case(app)["id"]
    officer = _signed_in(app, "370982-officer")
    mediator = _signed_in(app, "370982-mediator")  # signing in is audited too
    before = (_counts(), _case(case_id).version)
    r = _act(officer, case_id, "accept", on="2026-09-30", note="先看看")
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "请确认受理条件均已满足。" in page
    assert 'data-error-for="conditions_confirmed"' in page and "先看看" in page
    r = _act(officer, case_id, "reject", on="2026-09-30")
    assert r.status_code == 422 and 'data-error-for="note"' in r.get_data(as_text=True)
    r = _act(officer, case_id, "accept", version="99", conditions_confirmed="true")
    assert r.status_code == 409 and "案件已被他人修改，请刷新后重试。" in r.get_data(as_text=True)
    r = _act(officer, case_id, "close")
    assert r.status_code == 409 and 'id="action-error"' in r.get_data(as_text=True)
    r = _act(mediator, case_id, "accept", conditions_confirmed="true")
    assert r.status_code == 403 and "无权" in r.get_data(as_text=True)
    assert (_counts(), _case(case_id).version) == before
    assert _case(case_id).status == "received"


def test_names_are_escaped(app, login):
    case = _api_case(app, requesters=[{"kind": "person", "name": "<script>alert(1)</script>"}])
    client = login("370982-officer")
    for url in ("/cases", f"/cases/{case['id']}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_action_without_csrf_token_is_refused(app):
    case_id = _api_case(app)["id"]
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo",
                                    "csrf_token": token})
    assert r.status_code == 302
    before = _counts()
    r = _act(client, case_id, "accept", conditions_confirmed="true", on="2026-09-30")
    assert r.status_code == 400 and _counts() == before
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = _act(client, case_id, "accept", conditions_confirmed="true", on="2026-09-30",
             csrf_token=token)
    assert r.status_code == 302 and _case(case_id).status == "filed"
