"""The correction page: one form per correction, form errors, nothing written on a refusal."""

from __future__ import annotations

import re

from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.cases import pii
from caseflow.cases.models import Case, Party
from caseflow.extensions import db
from tests.cases.test_api_transitions import fire
from tests.cases.test_corrections_api import BAD_CHECK_CODE, NEW_ID, _to_hearing
from tests.factories import open_case_via_api, written

OFFICER = "370982-officer"




def _case(client, api):  # type: ignore[no-untyped-def]
    return open_case_via_api(client, api("370982001-officer"))


def test_case_page_links_to_the_correction_only_for_who_may_correct(client, api, app):
    case = _case(client, api)
    for username, shown in ((OFFICER, True), ("370982-supervisor", False),
                            ("370982001-officer", False)):
        browser = app.test_client()
        browser.post("/login", data={"username": username, "password": "caseflow-demo"})
        page = browser.get(f"/cases/{case['id']}").get_data(as_text=True)
        assert ('id="correct-link"' in page) is shown, username
        assert (f'href="/cases/{case["id"]}/correct"' in page) is shown


def test_case_fields_corrected_through_the_page(client, api, login):
    case = _case(client, api)
    login(OFFICER)
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert 'name="csrf_token"' in page and f'name="version" value="{case["version"]}"' in page
    assert "被请求人销售的茶叶包装盒与涉案外观设计相同。" in page
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/correct", data={
        "version": case["version"], "reason": "收件时录错金额", "summary": "更正后的案情。",
        "claim_amount": "85000", "infringement_place": "370982", "patent_title": "包装盒（茶叶）",
        "patentee": "泰安市岱宗茶业有限公司"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case['id']}/correct")
    assert written(case["id"]) == (before[0] + 1, before[1], before[2] + 1)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case_corrected")).one()
    assert '"after":{"claim_amount":"85000.00","patent.patentee":"泰安市岱宗茶业有限公司"' \
           ',"summary":"更正后的案情。"}' in event.data
    detail = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "请求赔偿金额 80000.00 → 85000.00" in detail  # the history in plain words
    assert "理由：收件时录错金额" in detail


def test_a_refused_form_shows_its_errors_and_writes_nothing(client, api, login):
    case = _case(client, api)
    login(OFFICER)
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/correct", data={
        "version": case["version"], "reason": "", "summary": "x", "claim_amount": "-5"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'id="c-case-reason-error"' in page and "请填写更正理由。" in page
    assert 'aria-invalid="true" aria-describedby="c-case-reason-error" autofocus' in page
    r = client.post(f"/cases/{case['id']}/correct", data={
        "version": case["version"], "reason": "r", "summary": "x", "claim_amount": "-5"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'id="c-case-claim_amount-error"' in page and 'value="-5"' in page  # kept as typed
    r = client.post(f"/cases/{case['id']}/correct", data={
        "version": case["version"] + 7, "reason": "r", "summary": "x"})
    assert r.status_code == 409 and 'id="correct-error"' in r.get_data(as_text=True)
    assert written(case["id"]) == before


def test_party_edited_added_and_removed_through_the_page(client, api, login):
    case = _case(client, api)
    respondent = case["respondents"][0]["id"]
    login(OFFICER)
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert f'id="party-{respondent}"' in page and "110105********002X" in page
    assert "11010519491231002X" not in page
    # a blank identity number keeps the stored one
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/correct", data={
        "version": case["version"], "reason": "地址录错", "kind": "person", "name": "王五",
        "phone": "13805381234", "address": "新泰市青云街道 9 号"})
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    party = db.session.get(Party, respondent)
    assert party.address == "新泰市青云街道 9 号"
    assert pii.decrypt(party.id_number_enc) == "11010519491231002X"
    version = case["version"] + 1
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/correct", data={
        "version": version, "reason": "身份证号录错", "kind": "person", "name": "王五",
        "id_number": NEW_ID, "phone": "13805381234", "address": "新泰市青云街道 9 号"})
    assert r.status_code == 302
    assert db.session.get(Party, respondent).id_number_masked == "370982********1232"
    version += 1
    r = client.post(f"/cases/{case['id']}/parties/new", data={
        "version": version, "reason": "遗漏共同被请求人", "role": "respondent",
        "kind": "organization", "name": "新泰市某商贸有限公司",
        "credit_code": "91350100M000100Y43", "agent_has_power_of_attorney": "y"})
    assert r.status_code == 302
    added = db.session.scalars(select(Party).where(Party.name == "新泰市某商贸有限公司")).one()
    assert added.role == "respondent" and added.agent_has_power_of_attorney
    version += 1
    r = client.post(f"/cases/{case['id']}/parties/{added.id}/remove",
                    data={"version": version, "reason": "误录"})
    assert r.status_code == 302
    assert db.session.get(Party, added.id) is None
    events = db.session.scalars(select(AuditEvent.data).where(AuditEvent.action == "case_corrected")).all()
    assert len(events) == 4 and not any(NEW_ID in e for e in events)
    detail = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "更正当事人 王五：身份证号码 110105********002X → 370982********1232" in detail
    assert "删除当事人 新泰市某商贸有限公司（被请求人）" in detail


