"""The court hand-off bundle: a ZIP with the signed audit bundle, the chosen evidence and a
signed manifest; the stdlib verifier accepts it and fails on any altered byte."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseflow.audit.export import derive_bundle_key
from caseflow.audit.models import AuditEvent
from caseflow.audit.verify_handoff import check
from caseflow.extensions import db
from tests.cases.test_api_transitions import fire
from tests.cases.test_views import _signed_in
from tests.documents.helpers import issue, only
from tests.factories import open_case_via_api

ROOT = Path(__file__).resolve().parents[2]
COURT = {"name": "泰安市中级人民法院", "case_number": "(2026)鲁09民初123号",
         "procedure": "ordinary"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _key(app) -> bytes:  # type: ignore[no-untyped-def]
    return derive_bundle_key(app.config["SECRET_KEY"])


def _returned_case(client, mediator):  # type: ignore[no-untyped-def]
    case = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                             intake_unit=None, court=COURT)
    case = fire(client, mediator, case, "sign_for", on="2026-11-02")
    case = fire(client, mediator, case, "reach_agreement", on="2026-11-10",
                data={"effective_on": "2026-11-10", "subject": "damages", "amount": 5000})
    return fire(client, mediator, case, "return_to_court", on="2026-11-11",
                data={"outcome": "agreement", "report": "双方达成协议。"})


def _upload(client, headers, case_id, name, content):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/cases/{case_id}/evidence", headers=headers,
                    data={"file": (io.BytesIO(content), name), "description": name})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def test_a_returned_case_hands_off_a_bundle_that_verifies(app, client, api, tmp_path):
    mediator = api("370982-mediator")
    case = _returned_case(client, mediator)
    kept = _upload(client, mediator, case["id"], "调解协议书.pdf", PDF)
    _upload(client, mediator, case["id"], "other.pdf", PDF + b"x")
    letter = issue(client, mediator, only(client, mediator, case["id"], "court_return_letter"))
    draft = only(client, mediator, case["id"], "mediation_agreement")  # a draft is not handed
    r = client.get(f"/api/v1/cases/{case['id']}/handoff-bundle?purpose=return_to_court"
                   f"&evidence={kept}", headers=mediator)
    assert r.status_code == 200, r.get_json()
    assert r.mimetype == "application/zip"
    raw = r.data
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read(f"evidence/{kept}-调解协议书.pdf") == PDF
    assert names[0] == "manifest.json" and "audit/audit-bundle.json" in names
    documents_in = [f for f in manifest["files"] if f["kind"] == "document"]
    assert [(f["document_id"], f["document_number"]) for f in documents_in] == [
        (letter["id"], letter["number"])]
    assert documents_in[0]["sha256"] == letter["sha256"] and draft["status"] == "draft"
    assert len([n for n in names if n.startswith("evidence/")]) == 1  # only the chosen one
    assert manifest["case"]["court"]["case_number"] == COURT["case_number"]
    assert {f["path"]: f["sha256"] for f in manifest["files"]}[
        f"evidence/{kept}-调解协议书.pdf"] == hashlib.sha256(PDF).hexdigest()
    assert check(raw, _key(app)) == []
    # the export is in the trail, with the archive's SHA-256
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.case_id == case["id"],
                                                       AuditEvent.action == "handoff_exported"))
    assert json.loads(event.data)["sha256"] == hashlib.sha256(raw).hexdigest()
    # the standard-library verifier, as a court runs it (the file copied beside verify_bundle)
    for name in ("verify_handoff.py", "verify_bundle.py"):
        (tmp_path / name).write_bytes((ROOT / "caseflow" / "audit" / name).read_bytes())
    (tmp_path / "bundle.zip").write_bytes(raw)
    run = subprocess.run([sys.executable, "-I", str(tmp_path / "verify_handoff.py"),
                          str(tmp_path / "bundle.zip"), "--key-hex", _key(app).hex()],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK: case ")


def test_any_altered_byte_fails_the_verifier(app, client, api):
    mediator = api("370982-mediator")
    case = _returned_case(client, mediator)
    _upload(client, mediator, case["id"], "a.pdf", PDF)
    raw = client.get(f"/api/v1/cases/{case['id']}/handoff-bundle?purpose=return_to_court",
                     headers=mediator).data
    key = _key(app)
    assert check(raw, key) == []
    step = max(1, len(raw) // 300)  # ~300 positions over the whole file, both ends included
    for i in [*range(0, len(raw), step), len(raw) - 1]:
        altered = bytearray(raw)
        altered[i] ^= 0x01
        assert check(bytes(altered), key), f"byte {i} altered and still verified"
    assert check(raw + b"\0", key)  # a byte added
    assert check(raw, b"\x00" * 32)  # another key


@pytest.mark.parametrize(("query", "status", "code"), [
    ("purpose=confirmation", 409, "no_agreement"),
    ("purpose=elsewhere", 422, "validation_failed"),
    ("purpose=return_to_court&evidence=999999", 422, "validation_failed"),
    ("purpose=return_to_court&evidence=1;2", 422, "validation_failed"),
])
def test_refusals_write_nothing(client, api, query, status, code):
    mediator = api("370982-mediator")
    case = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                             intake_unit=None, court=COURT)
    before = _events("handoff_exported")
    r = client.get(f"/api/v1/cases/{case['id']}/handoff-bundle?{query}", headers=mediator)
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.get_json()["error"]["code"] == code
    assert _events("handoff_exported") == before


def test_a_party_request_is_not_returned_to_a_court_and_scope_is_404(client, api):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    r = client.get(f"/api/v1/cases/{case['id']}/handoff-bundle?purpose=return_to_court",
                   headers=officer)
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "wrong_source"
    r = client.get(f"/api/v1/cases/{case['id']}/handoff-bundle?purpose=return_to_court",
                   headers=api("370902-officer"))
    assert r.status_code == 404


def test_the_case_page_offers_the_bundle_with_its_evidence(app, client, api):
    mediator = api("370982-mediator")
    case = _returned_case(client, mediator)
    kept = _upload(client, mediator, case["id"], "协议.pdf", PDF)
    page_client = _signed_in(app, "370982-mediator")
    page = page_client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert 'id="handoff-form"' in page and f'id="handoff-ev-{kept}"' in page
    r = page_client.get(f"/cases/{case['id']}/handoff-bundle.zip?purpose=return_to_court"
                        f"&evidence={kept}")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert check(r.data, _key(app)) == []
    r = page_client.get(f"/cases/{case['id']}/handoff-bundle.zip?purpose=confirmation")
    assert r.status_code == 302  # a court-entrusted case is not sent for judicial confirmation
    other = _signed_in(app, "370902-officer")
    assert other.get(f"/cases/{case['id']}/handoff-bundle.zip?purpose=return_to_court"
                     ).status_code == 404
