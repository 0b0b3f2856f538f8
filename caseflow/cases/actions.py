"""perform_action: fire one workflow transition on a case, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.acts import check_act_dates, check_version, legal_date
from caseflow.cases.models import Case
from caseflow.cases.recusals import may_act
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.services import (
    due_dates,
    open_due_dates,
    recompute_clocks,
    workdays_between,
)
from caseflow.documents.service_dates import (
    check_receipts_agree,
    fill_receipts,
    hearing_notice_services,
)
from caseflow.documents.services import draft_for_transition, rules_of
from caseflow.errors import Conflict, DomainError, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.notifications import events
from caseflow.timeutil import today
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import ActionContext, CompiledWorkflow, Registry, fire
from caseflow.workflow.guards import GuardRefused
from caseflow.workflow.inputs import validate_inputs
from caseflow.workflow.spec import Transition


@dataclass
class ActionResult:
    case: Case
    warnings: list[dict[str, str]]


def _refusal(err: GuardRefused) -> DomainError:
    message = Message(err.message_zh, english=err.message_en)
    fields = {err.field: message} if err.field else {}
    return DomainError(message, code=err.code, fields=fields, status=err.status)


def offer_context(case: Case, actor: User, on: date | None = None) -> ActionContext:
    """Return the context case-only guards are judged in: `on` (a page: today), the actor's
    roles."""
    return ActionContext(on=on or today(), roles=frozenset(actor.roles), due=due_dates(case),
                         open_due=open_due_dates(case), workdays_between=workdays_between(),
                         hearing_notice_served=hearing_notice_services(case))


def _act_day(on: Any, case: Case, registry: Registry) -> date:
    """The act's legal date for the early judgement of case-only guards: a guard that reads
    the date (a filing period extended on or before its due date) judges the act's date, not
    today; a bad date is judged as today here and refused by `legal_date` after the scope,
    state and role checks."""
    try:
        return legal_date(on, case, registry)
    except ValidationFailed:
        return today()


def may_fire(actor: User, case: Case, trigger: str, registry: Registry,
             ctx: ActionContext | None = None) -> Verdict:
    """Judge unit scope, state, role and every guard that reads only the case.

    What it allows, `perform_action` fires with valid inputs; what it refuses, `perform_action`
    refuses with the same error. Guards that read the submitted form are judged at firing only.
    """
    if not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的人员可以办理此案件。")), "scope")
    if not (blocked := may_act(actor, case, transition=True)):
        return blocked  # a challenged person waits for the decision; a panel must be complete
    compiled = registry.get(case.workflow, case.workflow_version)
    transition = compiled.workflow.find(case.status, trigger)
    if transition is None:
        label = compiled.workflow.state(case.status).label
        return refused(Conflict(N_("当前状态（%(state)s）下不能执行此操作。"),
                                params={"state": Message(label.zh, english=label.en)},
                                code="invalid_transition"), "state")
    if not transition.roles & frozenset(actor.roles):
        return refused(Forbidden(N_("您的角色无权执行此操作。"), code="role_not_allowed"), "role")
    try:
        compiled.check(case, transition, ctx or offer_context(case, actor), judge_form=False)
    except GuardRefused as err:
        return refused(_refusal(err), "guard")
    return ALLOWED


def perform_action(
    case: Case,
    trigger: str,
    actor: User,
    *,
    registry: Registry,
    on: Any = None,
    note: str | None = None,
    data: Any = None,
    version: Any = None,
) -> ActionResult:
    """Authorise, validate, fire, audit and recompute clocks; the caller commits."""

    may_fire(actor, case, trigger, registry,
             offer_context(case, actor, _act_day(on, case, registry))).enforce()
    check_version(case, version)
    compiled = registry.get(case.workflow, case.workflow_version)
    transition = compiled.transition(case.status, trigger)
    if data is not None and not isinstance(data, dict):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"data": N_("须为 JSON 对象。")})
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise ValidationFailed(
            N_("提交的内容有误。"), fields={"note": N_("理由须为不超过 2000 字的文本。")}
        )
    clean, errors = validate_inputs(transition, data or {})
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    on_date = legal_date(on, case, registry)
    rules = rules_of(case, registry)
    fill_receipts(case, transition, clean, rules)  # `close` without receipts: the register's
    _check_receipts(case, clean, transition)
    check_receipts_agree(case, trigger, clean, rules)
    _check_party_inputs(case, clean, transition)
    check_act_dates(case, transition, on_date, clean, registry)
    ctx = ActionContext(
        on=on_date,
        roles=frozenset(actor.roles),
        data=clean,
        note=note,
        due=due_dates(case),
        open_due=open_due_dates(case),
        workdays_between=workdays_between(),
        actor=actor,
        hearing_notice_served=hearing_notice_services(case),
    )
    try:
        warnings = compiled.check(case, transition, ctx)
    except GuardRefused as err:
        raise _refusal(err) from err
    from_status = case.status
    fire(compiled.machine, case, trigger, transition)
    _apply(compiled, case, transition, ctx)
    drafts = draft_for_transition(case, trigger, actor, registry)
    shown = [{"code": w.code, "message": w.message_zh, "message_en": w.message_en}
             for w in warnings]
    audit.record(
        "transition",
        actor=actor,
        case_id=case.id,
        on=on_date,
        from_status=from_status,
        to_status=case.status,
        data={
            "trigger": trigger,
            "inputs": clean,
            "note": note or None,
            "warnings": shown,
            "number": case.number,
            **({"documents": [{"id": d.id, "kind": d.kind} for d in drafts]} if drafts else {}),
        },
    )
    events.transition_fired(case, from_status, trigger, registry,
                            lambda u, t: bool(may_fire(u, case, t, registry)))
    recompute_clocks(case, registry)
    db.session.flush()  # a lost optimistic-lock race raises StaleDataError: 409 in errors.py
    return ActionResult(case, shown)


def _check_party_inputs(case: Case, clean: dict[str, Any], transition: Transition) -> None:
    """Refuse a `party` input that names no party of this case."""
    ids = {p.id for p in case.parties}
    for spec in transition.inputs:
        if spec.type == "party" and spec.name in clean and clean[spec.name] not in ids:
            raise ValidationFailed(N_("提交的内容有误。"), fields={
                spec.name: N_("该当事人不属于本案。")})


def _check_receipts(case: Case, clean: dict[str, Any], transition: Transition) -> None:
    """A `receipts` input lists every party once; a `respondent_receipts` one each respondent."""
    for spec in transition.inputs:
        if spec.type in ("receipts", "respondent_receipts") and clean.get(spec.name):
            _check_receipt_list(case, spec.name, clean[spec.name],
                                respondents_only=spec.type == "respondent_receipts")


def _check_receipt_list(case: Case, name: str, receipts: list[dict[str, Any]], *,
                        respondents_only: bool) -> None:
    ids = {p.id for p in case.parties}
    given = [r["party"] for r in receipts]
    bad = [party for party in given if party not in ids]
    if bad:
        raise ValidationFailed(
            N_("提交的内容有误。"), fields={name: Message(N_("当事人 %(bad)s 不属于本案。"),
                                                   {"bad": bad})})
    if respondents_only:
        if sorted(given) != sorted(p.id for p in case.parties if p.role == "respondent"):
            raise ValidationFailed(N_("提交的内容有误。"), fields={
                name: N_("须为每一位被请求人各填写一个收到日期。")})
    elif sorted(given) != sorted(ids):
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            name: N_("须为每一方当事人各填写一个送达日期。")})


def _apply(compiled: CompiledWorkflow, case: Case, transition: Transition,
           ctx: ActionContext) -> None:
    """Set what the transition sets, perform its effects (resolved at load), close if terminal."""
    for attribute, value in transition.sets.items():
        setattr(case, attribute, value)
    compiled.apply_effects(case, transition, ctx)
    if compiled.workflow.is_terminal(case.status) and not transition.action:
        case.closed_on = ctx.on
