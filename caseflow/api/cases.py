"""Cases through the API: intake, lists, detail, transitions, trail, identity."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, Query, answers, api, body_of, query_of
from caseflow.api.corrections import with_correction_paths
from caseflow.api.schemas import (
    CaseOut,
    CasePage,
    EventList,
    IdentityOut,
    Money,
    Version,
    WorkflowList,
    WorkflowOut,
)
from caseflow.audit.services import event_as_dict, list_case_events
from caseflow.cases import services
from caseflow.cases.actions import perform_action
from caseflow.cases.intake import LIMITS, MAX_PARTIES, MEDIATION_SUBJECTS, WORKFLOWS, parse_intake
from caseflow.cases.presenters import case_as_dict, case_summary, rules_dict
from caseflow.cases.queries import CaseFilters, list_cases
from caseflow.cases.scope import get_case_for
from caseflow.database import writes_on_get
from caseflow.errors import NotFound, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.timeutil import today
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")
MAX_PAGE = 10_000_000

Text = Annotated[str, Field(pattern=PLAIN, max_length=200)]


class PartyBody(Body):
    kind: Literal["person", "organization"] = "person"
    name: Text
    credit_code: Annotated[str, Field(pattern=PLAIN, max_length=30)] | None = None
    id_number: Annotated[str, Field(pattern=PLAIN, max_length=30)] | None = None
    phone: Annotated[str, Field(pattern=PLAIN, max_length=40)] | None = None
    address: Annotated[str, Field(pattern=PLAIN, max_length=LIMITS["address"])] | None = None
    agent_name: Annotated[str, Field(pattern=PLAIN, max_length=LIMITS["agent_name"])] | None = None
    agent_phone: Annotated[str, Field(pattern=PLAIN, max_length=40)] | None = None
    agent_has_power_of_attorney: bool = False
    no_domicile_in_china: bool = Field(
        False, description="no fixed domicile in the PRC: 30 days to reply, not 15 (Art. 22)")


class PatentBody(Body):
    number: Annotated[str, Field(pattern=PLAIN, max_length=30)]
    title: Text | None = None
    patentee: Text | None = None


class CourtBody(Body):
    name: Annotated[str, Field(pattern=PLAIN, max_length=LIMITS["court_name"])] | None = None
    case_number: Annotated[str, Field(pattern=PLAIN, max_length=LIMITS["court_case_number"])] | None = None
    procedure: Literal["ordinary", "simple"] | None = None


# "at least one" is the intake service's rule, so that its message comes with all the others
Parties = Annotated[list[PartyBody], Field(max_length=MAX_PARTIES, description="at least one")]


class IntakeBody(Body):
    """An intake (API.md): identifiers and routing are checked by the intake service."""

    messages: ClassVar[dict[str, str]] = {
        "requesters": N_("至少填写一名请求人。"), "respondents": N_("至少填写一名被请求人。"),
        "received_on:missing": N_("必填，格式 YYYY-MM-DD。"), "patent": N_("请填写专利号。"),
        "workflow": N_("程序须为 adjudication、prelitigation_mediation 或 court_entrusted_mediation。")}

    workflow: Literal[WORKFLOWS]  # type: ignore[valid-type]
    received_on: date
    patent: PatentBody
    requesters: Parties
    respondents: Parties
    intake_unit: Annotated[str, Field(pattern=PLAIN, max_length=12)] | None = None
    handling_unit: Annotated[str, Field(pattern=PLAIN, max_length=12)] | None = None
    routing_reason: Annotated[str, Field(pattern=PLAIN, max_length=500)] | None = None
    source: Literal["party_request", "court_assigned"] | None = None
    court: CourtBody | None = None
    infringement_place: Annotated[str, Field(pattern=PLAIN, max_length=12)] | None = None
    claim_amount: Money | None = Field(None, description="yuan")
    summary: Annotated[str, Field(pattern=PLAIN, max_length=LIMITS["summary"])] | None = None
    has_evaluation_report: bool = False
    court_action_filed: bool = False
    confirm_duplicate: bool = False
    foreign_party: bool = False
    multi_prefecture: bool = False
    major: bool = False
    subject: Literal[MEDIATION_SUBJECTS] | None = Field(  # type: ignore[valid-type]
        None, description="pre-litigation mediation only: what it is about (Art. 63); "
        "damages when omitted")
    prior_decision_ref: Annotated[str, Field(pattern=PLAIN, max_length=100)] | None = Field(
        None, description="the number of the handling decision that found the infringement: "
        "required for a party's request about damages alone under the 2025 Measures (Art. 64)")
    grant_announced_on: date | None = Field(
        None, description="when the grant was announced: required for a request about the fee "
        "for use before grant under the 2025 Measures (Art. 63(4))")


@bp.post("/cases")
@api_auth(*CASE_ROLES)
@api.validate(json=IntakeBody, resp=answers(201, CaseOut, errors=(400, 401, 403, 409, 422)))
def create_case():  # type: ignore[no-untyped-def]
    """Take in a case; 409 `duplicate` names an open case on the same patent and respondent."""
    raw = body_of().model_dump(mode="json", exclude_none=True)
    inp, errors, warnings = parse_intake(raw, today())
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    case, warnings = services.open_case(current_user, inp, registry(), warnings)
    warnings = with_correction_paths(case.id, warnings)
    return jsonify(case_as_dict(case, current_user, registry(), warnings)), 201


class PageQuery(Query):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(25, ge=1, le=MAX_PAGE, description="above 100 is capped at 100")


class CaseListQuery(PageQuery):
    status: str = Field("", pattern=PLAIN, max_length=100)
    workflow: str = Field("", pattern=PLAIN, max_length=100)
    unit: str = Field("", pattern=PLAIN, max_length=100)
    assignee: str = Field("", pattern=PLAIN, max_length=100)
    q: str = Field("", pattern=PLAIN, max_length=200,
                   description="case number, party names, patent number or title")
    overdue: bool = False


@bp.get("/cases")
@api_auth(*CASE_ROLES)
@api.validate(query=CaseListQuery, resp=answers(200, CasePage, errors=(401, 403, 422)))
def cases_index():  # type: ignore[no-untyped-def]
    """The cases in the user's scope, newest first."""
    args = query_of()
    per_page = min(100, args.per_page)
    filters = CaseFilters(status=args.status or None, workflow=args.workflow or None,
                          unit=args.unit or None, assignee=args.assignee or None,
                          q=args.q or None, overdue=args.overdue)
    items, total = list_cases(current_user, filters, args.page, per_page)
    return jsonify({"items": [case_summary(c, registry()) for c in items], "total": total,
                    "page": args.page, "per_page": per_page})


