"""A party's `no_domicile_in_china` (Measures 2025 Art. 22: 30 days to reply instead of 15).

Set at intake (API and page), corrected like every party field (one audited event with before
and after), shown in the case JSON and on the case page.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Party
from caseflow.extensions import db
from tests.cases.test_views import _intake_form
from tests.factories import intake_payload, open_case_via_api, written

OFFICER = "370982-officer"
LABEL = "在中国境内无固定住所"


def _corrections(case_id: int) -> list[dict]:
    db.session.expire_all()
    return [json.loads(data) for data in db.session.scalars(
        select(AuditEvent.data).where(AuditEvent.case_id == case_id,
                                      AuditEvent.action == "case_corrected")
        .order_by(AuditEvent.seq))]


def _abroad_case(client, api):  # type: ignore[no-untyped-def]
    respondents = [dict(intake_payload()["respondents"][0], no_domicile_in_china=True),
                   {"kind": "organization", "name": "香港某贸易有限公司"}]
    return open_case_via_api(client, api("370982001-officer"), respondents=respondents)


def test_intake_api_stores_the_flag_per_party_and_the_json_shows_it(client, api):
    case = _abroad_case(client, api)
    assert [p["no_domicile_in_china"] for p in case["respondents"]] == [True, False]
    assert case["requesters"][0]["no_domicile_in_china"] is False
    stored = {p.name: p.no_domicile_in_china for p in db.session.scalars(
        select(Party).where(Party.case_id == case["id"]))}
    assert stored == {"泰安市岱宗茶业有限公司": False, "王五": True, "香港某贸易有限公司": False}
    detail = client.get(f"/api/v1/cases/{case['id']}", headers=api(OFFICER)).get_json()
    assert [p["no_domicile_in_china"] for p in detail["respondents"]] == [True, False]


def test_intake_api_refuses_a_flag_that_is_not_a_boolean(client, api):
    respondents = [dict(intake_payload()["respondents"][0], no_domicile_in_china="maybe")]
    r = client.post("/api/v1/cases", headers=api("370982001-officer"),
                    json=intake_payload(respondents=respondents))
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["fields"] == {
        "respondents[0].no_domicile_in_china": "须为 true 或 false。"}
    assert db.session.scalar(select(Party.id).limit(1)) is None


def test_intake_page_takes_the_box_and_the_case_page_shows_it(login):
    client = login("370982001-officer")
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'name="respondents-0-no_domicile_in_china"' in page
    assert 'name="respondents-__INDEX__-no_domicile_in_china"' in page  # rows added in the browser
    r = client.post("/cases/new", data=_intake_form(**{
        "respondents-3-no_domicile_in_china": "y"}))
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    case_id = int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    stored = {p.name: p.no_domicile_in_china for p in db.session.scalars(
        select(Party).where(Party.case_id == case_id))}
    assert stored == {"泰安市岱宗茶业有限公司": False, "王五": False, "新泰市某商贸有限公司": True}
    abroad = next(p for p in db.session.scalars(select(Party).where(Party.case_id == case_id))
                  if p.no_domicile_in_china)
    shown = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert shown.count(LABEL) == 1 and f'id="no-domicile-{abroad.id}"' in shown
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    assert "No fixed domicile in China" in client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_intake_page_keeps_the_ticked_box_when_the_form_is_refused(login):
    client = login("370982001-officer")
    r = client.post("/cases/new", data=_intake_form(**{
        "patent_number": "ZL200930231150.9", "respondents-3-no_domicile_in_china": "y"}))
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'name="respondents-1-no_domicile_in_china" value="y" checked' in page  # 2nd kept row
    assert 'name="respondents-0-no_domicile_in_china" value="y">' in page
    assert db.session.scalar(select(Party.id).limit(1)) is None


def test_correction_api_sets_and_clears_the_flag_in_audited_events(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    headers = api(OFFICER)
    respondent = case["respondents"][0]
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{respondent['id']}", headers=headers,
                     json={"version": case["version"], "reason": "被请求人住所在境外",
                           "no_domicile_in_china": True})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["respondents"][0]["no_domicile_in_china"] is True
    assert db.session.get(Party, respondent["id"]).no_domicile_in_china is True
    r = client.post(f"/api/v1/cases/{case['id']}/parties", headers=headers, json={
        "version": body["version"], "reason": "遗漏境外被请求人", "role": "respondent",
        "kind": "organization", "name": "香港某贸易有限公司", "no_domicile_in_china": True})
    assert r.status_code == 201, r.get_json()
    added = r.get_json()
    assert added["party"]["no_domicile_in_china"] is True
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{respondent['id']}", headers=headers,
                     json={"version": added["version"], "reason": "核实在新泰有住所",
                           "no_domicile_in_china": False})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["respondents"][0]["no_domicile_in_china"] is False
    set_on, add, cleared = _corrections(case["id"])
    assert (set_on["before"], set_on["after"]) == ({"no_domicile_in_china": False},
                                                   {"no_domicile_in_china": True})
    assert add["op"] == "add" and add["after"]["no_domicile_in_china"] is True
    assert (cleared["before"], cleared["after"]) == ({"no_domicile_in_china": True},
                                                     {"no_domicile_in_china": False})


def test_correction_api_refuses_a_non_boolean_and_writes_nothing(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    before = written(case["id"])
    r = client.patch(f"/api/v1/cases/{case['id']}/parties/{case['respondents'][0]['id']}",
                     headers=api(OFFICER), json={"version": case["version"], "reason": "更正",
                                                 "no_domicile_in_china": "sometimes"})
    assert r.status_code == 422, r.get_json()
    assert "no_domicile_in_china" in r.get_json()["error"]["fields"]
    assert written(case["id"]) == before


def test_correction_page_ticks_and_unticks_the_box(client, api, login):
    case = open_case_via_api(client, api("370982001-officer"))
    respondent = case["respondents"][0]["id"]
    login(OFFICER)
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert f'id="c-party-{respondent}-no-domicile" name="no_domicile_in_china"' in page
    form = {"version": case["version"], "reason": "被请求人住所在境外", "kind": "person",
            "name": "王五", "phone": "13805381234", "address": "新泰市青云街道"}
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/correct",
                    data=dict(form, no_domicile_in_china="y"))
    assert r.status_code == 302
    assert db.session.get(Party, respondent).no_domicile_in_china is True
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert (f'id="c-party-{respondent}-no-domicile" name="no_domicile_in_china" value="y" '
            'checked') in page
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/correct",
                    data=dict(form, version=case["version"] + 1, reason="误勾"))
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Party, respondent).no_domicile_in_china is False
    r = client.post(f"/cases/{case['id']}/parties/new", data={
        "version": case["version"] + 2, "reason": "遗漏境外被请求人", "role": "respondent",
        "kind": "organization", "name": "香港某贸易有限公司", "no_domicile_in_china": "y"})
    assert r.status_code == 302
    added = db.session.scalars(select(Party).where(Party.name == "香港某贸易有限公司")).one()
    assert added.no_domicile_in_china is True
    events = _corrections(case["id"])
    assert [e["after"].get("no_domicile_in_china") for e in events] == [True, False, True]
    detail = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "更正当事人 王五：在中国境内无固定住所 否 → 是" in detail  # the history in plain words
    assert "在中国境内无固定住所 是 → 否" in detail
