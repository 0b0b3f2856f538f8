"""The audit trail through the API: scoped, keyset-paged search and a case's signed bundle."""

from __future__ import annotations

from datetime import date

from flask import current_app, jsonify, request
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Query, answers, api, query_of
from caseflow.api.schemas import AuditBundle, AuditEventPage, Id
from caseflow.audit.describe import describe
from caseflow.audit.export import case_bundle, record_export
from caseflow.audit.queries import (
    MAX_PER_PAGE,
    REVIEWER_ROLES,
    parse_event_args,
    search_events,
    unit_names,
)
from caseflow.audit.services import event_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_


class EventQuery(Query):
    actor: str = Field("", pattern=PLAIN, max_length=100, description="a user name")
    unit: str = Field("", pattern=PLAIN, max_length=100, description="a unit code in the caller's scope")
    action: str = Field("", pattern=PLAIN, max_length=100)
    case: str = Field("", pattern=PLAIN, max_length=100, description="a case id or number")
    from_: date | None = Field(None, alias="from", description="recorded on or after")
    to: date | None = Field(None, description="recorded on or before")
    on_from: date | None = Field(None, description="legal date on or after")
    on_to: date | None = Field(None, description="legal date on or before")
    before: Id | None = Field(None, description="keyset: events older than this seq")
    after: Id | None = Field(None, description="keyset: events newer than this seq")
    per_page: int = Field(50, ge=1, le=10_000_000,
                          description=f"above {MAX_PER_PAGE} is capped at {MAX_PER_PAGE}")


@bp.get("/audit/events")
@api_auth(*REVIEWER_ROLES)
@api.validate(query=EventQuery, resp=answers(200, AuditEventPage, errors=(401, 403, 422)))
def audit_events():  # type: ignore[no-untyped-def]
    """Search the audit trail in the caller's scope, newest first (supervisors, admins).

    Page with ?before=<next_before> (keyset on seq).
    """
    args = query_of()
    filters, errors = parse_event_args(request.args, current_user)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    page = search_events(filters, current_user, before_seq=args.before, after_seq=args.after,
                         limit=min(MAX_PER_PAGE, args.per_page))
    names, registry = unit_names(), current_app.extensions["caseflow.workflows"]
    items = [{**event_as_dict(e), "description": describe(e, registry, names)}
             for e in page.items]
    return jsonify({"items": items, "next_before": page.older_before,
                    "prev_after": page.newer_after})


@bp.get("/cases/<int:case_id>/audit-bundle")
@writes_on_get
@api_auth(*REVIEWER_ROLES)
@api.validate(resp=answers(200, AuditBundle, errors=(401, 403, 404)))
def case_audit_bundle(case_id: int):  # type: ignore[no-untyped-def]
    """A case's audit trail as a signed caseflow-audit-bundle/1 (supervisors, admins).

    The download is itself audited.
    """
    case = get_case_for(current_user, case_id)
    bundle = case_bundle(case)
    record_export(current_user, case, "json", channel="api", bundle=bundle)
    return jsonify(bundle)

