"""Evidence: content-checked uploads, generated storage names, scoped and audited downloads."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.evidence import add_evidence, display_name
from caseflow.cases.models import Case, Evidence
from caseflow.cases.offers import available_actions
from caseflow.errors import Forbidden
from caseflow.extensions import db
from tests.factories import open_case_via_api, user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _ofd() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buf.getvalue()


def _upload(client, headers, case_id, content, name="证据.pdf", description="合同扫描件"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/cases/{case_id}/evidence", headers=headers,
                       data={"file": (io.BytesIO(content), name), "description": description})


def _get(client, url, headers=None):  # type: ignore[no-untyped-def]
    """GET a download and close it (a streamed file stays open until the response is closed)."""
    response = client.get(url, headers=headers or {})
    response.get_data()
    response.close()
    return response


def _files(app) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.seq)))


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence)) or 0


@pytest.fixture
def station(api):  # type: ignore[no-untyped-def]
    return api("370982001-officer")


@pytest.fixture
def case_id(client, station):  # type: ignore[no-untyped-def]
    return open_case_via_api(client, station)["id"]


@pytest.mark.parametrize(("content", "name", "content_type"), [
    (PDF, "证据.pdf", "application/pdf"),
    (_png(), "现场照片.png", "image/png"),
    (_docx(), "说明.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (_ofd(), "发票.ofd", "application/ofd"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "旧表格.xls", "application/vnd.ms-excel"),
    ("名称,金额\n包装盒,80000\n".encode(), "清单.csv", "text/csv"),
    ("\ufeff询问笔录\r\n".encode(), "笔录.txt", "text/plain"),
])
def test_upload_returns_the_hash_size_and_type_and_stores_under_a_generated_name(
        app, client, station, case_id, content, name, content_type):
    r = _upload(client, station, case_id, content, name)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["size"] == len(content)
    assert body["content_type"] == content_type
    assert body["filename"] == name
    evidence = db.session.get(Evidence, body["id"])
    (stored,) = _files(app)
    assert stored.name == evidence.stored_name and len(stored.name) == 32
    assert stored.parent.name == str(case_id)
    assert stored.read_bytes() == content
    assert Path(app.static_folder).resolve() not in stored.resolve().parents
    assert name.rsplit(".", 1)[0] not in str(stored) and "." not in stored.name


def test_scoped_users_download_the_same_bytes_and_list_them(client, station, case_id, api):
    png = _png()
    uploaded = _upload(client, station, case_id, png, "现场照片.png").get_json()
    county = api("370982-officer")  # the handling unit
    r = _get(client, f"/api/v1/cases/{case_id}/evidence/{uploaded['id']}", county)
    assert r.status_code == 200
    assert r.data == png
    assert r.mimetype == "image/png"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png" in \
        r.headers["Content-Disposition"]
    listed = client.get(f"/api/v1/cases/{case_id}/evidence", headers=county).get_json()
    assert [e["id"] for e in listed] == [uploaded["id"]]
    assert listed[0]["uploaded_by"]["username"] == "370982001-officer"
    assert listed[0]["description"] == "合同扫描件"


def test_a_station_of_another_county_gets_404_and_nothing_is_written(app, client, api):
    taishan = api("370902001-officer")
    other_case = open_case_via_api(client, taishan, intake_unit="370902001")["id"]
    uploaded = _upload(client, taishan, other_case, PDF).get_json()
    xintai = api("370982001-officer")
    before = (_rows(), len(_events("evidence_uploaded")), len(_files(app)))
    assert _upload(client, xintai, other_case, PDF).status_code == 404
    assert client.get(f"/api/v1/cases/{other_case}/evidence", headers=xintai).status_code == 404
    r = _get(client, f"/api/v1/cases/{other_case}/evidence/{uploaded['id']}", xintai)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert (_rows(), len(_events("evidence_uploaded")), len(_files(app))) == before
    assert _events("evidence_downloaded") == []


def test_evidence_of_another_case_is_not_found_through_this_case(client, station, case_id):
    other = open_case_via_api(client, station, patent={"number": "200680018223.4", "title": "一种方法"})["id"]
    uploaded = _upload(client, station, other, PDF).get_json()
    r = _get(client, f"/api/v1/cases/{case_id}/evidence/{uploaded['id']}", station)
    assert r.status_code == 404


@pytest.mark.parametrize(("content", "name"), [
    (HTML, "起诉状.pdf"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "图.png"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "合同.pdf"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "合同.pdf"),
    (b"#!/bin/sh\nrm -rf /\n", "说明.txt"),
    ("被请求人".encode("gbk"), "笔录.txt"),
    (b"", "空.pdf"),
])
def test_refused_content_writes_nothing(app, client, station, case_id, content, name):
    before = len(_events("evidence_uploaded"))
    r = _upload(client, station, case_id, content, name)
    assert r.status_code == 422, r.get_json()
    error = r.get_json()["error"]
    assert error["code"] == "validation_failed" and error["fields"]["file"]
    assert _rows() == 0 and len(_events("evidence_uploaded")) == before
    assert _files(app) == []


def test_missing_file_part_is_a_field_error(client, station, case_id):
    r = client.post(f"/api/v1/cases/{case_id}/evidence", headers=station,
                    data={"description": "无文件"})
    assert r.status_code == 422 and "file" in r.get_json()["error"]["fields"]


@pytest.mark.parametrize(("name", "shown"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\evil\\x.pdf", "x.pdf"),
    ("..\\..\\..\\windows\\system32\\a.pdf", "a.pdf"),
    ("证据（一）\u202eabc.pdf", "证据（一）abc.pdf"),
    ("...hidden.pdf", "hidden.pdf"),
    ("invoice.exe", "invoice.exe.pdf"),
    ("..", "证据材料.pdf"),
    ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
])
def test_file_names_are_kept_only_as_safe_display_names(app, client, station, case_id, name,
                                                       shown):
    # Werkzeug reads backslashes in a quoted multipart file name as escapes: double them so
    # that the service sees the name the client meant.
    r = _upload(client, station, case_id, PDF, name.replace("\\", "\\\\"))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["filename"] == shown
    (stored,) = _files(app)
    assert stored.parent == Path(app.config["UPLOAD_FOLDER"]) / str(case_id)
    assert len(stored.name) == 32


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\evil\\x.pdf", "x.pdf"),
    ("a\x00b\r\n.txt", "ab.txt"), ('合同<"第1版">.pdf', "合同__第1版__.pdf"), (None, ""),
])
def test_display_names_drop_paths_and_control_characters(raw, clean):
    assert display_name(raw) == clean


@pytest.mark.parametrize("app_config", [{"EVIDENCE_MAX_BYTES": 1024}])
def test_an_oversized_upload_gets_413_and_leaves_no_file(app, client, station, case_id):
    r = _upload(client, station, case_id, PDF + b"0" * 2048)
    assert r.status_code == 413
    assert r.get_json()["error"]["code"] == "too_large"
    assert _files(app) == [] and _rows() == 0 and _events("evidence_uploaded") == []
    exact = PDF + b"0" * (1024 - len(PDF))
    assert _upload(client, station, case_id, exact).status_code == 201


def test_each_upload_and_download_is_audited(client, station, case_id):
    body = _upload(client, station, case_id, PDF, "证据.pdf").get_json()
    (event,) = _events("evidence_uploaded")
    assert event.case_id == case_id and event.actor == "370982001-officer"
    data = json.loads(event.data)
    assert {k: data[k] for k in ("filename", "sha256", "size", "content_type")} == {
        "filename": "证据.pdf", "sha256": body["sha256"], "size": len(PDF),
        "content_type": "application/pdf"}
    for _ in range(2):
        assert _get(client, f"/api/v1/cases/{case_id}/evidence/{body['id']}",
                    station).status_code == 200
    downloads = _events("evidence_downloaded")
    assert len(downloads) == 2 and all(e.case_id == case_id for e in downloads)
    assert json.loads(downloads[0].data)["evidence"] == body["id"]


def test_admins_may_not_upload(client, station, case_id):
    case = db.session.get(Case, case_id)
    with pytest.raises(Forbidden):
        add_evidence(user("admin"), case, io.BytesIO(PDF), "a.pdf", "")
    db.session.rollback()


def test_the_page_upload_redirects_with_a_flash_and_downloads(app, client, case_id, login):
    login("370982001-officer")
    r = client.post(f"/cases/{case_id}/evidence",
                    data={"file": (io.BytesIO(PDF), "证据.pdf"), "description": "扫描件"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case_id}#evidence")
    with client.session_transaction() as s:
        assert s["_flashes"][0][0] == "success"
    (evidence,) = db.session.scalars(select(Evidence)).all()
    r = _get(client, f"/cases/{case_id}/evidence/{evidence.id}")
    assert r.status_code == 200 and r.data == PDF
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert len(_events("evidence_downloaded")) == 1


def test_the_page_upload_refusal_flashes_an_error_and_writes_nothing(app, client, case_id,
                                                                     login):
    login("370982001-officer")
    r = client.post(f"/cases/{case_id}/evidence", data={"file": (io.BytesIO(HTML), "a.pdf")})
    assert r.status_code == 302
    with client.session_transaction() as s:
        category, message = s["_flashes"][0]
    assert category == "danger" and "HTML" in message
    assert _rows() == 0 and _files(app) == []


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_partial_lists_files_and_carries_a_csrf_token(app, client, station, case_id):
    body = _upload(client, station, case_id, PDF, "证据.pdf").get_json()
    case = db.session.get(Case, case_id)
    with app.test_request_context(f"/cases/{case_id}"):
        login_user(user("370982001-officer"))
        offers = available_actions(case, user("370982001-officer"),
                                   app.extensions["caseflow.workflows"])
        html = render_template("cases/_evidence.html", case=case, offers=offers)
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    assert f"/cases/{case_id}/evidence/{body['id']}" in html
    assert body["sha256"][:12] in html and body["sha256"] not in html.replace(
        f'title="{body["sha256"]}"', "")
    assert "证据.pdf" in html


def test_the_page_upload_needs_the_csrf_token(app, client, case_id, login):
    login("370982001-officer")
    app.config["WTF_CSRF_ENABLED"] = True
    r = client.post(f"/cases/{case_id}/evidence", data={"file": (io.BytesIO(PDF), "a.pdf")})
    assert r.status_code == 400
    assert _rows() == 0
