"""The JSON shape of a case (API.md), built from the same objects the pages show."""

from __future__ import annotations

from typing import Any

from caseflow.auth.models import User
from caseflow.cases.models import Case, Party
from caseflow.cases.offers import Offers, available_actions
from caseflow.cases.panel import panel_as_list
from caseflow.cases.recusals import list_recusals, recusal_as_dict
from caseflow.deadlines.clocks import clock_status
from caseflow.deadlines.services import list_clocks
from caseflow.timeutil import today
from caseflow.workflow.engine import Registry


def _d(value: Any) -> str | None:
    return value.isoformat() if value else None


def party_as_dict(party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"id": party.id, "kind": party.kind, "name": party.name,
                           "phone": party.phone, "address": party.address,
                           "agent": {"name": party.agent_name, "phone": party.agent_phone,
                                     "power_of_attorney": party.agent_has_power_of_attorney}
                           if party.agent_name else None,
                           "no_domicile_in_china": party.no_domicile_in_china}
    if party.kind == "organization" or party.credit_code:
        out["credit_code"] = party.credit_code
    if party.id_number_masked:
        out["id_number"] = party.id_number_masked
    return out


def transitions_for(offers: Offers) -> list[dict[str, Any]]:
    """Return the transitions this user may fire now (as offered), with their inputs."""
    return [{"trigger": t.trigger, "label": t.label.zh, "label_en": t.label.en,
             "note_required": t.note_required,
             "inputs": [{"name": i.name, "type": i.type, "required": i.required,
                         "choices": list(i.choices), "label": i.label.zh,
                         "label_en": i.label.en} for i in t.inputs]}
            for t in offers.transitions()]


def deadlines_as_list(case: Case) -> list[dict[str, Any]]:
    now = today()
    out = []
    for clock in list_clocks(case):
        item = {"kind": clock.kind, "due_on": _d(clock.due_on),
                "status": clock_status(clock, now), "provisional": clock.provisional,
                "basis": clock.basis}
        if clock.party_id is not None:
            item["party"] = clock.party_id
        out.append(item)
    return out


def rules_dict(workflow: Any) -> dict[str, str] | None:
    """Name the rule set a workflow version follows (its name, labels and date in force)."""
    rules = workflow.rules
    if rules is None:
        return None
    return {"name": rules.name, "label": rules.label.zh, "label_en": rules.label.en,
            "in_force": rules.in_force}


def case_as_dict(case: Case, user: User, registry: Registry,
                 warnings: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Shape a case for GET /api/v1/cases/<id>.

    `allowed_transitions` lists what this user can fire now; `available_actions` lists every
    action of the case (transitions leaving its state, routing, extensions, identity reveal,
    evidence upload) with `available` and, when false, `why_not` in the user's language.
    """
    workflow = registry.get(case.workflow, case.workflow_version).workflow
    offers = available_actions(case, user, registry)
    return {
        "id": case.id, "number": case.display_number, "receipt_number": case.receipt_number,
        "workflow": case.workflow, "workflow_version": case.workflow_version,
        "rules": rules_dict(workflow),
        "status": case.status, "status_label": workflow.state(case.status).label.zh,
        "closure_type": case.closure_type, "outcome": case.outcome, "source": case.source,
        "court": {"name": case.court_name, "case_number": case.court_case_number,
                  "procedure": case.court_procedure} if case.is_court_linked else None,
        "patent": {"number": case.patent.number, "type": case.patent.type,
                   "title": case.patent.title},
        "requesters": [party_as_dict(p) for p in case.requesters],
        "respondents": [party_as_dict(p) for p in case.respondents],
        "intake_unit": {"code": case.intake_unit.code, "name": case.intake_unit.name},
        "handling_unit": {"code": case.handling_unit.code, "name": case.handling_unit.name},
        "assignee": {"username": case.assignee.username} if case.assignee else None,
        "panel": panel_as_list(case),
        "recusals": [recusal_as_dict(a) for a in list_recusals(case)],
        "signed_for": case.signed_for, "routed_on": _d(case.routed_on),
        "received_on": _d(case.received_on), "filed_on": _d(case.filed_on),
        "closed_on": _d(case.closed_on),
        "claim_amount": str(case.claim_amount) if case.claim_amount is not None else None,
        "summary": case.summary,
        "ruling_number": case.ruling_number,
        "mediation_request": {"subject": case.mediation_subject,
                              "prior_decision_ref": case.prior_decision_ref,
                              "grant_announced_on": _d(case.grant_announced_on)}
        if case.workflow == "prelitigation_mediation" else None,
        "court_return": {"outcome": case.court_return_outcome,
                         "report": case.court_return_report,
                         "returned_on": _d(case.court_returned_on)}
        if case.court_returned_on else None,
        "deadlines": deadlines_as_list(case),
        "allowed_transitions": transitions_for(offers),
        "available_actions": offers.as_list(),
        "warnings": warnings or [],
        "version": case.version,
    }


def case_summary(case: Case, registry: Registry) -> dict[str, Any]:
    """Shape a case for lists."""
    workflow = registry.get(case.workflow, case.workflow_version).workflow
    return {"id": case.id, "number": case.display_number, "workflow": case.workflow,
            "status": case.status, "status_label": workflow.state(case.status).label.zh,
            "patent": {"number": case.patent.number, "type": case.patent.type,
                       "title": case.patent.title},
            "handling_unit": {"code": case.handling_unit.code,
                              "name": case.handling_unit.name},
            "received_on": _d(case.received_on), "version": case.version}
