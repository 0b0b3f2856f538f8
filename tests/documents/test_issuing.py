"""Drafts created by transitions, 签发 with gap-free 文号, the PDF, locking and corrections."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.documents.models import Document
from caseflow.extensions import db
from tests.documents.helpers import accepted_case, documents, fire, issue, only, pdf_text
from tests.factories import open_case_via_api, written

NOTICE = "新泰市监知受〔2026〕{}号"


def _count_documents() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Document))


def test_accept_drafts_the_acceptance_notice_in_its_own_transaction(client, api):
    case = accepted_case(client, api)
    officer = api("370982-officer")
    [notice] = documents(client, officer, case["id"])
    assert notice["kind"] == "acceptance_notice" and notice["status"] == "draft"
    assert notice["title"] == "受理通知书" and notice["number"] is None
    assert notice["trigger"] == "accept" and notice["rules"] == "measures_2015"
    assert [r["name"] for r in notice["recipients"]] == ["泰安市岱宗茶业有限公司"]
    assert notice["may"] == {"edit": True, "issue": False, "correct": False,
                            "serve": False}  # officer
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer).get_json()
    accept = next(e for e in events if e["data"].get("trigger") == "accept")
    assert accept["data"]["documents"] == [{"id": notice["id"], "kind": "acceptance_notice"}]
    assert verify_chain().ok


def test_a_refused_transition_drafts_nothing(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    before = written(case["id"])
    fire(client, api("370982-mediator"), case, "accept", on="2026-09-30",
         data={"conditions_confirmed": True}, status=403)
    fire(client, api("370982-officer"), case, "accept", on="2026-09-30", data={}, status=422)
    fire(client, api("370982-officer"), case, "reject", status=422)  # a note is required
    assert _count_documents() == 0 and written(case["id"]) == before


def test_issue_numbers_consecutively_per_unit_kind_and_year(client, api):
    supervisor = api("370982-supervisor")
    numbers = []
    for _ in range(3):
        case = accepted_case(client, api)
        notice = issue(client, supervisor, only(client, supervisor, case["id"],
                                                "acceptance_notice"))
        assert notice["status"] == "issued" and notice["issued_on"] == "2026-11-25"
        numbers.append(notice["number"])
    assert numbers == [NOTICE.format(n) for n in (1, 2, 3)]
    # another kind of the same unit starts its own series
    case = fire(client, api("370982-officer"), case, "serve_request", on="2026-10-12")
    reply = issue(client, supervisor, only(client, supervisor, case["id"], "reply_notice"))
    assert reply["number"] == "新泰市监知答〔2026〕1号"
    assert [r["name"] for r in reply["recipients"]] == ["王五"]
    # and another unit its own: 泰安市局 handles an invention-patent case
    city = open_case_via_api(client, api("370900-officer"), intake_unit="370900",
                             patent={"number": "ZL201710001234.1", "title": "一种茶叶烘干装置"})
    city = fire(client, api("370900-officer"), city, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})
    city_notice = issue(client, api("370900-supervisor"),
                        only(client, api("370900-supervisor"), city["id"], "acceptance_notice"))
    assert city_notice["number"] == "泰市监知受〔2026〕1号"


def test_a_refused_issue_leaves_no_gap(client, api):
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = open_case_via_api(client, api("370982001-officer"))
    case = fire(client, officer, case, "request_correction", on="2026-09-29",
                data={"missing": "专利登记簿副本"})
    notice = only(client, supervisor, case["id"], "correction_notice")
    before = written(case["id"])
    r = client.post(f"/api/v1/documents/{notice['id']}/issue",
                    json={"version": notice["version"]}, headers=supervisor)
    assert r.status_code == 422 and set(r.get_json()["error"]["fields"]) == {
        "text.missing", "text.due"}
    issue(client, officer, notice, status=403)  # an officer may not issue it
    assert written(case["id"]) == before
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{notice['id']}", headers=officer,
                     json={"text": {"missing": "专利登记簿副本", "due": "2026年10月9日"},
                           "version": notice["version"]})
    assert r.status_code == 200, r.get_json()
    edited = r.get_json()
    assert edited["version"] == notice["version"] + 1 and edited["may"]["issue"] is False
    r = client.post(f"/api/v1/documents/{notice['id']}/issue", json={"version": notice["version"]},
                    headers=supervisor)  # the version before the edit
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "stale_version"
    issued = issue(client, supervisor, edited)
    assert issued["number"] == "新泰市监知补〔2026〕1号"


def test_the_pdf_reads_back_with_the_case_number_parties_and_document_number(app, client, api):
    supervisor = api("370982-supervisor")
    case = accepted_case(client, api)
    notice = issue(client, supervisor, only(client, supervisor, case["id"], "acceptance_notice"))
    r = client.get(notice["pdf"], headers=supervisor)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment")
    content = r.get_data()
    assert hashlib.sha256(content).hexdigest() == notice["sha256"]
    assert len(content) == notice["size"]
    text = pdf_text(content)
    for expected in ("新泰市监知裁〔2026〕1号", NOTICE.format(1), "泰安市岱宗茶业有限公司", "王五",
                     "ZL200930231150.3", "2026年9月30日", "新泰市市场监督管理局", "受理通知书",
                     "《专利行政执法办法》第十条"):
        assert expected in text, (expected, text)
    stored = Path(app.config["DOCUMENTS_FOLDER"]) / db.session.get(Document, notice["id"]).stored_name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == notice["sha256"]
    assert "static" not in stored.parts


def test_an_issued_document_is_locked_and_a_correction_supersedes_it(client, api):
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = accepted_case(client, api)
    notice = issue(client, supervisor, only(client, supervisor, case["id"], "acceptance_notice"))
    path = f"/api/v1/cases/{case['id']}/documents/{notice['id']}"
    r = client.patch(path, json={"text": {"remarks": "改"}, "version": notice["version"]},
                     headers=officer)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "document_locked"
    assert client.get(f"{path}.docx", headers=officer).status_code == 409
    r = client.post(f"/api/v1/documents/{notice['id']}/issue", json={}, headers=supervisor)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_issued"
    r = client.post(f"/api/v1/documents/{notice['id']}/corrections",
                    json={"version": notice["version"]}, headers=officer)
    assert r.status_code == 201, r.get_json()
    correction = r.get_json()
    assert correction["revision"] == 2 and correction["supersedes"] == notice["id"]
    assert correction["status"] == "draft" and correction["number"] is None
    r = client.post(f"/api/v1/documents/{notice['id']}/corrections", json={}, headers=officer)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "correction_exists"
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{correction['id']}",
                     json={"text": {"remarks": "更正：请携带原件。"}}, headers=officer)
    corrected = issue(client, supervisor, r.get_json())
    assert corrected["number"] == notice["number"] and corrected["status"] == "issued"
    listed = {d["id"]: d for d in documents(client, officer, case["id"])}
    assert listed[notice["id"]]["status"] == "superseded"
    assert listed[notice["id"]]["superseded_by"] == correction["id"]
    assert listed[notice["id"]]["sha256"] == notice["sha256"]  # the old file is kept
    assert client.get(notice["pdf"], headers=officer).status_code == 200
    assert "更正：请携带原件。" in pdf_text(client.get(corrected["pdf"], headers=officer).get_data())
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.case_id == case["id"]).order_by(AuditEvent.seq)).all()
    assert actions[-4:] == ["document_issued", "document_correction_started", "document_edited",
                            "document_issued"]
    assert verify_chain().ok


def test_a_draft_downloads_as_docx_with_the_text_escaped(client, api):
    officer = api("370982-officer")
    case = accepted_case(client, api)
    notice = only(client, officer, case["id"], "acceptance_notice")
    client.patch(f"/api/v1/cases/{case['id']}/documents/{notice['id']}",
                 json={"text": {"remarks": "<w:p>注意 & 携带</w:p>"}}, headers=officer)
    r = client.get(notice["docx"], headers=officer)
    assert r.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(r.get_data())).read("word/document.xml").decode()
    assert "&lt;w:p&gt;注意 &amp; 携带&lt;/w:p&gt;" in xml
    assert "泰安市岱宗茶业有限公司" in xml and "（签发时编号）" in xml
    assert client.get(f"/api/v1/cases/{case['id']}/documents/{notice['id']}.pdf",
                      headers=officer).status_code == 409


def test_by_hand_drafts(client, api):
    officer = api("370982-officer")
    case = accepted_case(client, api)
    r = client.post(f"/api/v1/cases/{case['id']}/documents", headers=officer,
                    json={"kind": "receipt", "text": {"materials": "请求书一份"}})
    assert r.status_code == 201, r.get_json()
    receipt = issue(client, officer, r.get_json())  # officers issue receipts themselves
    assert receipt["number"] == "新泰市监知收〔2026〕1号"
    for body, field in (({"kind": "acceptance_notice"}, "kind"), ({"kind": "nope"}, "kind"),
                        ({"kind": "receipt", "text": {"colour": "红"}}, "text.colour")):
        r = client.post(f"/api/v1/cases/{case['id']}/documents", headers=officer, json=body)
        assert r.status_code == 422 and field in r.get_json()["error"]["fields"], r.get_json()


def test_another_units_case_is_404_and_a_role_outside_cases_403(client, api):
    supervisor = api("370982-supervisor")
    case = accepted_case(client, api)
    notice = only(client, supervisor, case["id"], "acceptance_notice")
    other = api("370983-supervisor")
    base = f"/api/v1/cases/{case['id']}/documents"
    for method, path, body in (
            ("get", base, None), ("get", f"{base}/{notice['id']}", None),
            ("get", f"{base}/{notice['id']}.docx", None), ("get", f"{base}/{notice['id']}.pdf", None),
            ("patch", f"{base}/{notice['id']}", {"text": {}}),
            ("post", base, {"kind": "receipt"}),
            ("post", f"/api/v1/documents/{notice['id']}/issue", {}),
            ("post", f"/api/v1/documents/{notice['id']}/corrections", {})):
        r = getattr(client, method)(path, json=body, headers=other)
        assert r.status_code == 404, (method, path, r.get_json())
    assert client.get(base, headers=api("admin")).status_code == 403
    assert client.get(f"/api/v1/documents/{notice['id']}/issue").status_code in (401, 405)
    assert _count_documents() == 1


def test_a_document_signed_on_an_earlier_day_is_dated_like_an_act(client, api):
    """issue_document(on=...) (seed-demo signs each notice with its act): never after today,
    never before the case's last act; a refused date writes nothing."""
    import pytest

    from caseflow.cases.models import Case
    from caseflow.documents.services import issue_document
    from caseflow.errors import ValidationFailed
    from tests.factories import user

    case = accepted_case(client, api)
    row, supervisor = db.session.get(Case, case["id"]), user("370982-supervisor")
    notice = db.session.scalar(select(Document).where(Document.case_id == row.id))
    before = _count_documents(), db.session.scalar(select(func.count()).select_from(AuditEvent))
    for day in ("2026-11-26", "2026-09-29"):  # tomorrow (TODAY is pinned), before the accept
        with pytest.raises(ValidationFailed):
            issue_document(supervisor, row, notice, version=notice.version, on=day)
        db.session.rollback()
        assert (_count_documents(), db.session.scalar(
            select(func.count()).select_from(AuditEvent))) == before
        notice = db.session.get(Document, notice.id)
        assert notice.status == "draft" and notice.number is None
    issued = issue_document(supervisor, db.session.get(Case, case["id"]), notice,
                            version=notice.version, on="2026-09-30")
    assert issued.issued_on.isoformat() == "2026-09-30" and issued.number == NOTICE.format(1)