@bp.get("/cases/<int:case_id>")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, CaseOut, errors=(401, 403, 404)))
def case_detail(case_id: int):  # type: ignore[no-untyped-def]
    """One case, with what this user may do with it now."""
    return jsonify(case_as_dict(get_case_for(current_user, case_id), current_user, registry()))


class TransitionBody(Body):
    trigger: Annotated[str, Field(min_length=1, pattern=PLAIN, max_length=100)]
    on: date | None = Field(None, description="the act's legal date (default: today)")
    note: Annotated[str, Field(pattern=PLAIN, max_length=5000)] | None = None
    data: dict[str, Any] | None = Field(None, description="the transition's inputs")
    version: Version | None = None


@bp.post("/cases/<int:case_id>/transitions")
@api_auth(*CASE_ROLES)
@api.validate(json=TransitionBody,
              resp=answers(200, CaseOut, errors=(400, 401, 403, 404, 409, 422)))
def case_transition(case_id: int):  # type: ignore[no-untyped-def]
    """Fire a workflow transition (409 `invalid_transition` or `stale_version`)."""
    body = body_of()
    case = get_case_for(current_user, case_id, for_update=True)
    result = perform_action(case, body.trigger, current_user, registry=registry(), on=body.on,
                            note=body.note, data=body.data, version=body.version)
    return jsonify(case_as_dict(result.case, current_user, registry(), result.warnings))


@bp.get("/cases/<int:case_id>/events")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, EventList, errors=(401, 403, 404)))
def case_events(case_id: int):  # type: ignore[no-untyped-def]
    """The case's audit trail, oldest first."""
    case = get_case_for(current_user, case_id)
    return jsonify([event_as_dict(e) for e in list_case_events(case.id)])


@bp.get("/cases/<int:case_id>/parties/<int:party_id>/identity")
@writes_on_get
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, IdentityOut, errors=(401, 403, 404, 409)))
def party_identity(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    """A party's full identity number (supervisors; the reveal is audited)."""
    case = get_case_for(current_user, case_id)
    party = services.case_party(case, party_id)
    if party is None:
        raise NotFound(N_("当事人不存在。"))
    number = services.reveal_identity(current_user, case, party)
    return jsonify({"party": party.id, "id_number": number})


@bp.get("/workflows")
@api_auth()
@api.validate(resp=answers(200, WorkflowList))
def workflows_index():  # type: ignore[no-untyped-def]
    """Every workflow's latest definition: states, triggers, roles, labels."""
    return jsonify([_workflow_dict(c.workflow) for c in registry()])


@bp.get("/workflows/<name>")
@api_auth()
@api.validate(resp=answers(200, WorkflowOut, errors=(401, 404)))
def workflow_detail(name: str):  # type: ignore[no-untyped-def]
    """One workflow's latest definition."""
    if name not in registry().names():
        raise NotFound(N_("没有这个程序。"))
    return jsonify(_workflow_dict(registry().latest(name).workflow))


def _workflow_dict(wf):  # type: ignore[no-untyped-def]
    return {"name": wf.name, "version": wf.version, "label": wf.label.zh,
            "rules": rules_dict(wf),
            "states": [{"name": s.name, "label": s.label.zh, "label_en": s.label.en,
                        "terminal": s.terminal, "initial": s.initial} for s in wf.states],
            "transitions": [{"trigger": t.trigger, "label": t.label.zh, "label_en": t.label.en,
                             "source": list(t.source), "dest": t.dest or None,
                             "action": t.action, "roles": sorted(t.roles),
                             "note_required": t.note_required,
                             "inputs": [{"name": i.name, "type": i.type, "required": i.required,
                                         "choices": list(i.choices)} for i in t.inputs]}
                            for t in wf.transitions]}
