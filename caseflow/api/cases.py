"""Cases through the API: intake, lists, detail, transitions, trail, identity."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from caseflow.api.base import api_auth, bp, json_body, page_args
from caseflow.api.corrections import with_correction_paths
from caseflow.audit.services import event_as_dict, list_case_events
from caseflow.cases import services
from caseflow.cases.actions import perform_action
from caseflow.cases.intake import parse_intake
from caseflow.cases.presenters import case_as_dict, case_summary
from caseflow.cases.queries import CaseFilters, list_cases
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import NotFound, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.timeutil import today
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")



@bp.post("/cases")
@api_auth(*CASE_ROLES)
def create_case():  # type: ignore[no-untyped-def]
    inp, errors, warnings = parse_intake(json_body(), today())
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    case, warnings = services.open_case(current_user, inp, registry(), warnings)
    warnings = with_correction_paths(case.id, warnings)
    return jsonify(case_as_dict(case, current_user, registry(), warnings)), 201


@bp.get("/cases")
@api_auth(*CASE_ROLES)
def cases_index():  # type: ignore[no-untyped-def]
    page, per_page = page_args()
    args = request.args
    filters = CaseFilters(status=args.get("status") or None, workflow=args.get("workflow") or None,
                          unit=args.get("unit") or None, assignee=args.get("assignee") or None,
                          q=args.get("q") or None, overdue=args.get("overdue") == "true")
    items, total = list_cases(current_user, filters, page, per_page)
    return jsonify({"items": [case_summary(c, registry()) for c in items], "total": total,
                    "page": page, "per_page": per_page})


@bp.get("/cases/<int:case_id>")
@api_auth(*CASE_ROLES)
def case_detail(case_id: int):  # type: ignore[no-untyped-def]
    return jsonify(case_as_dict(get_case_for(current_user, case_id), current_user, registry()))


@bp.post("/cases/<int:case_id>/transitions")
@api_auth(*CASE_ROLES)
def case_transition(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    trigger = body.get("trigger")
    if not isinstance(trigger, str) or not trigger:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"trigger": N_("必填。")})
    result = perform_action(case, trigger, current_user, registry=registry(), on=body.get("on"),
                            note=body.get("note"), data=body.get("data"),
                            version=body.get("version"))
    return jsonify(case_as_dict(result.case, current_user, registry(), result.warnings))


@bp.get("/cases/<int:case_id>/events")
@api_auth(*CASE_ROLES)
def case_events(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    return jsonify([event_as_dict(e) for e in list_case_events(case.id)])


@bp.get("/cases/<int:case_id>/parties/<int:party_id>/identity")
@writes_on_get
@api_auth(*CASE_ROLES)
def party_identity(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    party = services.case_party(case, party_id)
    if party is None:
        raise NotFound(N_("当事人不存在。"))
    number = services.reveal_identity(current_user, case, party)
    return jsonify({"party": party.id, "id_number": number})


@bp.get("/workflows")
@api_auth()
def workflows_index():  # type: ignore[no-untyped-def]
    return jsonify([_workflow_dict(c.workflow) for c in registry()])


@bp.get("/workflows/<name>")
@api_auth()
def workflow_detail(name: str):  # type: ignore[no-untyped-def]
    if name not in registry().names():
        raise NotFound(N_("没有这个程序。"))
    return jsonify(_workflow_dict(registry().latest(name).workflow))


def _workflow_dict(wf):  # type: ignore[no-untyped-def]
    return {"name": wf.name, "version": wf.version, "label": wf.label.zh,
            "states": [{"name": s.name, "label": s.label.zh, "label_en": s.label.en,
                        "terminal": s.terminal, "initial": s.initial} for s in wf.states],
            "transitions": [{"trigger": t.trigger, "label": t.label.zh, "label_en": t.label.en,
                             "source": list(t.source), "dest": t.dest, "roles": sorted(t.roles),
                             "note_required": t.note_required,
                             "inputs": [{"name": i.name, "type": i.type, "required": i.required,
                                         "choices": list(i.choices)} for i in t.inputs]}
                            for t in wf.transitions]}
