"""The court hand-off bundle through the API (issue: documents and service, item 6)."""

from __future__ import annotations

from typing import Literal

from flask import Response
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import Query, answers, api, query_of
from caseflow.cases.handoff import HANDOFF_ROLES, build_handoff
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import ValidationFailed
from caseflow.hardening import MAX_ID
from caseflow.i18n_markers import N_


class HandoffQuery(Query):
    purpose: Literal["confirmation", "return_to_court"] = Field(
        description="confirmation: an agreement for judicial confirmation; return_to_court: a "
        "court-assigned or court-entrusted case going back to its court")
    evidence: str | None = Field(None, pattern=r"^\d{1,10}(,\d{1,10}){0,199}$",
                                 description="comma-separated evidence ids of this case to "
                                 "include; omitted: all of them")


def evidence_ids(raw: str | None) -> list[int] | None:
    """Read `1,2,3` into ids (bounded like every id); None when the parameter is absent."""
    if raw is None:
        return None
    ids = [int(part) for part in raw.split(",")]
    if any(i < 1 or i > MAX_ID for i in ids):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"evidence": N_(
            "只能选择本案的证据材料。")})
    return ids


def zip_response(content: bytes, filename: str) -> Response:
    return Response(content, mimetype="application/zip",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/cases/<int:case_id>/handoff-bundle")
@writes_on_get
@api_auth(*HANDOFF_ROLES)
@api.validate(query=HandoffQuery, resp=answers(
    200, None, errors=(401, 403, 404, 409, 422),
    description="a caseflow-handoff-bundle/1 ZIP (application/zip)"))
def case_handoff_bundle(case_id: int):  # type: ignore[no-untyped-def]
    """The case's hand-off bundle for its court: the signed audit bundle, the chosen evidence
    and a signed manifest, verifiable with `caseflow/audit/verify_handoff.py` (stdlib only).
    The export is audited (`handoff_exported`, with the archive's SHA-256)."""
    args = query_of()
    case = get_case_for(current_user, case_id)
    bundle = build_handoff(current_user, case, purpose=args.purpose,
                           evidence_ids=evidence_ids(args.evidence))
    return zip_response(bundle.content, bundle.filename)
