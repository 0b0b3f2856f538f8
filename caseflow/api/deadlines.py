"""Extensions and the notification inbox through the API."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from caseflow.api.base import api_auth, bp, json_body, page_args
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.deadlines import notifications
from caseflow.deadlines.actions import extend_closure, extend_mediation
from caseflow.timeutil import iso_local
from caseflow.web import registry


@bp.post("/cases/<int:case_id>/actions/extend")
@api_auth("officer", "mediator", "supervisor")
def api_extend(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    extend_closure(current_user, case, reason=body.get("reason"), on=body.get("on"),
                   version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.post("/cases/<int:case_id>/actions/extend_mediation")
@api_auth("officer", "mediator", "supervisor")
def api_extend_mediation(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    extend_mediation(current_user, case, days=body.get("days"), consents=body.get("consents"),
                     reason=body.get("reason"), on=body.get("on"), version=body.get("version"),
                     registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.get("/notifications")
@api_auth()
def api_notifications():  # type: ignore[no-untyped-def]
    page, per_page = page_args()
    items, total = notifications.list_notifications(current_user, page, per_page)
    return jsonify({"items": [{"id": n.id, "kind": n.kind, "case_id": n.case_id,
                               "message": n.message, "at": iso_local(n.created_at),
                               "read": n.read_at is not None} for n in items],
                    "total": total, "page": page, "per_page": per_page,
                    "unread": notifications.unread_count(current_user)})
