"""Intake through the API: validation, routing, numbering, duplicates, personal data."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case, Party
from caseflow.extensions import db
from tests.factories import intake_payload, open_case_via_api


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Case, Party, AuditEvent))


def test_station_intake_of_a_design_patent_goes_to_the_county(client, api):
    body = open_case_via_api(client, api("370982001-officer"))
    assert body["status"] == "received" and body["workflow"] == "adjudication"
    assert body["patent"] == {"number": "200930231150.3", "type": "design",
                              "title": "包装盒（茶叶）"}
    assert body["intake_unit"]["code"] == "370982001"
    assert body["handling_unit"]["code"] == "370982"
    assert body["number"].startswith("收370982001-2026-")
    assert body["respondents"][0]["id_number"] == "110105********002X"
    assert isinstance(body["version"], int)


def test_invention_patent_goes_to_the_city(client, api):
    body = open_case_via_api(client, api("370982001-officer"),
                             patent={"number": "200680018223.4", "title": "一种方法"})
    assert body["handling_unit"]["code"] == "370900"
    assert body["patent"]["type"] == "pct_invention"


@pytest.mark.parametrize(("change", "field"), [
    ({"patent": {"number": "200930231150.4"}}, "patent.number"),
    ({"received_on": "2026-13-01"}, "received_on"),
    ({"received_on": "2999-01-01"}, "received_on"),
    ({"requesters": []}, "requesters"),
    ({"respondents": [{"kind": "person", "name": ""}]}, "respondents[0].name"),
    ({"respondents": [{"kind": "person", "name": "x" * 10_000_000}]}, "respondents[0].name"),
    ({"respondents": [{"kind": "person", "name": "甲", "id_number": "110105194912310021"}]},
     "respondents[0].id_number"),
    ({"requesters": [{"kind": "organization", "name": "乙", "credit_code": "91350100M00010"}]},
     "requesters[0].credit_code"),
    ({"respondents": [{"kind": "alien", "name": "甲"}]}, "respondents[0].kind"),
    ({"respondents": [{"kind": "person", "name": "甲", "phone": "12345"}]},
     "respondents[0].phone"),
    ({"claim_amount": "lots"}, "claim_amount"),
    ({"workflow": "lawsuit"}, "workflow"),
    ({"intake_unit": "370902001"}, "intake_unit"),
])
def test_bad_input_gets_a_field_message_and_writes_nothing(client, api, change, field):
    headers = api("370982001-officer")
    before = _counts()
    r = client.post("/api/v1/cases", json=intake_payload(**change), headers=headers)
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["error"]["fields"]
    assert _counts() == before


def test_malformed_json_is_400(client, api):
    r = client.post("/api/v1/cases", data=b"{oops", content_type="application/json",
                    headers=api("370982001-officer"))
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "malformed_json"


def test_credit_code_with_wrong_check_char_is_accepted_with_warning(client, api):
    body = open_case_via_api(client, api("370982001-officer"), requesters=[
        {"kind": "organization", "name": "福建试点企业", "credit_code": "91350100M0001TGQXM"}])
    assert any(w["code"] == "credit_code_check" for w in body["warnings"])


def test_duplicate_open_case_is_409_unless_confirmed(client, api):
    headers = api("370982001-officer")
    first = open_case_via_api(client, headers)
    r = client.post("/api/v1/cases", json=intake_payload(), headers=headers)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "duplicate"
    assert first["number"] in r.get_json()["error"]["message"]
    second = open_case_via_api(client, headers, confirm_duplicate=True)
    assert second["id"] != first["id"]


def test_court_linked_cases_need_the_court(client, api):
    headers = api("370982-mediator")
    r = client.post("/api/v1/cases", headers=headers, json=intake_payload(
        workflow="court_entrusted_mediation", intake_unit=None))
    assert r.status_code == 422 and "court" in r.get_json()["error"]["fields"]
    body = open_case_via_api(client, headers, workflow="court_entrusted_mediation",
                             intake_unit=None, court={"name": "泰安市中级人民法院",
                                                      "case_number": "(2026)鲁09民初123号",
                                                      "procedure": "simple"})
    assert body["status"] == "received_from_court"
    assert body["court"]["procedure"] == "simple"


def test_html_in_names_is_stored_as_text(client, api):
    headers = api("370982001-officer")
    body = open_case_via_api(client, headers, respondents=[
        {"kind": "person", "name": "<script>alert(1)</script>"}])
    assert body["respondents"][0]["name"] == "<script>alert(1)</script>"


def test_identity_numbers_are_encrypted_and_revealed_only_to_supervisors(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    party = db.session.get(Party, case["respondents"][0]["id"])
    assert "11010519491231002X" not in (party.id_number_enc or "")
    url = f"/api/v1/cases/{case['id']}/parties/{party.id}/identity"
    assert client.get(url, headers=api("370982-officer")).status_code == 403
    r = client.get(url, headers=api("370982-supervisor"))
    assert r.status_code == 200 and r.get_json()["id_number"] == "11010519491231002X"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "identity_revealed")) == 1


def test_scope_station_of_another_county_sees_nothing(client, api):
    case = open_case_via_api(client, api("370902001-officer"), intake_unit="370902001")
    station = api("370982001-officer")
    assert client.get(f"/api/v1/cases/{case['id']}", headers=station).status_code == 404
    assert client.get(f"/api/v1/cases/{case['id']}/events", headers=station).status_code == 404
    listing = client.get("/api/v1/cases", headers=station).get_json()
    assert listing["total"] == 0
    assert client.get("/api/v1/cases?q=王五", headers=station).get_json()["total"] == 0
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=station,
                    json={"trigger": "accept"})
    assert r.status_code == 404
    for user in ("370902-officer", "370900-officer", "370900-supervisor"):
        assert client.get(f"/api/v1/cases/{case['id']}", headers=api(user)).status_code == 200


def test_list_search_and_paging(client, api):
    headers = api("370982001-officer")
    for i in range(3):
        open_case_via_api(client, headers, confirm_duplicate=True,
                          respondents=[{"kind": "person", "name": f"被请求人{i}"}])
    listing = client.get("/api/v1/cases?per_page=2&page=2", headers=headers).get_json()
    assert listing["total"] == 3 and len(listing["items"]) == 1
    assert listing["per_page"] == 2 and listing["page"] == 2
    assert client.get("/api/v1/cases?q=请求人1", headers=headers).get_json()["total"] == 1
    assert client.get("/api/v1/cases?q=茶叶", headers=headers).get_json()["total"] == 3
    assert client.get("/api/v1/cases?q=200930231150", headers=headers).get_json()["total"] == 3
    capped = client.get("/api/v1/cases?per_page=500", headers=headers).get_json()
    assert capped["per_page"] == 100


def test_duplicate_in_another_county_is_not_named(client, api):
    open_case_via_api(client, api("370902001-officer"), intake_unit="370902001")
    r = client.post("/api/v1/cases", json=intake_payload(), headers=api("370982001-officer"))
    assert r.status_code == 409
    error = r.get_json()["error"]
    assert "其他单位" in error["message"] and "fields" not in error
