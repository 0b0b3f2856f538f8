"""Valid inputs for any transition, built from its declared inputs (dates are today)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from caseflow.cases.models import Case
from caseflow.timeutil import today
from caseflow.workflow.spec import InputSpec, Transition

RULING = "(2026)鲁0982民特99号"
TEXT = {"report": "调解不成，退回法院审理。", "record": "双方到庭陈述意见。",
        "to_authority": "济南市市场监督管理局", "missing": "专利登记簿副本", "court": "新泰市人民法院"}
# A boolean the act needs to be true (a guard refuses otherwise) or false.
BOOLEANS = {"conditions_confirmed": True, "court_action_filed": False,
            "other_forum_agreed": False, "redaction_checked": True}
# A choice other than the first where the act's guards need it.
CHOICES = {"kind": "jurisdiction_objection", "ground": "repeat_request"}
# Inputs that must take a particular shape for the act's guards (2025 Measures).
LATER = {"hearing_on": 6, "until": 60, "due_on": 15}


def _value(spec: InputSpec, case: Case, day: date) -> Any:
    on = day.isoformat()
    if spec.type == "date":
        if spec.name == "notice_received_on":
            return on
        later = spec.name in LATER and case.workflow_version >= 2  # 2025: a notice ahead
        return (day + timedelta(days=LATER[spec.name])).isoformat() if later else on
    if spec.type == "integer":
        return {"votes_for": 3, "votes_against": 0}.get(spec.name, 1)
    if spec.type == "party":
        return next(p.id for p in case.parties if p.role == "respondent")
    if spec.type == "respondent_receipts":
        return [{"party": p.id, "received_on": on} for p in case.parties
                if p.role == "respondent"]
    if spec.type == "choice":
        preferred = CHOICES.get(spec.name)
        return preferred if preferred in spec.choices else spec.choices[0]
    if spec.type == "money":
        return "1000.00"
    if spec.type == "boolean":
        return BOOLEANS.get(spec.name, True)
    if spec.type == "ruling_number":
        return RULING
    if spec.type == "receipts":
        if spec.name == "notice_receipts":
            return None  # one date for all (notice_received_on)
        return [{"party": p.id, "received_on": on} for p in case.parties]
    if spec.type == "usernames":  # a panel: three officers of the handling unit, lead first
        from tests.factories import officers

        return officers(case.handling_unit.code)
    return TEXT.get(spec.name, "测试")


def valid_inputs(transition: Transition, case: Case, on: date | None = None) -> dict[str, Any]:
    """Return a `data` object every declared input of `transition` accepts (dates: `on`,
    today by default)."""
    values = {spec.name: _value(spec, case, on or today()) for spec in transition.inputs}
    return {name: value for name, value in values.items() if value is not None}


def valid_note(transition: Transition) -> str | None:
    return "测试理由" if transition.note_required else None


def actor_for(case: Case, transition: Transition) -> Any:
    """Return a demo user of the handling unit whose role may fire `transition`, or None."""
    from tests.factories import user

    for role in sorted(transition.roles):
        found = user(f"{case.handling_unit.code}-{role}")
        if found is not None:
            return found
    return None


def path_to(compiled: Any, case: Case, targets: set[str],
            then: Transition | None = None) -> list[Transition] | None:
    """Return the shortest run of transitions from the case's state into one of `targets`
    (where `then` may fire, if given) whose case-only guards pass for this case, or None."""
    from collections import deque

    from caseflow.deadlines.services import due_dates, open_due_dates
    from caseflow.workflow.engine import ActionContext, why_unavailable

    workflow = compiled.workflow
    ctx = ActionContext(on=today(), roles=frozenset({"officer", "mediator", "supervisor"}),
                        workdays_between=lambda a, b: 10, due=due_dates(case),
                        open_due=open_due_dates(case))
    seen, queue = {case.status}, deque([(case.status, [])])
    while queue:
        state, path = queue.popleft()
        if state in targets and (then is None or why_unavailable(
                compiled, _Probe(case, state), then.trigger, ctx) is None):
            return path
        if workflow.is_terminal(state):
            continue
        for t in workflow.transitions_from(state):
            if t.action:
                continue  # an action keeps the state: it leads nowhere new
            probe = _Probe(case, state)
            if t.dest not in seen and why_unavailable(compiled, probe, t.trigger, ctx) is None:
                seen.add(t.dest)
                queue.append((t.dest, [*path, t]))
    return None


class _Probe:
    """The case as guards see it, in another state."""

    def __init__(self, case: Case, status: str) -> None:
        self._case, self.status = case, status

    def __getattr__(self, name: str) -> Any:
        return getattr(self._case, name)


def drive(case: Case, path: list[Transition], registry: Any, step_days: int = 0) -> None:
    """Fire each transition of `path` with valid inputs through the service: all today, or,
    with `step_days`, the k-th act `k * step_days` days after the case was received (a hearing
    set by one act is then held by the next)."""
    from caseflow.cases.actions import perform_action

    compiled = registry.get(case.workflow, case.workflow_version)
    for k, t in enumerate(path, start=1):
        on = min(today(), case.received_on + timedelta(days=k * step_days)) if step_days else None
        receive = compiled.workflow.find(case.status, "receive_reply")
        if t.trigger == "start_investigation" and receive is not None:
            for party in case.respondents:  # 2025 Measures: each respondent's reply is in
                perform_action(case, "receive_reply", actor_for(case, receive),
                               registry=registry, data={"party": party.id}, on=on,
                               version=case.version)
        perform_action(case, t.trigger, actor_for(case, t), registry=registry, on=on,
                       data=valid_inputs(t, case, on), note=valid_note(t), version=case.version)


def new_case(workflow: str, source: str | None, registry: Any, version: int | None = None,
             received_on: str = "2026-10-08") -> Case:
    """Take in a fresh request of `workflow` from `source` at 新泰市 (its bureau handles it),
    under `version` of its workflow file (default: the version new cases open under)."""
    from flask import current_app

    from caseflow.cases.intake import parse_intake
    from caseflow.cases.services import open_case
    from tests.factories import intake_payload, user

    body = intake_payload(workflow=workflow, received_on=received_on, confirm_duplicate=True)
    if workflow != "adjudication":
        body["intake_unit"] = "370982"
    if workflow == "prelitigation_mediation":
        body["source"] = source
        if source == "party_request":  # damages alone: the decision that found it (Art. 64)
            body["prior_decision_ref"] = "新泰市监知裁〔2026〕1号"
    if source in ("court_assigned", "court_entrusted"):
        body["court"] = {"name": "泰安市中级人民法院", "case_number": "(2026)鲁09民初100号",
                         "procedure": "ordinary"}
    inp, errors, warnings = parse_intake(body, today())
    assert not errors, errors
    actor = user("370982001-officer" if workflow == "adjudication" else "370982-mediator")
    pins = current_app.config["WORKFLOW_VERSIONS"]
    if version is not None:
        current_app.config["WORKFLOW_VERSIONS"] = {**pins, workflow: version}
    try:
        case, _ = open_case(actor, inp, registry, warnings)
    finally:
        current_app.config["WORKFLOW_VERSIONS"] = pins
    return case
