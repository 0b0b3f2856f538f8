"""Actions on the case file: intake. Each is one call in one transaction; the caller commits."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.auth.permissions import can_work_cases
from caseflow.cases import numbering, pii
from caseflow.cases.identifiers import mask_id_number, patent_year
from caseflow.cases.intake import IntakeInput, PartyInput
from caseflow.cases.models import Case, Party, Patent
from caseflow.cases.queries import find_open_duplicate
from caseflow.cases.scope import visible_to
from caseflow.cases.workflow_versions import new_case_workflow
from caseflow.database import insert_if_absent
from caseflow.deadlines.services import recompute_clocks
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.notifications import events
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.routing.rules import CaseTraits, handling_basis, propose_handling_unit
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry


def _terminal_states(registry: Registry) -> dict[str, set[str]]:
    return {c.workflow.name: {s.name for s in c.workflow.states if s.terminal} for c in registry}


def _unit_in_scope(actor: User, code: str | None, field: str) -> Unit:
    if not code:
        return actor.unit
    unit = get_unit_by_code(code)
    if unit is None or not unit.is_within(actor.unit) or not unit.active:
        raise ValidationFailed(
            N_("提交的内容有误。"), fields={field: N_("单位不存在或不在您的管辖范围内。")}
        )
    return unit


def _get_or_create_patent(inp: IntakeInput) -> Patent:
    """Return the shared row of the patent, creating it race-free (two intakes may name it)."""
    insert_if_absent(db.session, Patent, {
        "number": inp.patent_number,
        "type": inp.patent_type,
        "application_year": patent_year(inp.patent_number),
        "title": inp.patent_title,
        "patentee": inp.patentee,
    }, ["number"])
    patent = db.session.execute(
        select(Patent).where(Patent.number == inp.patent_number)
        .execution_options(populate_existing=True)).scalar_one()
    patent.title = patent.title or inp.patent_title
    patent.patentee = patent.patentee or inp.patentee
    return patent


def _party(p: PartyInput) -> Party:
    party = Party(
        role=p.role,
        kind=p.kind,
        name=p.name,
        credit_code=p.credit_code,
        phone=p.phone,
        address=p.address,
        agent_name=p.agent_name,
        agent_phone=p.agent_phone,
        agent_has_power_of_attorney=p.agent_has_power_of_attorney,
        no_domicile_in_china=p.no_domicile_in_china,
    )
    if p.id_number:
        party.id_number_enc = pii.encrypt(p.id_number)
        party.id_number_masked = mask_id_number(p.id_number)
        party.id_number_digest = pii.digest(p.id_number)
    return party


def check_mediation_request(inp: IntakeInput) -> None:
    """Refuse a party's mediation request that the 2025 Measures do not let open: a request about
    damages alone without the handling decision that found the infringement (Art. 64), a request
    about the fee for use before grant while the grant is not yet announced (Art. 63(4))."""
    if inp.workflow != "prelitigation_mediation" or inp.source != "party_request":
        return
    errors: dict[str, str] = {}
    if inp.subject == "damages" and not inp.prior_decision_ref:
        errors["prior_decision_ref"] = N_(
            "单独请求调解侵犯专利权赔偿数额的，应当提交认定侵权行为成立的处理决定书副本"
            "（《专利纠纷行政裁决和调解办法》第六十四条）：请填写该处理决定书的文号。")
    if inp.subject == "provisional_protection_fee" and inp.grant_announced_on is None:
        errors["grant_announced_on"] = N_(
            "发明专利公布后至授权前使用费的纠纷，须在专利授权公告之后请求调解"
            "（第六十三条）：请填写授权公告日。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)


def open_case(
    actor: User, inp: IntakeInput, registry: Registry, warnings: list[dict[str, str]] | None = None
) -> tuple[Case, list[dict[str, str]]]:
    """Take in a request: validate scope and duplicates, route, number the receipt, audit."""
    if not can_work_cases(actor):
        raise Forbidden(N_("您的角色不能受理案件。"))
    warnings = list(warnings or [])
    intake_unit = _unit_in_scope(actor, inp.intake_unit, "intake_unit")
    compiled = new_case_workflow(registry, inp.workflow, current_app.config)
    rules = compiled.workflow.rules
    if rules is not None and rules.name == "measures_2025":
        check_mediation_request(inp)
    patent = _get_or_create_patent(inp)
    duplicate = find_open_duplicate(
        patent.id, inp.respondents, _terminal_states(registry), pii.digests
    )
    if duplicate is not None and not inp.confirm_duplicate:
        raise _duplicate_conflict(actor, duplicate)
    proposal = propose_handling_unit(intake_unit, traits_of(inp))
    handling, basis = proposal.unit, None
    if inp.handling_unit and inp.handling_unit != handling.code:
        handling, basis = _override_handling_unit(actor, inp)
    case = Case(
        workflow=inp.workflow,
        workflow_version=compiled.workflow.version,
        status=compiled.workflow.initial,
        source=inp.source,
        court_name=inp.court_name,
        court_case_number=inp.court_case_number,
        court_procedure=inp.court_procedure,
        patent=patent,
        intake_unit=intake_unit,
        handling_unit=handling,
        created_by_id=actor.id,
        received_on=inp.received_on,
        claim_amount=inp.claim_amount,
        summary=inp.summary,
        infringement_place=inp.infringement_place,
        has_evaluation_report=inp.has_evaluation_report,
        court_action_filed=inp.court_action_filed,
        mediation_subject=inp.subject,
        prior_decision_ref=inp.prior_decision_ref,
        grant_announced_on=inp.grant_announced_on,
    )
    case.parties = [_party(p) for p in inp.requesters + inp.respondents]
    db.session.add(case)
    db.session.flush()
    case.receipt_number = numbering.receipt_number(case)
    warnings = [_name_party(w, case, len(inp.requesters)) for w in warnings]
    if handling.id != intake_unit.id:
        case.signed_for, case.routed_on = False, inp.received_on
    recorded = list(warnings)
    if duplicate is not None:
        shown, kept = _duplicate_warnings(actor, duplicate)
        warnings.append(shown)
        recorded.append(kept)
    audit.record(
        "intake",
        actor=actor,
        case_id=case.id,
        on=inp.received_on,
        to_status=case.status,
        data={
            "receipt_number": case.receipt_number,
            "workflow": case.workflow,
            "patent": patent.number,
            "intake_unit": intake_unit.code,
            "handling_unit": handling.code,
            "routing_reasons": proposal.reasons,
            "routing_override": inp.routing_reason or None,
            "routing_basis": basis,
            "parties": len(case.parties),
            "warnings": recorded,
            **({"subject": inp.subject, "prior_decision_ref": inp.prior_decision_ref,
                "grant_announced_on": inp.grant_announced_on and
                inp.grant_announced_on.isoformat()} if inp.subject else {}),
        },
    )

    if handling.id != intake_unit.id:
        events.case_moved(case, handling)
    recompute_clocks(case, registry)
    db.session.flush()
    return case, warnings


_PARTY_FIELD = re.compile(r"^(requesters|respondents)\[(\d+)\]\.")


def _name_party(warning: dict[str, str], case: Case, requesters: int) -> dict[str, Any]:
    """Add the id of the party an intake warning is about, so it can link to the correction."""
    match = _PARTY_FIELD.match(str(warning.get("field", "")))
    if not match:
        return warning
    index = int(match.group(2)) + (requesters if match.group(1) == "respondents" else 0)
    return dict(warning, party=case.parties[index].id) if index < len(case.parties) else warning


def _can_see(actor: User, case: Case) -> bool:
    return db.session.scalar(select(Case.id).where(Case.id == case.id,
                                                   visible_to(actor))) is not None


def _duplicate_warnings(actor: User, duplicate: Case) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the warning shown to the actor and the one recorded for a confirmed duplicate.

    The other case is named only to an actor who may see it; the record never names it (a later
    reader of this case may not see the other one): it keeps the case id, and the case page names
    the case to readers who may see it.
    """
    if not _can_see(actor, duplicate):
        hidden = {"code": "duplicate_confirmed",
                  "message": "已确认与其他单位办理的一件未结案件并存。",
                  "message_en": "Confirmed as separate from an open case handled by another unit."}
        return hidden, hidden
    kept = {"code": "duplicate_confirmed", "message": "已确认与另一件未结案件并存。",
            "message_en": "Confirmed as separate from another open case.",
            "duplicate_case_id": duplicate.id}
    number = duplicate.display_number
    return dict(kept, message=f"已确认与 {number} 并存。",
                message_en=f"Confirmed as a separate case from {number}.",
                duplicate_number=number), kept


