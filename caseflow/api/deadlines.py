"""Extensions and the notification inbox through the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.cases import PageQuery
from caseflow.api.contract import PLAIN, Body, answers, api, body_of, query_of
from caseflow.api.schemas import CaseOut, NotificationPage, Version
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.deadlines import notifications
from caseflow.deadlines.actions import extend_closure, extend_mediation
from caseflow.timeutil import iso_local
from caseflow.web import registry

Reason = Annotated[str, Field(pattern=PLAIN, max_length=2000)]


class ExtendBody(Body):
    reason: Reason | None = None
    on: date | None = None
    until: date | None = Field(None, description="2025 Measures: the extended end (unrolled, "
                               "before periods not counted); default the maximum")
    approval_ref: Annotated[str, Field(pattern=PLAIN, max_length=200)] | None = Field(
        None, description="2025 Measures, second extension of a city case: the provincial "
        "office's approval reference")
    version: Version | None = None


@bp.post("/cases/<int:case_id>/actions/extend")
@api_auth("officer", "mediator", "supervisor")
@api.validate(json=ExtendBody, resp=answers(200, CaseOut, errors=(400, 401, 403, 404, 409, 422)))
def api_extend(case_id: int):  # type: ignore[no-untyped-def]
    """Extend the closure period (supervisor). 2015 rules: once, one month; a second time: 409
    `already_extended`. 2025 Measures (Art. 37): a first extension (handling unit) and a
    second (the unit above); a third: 409 `already_extended`."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    extend_closure(current_user, case, reason=body.reason, on=body.on,
                   version=body.version, registry=registry(), until=body.until,
                   approval_ref=body.approval_ref)
    return jsonify(case_as_dict(case, current_user, registry()))


class Consents(Body):
    requester: bool = False
    respondent: bool = False


class ExtendMediationBody(Body):
    days: Annotated[int, Field(ge=1, le=365)]
    consents: Consents = Field(Consents(), description="both parties' consent, each true "
                               "(not asked of a party's ownership mediation under the 2025 "
                               "Measures: its supervisor approves at most a month, once)")
    reason: Reason | None = None
    on: date | None = None
    version: Version | None = None


@bp.post("/cases/<int:case_id>/actions/extend_mediation")
@api_auth("officer", "mediator", "supervisor")
@api.validate(json=ExtendMediationBody,
              resp=answers(200, CaseOut, errors=(400, 401, 403, 404, 409, 422)))
def api_extend_mediation(case_id: int):  # type: ignore[no-untyped-def]
    """Extend the mediation period with both parties' recorded consent (mediator); a party's
    ownership mediation under the 2025 Measures: by its supervisor, once, at most a month
    (Art. 70), 409 `already_extended` the second time."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    extend_mediation(current_user, case, days=body.days, consents=body.consents.model_dump(),
                     reason=body.reason, on=body.on, version=body.version,
                     registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.get("/notifications")
@api_auth()
@api.validate(query=PageQuery, resp=answers(200, NotificationPage, errors=(401, 422)))
def api_notifications():  # type: ignore[no-untyped-def]
    """The user's inbox, newest first."""
    args = query_of()
    page, per_page = args.page, min(100, args.per_page)
    items, total = notifications.list_notifications(current_user, page, per_page)
    return jsonify({"items": [{"id": n.id, "kind": n.kind, "case_id": n.case_id,
                               "message": n.message, "at": iso_local(n.created_at),
                               "read": n.read_at is not None} for n in items],
                    "total": total, "page": page, "per_page": per_page,
                    "unread": notifications.unread_count(current_user)})
