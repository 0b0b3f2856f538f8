"""Evidence through the API: upload, list, download."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from werkzeug.datastructures import FileStorage

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, answers, api, body_of
from caseflow.api.schemas import EvidenceList, EvidenceOut
from caseflow.auth.permissions import CASE_ROLES
from caseflow.cases.evidence import add_evidence, list_evidence, open_evidence
from caseflow.cases.evidence_http import discard_on_rollback, send_evidence
from caseflow.cases.models import Evidence
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
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


class EvidenceForm(BaseModel):
    """multipart/form-data: the file and what it shows."""

    refusal: ClassVar[str] = N_("请选择要上传的文件。")
    model_config = ConfigDict(arbitrary_types_allowed=True, extra="ignore")

    file: Annotated[FileStorage, WithJsonSchema({"type": "string", "format": "binary"})]
    description: Annotated[str, Field(pattern=PLAIN, max_length=2000)] = ""


@bp.post("/cases/<int:case_id>/evidence")
@api_auth(*CASE_ROLES)
@api.validate(form=EvidenceForm,
              resp=answers(201, EvidenceOut, errors=(400, 401, 403, 404, 413, 422)))
def evidence_upload(case_id: int):  # type: ignore[no-untyped-def]
    """Upload an evidence file (multipart: file, description)."""
    form = body_of()
    case = get_case_for(current_user, case_id)
    evidence = add_evidence(current_user, case, form.file.stream, form.file.filename,
                            form.description)
    discard_on_rollback(evidence)
    return jsonify(evidence_as_dict(evidence)), 201


@bp.get("/cases/<int:case_id>/evidence")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, EvidenceList, errors=(401, 403, 404)))
def evidence_index(case_id: int):  # type: ignore[no-untyped-def]
    """A case's evidence, oldest first."""
    case = get_case_for(current_user, case_id)
    return jsonify([evidence_as_dict(e) for e in list_evidence(case)])


@bp.get("/cases/<int:case_id>/evidence/<int:evidence_id>")
@writes_on_get
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, None, errors=(401, 403, 404),
                           description="the file, as an attachment (application/octet-stream)"))
def evidence_download(case_id: int, evidence_id: int):  # type: ignore[no-untyped-def]
    """Download an evidence file (the download is audited)."""
    case = get_case_for(current_user, case_id)
    evidence, path = open_evidence(current_user, case, evidence_id)
    return send_evidence(evidence, path)

