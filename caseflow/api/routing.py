"""Routing through the API: moves, signing for, assignment, assist tasks, recusal."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, answers, api, body_of
from caseflow.api.schemas import AssistTaskOut, CaseOut, SuggestionOut, Version
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.routing import assignment, assist, services
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")
Code = Annotated[str, Field(pattern=PLAIN, max_length=100)]
Reason = Annotated[str, Field(pattern=PLAIN, max_length=2000)]


class RoutingBody(Body):
    action: Literal["refer_up", "delegate", "transfer", "assign", "sign_for"]
    to_unit: Code | None = Field(None, description="refer_up, delegate, transfer")
    to_user: Code | None = Field(None, description="assign: a user name, or auto")
    team: list[Code] | Literal[""] | None = Field(None, description="assign: the panel's user names")
    reason: Reason | None = None
    on: date | None = None
    version: Version | None = None


@bp.post("/cases/<int:case_id>/routing")
@api_auth(*CASE_ROLES)
@api.validate(json=RoutingBody, resp=answers(200, CaseOut, errors=(400, 401, 403, 404, 409, 422)))
def api_routing(case_id: int):  # type: ignore[no-untyped-def]
    """Move a case (refer_up, delegate, transfer), sign for it, or assign it."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    common = {"on": body.on, "version": body.version}
    if body.action in services.MOVES:
        services.move_case(current_user, case, body.action, to_unit=body.to_unit,
                           reason=body.reason, registry=registry(), **common)
    elif body.action == "sign_for":
        services.sign_for(current_user, case, registry=registry(), **common)
    else:
        assignment.assign(current_user, case, to_user=body.to_user, team=body.team,
                          reason=body.reason, registry=registry(), **common)
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.get("/cases/<int:case_id>/assignee-suggestion")
@api_auth("supervisor")
@api.validate(resp=answers(200, SuggestionOut, errors=(401, 403, 404)))
def api_suggestion(case_id: int):  # type: ignore[no-untyped-def]
    """Who the assignment rules would pick for this case (supervisors)."""
    case = get_case_for(current_user, case_id)
    user = services.suggest_assignee(case, registry())
    return jsonify({"username": user.username if user else None,
                    "name": user.name if user else None})


class RecusalBody(Body):
    reason: Reason | None = None
    version: Version | None = None


@bp.post("/cases/<int:case_id>/recusal")
@api_auth(*CASE_ROLES)
@api.validate(json=RecusalBody, resp=answers(200, CaseOut, errors=(400, 401, 403, 404, 409, 422)))
def api_recusal(case_id: int):  # type: ignore[no-untyped-def]
    """Declare a conflict of interest on a case one is assigned to."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    assignment.declare_recusal(current_user, case, reason=body.reason, version=body.version,
                               registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


def _task_dict(task):  # type: ignore[no-untyped-def]
    return {"id": task.id, "case_id": task.case_id, "kind": task.kind,
            "assisting_unit": task.assisting_unit.code, "description": task.description,
            "due_on": task.due_on.isoformat(), "status": task.status, "result": task.result}


class AssistBody(Body):
    to_unit: Code
    kind: Literal[tuple(assist.KINDS)]  # type: ignore[valid-type]
    description: Reason
    due_on: date


@bp.post("/cases/<int:case_id>/assist")
@api_auth(*CASE_ROLES)
@api.validate(json=AssistBody,
              resp=answers(201, AssistTaskOut, errors=(400, 401, 403, 404, 409, 422)))
def api_request_assist(case_id: int):  # type: ignore[no-untyped-def]
    """Ask another unit of the city for help (inspection, evidence, service)."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    task = assist.request_assist(current_user, case, to_unit=body.to_unit, kind=body.kind,
                                 description=body.description, due_on=body.due_on,
                                 registry=registry())
    return jsonify(_task_dict(task)), 201


class AssistCloseBody(Body):
    outcome: Literal["done", "declined"]
    note: Reason


@bp.post("/assist/<int:task_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=AssistCloseBody,
              resp=answers(200, AssistTaskOut, errors=(400, 401, 403, 404, 409, 422)))
def api_close_assist(task_id: int):  # type: ignore[no-untyped-def]
    """The assisting unit reports back and closes the task."""
    body = body_of()
    task = assist.close_assist(current_user, task_id, outcome=body.outcome, note=body.note)
    return jsonify(_task_dict(task))
