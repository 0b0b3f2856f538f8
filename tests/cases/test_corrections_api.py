"""Corrections of the case file through the API: each one audited once, refusals write nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases import pii
from caseflow.cases.models import Party, Patent
from caseflow.extensions import db
from tests.cases.test_api_transitions import fire
from tests.factories import open_case_via_api, written

OFFICER = "370982-officer"
NEW_ID = "370982198001011232"
BAD_CHECK_CODE = "91350100M000100Y44"  # valid shape, wrong GB 32100 check character




def _corrections(case_id: int) -> list[dict]:
    db.session.expire_all()
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case_id, AuditEvent.action == "case_corrected").order_by(AuditEvent.seq))
    return [json.loads(e.data) for e in events]


@pytest.fixture
def case(client, api):  # type: ignore[no-untyped-def]
    return open_case_via_api(client, api("370982001-officer"))


def test_case_fields_corrected_in_one_audited_event(client, api, case):
    before = written(case["id"])
    r = client.patch(f"/api/v1/cases/{case['id']}", headers=api(OFFICER), json={
        "version": case["version"], "reason": "收件时录入错误", "summary": "更正后的案情。",
        "claim_amount": "90000.50", "infringement_place": "370902",
        "patent": {"title": "包装盒（茶叶礼盒）", "patentee": "泰安市岱宗茶业有限公司"}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["version"] == case["version"] + 1
    assert body["summary"] == "更正后的案情。" and body["claim_amount"] == "90000.50"
    assert body["patent"]["title"] == "包装盒（茶叶礼盒）"
    events, parties, _version = written(case["id"])
    assert (events, parties) == (before[0] + 1, before[1])
    [event] = _corrections(case["id"])
    assert event["target"] == "case" and event["reason"] == "收件时录入错误"
    assert event["before"] == {"summary": "被请求人销售的茶叶包装盒与涉案外观设计相同。",
                               "claim_amount": "80000.00", "infringement_place": "370982",
                               "patent.title": "包装盒（茶叶）", "patent.patentee": ""}
    assert event["after"]["claim_amount"] == "90000.50"
    assert db.session.scalar(select(Patent.patentee)) == "泰安市岱宗茶业有限公司"
    assert verify_chain().ok


def test_claim_amount_and_place_can_be_cleared(client, api, case):
    r = client.patch(f"/api/v1/cases/{case['id']}", headers=api(OFFICER), json={
        "version": case["version"], "reason": "当事人未请求赔偿", "claim_amount": None,
        "infringement_place": ""})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["claim_amount"] is None
    assert _corrections(case["id"])[0]["after"] == {"claim_amount": None,
                                                    "infringement_place": None}


def test_party_added_edited_and_removed(client, api, case):
    headers = api(OFFICER)
    before = written(case["id"])
    r = client.post(f"/api/v1/cases/{case['id']}/parties", headers=headers, json={
        "version": case["version"], "reason": "遗漏共同被请求人", "role": "respondent",
        "kind": "person", "name": "赵六", "id_number": NEW_ID, "phone": "138 0538 4321",
        "address": "新泰市新汶街道", "agent_name": "李律师", "agent_phone": "0538-7654321",
        "agent_has_power_of_attorney": True})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    party = body["party"]
    assert r.headers["Location"] == f"/api/v1/cases/{case['id']}/parties/{party['id']}"
    assert party["id_number"] == "370982********1232" and party["phone"] == "13805384321"
    assert party["agent"] == {"name": "李律师", "phone": "0538-7654321",
                              "power_of_attorney": True}
    assert [p["name"] for p in body["respondents"]] == ["王五", "赵六"]
    assert written(case["id"]) == (before[0] + 1, before[1] + 1, before[2] + 1)
    stored = db.session.get(Party, party["id"])
    assert pii.decrypt(stored.id_number_enc) == NEW_ID and NEW_ID not in stored.id_number_enc

    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{party['id']}", headers=headers,
                     json={"version": body["version"], "reason": "地址录错",
                           "address": "新泰市青云街道 8 号", "phone": "13905381111"})
    assert r.status_code == 200, r.get_json()
    edited = r.get_json()
    assert edited["respondents"][1]["address"] == "新泰市青云街道 8 号"
    assert edited["respondents"][1]["id_number"] == "370982********1232"  # kept

    r = client.delete(f"/api/v1/cases/{case['id']}/parties/{party['id']}", headers=headers,
                      json={"version": edited["version"], "reason": "重复登记"})
    assert r.status_code == 200, r.get_json()
    assert [p["name"] for p in r.get_json()["respondents"]] == ["王五"]
    assert written(case["id"]) == (before[0] + 3, before[1], before[2] + 3)
    added, edit, removed = _corrections(case["id"])
    assert (added["op"], added["before"], added["after"]["name"]) == ("add", None, "赵六")
    assert edit["before"] == {"phone": "13805384321", "address": "新泰市新汶街道"}
    assert edit["after"] == {"phone": "13905381111", "address": "新泰市青云街道 8 号"}
    assert removed["op"] == "remove" and removed["after"] is None
    assert removed["before"]["id_number"] == "370982********1232"
    assert verify_chain().ok


def test_identity_number_is_masked_in_the_event_and_encrypted(client, api, case):
    respondent = case["respondents"][0]["id"]
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{respondent}", headers=api(OFFICER),
                     json={"version": case["version"], "reason": "身份证号录错",
                           "id_number": NEW_ID})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["respondents"][0]["id_number"] == "370982********1232"
    [event] = _corrections(case["id"])
    assert event["before"] == {"id_number": "110105********002X"}
    assert event["after"] == {"id_number": "370982********1232"}
    raw = db.session.scalars(select(AuditEvent.data)).all()
    assert not any(NEW_ID in text or "11010519491231002X" in text for text in raw)
    party = db.session.get(Party, respondent)
    assert party.id_number_digest == pii.digest(NEW_ID)
    assert pii.decrypt(party.id_number_enc) == NEW_ID
    # the same number again changes nothing
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{respondent}", headers=api(OFFICER),
                     json={"reason": "x", "id_number": NEW_ID})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "nothing_to_correct"


def test_credit_code_warning_names_the_party_and_its_correction(client, api):
    body = open_case_via_api(client, api("370982001-officer"), requesters=[{
        "kind": "organization", "name": "泰安市岱宗茶业有限公司", "credit_code": BAD_CHECK_CODE}])
    [warning] = [w for w in body["warnings"] if w["code"] == "credit_code_check"]
    party = body["requesters"][0]["id"]
    assert warning["party"] == party and warning["message_en"].startswith("Credit code check")
    assert warning["correct_path"] == f"/api/v1/cases/{body['id']}/parties/{party}"
    r = client.patch(warning["correct_path"], headers=api(OFFICER), json={
        "version": body["version"], "reason": "按营业执照更正", "credit_code": "91350100M000100Y43"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["requesters"][0]["credit_code"] == "91350100M000100Y43"
    assert r.get_json()["warnings"] == []
    r = client.patch(warning["correct_path"], headers=api(OFFICER), json={
        "reason": "再改", "credit_code": BAD_CHECK_CODE})
    assert r.status_code == 200
    assert [w["code"] for w in r.get_json()["warnings"]] == ["credit_code_check"]


BAD_REQUESTS = [
    ("patch_case", {"summary": "x"}, 422, "validation_failed", "reason"),
    ("patch_case", {"reason": "  ", "summary": "x"}, 422, "validation_failed", "reason"),
    ("patch_case", {"reason": "r", "claim_amount": "-1"}, 422, "validation_failed",
     "claim_amount"),
    ("patch_case", {"reason": "r", "infringement_place": "泰安"}, 422, "validation_failed",
     "infringement_place"),
    ("patch_case", {"reason": "r", "patent": {"number": "ZL200930231150.3"}}, 422,
     "validation_failed", "patent.number"),
    ("patch_case", {"reason": "r", "status": "closed"}, 422, "validation_failed", "status"),
    ("patch_case", {"reason": "r", "summary": "被请求人销售的茶叶包装盒与涉案外观设计相同。"}, 422,
     "nothing_to_correct", None),
    ("patch_case", {"reason": "r", "summary": "x", "version": 99}, 409, "stale_version", None),
    ("add", {"reason": "r", "role": "respondent", "name": "赵六", "id_number": "110105194912310021"},
     422, "validation_failed", "id_number"),
    ("add", {"reason": "r", "role": "respondent", "name": "赵六", "credit_code": "123"}, 422,
     "validation_failed", "credit_code"),
    ("add", {"reason": "r", "role": "respondent", "name": "赵六", "phone": "12345"}, 422,
     "validation_failed", "phone"),
    ("add", {"reason": "r", "role": "judge", "name": "赵六"}, 422, "validation_failed", "role"),
    ("add", {"reason": "r", "role": "respondent", "name": ""}, 422, "validation_failed", "name"),
    ("add", {"role": "respondent", "name": "赵六"}, 422, "validation_failed", "reason"),
    ("add", {"reason": "r", "role": "respondent", "name": "赵六", "version": 99}, 409,
     "stale_version", None),
    ("edit", {"reason": "r", "id_number": "110105194912310021"}, 422, "validation_failed",
     "id_number"),
    ("edit", {"reason": "r", "role": "requester"}, 422, "validation_failed", "role"),
    ("edit", {"reason": "r", "name": ""}, 422, "validation_failed", "name"),
    ("edit", {"reason": "r", "phone": "13805381234"}, 422, "nothing_to_correct", None),
    ("edit", {"name": "王五五"}, 422, "validation_failed", "reason"),
    ("edit", {"reason": "r", "name": "王五五", "version": 99}, 409, "stale_version", None),
    ("remove", {"reason": "r"}, 409, "last_party", None),
    ("remove", {}, 422, "validation_failed", "reason"),
    ("remove", {"reason": "r", "version": 99}, 409, "stale_version", None),
]


def _send(client, headers, case, kind, body):  # type: ignore[no-untyped-def]
    base = f"/api/v1/cases/{case['id']}"
    respondent = f"{base}/parties/{case['respondents'][0]['id']}"
    method, path = {"patch_case": ("patch", base), "add": ("post", f"{base}/parties"),
                    "edit": ("patch", respondent), "remove": ("delete", respondent)}[kind]
    return getattr(client, method)(path, headers=headers, json=body)


@pytest.mark.parametrize(("kind", "body", "status", "code", "field"), BAD_REQUESTS)
def test_refused_corrections_write_nothing(client, api, case, kind, body, status, code, field):
    headers = api(OFFICER)
    before = written(case["id"])
    r = _send(client, headers, case, kind, body)
    assert r.status_code == status, r.get_json()
    error = r.get_json()["error"]
    assert error["code"] == code
    if field:
        assert field in error["fields"], error
    assert written(case["id"]) == before
    assert _corrections(case["id"]) == []


@pytest.mark.parametrize("kind", ["patch_case", "add", "edit", "remove"])
def test_another_units_case_is_404_and_intake_station_403(client, api, case, kind):
    body = {"reason": "r", "summary": "x", "role": "respondent", "name": "赵六"}
    if kind == "edit":
        body = {"reason": "r", "name": "赵六"}
    before = written(case["id"])
    r = _send(client, api("370983-officer"), case, kind, body)  # 肥城市: not in scope
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    r = _send(client, api("370982001-officer"), case, kind, body)  # took it in; not handling
    assert r.status_code == 403
    r = _send(client, api("370982-supervisor"), case, kind, body)  # handling unit, not officer
    assert r.status_code == 403
    assert written(case["id"]) == before


def test_unknown_party_is_404(client, api, case):
    other = open_case_via_api(client, api("370982001-officer"), confirm_duplicate=True)
    path = f"/api/v1/cases/{case['id']}/parties/{other['respondents'][0]['id']}"
    r = client.patch(path, headers=api(OFFICER), json={"reason": "r", "name": "x"})
    assert r.status_code == 404
    r = client.delete(path, headers=api(OFFICER), json={"reason": "r"})
    assert r.status_code == 404


def test_delete_takes_version_and_reason_in_the_query_string(client, api, case):
    headers = api(OFFICER)
    r = client.post(f"/api/v1/cases/{case['id']}/parties", headers=headers, json={
        "reason": "遗漏", "role": "requester", "name": "泰安市某公司", "kind": "organization"})
    body = r.get_json()
    path = f"/api/v1/cases/{case['id']}/parties/{body['party']['id']}"
    r = client.delete(f"{path}?version={body['version'] - 1}&reason=x", headers=headers)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "stale_version"
    r = client.delete(f"{path}?version={body['version']}&reason=重复", headers=headers)
    assert r.status_code == 200, r.get_json()


def _to_hearing(client, officer, case):  # type: ignore[no-untyped-def]
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    case = fire(client, officer, case, "start_investigation", on="2026-10-21",
                data={"reply_received_on": "2026-10-20"})
    return fire(client, officer, case, "schedule_hearing", on="2026-10-22",
                data={"hearing_on": "2026-11-10", "notice_received_on": "2026-10-23"})


def test_no_party_added_after_the_hearing_but_others_corrected(client, api, case):
    officer = api(OFFICER)
    case = _to_hearing(client, officer, case)
    r = client.post(f"/api/v1/cases/{case['id']}/parties", headers=officer, json={
        "reason": "追加", "role": "respondent", "name": "赵六"})
    assert r.status_code == 201  # before the hearing: allowed
    case = r.get_json()
    case = fire(client, officer, case, "hold_hearing", on="2026-11-10", data={"record": "到庭"})
    before = written(case["id"])
    r = client.post(f"/api/v1/cases/{case['id']}/parties", headers=officer, json={
        "reason": "追加", "role": "respondent", "name": "钱七"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "hearing_held"
    assert "第二十四条" in r.get_json()["error"]["message"]
    assert written(case["id"]) == before
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{case['respondents'][0]['id']}",
                     headers=officer, json={"reason": "电话变更", "phone": "13905380000"})
    assert r.status_code == 200, r.get_json()


def test_nothing_corrected_on_a_closed_case(client, api, case):
    officer = api(OFFICER)
    case = fire(client, officer, case, "reject", on="2026-09-29", note="不属于本部门管辖。")
    before = written(case["id"])
    for kind in ("patch_case", "add", "edit", "remove"):
        r = _send(client, officer, case, kind,
                  {"reason": "r", "summary": "x", "role": "respondent", "name": "赵六"})
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "case_closed", kind
    assert written(case["id"]) == before


def test_english_refusal(client, api, case):
    headers = api(OFFICER)
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    r = client.patch(f"/api/v1/cases/{case['id']}", headers=headers, json={"summary": "x"})
    assert r.status_code == 422
    assert r.get_json()["error"]["fields"]["reason"] == "Enter the reason for the correction."