def _duplicate_conflict(actor: User, duplicate: Case) -> Conflict:
    """Name the duplicate only to a user who may see it (API.md: never reveal out-of-scope cases)."""
    if not _can_see(actor, duplicate):
        return Conflict(N_("本市已有同一专利、同一被请求人的未结案件（由其他单位办理）。"
                        "如确需另行登记，请确认后再提交。"), code="duplicate")
    return Conflict(N_("已有同一专利、同一被请求人的未结案件：%(number)s。"
                       "如确需另行立案，请确认后再提交。"),
                    params={"number": duplicate.display_number}, code="duplicate",
                    fields={"duplicate_case_id": str(duplicate.id),
                            "duplicate_number": duplicate.display_number})


def traits_of(inp: IntakeInput) -> CaseTraits:
    """Return what routing looks at in an intake request."""
    return CaseTraits(workflow=inp.workflow, patent_type=inp.patent_type,
                      received_on=inp.received_on, claim_amount=inp.claim_amount,
                      foreign_party=inp.foreign_party, multi_prefecture=inp.multi_prefecture,
                      major=inp.major)


def _override_handling_unit(actor: User, inp: IntakeInput) -> tuple[Unit, str]:
    """Check a handling unit chosen by hand; return it and the basis on which it may handle."""
    unit = get_unit_by_code(inp.handling_unit or "")
    errors: dict[str, Any] = {}
    basis = ""
    if unit is None or not unit.active or not unit.is_within(actor.unit):
        errors["handling_unit"] = N_("办案单位不存在或不在您的管辖范围内。")
    else:
        refusal, basis = handling_basis(unit, traits_of(inp))
        if refusal:
            errors["handling_unit"] = refusal
    if not inp.routing_reason:
        errors["routing_reason"] = N_("改变建议的办案单位时须说明理由。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    return unit, basis  # type: ignore[return-value]


def case_party(case: Case, party_id: int) -> Party | None:
    """Return the party of this case with the given id."""
    return next((p for p in case.parties if p.id == party_id), None)


def may_reveal_identity(actor: User, party: Party) -> Verdict:
    """Judge whether the actor may see this party's full identity number (supervisors with the
    PII permission, for a party whose number is on file)."""
    if actor.role != "supervisor" or not actor.can_view_pii:
        return refused(Forbidden(N_("您无权查看完整身份证号。")), "role")
    if not party.id_number_enc:
        return refused(ValidationFailed(N_("该当事人未登记身份证号。"),
                                        fields={"id_number": N_("未登记。")}), "precondition")
    return ALLOWED


def reveal_identity(actor: User, case: Case, party: Party) -> str:
    """Return a party's full identity number to a user allowed to see it, and audit it."""
    may_reveal_identity(actor, party).enforce()
    audit.record(
        "identity_revealed",
        actor=actor,
        case_id=case.id,
        data={"party": party.id, "name": party.name},
    )
    return pii.decrypt(party.id_number_enc, party_id=party.id)
