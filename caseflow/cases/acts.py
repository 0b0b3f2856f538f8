"""Helpers every act on a case shares: the optimistic-lock check and the dates of the act.

The date rule, in one place: a legal date (the act's `on`, or a date input that records a fact,
such as the day a reply or a notice was received) is never after today (Asia/Shanghai), never
before the case's `received_on` and never before the legal date of the act it follows (the
workflow act that brought the case where it is: the intake or the last transition). A planned
date (a hearing date) may lie in the future but never before the act that plans it, and an act
held on a planned date (holding the hearing) never takes place before that date.

Imports models only (no room's services, views or forms).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.errors import Conflict, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.timeutil import today
from caseflow.vocabulary import ACTION_LABELS

# The workflow registry and transitions are passed in (duck-typed): this module sits below the
# engine and every room (setup.cfg, contract scope-below-rooms).
Registry = Any
Transition = Any

#: date inputs that plan something: they may lie in the future, never before the act itself
PLANNED_INPUTS = frozenset({"hearing_on", "until", "due_on"})
#: date inputs that record an outside fact that may precede the case (the day the requester
#: learned of the infringement, CNIPA's acceptance of an invalidation): only not after today
OUTSIDE_INPUTS = frozenset({"knew_on", "accepted_on"})
#: date inputs that record the answer to this very act (a notice it sends): not before its `on`
ANSWER_INPUTS = frozenset({"notice_received_on", "notice_receipts"})
#: acts held on a date an earlier act planned: trigger -> (planning trigger, planned input)
AT_PLANNED_DATE = {"hold_hearing": ("schedule_hearing", "hearing_on"),
                   "requester_absent": ("schedule_hearing", "hearing_on")}
#: the workflow acts whose legal date the next act may not precede
_WORKFLOW_ACTS = ("intake", "transition")


def check_version(case: Case, version: Any) -> None:
    """Refuse (409 stale_version) when the client's version is not the current one."""
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool) or version != case.version:
        raise Conflict(N_("案件已被他人修改，请刷新后重试。"), code="stale_version")


@dataclass(frozen=True)
class PriorAct:
    """The workflow act a new act follows: its legal date, its trigger and its inputs."""

    on: date
    trigger: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)


def prior_act(case: Case, trigger: str | None = None) -> PriorAct:
    """Return the last workflow act of the case (of `trigger`, when given); the intake by default."""
    stmt = select(AuditEvent.on, AuditEvent.data).where(
        AuditEvent.case_id == case.id, AuditEvent.action.in_(_WORKFLOW_ACTS),
        AuditEvent.on.is_not(None))
    if trigger is not None:
        stmt = stmt.where(AuditEvent.action == "transition",
                          AuditEvent.data.like(f'%"trigger":"{trigger}"%'))
    row = db.session.execute(stmt.order_by(AuditEvent.seq.desc()).limit(1)).first()
    if row is None:
        return PriorAct(case.received_on)
    data = json.loads(row.data or "{}")
    inputs = data.get("inputs") if isinstance(data.get("inputs"), dict) else {}
    return PriorAct(row.on, data.get("trigger"), inputs)


def act_label(case: Case, act: PriorAct, registry: Registry | None) -> Message:
    """Name an earlier act: the transition's label from its workflow, else 收件登记 / 办理."""
    if act.trigger is None:
        return Message(ACTION_LABELS.chinese["intake"])
    if registry is not None:
        label = registry.get(case.workflow, case.workflow_version).workflow.trigger_label(
            act.trigger)
        if label is not None:
            return Message(label.zh, english=label.en)
    return Message(ACTION_LABELS.chinese["transition"])


def _refuse(key: str, message: str, params: dict[str, Any]) -> ValidationFailed:
    text = Message(message, params)
    return ValidationFailed(text, fields={key: text})


def _parse(on: Any) -> date:
    if isinstance(on, date):
        return on
    try:
        parsed = date.fromisoformat(on) if isinstance(on, str) and len(on) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"on": N_("日期格式应为 YYYY-MM-DD。")})
    return parsed