def test_refused_party_forms_write_nothing(client, api, login):
    case = _case(client, api)
    respondent = case["respondents"][0]["id"]
    login(OFFICER)
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/correct", data={
        "version": case["version"], "reason": "r", "kind": "person", "name": "王五",
        "id_number": "110105194912310021"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert f'id="c-party-{respondent}-id_number-error"' in page and "身份证号校验位错误" in page
    r = client.post(f"/cases/{case['id']}/parties/new", data={
        "version": case["version"], "reason": "r", "role": "respondent", "name": ""})
    assert r.status_code == 422 and 'id="c-add-name-error"' in r.get_data(as_text=True)
    r = client.post(f"/cases/{case['id']}/parties/{respondent}/remove",
                    data={"version": case["version"], "reason": "r"})
    assert r.status_code == 409 and "至少须有一名请求人和一名被请求人" in r.get_data(as_text=True)
    assert written(case["id"]) == before


def test_no_party_added_on_the_page_after_the_hearing(client, api, login):
    officer = api(OFFICER)
    case = _to_hearing(client, officer, _case(client, api))
    case = fire(client, officer, case, "hold_hearing", on="2026-11-10", data={"record": "到庭"})
    login(OFFICER)
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert 'id="add-refused"' in page and "第二十四条" in page
    assert f'action="/cases/{case["id"]}/parties/new"' not in page
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/parties/new", data={
        "version": case["version"], "reason": "追加", "role": "respondent", "name": "钱七"})
    assert r.status_code == 409
    assert written(case["id"]) == before


def test_closed_case_page_offers_no_correction(client, api, login):
    case = fire(client, api(OFFICER), _case(client, api), "reject", on="2026-09-29",
                note="不属于本部门管辖。")
    login(OFFICER)
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'id="correct-link"' not in page
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert 'id="correct-refused"' in page and "<form" not in page.split("<main", 1)[1] \
        .split("</main>")[0].replace('action="/logout"', "")
    before = written(case["id"])
    r = client.post(f"/cases/{case['id']}/correct", data={"reason": "r", "summary": "x"})
    assert r.status_code == 409
    assert written(case["id"]) == before


def test_another_units_case_is_404_on_every_correction_page(client, api, login):
    case = _case(client, api)
    party = case["respondents"][0]["id"]
    login("370983-officer")
    assert client.get(f"/cases/{case['id']}/correct").status_code == 404
    for path in ("correct", "parties/new", f"parties/{party}/correct", f"parties/{party}/remove"):
        r = client.post(f"/cases/{case['id']}/{path}", data={"reason": "r", "name": "x"})
        assert r.status_code == 404, path
    assert written(case["id"])[0] == 1


def test_intake_credit_code_warning_links_to_the_correction(app, client, login):
    login("370982001-officer")
    form = {"workflow": "adjudication", "received_on": "2026-09-28", "intake_unit": "370982001",
            "patent_number": "ZL200930231150.3", "patent_title": "包装盒",
            "requesters-0-kind": "organization", "requesters-0-name": "泰安市岱宗茶业有限公司",
            "requesters-0-credit_code": BAD_CHECK_CODE, "respondents-0-kind": "person",
            "respondents-0-name": "王五", "infringement_place": "370982"}
    r = client.post("/cases/new", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    case = db.session.scalars(select(Case)).one()
    party = case.requesters[0].id
    link = re.search(r'统一社会信用代码校验位不符[^<]*<a class="alert-link" href="([^"]+)">去更正</a>',
                     page)
    assert link and link.group(1) == f"/cases/{case.id}/correct#party-{party}"
    # the link leads to that party's form (handling unit: the 新泰市 bureau)
    officer = app.test_client()
    officer.post("/login", data={"username": OFFICER, "password": "caseflow-demo"})
    page = officer.get(link.group(1).split("#")[0]).get_data(as_text=True)
    assert f'id="party-{party}"' in page and BAD_CHECK_CODE in page


def test_correction_page_in_english(client, api, login):
    case = _case(client, api)
    login(OFFICER)
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    page = client.get(f"/cases/{case['id']}/correct").get_data(as_text=True)
    assert "Correct the case file" in page and "Reason for the correction" in page
    assert "Add a party" in page
