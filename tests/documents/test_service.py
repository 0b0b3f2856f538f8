"""The service register (送达) through the API: each rule refused with its message and nothing
written; public notice deemed served after PUBLIC_NOTICE_SERVICE_DAYS; served date and proof."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.scope import get_case_for
from caseflow.documents import services
from caseflow.documents.models import DocumentService
from caseflow.extensions import db
from tests.documents.helpers import accepted_case, issue, only
from tests.factories import user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(client, headers, case_id, name="送达回证.pdf"):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/cases/{case_id}/evidence", headers=headers,
                    data={"file": (io.BytesIO(PDF + name.encode()), name),
                          "description": name})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def issued_notice(client, api):  # type: ignore[no-untyped-def]
    """An accepted case and its issued 受理通知书 (addressed to the requester)."""
    case = accepted_case(client, api)
    supervisor = api("370982-supervisor")
    notice = issue(client, supervisor, only(client, supervisor, case["id"],
                                            "acceptance_notice"))
    return case, notice


def issued_kind(app, case_id, kind):  # type: ignore[no-untyped-def]
    """Issue a document of `kind` on the case directly (the transitions are tested elsewhere)."""
    supervisor = user("370982-supervisor")
    case = get_case_for(supervisor, case_id)
    template = services.catalog().get(kind)
    document = services._new_draft(case, template, supervisor, "measures_2015")
    services.edit_draft(supervisor, case, document, {t.name: "内容" for t in template.texts})
    services.issue_document(supervisor, case, document)
    db.session.commit()
    return document.id, [r.party_id for r in document.recipients]


def serve(client, headers, document_id, status=201, **body):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/documents/{document_id}/services", json=body, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def counts() -> tuple[int, int]:
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(DocumentService)),
            db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.case_id.is_not(None))))  # not sign-ins


def party_of(notice):  # type: ignore[no-untyped-def]
    return notice["recipients"][0]["party"]


def test_direct_service_then_served_date_and_proof(client, api):
    case, notice = issued_notice(client, api)
    officer = api("370982-officer")
    assert notice["may"]["serve"] is True and notice["services"] == []
    service = serve(client, officer, notice["id"], party=party_of(notice), method="direct",
                    sent_on="2026-11-20", version=notice["version"])
    assert service["served_on"] is None and service["served"] is False
    assert service["method_label"] == "直接送达" and service["name"] == "泰安市岱宗茶业有限公司"
    proof = upload(client, officer, case["id"])
    r = client.patch(f"/api/v1/documents/{notice['id']}/services/{service['id']}",
                     json={"served_on": "2026-11-21", "proof_evidence_id": proof["id"],
                           "version": service["version"]}, headers=officer)
    assert r.status_code == 200, r.get_json()
    served = r.get_json()
    assert served["served_on"] == "2026-11-21" and served["served"] is True
    assert served["proof_sha256"] == proof["sha256"]
    [listed] = only(client, officer, case["id"], "acceptance_notice")["services"]
    expected = {"id": service["id"], "party": party_of(notice),
                "recipient": notice["recipients"][0]["id"], "method": "direct",
                "sent_on": "2026-11-20", "served_on": "2026-11-21", "served": True,
                "proof_evidence_id": proof["id"]}
    assert {k: listed[k] for k in expected} == expected
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer).get_json()
    actions = [e["action"] for e in events]
    assert actions[-3:] == ["document_served", "evidence_uploaded", "document_service_proven"]
    assert events[-1]["data"]["proof_sha256"] == proof["sha256"]
    assert events[-1]["on"] == "2026-11-21"
    assert verify_chain().ok
    # served: nothing more to record
    assert only(client, officer, case["id"], "acceptance_notice")["may"]["serve"] is False
    before = counts()
    serve(client, officer, notice["id"], 409, party=party_of(notice), method="direct",
          sent_on="2026-11-22")
    r = client.patch(f"/api/v1/documents/{notice['id']}/services/{service['id']}",
                     json={"served_on": "2026-11-21", "proof_evidence_id": proof["id"]},
                     headers=officer)
    assert r.status_code == 409 and counts() == before


def test_public_notice_is_deemed_served_after_thirty_days(client, api):
    case, notice = issued_notice(client, api)
    officer = api("370982-officer")
    before = counts()
    r = serve(client, officer, notice["id"], 422, party=party_of(notice),
              method="public_notice", sent_on="2026-10-01", served_on="2026-10-15")
    assert r["error"]["fields"]["served_on"] == (
        "公告送达自发出公告之日起经过 30 日视为送达（2026-10-31），不能另填送达日期。")
    assert counts() == before
    service = serve(client, officer, notice["id"], party=party_of(notice),
                    method="public_notice", sent_on="2026-10-01")
    assert service["served_on"] == "2026-10-31" and service["served"] is True
    # the same computed date may be typed
    case2, notice2 = issued_notice(client, api)
    later = serve(client, officer, notice2["id"], party=party_of(notice2),
                  method="public_notice", sent_on="2026-11-10", served_on="2026-12-10")
    assert later["served_on"] == "2026-12-10" and later["served"] is False  # still running


@pytest.mark.parametrize("setting_days", [60])
def test_the_public_notice_period_is_a_rule_setting(app, client, api, setting_days):
    app.config["PUBLIC_NOTICE_SERVICE_DAYS"] = setting_days
    case, notice = issued_notice(client, api)
    service = serve(client, api("370982-officer"), notice["id"], party=party_of(notice),
                    method="public_notice", sent_on="2026-09-30")
    assert service["served_on"] == "2026-11-29"


def _refused(client, headers, document_id, code, message, fields=(), **body):  # type: ignore[no-untyped-def]
    before = counts()
    r = serve(client, headers, document_id, 422, **body)
    assert r["error"]["code"] == code, r
    assert r["error"]["message"] == message, r
    assert set(fields) <= set(r["error"].get("fields", {})), r
    assert counts() == before
    return r


def test_each_rule_is_refused_with_its_message_and_nothing_written(app, client, api):
    case, notice = issued_notice(client, api)
    officer = api("370982-officer")
    party = party_of(notice)
    consent = upload(client, officer, case["id"], "同意电子送达确认书.pdf")
    # electronic service without consent, or without an address
    _refused(client, officer, notice["id"], "consent_required",
             "电子送达须经受送达人同意：请选择其同意电子送达的证据。",
             ("consent_evidence_id", "address"), party=party, method="electronic",
             sent_on="2026-11-20")
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。", ("address",),
             party=party, method="electronic", sent_on="2026-11-20",
             consent_evidence_id=consent["id"])
    # post without a tracking number; left at the address without witnesses
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。",
             ("tracking_number",), party=party, method="post", sent_on="2026-11-20")
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。",
             ("witnesses",), party=party, method="left_at_address", sent_on="2026-11-20")
    # dates: served before sent, in the future, sent in the future
    r = _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。",
                 ("served_on",), party=party, method="direct", sent_on="2026-11-20",
                 served_on="2026-11-19")
    assert r["error"]["fields"]["served_on"] == "送达日期不能早于发出日期。"
    r = _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。",
                 ("served_on",), party=party, method="direct", sent_on="2026-11-20",
                 served_on="2026-11-26")
    assert r["error"]["fields"]["served_on"] == "送达日期不能晚于今天。"
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。", ("sent_on",),
             party=party, method="direct", sent_on="2026-11-26")
    # a party the document is not addressed to; evidence of another case
    respondent = next(p["id"] for p in case["respondents"])
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。", ("party",),
             party=respondent, method="direct", sent_on="2026-11-20")
    other, _ = issued_notice(client, api)
    foreign = upload(client, officer, other["id"])
    _refused(client, officer, notice["id"], "validation_failed", "送达登记有误。",
             ("proof_evidence_id",), party=party, method="direct", sent_on="2026-11-20",
             served_on="2026-11-20", proof_evidence_id=foreign["id"])
    # in English
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    r = serve(client, officer, notice["id"], 422, party=party, method="electronic",
              sent_on="2026-11-20")
    assert r["error"]["message"] == ("Electronic service needs the recipient's consent: choose "
                                     "the evidence of their consent to electronic service.")
    assert client.post("/lang/zh_Hans_CN", data={"next": "/"}).status_code == 302
    # electronic with consent and an address is accepted
    service = serve(client, officer, notice["id"], party=party, method="electronic",
                    sent_on="2026-11-20", served_on="2026-11-20",
                    consent_evidence_id=consent["id"], address="daizong@example.cn")
    assert service["served"] is True and service["consent_evidence_id"] == consent["id"]


def test_a_decision_and_a_mediation_agreement_are_never_served_electronically(app, client, api):
    case = accepted_case(client, api)
    officer = api("370982-officer")
    consent = upload(client, officer, case["id"], "同意电子送达确认书.pdf")
    decision, parties = issued_kind(app, case["id"], "decision")
    agreement, _ = issued_kind(app, case["id"], "mediation_agreement")
    for document_id in (decision, agreement):
        r = _refused(client, officer, document_id, "service_method_not_allowed",
                     "行政裁决书（处理决定书）和调解书不适用电子送达。", ("method",),
                     party=parties[0], method="electronic", sent_on="2026-11-25",
                     consent_evidence_id=consent["id"], address="a@example.cn")
    _refused(client, officer, agreement, "service_method_not_allowed",
             "调解书应当直接送达当事人本人，不适用留置送达。", ("method",), party=parties[0],
             method="left_at_address", sent_on="2026-11-25", witnesses="村委会张三")
    # a decision may be left at the address (with witnesses)
    left = serve(client, officer, decision, party=parties[0], method="left_at_address",
                 sent_on="2026-11-25", served_on="2026-11-25", witnesses="村委会张三")
    assert left["witnesses"] == "村委会张三" and r["error"]["fields"]["method"]


def test_a_draft_or_a_superseded_document_is_not_served(client, api):
    case = accepted_case(client, api)
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    draft = only(client, officer, case["id"], "acceptance_notice")
    party = party_of(draft)
    _refused(client, officer, draft["id"], "not_issued", "文书尚未签发，不能送达。",
             party=party, method="direct", sent_on="2026-11-25")
    issued = issue(client, supervisor, draft)
    r = client.post(f"/api/v1/documents/{issued['id']}/corrections",
                    json={"version": issued["version"]}, headers=supervisor)
    correction = r.get_json()
    issue(client, supervisor, correction)
    _refused(client, officer, issued["id"], "not_issued", "文书已被更正，请送达更正后的版本。",
             party=party, method="direct", sent_on="2026-11-25")
    serve(client, officer, correction["id"], party=party, method="direct",
          sent_on="2026-11-25")


def test_scope_404_and_role_403(client, api):
    case, notice = issued_notice(client, api)
    body = {"party": party_of(notice), "method": "direct", "sent_on": "2026-11-20"}
    county, other, station, admin, city = (api(u) for u in (
        "370982-officer", "370911-officer", "370982001-officer", "admin", "370900-officer"))
    proof = upload(client, county, case["id"])
    before = counts()
    serve(client, other, notice["id"], 404, **body)  # another county's case
    serve(client, admin, notice["id"], 403, **body)  # no case role
    # the station took the case in: it sees the case but may not act on it
    r = serve(client, station, notice["id"], 403, **body)
    assert r["error"]["message"] == "只有办案单位或其上级单位的人员可以办理此案件。"
    assert counts() == before
    service = serve(client, city, notice["id"], **body)  # the city bureau, above it
    after = counts()
    assert after == (before[0] + 1, before[1] + 1)
    path = f"/api/v1/documents/{notice['id']}/services"
    for headers, url, status in ((other, f"{path}/{service['id']}", 404),
                                 (station, f"{path}/{service['id']}", 403),
                                 (admin, f"{path}/{service['id']}", 403),
                                 (county, f"{path}/{2**31 - 1}", 404),
                                 (county, f"{path}/{2**40}", 404),
                                 (county, f"/api/v1/documents/{2**31 - 1}/services/1", 404)):
        r = client.patch(url, json={"served_on": "2026-11-21", "proof_evidence_id": proof["id"]},
                         headers=headers)
        assert r.status_code == status, (url, r.get_json())
    assert counts() == after
