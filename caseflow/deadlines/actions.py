"""Actions on clocks that are not state changes: the closure extension and mediation extensions."""

from __future__ import annotations

from typing import Any

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case
from caseflow.cases.recusals import may_act
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.models import CaseClock
from caseflow.deadlines.services import list_clocks, recompute_clocks
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.timeutil import utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

MEDIATION_WORKFLOWS = ("prelitigation_mediation", "court_entrusted_mediation")


def _open_clock(case: Case, kind: str) -> CaseClock | None:
    return next((c for c in list_clocks(case) if c.kind == kind and c.stopped_on is None
                 and c.party_id is None), None)


def may_extend_closure(actor: User, case: Case) -> Verdict:
    """Judge whether the actor may approve the one closure extension of this case now."""
    if actor.role != "supervisor" or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或上级单位的审核人员可以批准延长办案期限。")),
                       "role" if actor.role != "supervisor" else "scope")
    if not (blocked := may_act(actor, case)):
        return blocked
    if case.extended_on is not None:
        return refused(Conflict(N_("本案已延长过一次办案期限，不能再次延长。"),
                                code="already_extended"), "precondition")
    if _open_clock(case, "closure") is None:
        return refused(Conflict(N_("本案没有正在计算的结案期限，无需延长。"),
                                code="invalid_transition"), "precondition")
    return ALLOWED


def may_extend_mediation(actor: User, case: Case) -> Verdict:
    """Judge whether the actor may extend this case's running mediation period now."""
    if actor.role not in ("mediator", "supervisor") or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位的调解员可以延长调解期限。")),
                       "role" if actor.role not in ("mediator", "supervisor") else "scope")
    if not (blocked := may_act(actor, case)):
        return blocked
    if case.workflow not in MEDIATION_WORKFLOWS:
        return refused(Conflict(N_("只有调解案件可以延长调解期限。"), code="invalid_transition"),
                       "precondition")
    if _open_clock(case, "mediation") is None:
        return refused(Conflict(N_("本案没有正在计算的调解期限。"), code="invalid_transition"),
                       "precondition")
    return ALLOWED


def extend_closure(actor: User, case: Case, *, reason: Any, on: Any, version: Any,
                   registry: Registry) -> Case:
    """Approve the one allowed one-month extension of the closure deadline (supervisor)."""
    may_extend_closure(actor, case).enforce()
    check_version(case, version)
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 2000:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("请填写延长理由。")})
    clock = _open_clock(case, "closure")  # running: judged by may_extend_closure
    on_date = legal_date(on, case, registry)
    before = clock.due_on  # type: ignore[union-attr]
    case.extended_on = on_date
    audit.record("extend", actor=actor, case_id=case.id, on=on_date, from_status=case.status,
                 to_status=case.status, data={"reason": reason.strip(),
                                              "due_before": before.isoformat()})
    recompute_clocks(case, registry)
    db.session.flush()
    return case


def extend_mediation(actor: User, case: Case, *, days: Any, consents: Any, reason: Any,
                     on: Any, version: Any, registry: Registry) -> Case:
    """Extend the mediation period, only with both parties' recorded consent."""
    may_extend_mediation(actor, case).enforce()
    check_version(case, version)
    errors: dict[str, str] = {}
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        errors["days"] = N_("延长天数须为 1 至 365 的整数。")
    if not (isinstance(consents, dict) and consents.get("requester") is True
            and consents.get("respondent") is True):
        errors["consents"] = N_("须记录双方当事人均同意延长。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    on_date = legal_date(on, case, registry)
    audit.record("extend_mediation", actor=actor, case_id=case.id, on=on_date,
                 from_status=case.status, to_status=case.status,
                 data={"days": days, "consents": {"requester": True, "respondent": True},
                       "reason": (reason or "").strip() or None,
                       "not_counted_in_trial_period": case.workflow ==
                       "court_entrusted_mediation"})
    recompute_clocks(case, registry)
    case.updated_at = utcnow()  # the case changed: bump its version for optimistic locking
    db.session.flush()
    return case
