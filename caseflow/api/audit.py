"""The audit trail through the API: scoped, keyset-paged search and a case's signed bundle."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_login import current_user

from caseflow.api.base import api_auth, bp
from caseflow.api.openapi import _op, _path, _q, add_paths
from caseflow.audit.describe import describe
from caseflow.audit.export import case_bundle, record_export
from caseflow.audit.queries import (
    MAX_PER_PAGE,
    REVIEWER_ROLES,
    parse_cursor,
    parse_event_args,
    search_events,
    unit_names,
)
from caseflow.audit.services import event_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import ValidationFailed
from caseflow.hardening import MAX_PAGE, int_arg
from caseflow.i18n_markers import N_


def _paging(errors: dict[str, str]) -> tuple[int | None, int | None, int]:
    try:
        before = parse_cursor(request.args, "before")
        after = parse_cursor(request.args, "after")
    except ValueError:
        errors["before"] = N_("before 和 after 须为事件序号。")
        before = after = None
    try:
        per_page = min(MAX_PER_PAGE, int_arg("per_page", 50, min=1, max=MAX_PAGE))
    except ValidationFailed as err:
        errors.update(err.fields)
        per_page = 50
    return before, after, per_page


@bp.get("/audit/events")
@api_auth(*REVIEWER_ROLES)
def audit_events():  # type: ignore[no-untyped-def]
    filters, errors = parse_event_args(request.args, current_user)
    before, after, per_page = _paging(errors)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    page = search_events(filters, current_user, before_seq=before, after_seq=after,
                         limit=per_page)
    names, registry = unit_names(), current_app.extensions["caseflow.workflows"]
    items = [{**event_as_dict(e), "description": describe(e, registry, names)}
             for e in page.items]
    return jsonify({"items": items, "next_before": page.older_before,
                    "prev_after": page.newer_after})


@bp.get("/cases/<int:case_id>/audit-bundle")
@writes_on_get
@api_auth(*REVIEWER_ROLES)
def case_audit_bundle(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    bundle = case_bundle(case)
    record_export(current_user, case, "json", channel="api", bundle=bundle)
    return jsonify(bundle)


_FILTERS = [_q("actor"), _q("unit"), _q("action"), _q("case"), _q("from"), _q("to"),
            _q("on_from"), _q("on_to"), _q("before", "integer"), _q("after", "integer"),
            _q("per_page", "integer")]
add_paths({
    "/audit/events": {"get": _op(
        "Search the audit trail in the caller's scope, newest first; page with "
        "?before=<next_before> (keyset on seq); supervisors and admins",
        params=_FILTERS, errors=(401, 403, 422),
        result={"type": "object", "properties": {
            "items": {"type": "array", "items": {"type": "object"}},
            "next_before": {"type": "integer", "nullable": True},
            "prev_after": {"type": "integer", "nullable": True}}})},
    "/cases/{id}/audit-bundle": {"get": _op(
        "A case's audit trail as a signed caseflow-audit-bundle/1 (the download is itself "
        "audited); supervisors and admins", params=[_path("id")], errors=(401, 403, 404))},
})
