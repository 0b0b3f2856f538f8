"""The service register on the case page (state per recipient, the forms the predicates allow,
each refusal with its message and nothing written) and the unit's 待送达 work list."""

from __future__ import annotations

import re

from tests.documents.helpers import accepted_case, fire, issue, only
from tests.documents.test_service import counts, issued_kind, issued_notice, serve, upload
from tests.factories import open_case_via_api


def _row(page: str, document_id: int) -> str:
    found = re.search(rf'<tr data-service-document="{document_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, page[:2000]
    return found.group(0)


def _post(client, case, document, **form):  # type: ignore[no-untyped-def]
    data = {"recipient": str(document["recipients"][0]["id"]), "method": "direct",
            "sent_on": "2026-11-20", "served_on": "", "version": str(document["version"])}
    data.update(form)
    return client.post(f"/cases/{case['id']}/documents/{document['id']}/services", data=data)


def test_the_case_page_shows_the_state_and_records_service_then_proof(client, api, login):
    case, notice = issued_notice(client, api)
    proof = upload(client, api("370982-officer"), case["id"])
    login("370982-officer")
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    row = _row(page, notice["id"])
    assert 'data-served="no"' in row and "待送达" in row
    assert f'id="service-form-{notice["id"]}-{notice["recipients"][0]["id"]}"' in row
    r = _post(client, case, notice, method="post", tracking_number="EMS1234567890CN")
    assert r.status_code == 302 and r.headers["Location"].endswith("#tab-documents")
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    row = _row(page, notice["id"])
    assert "邮寄送达" in row and "EMS1234567890CN" in row and "待送达" in row
    [service] = only(client, api("370982-officer"), case["id"], "acceptance_notice")["services"]
    assert f'id="service-served-{service["id"]}"' in row
    r = client.post(f"/cases/{case['id']}/documents/{notice['id']}/services/{service['id']}"
                    "/served", data={"served_on": "2026-11-22",
                                     "proof_evidence_id": str(proof["id"]), "version": "1"})
    assert r.status_code == 302
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    row = _row(page, notice["id"])
    assert 'data-served="yes"' in row and "已送达" in row and "2026-11-22" in row
    assert "service-form-" not in row and "service-served-" not in row  # nothing left to offer


def test_the_forms_carry_and_need_the_csrf_token(app, client, api, login):
    case, notice = issued_notice(client, api)
    login("370982-officer")
    app.config["WTF_CSRF_ENABLED"] = True
    row = _row(client.get(f"/cases/{case['id']}").get_data(as_text=True), notice["id"])
    assert row.count('name="csrf_token"') == 1
    before = counts()
    assert _post(client, case, notice).status_code == 400
    assert counts() == before


def test_each_refusal_through_the_page_shows_its_message_and_writes_nothing(app, client, api,
                                                                            login):
    case, notice = issued_notice(client, api)
    decision, _parties = issued_kind(app, case["id"], "decision")
    agreement, _ = issued_kind(app, case["id"], "mediation_agreement")
    docs = {d["id"]: d for d in client.get(f"/api/v1/cases/{case['id']}/documents",
                                            headers=api("370982-officer")).get_json()}
    login("370982-officer")
    before = counts()
    for document, form, message in (
            (notice, {"method": "electronic", "address": "a@example.cn"},
             "电子送达须经受送达人同意：请选择其同意电子送达的证据。"),
            (notice, {"method": "post"}, "邮寄送达须填写邮件单号。"),
            (notice, {"method": "left_at_address"}, "留置送达须写明见证人。"),
            (notice, {"method": "public_notice", "served_on": "2026-11-21"},
             "公告送达自发出公告之日起经过 30 日视为送达（2026-12-20），不能另填送达日期。"),
            (notice, {"served_on": "2026-11-19"}, "送达日期不能早于发出日期。"),
            (notice, {"served_on": "2026-11-26"}, "送达日期不能晚于今天。"),
            (docs[decision], {"method": "electronic", "address": "a@example.cn"},
             "行政裁决书（处理决定书）和调解书不适用电子送达。"),
            (docs[agreement], {"method": "left_at_address", "witnesses": "张三"},
             "调解书应当直接送达当事人本人，不适用留置送达。")):
        r = _post(client, case, document, **form)
        assert r.status_code == 422, (form, r.status_code)
        assert message in r.get_data(as_text=True), (form, message)
        assert counts() == before


def test_a_draft_offers_no_service_form_and_refuses_one(client, api, login):
    case = accepted_case(client, api)
    draft = only(client, api("370982-officer"), case["id"], "acceptance_notice")
    login("370982-officer")
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'id="services-table"' not in page and "service-form-" not in page
    before = counts()
    r = _post(client, case, draft)
    assert r.status_code == 422 and "文书尚未签发，不能送达。" in r.get_data(as_text=True)
    assert counts() == before


def test_the_station_sees_the_state_but_is_offered_no_form(client, api, login):
    case, notice = issued_notice(client, api)
    login("370982001-officer")
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    row = _row(page, notice["id"])
    assert "待送达" in row and "service-form-" not in row
    before = counts()
    assert _post(client, case, notice).status_code == 403
    assert counts() == before
    client.post("/logout")
    login("370911-officer")
    assert client.get(f"/cases/{case['id']}").status_code == 404
    assert _post(client, case, notice).status_code == 404
    assert counts() == before


def test_the_work_list_shows_only_the_units_unserved_documents(client, api, login):
    officer = api("370982-officer")
    served_case, served = issued_notice(client, api)
    serve(client, officer, served["id"], party=served["recipients"][0]["party"],
          method="direct", sent_on="2026-11-25", served_on="2026-11-25")
    pending_case, pending = issued_notice(client, api)
    noticed_case, noticed = issued_notice(client, api)  # a public notice still running
    serve(client, officer, noticed["id"], party=noticed["recipients"][0]["party"],
          method="public_notice", sent_on="2026-11-20")
    draft_case = accepted_case(client, api)  # a draft: not yet awaiting service
    city = open_case_via_api(client, api("370900-officer"), intake_unit="370900",
                             patent={"number": "ZL201710001234.1", "title": "一种茶叶烘干装置"})
    city = fire(client, api("370900-officer"), city, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})
    city_notice = issue(client, api("370900-supervisor"),
                        only(client, api("370900-supervisor"), city["id"], "acceptance_notice"))
    login("370982-officer")
    page = client.get("/documents/awaiting-service").get_data(as_text=True)
    listed = set(map(int, re.findall(r'<tr data-document="(\d+)"', page)))
    assert listed == {pending["id"], noticed["id"]}
    assert f'href="/cases/{pending_case["id"]}#tab-documents"' in page
    assert 'href="/documents/awaiting-issue" id="nav-documents"' in page  # the navigation
    assert draft_case["id"] and served_case["id"] and noticed_case["id"]
    client.post("/logout")
    login("370900-officer")  # the city sees its own and those of the units below it
    page = client.get("/documents/awaiting-service").get_data(as_text=True)
    listed = set(map(int, re.findall(r'<tr data-document="(\d+)"', page)))
    assert listed == {pending["id"], noticed["id"], city_notice["id"]}
    client.post("/logout")
    login("370911-officer")  # another county: none
    page = client.get("/documents/awaiting-service").get_data(as_text=True)
    assert 'id="awaiting-service-empty"' in page
    client.post("/logout")
    login("admin")
    assert client.get("/documents/awaiting-service").status_code == 403
