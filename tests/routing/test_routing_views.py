"""Routing through the HTML pages: inbox, signing, moves, assignment, assist, admin, conflicts."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.routing.models import CaseMember, Entrustment, Setting, UserConflict
from tests.factories import open_case_via_api, unit


def _signed_in(app, username: str):  # type: ignore[no-untyped-def]
    """Return a new client signed in as `username` (one client per person)."""
    client = app.test_client()
    r = client.post("/login", data={"username": username, "password": "caseflow-demo"})
    assert r.status_code == 302
    return client


def _api_case(app, username: str = "370982001-officer", **overrides):  # type: ignore[no-untyped-def]
    client = app.test_client()
    r = client.post("/api/v1/auth/token", json={"username": username, "password": "caseflow-demo"})
    return open_case_via_api(client, {"Authorization": f"Bearer {r.get_json()['token']}"},
                             **overrides)


def _case(case_id: int) -> Case:
    return db.session.scalar(select(Case).where(Case.id == case_id).execution_options(
        populate_existing=True))


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _page(client, url: str) -> str:  # type: ignore[no-untyped-def]
    r = client.get(url)
    assert r.status_code == 200, r.status_code
    return r.get_data(as_text=True)


def _post(client, url: str, data: dict, *, follow: bool = True) -> str:  # type: ignore[no-untyped-def]
    r = client.post(url, data=data, follow_redirects=follow)
    assert r.status_code == 200, r.status_code
    return r.get_data(as_text=True)


def _section(html: str, ident: str, end: str = "</section>") -> str:
    start = html.index(f'id="{ident}"')
    return html[start:html.find(end, start)]


def test_county_signs_for_a_station_intake_from_its_inbox(app):
    case = _api_case(app)
    county = _signed_in(app, "370982-officer")
    assert case["number"] in _section(_page(county, "/routing/inbox"), "awaiting-signature")
    assert case["number"] not in _page(_signed_in(app, "370983-officer"), "/routing/inbox")
    r = county.post(f"/cases/{case['id']}/routing/sign_for",
                    data={"version": case["version"], "back": "inbox"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/routing/inbox")
    html = _page(county, "/routing/inbox")
    assert "已签收。" in html and case["number"] not in _section(html, "awaiting-signature")
    assert _case(case["id"]).signed_for is True and len(_events("sign_for")) == 1


def test_refer_up_from_the_county_shows_in_the_city_inbox(app):
    case = _api_case(app)
    county = _signed_in(app, "370982-officer")
    _post(county, f"/cases/{case['id']}/routing/sign_for", {"version": case["version"]})
    html = _post(county, f"/cases/{case['id']}/routing/refer_up",
                 {"version": _case(case["id"]).version, "reason": "案情重大，报请市局办理。",
                  "on": "2026-11-20"})
    assert "已报请上级办理。" in html and 'id="refer-up-form"' not in html
    assert _case(case["id"]).handling_unit.code == "370900"
    city = _signed_in(app, "370900-officer")
    assert case["number"] in _section(_page(city, "/routing/inbox"), "awaiting-signature")
    assert 'id="sign-for-form"' in _page(city, f"/cases/{case['id']}")


def test_supervisor_assigns_a_team_of_three_through_the_form(app):
    case = _api_case(app)
    supervisor = _signed_in(app, "370982-supervisor")
    page = _page(supervisor, f"/cases/{case['id']}")
    assert 'id="assign-form"' in page
    assert 'value="370982-officer" selected' in page  # the suggestion is pre-selected
    html = _post(supervisor, f"/cases/{case['id']}/assign", {
        "version": case["version"], "to_user": "370982-officer",
        "team": ["370982-mediator", "370982-supervisor"]})
    assert "已分派案件。" in html
    members = db.session.scalars(select(CaseMember).where(CaseMember.case_id == case["id"]))
    assert sorted((m.user.username, m.lead) for m in members) == [
        ("370982-mediator", False), ("370982-officer", True), ("370982-supervisor", False)]
    mine = _section(_page(_signed_in(app, "370982-mediator"), "/routing/inbox"), "my-cases")
    assert case["number"] in mine


def test_assist_task_shows_in_the_station_inbox_and_access_ends_when_done(app):
    case = _api_case(app, "370902001-officer", intake_unit="370902001")
    station = _signed_in(app, "370902002-officer")
    assert station.get(f"/cases/{case['id']}").status_code == 404
    county = _signed_in(app, "370902-officer")
    html = _post(county, f"/cases/{case['id']}/assist", {
        "to_unit": "370902002", "kind": "inspection", "due_on": "2026-12-01",
        "description": "请到被请求人店铺现场检查并拍照。"})
    assert "已发起协查。" in html and "请到被请求人店铺现场检查并拍照。" in _section(html, "routing")
    tasks = _section(_page(station, "/routing/inbox"), "assist-tasks")
    assert "请到被请求人店铺现场检查并拍照。" in tasks and case["number"] in tasks
    assert station.get(f"/cases/{case['id']}").status_code == 200
    task_id = json.loads(_events("assist_requested")[0].data)["task"]
    r = station.post(f"/assist/{task_id}", data={"outcome": "done", "note": "已检查，拍照 12 张。"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/routing/inbox")
    assert "协查任务已办结。" in _page(station, "/routing/inbox")
    assert station.get(f"/cases/{case['id']}").status_code == 404
    assert "已检查，拍照 12 张。" in _page(county, f"/cases/{case['id']}")


def test_admin_adds_an_entrustment_and_changes_the_threshold(app):
    admin = _signed_in(app, "admin")
    html = _post(admin, "/admin/routing", {
        "form": "create", "from_unit": "370900", "to_unit": "370911",
        "workflows": ["prelitigation_mediation"], "patent_types": ["design", "utility_model"],
        "valid_from": "2027-01-01", "valid_to": "2027-12-31", "instrument": "泰市监委〔2026〕9号"})
    assert "已新增委托。" in html and "泰市监委〔2026〕9号" in html
    row = db.session.scalar(select(Entrustment).where(Entrustment.instrument != "")
                            .order_by(Entrustment.id.desc()))
    assert row.to_unit.code == "370911" and row.workflows == "prelitigation_mediation"
    _post(admin, "/admin/routing", {"form": "update", "id": row.id, "valid_to": "2027-06-30"})
    assert db.session.get(Entrustment, row.id).active is False
    assert "已更新报请市局" in _post(admin, "/admin/routing", {"form": "threshold",
                                                         "amount": "3000000"})
    assert db.session.get(Setting, "escalation_claim_amount").value == "3000000"
    by_admin = [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.actor == "admin", AuditEvent.action != "login"))]
    assert by_admin == ["entrustment_created", "entrustment_updated", "setting_changed"]
    r = admin.post("/admin/routing", data={"form": "threshold", "amount": "-1"})
    assert r.status_code == 422 and "请填写大于 0 的金额" in r.get_data(as_text=True)
    r = admin.post("/admin/routing", data={"form": "create", "from_unit": "370900",
                                           "to_unit": "370982001", "valid_from": "x"})
    assert r.status_code == 422 and len(_events("entrustment_created")) == 7  # 6 seeded
    supervisor = _signed_in(app, "370900-supervisor")
    assert supervisor.get("/admin/routing").status_code == 403
    r = supervisor.post("/admin/routing", data={"form": "threshold", "amount": "1"})
    assert r.status_code == 403 and len(_events("setting_changed")) == 1


def test_declared_conflict_blocks_assignment_with_the_reason(app):
    case = _api_case(app)
    mediator = _signed_in(app, "370982-mediator")
    html = _post(mediator, "/profile/conflicts", {"form": "add", "name": "王五", "note": "亲属"})
    assert "已登记利害关系申报。" in html and "亲属" in _section(html, "conflicts")
    assert len(_events("conflict_declared")) == 1
    html = _post(_signed_in(app, "370982-supervisor"), f"/cases/{case['id']}/assign", {
        "version": case["version"], "to_user": "370982-officer",
        "team": ["370982-mediator", "370982-supervisor"]})
    assert "须回避" in html and "王五" in html and "亲属" in html
    assert _case(case["id"]).assignee_id is None
    assert not db.session.scalars(select(CaseMember)).all()
    conflict = db.session.scalar(select(UserConflict))
    other = _signed_in(app, "370982-officer")
    assert other.post("/profile/conflicts", data={"form": "delete",
                                                  "id": conflict.id}).status_code == 404
    _post(mediator, "/profile/conflicts", {"form": "delete", "id": conflict.id})
    assert db.session.scalar(select(UserConflict)) is None
    assert len(_events("conflict_removed")) == 1


@pytest.mark.parametrize(("username", "shown", "hidden"), [
    ("370982001-officer", [], ["refer-up-form", "transfer-form", "assign-form",
                               "sign-for-form", "assist-form", "delegate-form"]),
    ("370982-officer", ["refer-up-form", "transfer-form", "sign-for-form", "assist-form",
                        "recusal-form"], ["assign-form", "delegate-form"]),
    ("370982-mediator", ["sign-for-form", "recusal-form"],
     ["refer-up-form", "transfer-form", "assign-form", "assist-form"]),
    ("370982-supervisor", ["assign-form", "refer-up-form"], ["delegate-form"]),
    ("370900-supervisor", ["assign-form"], ["refer-up-form", "sign-for-form",
                                            "delegate-form", "transfer-form"]),
])
def test_routing_forms_are_shown_only_to_those_who_may_use_them(app, username, shown, hidden):
    case = _api_case(app)
    page = _page(_signed_in(app, username), f"/cases/{case['id']}")
    for ident in shown:
        assert f'id="{ident}"' in page, ident
    for ident in hidden:
        assert f'id="{ident}"' not in page, ident


def test_city_supervisor_delegates_to_a_county_under_the_entrustment(app):
    case = _api_case(app)
    county = _signed_in(app, "370982-officer")
    _post(county, f"/cases/{case['id']}/routing/refer_up",
          {"version": case["version"], "reason": "报请市局。"})
    city = _signed_in(app, "370900-supervisor")
    page = _page(city, f"/cases/{case['id']}")
    assert 'id="delegate-form"' in page and 'value="370902"' in _section(page, "delegate-form", "</form>")
    html = _post(city, f"/cases/{case['id']}/routing/delegate",
                 {"version": _case(case["id"]).version, "to_unit": "370902",
                  "reason": "交泰山区局办理。"})
    assert "已交下级单位办理。" in html
    inbox = _page(_signed_in(app, "370902-officer"), "/routing/inbox")
    assert case["number"] in _section(inbox, "awaiting-signature")


def test_transfer_without_a_reason_flashes_and_changes_nothing(app):
    case = _api_case(app)
    county = _signed_in(app, "370982-officer")
    html = _post(county, f"/cases/{case['id']}/routing/transfer",
                 {"version": case["version"], "to_unit": "370983", "reason": "  "})
    assert "请填写理由" in html and "alert-danger" in html
    assert _case(case["id"]).handling_unit_id == unit("370982").id
    assert not _events("transfer")
    html = _post(county, f"/cases/{case['id']}/routing/transfer",
                 {"version": case["version"] + 5, "to_unit": "370983", "reason": "管辖"})
    assert "案件已被他人修改" in html and not _events("transfer")
