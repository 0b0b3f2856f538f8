"""Evidence pages: the upload form on the case page and the download link."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import Length, Optional

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.evidence import (
    DESCRIPTION_MAX,
    add_evidence,
    format_size,
    kind_label,
    max_bytes,
    open_evidence,
)
from caseflow.cases.evidence_http import discard_on_rollback, send_evidence
from caseflow.cases.handoff import HANDOFF_ROLES, build_handoff, handoff_purpose
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import DomainError
from caseflow.transaction import abandon

bp = Blueprint("evidence", __name__)


class EvidenceUploadForm(FlaskForm):
    file = FileField(_l("文件"), validators=[FileRequired(_l("请选择要上传的文件。"))])
    description = StringField(_l("说明"), validators=[Optional(), Length(max=DESCRIPTION_MAX)])


@bp.app_context_processor
def _evidence_helpers() -> dict[str, Any]:
    return {"evidence_upload_form": lambda: EvidenceUploadForm(formdata=None),
            "evidence_size": format_size, "evidence_kind": kind_label,
            "evidence_limit": lambda: format_size(max_bytes()),
            "handoff_purpose": handoff_purpose}


def _case_page(case_id: int) -> Response:
    return redirect(f"{request.script_root}/cases/{case_id}#evidence")


@bp.post("/cases/<int:case_id>/evidence")
@roles_required(*CASE_ROLES)
def upload(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    form = EvidenceUploadForm()
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(str(message), "danger")
        return _case_page(case.id)
    try:
        evidence = add_evidence(current_user, case, form.file.data.stream,
                                form.file.data.filename, form.description.data)
    except DomainError as err:
        if err.status not in (413, 422):
            raise
        abandon()
        flash(_("未能上传：%(message)s", message=err.localized()), "danger")
        return _case_page(case.id)
    discard_on_rollback(evidence)
    flash(_("已上传证据材料“%(name)s”。", name=evidence.filename), "success")
    return _case_page(case.id)


@bp.get("/cases/<int:case_id>/evidence/<int:evidence_id>")
@writes_on_get
@roles_required(*CASE_ROLES)
def download(case_id: int, evidence_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    evidence, path = open_evidence(current_user, case, evidence_id)
    return send_evidence(evidence, path)


@bp.get("/cases/<int:case_id>/handoff-bundle.zip")
@writes_on_get
@roles_required(*HANDOFF_ROLES)
def handoff_bundle(case_id: int):  # type: ignore[no-untyped-def]
    """The case's hand-off bundle for its court, with the evidence ticked on the case page."""
    case = get_case_for(current_user, case_id)
    chosen = [int(v) for v in request.args.getlist("evidence") if v.isdigit() and len(v) < 11]
    try:
        bundle = build_handoff(current_user, case, purpose=request.args.get("purpose", ""),
                               evidence_ids=chosen)
    except DomainError as err:
        if err.status not in (403, 409, 422):
            raise
        abandon()
        flash(_("未能生成移交材料包：%(message)s", message=err.localized()), "danger")
        return _case_page(case.id)
    return Response(bundle.content, mimetype="application/zip",
                    headers={"Content-Disposition": f"attachment; filename={bundle.filename}"})