def legal_date(on: Any, case: Case, registry: Registry | None = None, *,
               since: tuple[date, Message] | None = None) -> date:
    """Validate an act's legal date: not after today, not before the request arrived, not
    before the act it follows (nor `since`: another act it answers, with its label); 422
    naming the field and that act. Blank means today."""
    parsed = today() if on in (None, "") else _parse(on)
    if parsed > today():
        raise _refuse("on", N_("行为日期（%(on)s）不能晚于今天（%(today)s）。"),
                      {"on": parsed.isoformat(), "today": today().isoformat()})
    if parsed < case.received_on:
        raise _refuse("on", N_("行为日期（%(on)s）不能早于收件日期（%(received)s）。"),
                      {"on": parsed.isoformat(), "received": case.received_on.isoformat()})
    prior = prior_act(case)
    if parsed < prior.on:
        raise _refuse("on", N_("行为日期（%(on)s）不能早于前一办理行为“%(act)s”的日期（%(date)s）。"),
                      {"on": parsed.isoformat(), "act": act_label(case, prior, registry),
                       "date": prior.on.isoformat()})
    if since is not None and since[0] is not None and parsed < since[0]:
        raise _refuse("on", N_("行为日期（%(on)s）不能早于前一办理行为“%(act)s”的日期（%(date)s）。"),
                      {"on": parsed.isoformat(), "act": since[1], "date": since[0].isoformat()})
    return parsed


def check_act_dates(case: Case, transition: Transition, on: date, clean: dict[str, Any],
                    registry: Registry | None = None) -> None:
    """Check a transition's date inputs and receipts against its `on`, today and the act it
    follows, and an act held on a planned date against that date; refuse with 422."""
    prior = prior_act(case)
    for spec in transition.inputs:
        value = clean.get(spec.name)
        if spec.type == "date" and value is not None:
            _check_input(case, spec.name, Message(spec.label.zh, english=spec.label.en), value,
                         on, prior, registry)
        if spec.type in ("receipts", "respondent_receipts") and value:
            # receipts of a copy this act sends answer it: never before its `on`
            key = "notice_receipts" if spec.type == "respondent_receipts" else spec.name
            for receipt in value:
                _check_input(case, key, Message(N_("送达日期")), receipt["received_on"],
                             on, prior, registry)
    if transition.trigger in AT_PLANNED_DATE:
        planner, name = AT_PLANNED_DATE[transition.trigger]
        planning = prior_act(case, planner)
        planned = planning.inputs.get(name)
        if getattr(case, "hearing_on", None) is not None:  # v2 records it (and its postponement)
            planned = case.hearing_on.isoformat()
        if planning.trigger and isinstance(planned, str) and on < date.fromisoformat(planned):
            raise _refuse("on", N_("行为日期（%(on)s）不能早于“%(act)s”确定的%(field)s（%(date)s）。"),
                          {"on": on.isoformat(), "act": act_label(case, planning, registry),
                           "field": _input_label(case, registry, planner, name),
                           "date": planned})


def _input_label(case: Case, registry: Registry | None, trigger: str, name: str) -> Message:
    if registry is not None:
        for t in registry.get(case.workflow, case.workflow_version).workflow.transitions:
            if t.trigger == trigger and (spec := t.input(name)) is not None:
                return Message(spec.label.zh, english=spec.label.en)
    return Message(name)


def _check_input(case: Case, key: str, label: Message, value: date, on: date, prior: PriorAct,
                 registry: Registry | None) -> None:
    shown = value.isoformat()
    if key in PLANNED_INPUTS or key in ANSWER_INPUTS:
        if value < on:
            raise _refuse(key, N_("%(field)s（%(value)s）不能早于本次行为日期（%(on)s）。"),
                          {"field": label, "value": shown, "on": on.isoformat()})
        if key in PLANNED_INPUTS:
            return  # a planned date may lie in the future
    if value > today():
        raise _refuse(key, N_("%(field)s（%(value)s）不能晚于今天（%(today)s）。"),
                      {"field": label, "value": shown, "today": today().isoformat()})
    if key in OUTSIDE_INPUTS:
        return
    if value < prior.on:
        raise _refuse(key, N_("%(field)s（%(value)s）不能早于前一办理行为“%(act)s”的日期（%(date)s）。"),
                      {"field": label, "value": shown, "act": act_label(case, prior, registry),
                       "date": prior.on.isoformat()})
