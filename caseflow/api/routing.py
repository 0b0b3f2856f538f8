"""Routing through the API: moves, signing for, assignment, assist tasks, recusal."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from caseflow.api.base import api_auth, bp, json_body
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.routing import assignment, assist, services
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")



@bp.post("/cases/<int:case_id>/routing")
@api_auth(*CASE_ROLES)
def api_routing(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    action = body.get("action")
    common = {"on": body.get("on"), "version": body.get("version")}
    if action in services.MOVES:
        services.move_case(current_user, case, action, to_unit=body.get("to_unit"),
                           reason=body.get("reason"), registry=registry(), **common)
    elif action == "sign_for":
        services.sign_for(current_user, case, registry=registry(), **common)
    elif action == "assign":
        assignment.assign(current_user, case, to_user=body.get("to_user"),
                          team=body.get("team"), reason=body.get("reason"),
                          registry=registry(), **common)
    else:
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "action": N_("须为 refer_up、delegate、transfer、assign 或 sign_for。")})
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.get("/cases/<int:case_id>/assignee-suggestion")
@api_auth("supervisor")
def api_suggestion(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    user = services.suggest_assignee(case, registry())
    return jsonify({"username": user.username if user else None,
                    "name": user.name if user else None})


@bp.post("/cases/<int:case_id>/recusal")
@api_auth(*CASE_ROLES)
def api_recusal(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    assignment.declare_recusal(current_user, case, reason=body.get("reason"),
                               version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


def _task_dict(task):  # type: ignore[no-untyped-def]
    return {"id": task.id, "case_id": task.case_id, "kind": task.kind,
            "assisting_unit": task.assisting_unit.code, "description": task.description,
            "due_on": task.due_on.isoformat(), "status": task.status, "result": task.result}


@bp.post("/cases/<int:case_id>/assist")
@api_auth(*CASE_ROLES)
def api_request_assist(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    task = assist.request_assist(current_user, case, to_unit=body.get("to_unit"),
                                 kind=body.get("kind"), description=body.get("description"),
                                 due_on=body.get("due_on"), registry=registry())
    return jsonify(_task_dict(task)), 201


@bp.post("/assist/<int:task_id>")
@api_auth(*CASE_ROLES)
def api_close_assist(task_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    task = assist.close_assist(current_user, task_id, outcome=body.get("outcome"),
                               note=body.get("note"))
    return jsonify(_task_dict(task))
