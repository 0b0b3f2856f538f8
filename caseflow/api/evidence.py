"""Evidence through the API: upload, list, download."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from caseflow.api.base import api_auth, bp
from caseflow.api.openapi import _op, _path, add_paths
from caseflow.auth.permissions import CASE_ROLES
from caseflow.cases.evidence import add_evidence, list_evidence, open_evidence
from caseflow.cases.evidence_http import discard_on_rollback, send_evidence
from caseflow.cases.models import Evidence
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.timeutil import iso_local


def evidence_as_dict(evidence: Evidence) -> dict[str, Any]:
    """Shape an evidence row for the API."""
    uploader = evidence.uploaded_by
    return {"id": evidence.id, "filename": evidence.filename, "sha256": evidence.sha256,
            "size": evidence.size, "content_type": evidence.content_type,
            "description": evidence.description, "uploaded_at": iso_local(evidence.uploaded_at),
            "uploaded_by": {"username": uploader.username, "name": uploader.name}
            if uploader else None}


@bp.post("/cases/<int:case_id>/evidence")
@api_auth(*CASE_ROLES)
def evidence_upload(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed(N_("请选择要上传的文件。"), fields={"file": N_("必填。")})
    evidence = add_evidence(current_user, case, upload.stream, upload.filename,
                            request.form.get("description", ""))
    discard_on_rollback(evidence)
    return jsonify(evidence_as_dict(evidence)), 201


@bp.get("/cases/<int:case_id>/evidence")
@api_auth(*CASE_ROLES)
def evidence_index(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    return jsonify([evidence_as_dict(e) for e in list_evidence(case)])


@bp.get("/cases/<int:case_id>/evidence/<int:evidence_id>")
@writes_on_get
@api_auth(*CASE_ROLES)
def evidence_download(case_id: int, evidence_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    evidence, path = open_evidence(current_user, case, evidence_id)
    return send_evidence(evidence, path)


_ITEM = {"type": "object", "properties": {
    "id": {"type": "integer"}, "filename": {"type": "string"}, "sha256": {"type": "string"},
    "size": {"type": "integer"}, "content_type": {"type": "string"}}}
_UPLOAD = _op("Upload an evidence file (multipart: file, description)", ok="201",
              errors=(401, 403, 404, 413, 422), params=[_path("id")], result=_ITEM)
_UPLOAD["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}, "description": {"type": "string"}}}}}}
_DOWNLOAD = _op("Download an evidence file (as an attachment)", errors=(401, 403, 404),
                params=[_path("id"), _path("evidence_id")])
_DOWNLOAD["responses"]["200"] = {"description": "the file", "content": {
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
add_paths({
    "/cases/{id}/evidence": {
        "get": _op("A case's evidence, oldest first", errors=(401, 403, 404),
                   params=[_path("id")], result={"type": "array", "items": _ITEM}),
        "post": _UPLOAD},
    "/cases/{id}/evidence/{evidence_id}": {"get": _DOWNLOAD},
})
