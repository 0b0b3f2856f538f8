"""Actions on clocks that are not state changes: the closure extension and mediation extensions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case
from caseflow.cases.recusals import may_act
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.clocks import _plus_months
from caseflow.deadlines.models import CaseClock
from caseflow.deadlines.periods import merge_periods
from caseflow.deadlines.rules import add_working_days
from caseflow.deadlines.services import (
    list_clocks,
    load_calendar,
    recompute_clocks,
)
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.rulesettings import setting
from caseflow.timeutil import utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry
from caseflow.workflow.inputs import parse_date

MEDIATION_WORKFLOWS = ("prelitigation_mediation", "court_entrusted_mediation")


def _open_clock(case: Case, kind: str) -> CaseClock | None:
    return next((c for c in list_clocks(case) if c.kind == kind and c.stopped_on is None
                 and c.party_id is None), None)


def may_extend_closure(actor: User, case: Case) -> Verdict:
    """Judge whether the actor may approve the (next) closure extension of this case now.

    2015 rules: one extension of one month. 2025 Measures (Art. 37): a first one approved by a
    supervisor of the handling unit (or above), a second one by a supervisor of the unit above
    the handling unit (for a case the city handles: the city, recording the provincial approval).
    """
    if actor.role != "supervisor" or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或上级单位的审核人员可以批准延长办案期限。")),
                       "role" if actor.role != "supervisor" else "scope")
    if not (blocked := may_act(actor, case)):
        return blocked
    if case.under_2025_measures:
        return _may_extend_2025(actor, case)
    if case.extended_on is not None:
        return refused(Conflict(N_("本案已延长过一次办案期限，不能再次延长。"),
                                code="already_extended"), "precondition")
    if _open_clock(case, "closure") is None:
        return refused(Conflict(N_("本案没有正在计算的结案期限，无需延长。"),
                                code="invalid_transition"), "precondition")
    return ALLOWED


def _may_extend_2025(actor: User, case: Case) -> Verdict:
    if case.extension_level >= 2:
        return refused(Conflict(N_("本案已两次延长办案期限，不能再次延长（第三十七条）。"),
                                code="already_extended"), "precondition")
    if _open_clock(case, "closure") is None:
        return refused(Conflict(N_("本案没有正在计算的结案期限，无需延长。"),
                                code="invalid_transition"), "precondition")
    above = case.handling_unit.parent
    if case.extension_level == 1 and above is not None and not above.is_within(actor.unit):
        return refused(Forbidden(N_("继续延长办案期限须由办案单位的上一级部门批准（第三十七条）。"),
                                 code="higher_approval_required"), "scope")
    return ALLOWED


def _until_2025(case: Case, level: int, until: Any, max_total_months: int) -> date:
    """Check the extended end date (before excluded periods): first at most filing + 4
    months, second at most filing + 3 + the configured total; default: the maximum."""
    first_cap = _plus_months(case.filed_on, 4)
    cap = first_cap if level == 1 else _plus_months(case.filed_on, 3 + max_total_months)
    if until in (None, ""):
        return cap
    try:
        parsed = parse_date(until)
    except ValueError:
        raise ValidationFailed(N_("提交的内容有误。"),
                               fields={"until": N_("日期格式应为 YYYY-MM-DD。")}) from None
    floor = _plus_months(case.filed_on, 3) if level == 1 else first_cap
    if case.extension_level == 1 and case.extended_until is not None:
        floor = max(floor, case.extended_until)
    if not floor < parsed <= cap:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"until": Message(
            N_("延长后的期限应晚于 %(floor)s，且不晚于 %(cap)s（第三十七条）。"),
            {"floor": floor.isoformat(), "cap": cap.isoformat()})})
    return parsed


def _extend_2025(actor: User, case: Case, *, reason: str, on_date: date, until: Any,
                 approval_ref: Any, before: date | None, max_total_months: int) -> dict[str, Any]:
    level = case.extension_level + 1
    if before is not None and on_date > before:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"on": Message(
            N_("批准日期（%(on)s）晚于现结案期限（%(due)s），期限届满后不能再延长。"),
            {"on": on_date.isoformat(), "due": before.isoformat()})})
    ref = approval_ref.strip() if isinstance(approval_ref, str) else ""
    if level == 2 and case.handling_unit.parent is None and not ref:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"approval_ref": N_(
            "本级办理的案件继续延长须经省级管理专利工作的部门批准：请填写批准文号。")})
    if len(ref) > 200:
        raise ValidationFailed(N_("提交的内容有误。"),
                               fields={"approval_ref": N_("批准文号不能超过 200 个字符。")})
    end = _until_2025(case, level, until, max_total_months)
    case.extension_level, case.extended_until = level, end
    return {"level": level, "until": end.isoformat(), "approval_ref": ref or None}


def _extended_mediation(case: Case) -> bool:
    """Tell whether the case's mediation period has been extended already (its audit trail)."""
    return db.session.scalar(select(AuditEvent.seq).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "extend_mediation").limit(1)) is not None


def may_extend_mediation(actor: User, case: Case) -> Verdict:
    """Judge whether the actor may extend this case's running mediation period now."""
    if case.ownership_mediation:
        if actor.role != "supervisor" or not can_act_on(actor, case):
            return refused(Forbidden(N_("权属纠纷调解期限的延长须经办案单位负责人批准"
                                        "（第七十条）。")),
                           "role" if actor.role != "supervisor" else "scope")
    elif actor.role not in ("mediator", "supervisor") or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位的调解员可以延长调解期限。")),
                       "role" if actor.role not in ("mediator", "supervisor") else "scope")
    if not (blocked := may_act(actor, case)):
        return blocked
    if case.workflow not in MEDIATION_WORKFLOWS:
        return refused(Conflict(N_("只有调解案件可以延长调解期限。"), code="invalid_transition"),
                       "precondition")
    clock = _open_clock(case, "mediation")
    if clock is None:
        return refused(Conflict(N_("本案没有正在计算的调解期限。"), code="invalid_transition"),
                       "precondition")
    if case.ownership_mediation and _extended_mediation(case):
        return refused(Conflict(N_("权属纠纷的调解期限只能延长一次（第七十条）。"),
                                code="already_extended"), "precondition")
    return ALLOWED


def _mediation_extension_cap(case: Case) -> int:
    """The most days an ownership mediation may be extended by: the configured
    `mediation_extension:ownership` period (default one month, Art. 70) counted on from the end
    of its `mediation:ownership` period (before a rest day rolls it, after days not counted)."""
    clock = _open_clock(case, "mediation")
    periods = merge_periods(current_app.config.get("DEADLINE_PERIODS", {}), "measures_2025")
    base, ext = periods["mediation:ownership"], periods["mediation_extension:ownership"]
    if clock is None or ext.unit == "days":
        return ext.n
    end = (_plus_months(clock.started_on, base.n) if base.unit == "months"
           else clock.started_on + timedelta(days=base.n) if base.unit == "days"
           else clock.due_on) + timedelta(days=clock.paused_days)
    if ext.unit == "months":
        return (_plus_months(end, ext.n) - end).days
    return (add_working_days(load_calendar(), end, ext.n).due_on - end).days


def extend_closure(actor: User, case: Case, *, reason: Any, on: Any, version: Any,
                   registry: Registry, until: Any = None, approval_ref: Any = None) -> Case:
    """Approve an extension of the closure deadline (supervisor): under the 2015 rules the one
    one-month extension; under the 2025 Measures the first or the second (Art. 37)."""
    may_extend_closure(actor, case).enforce()
    check_version(case, version)
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 2000:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("请填写延长理由。")})
    clock = _open_clock(case, "closure")  # running: judged by may_extend_closure
    on_date = legal_date(on, case, registry)
    before = clock.due_on  # type: ignore[union-attr]
    data: dict[str, Any] = {"reason": reason.strip(), "due_before": before.isoformat()}
    if case.under_2025_measures:
        data |= _extend_2025(actor, case, reason=reason, on_date=on_date, until=until,
                             approval_ref=approval_ref, before=before,
                             max_total_months=setting("CLOSURE_EXTENSION_MAX_MONTHS"))
    elif until not in (None, "") or approval_ref not in (None, ""):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"until": N_(
            "本案适用2015年规则：只能延长一次，一个月，不接受延长至日期或批准文号。")})
    case.extended_on = case.extended_on or on_date
    audit.record("extend", actor=actor, case_id=case.id, on=on_date, from_status=case.status,
                 to_status=case.status, data=data)
    recompute_clocks(case, registry)
    db.session.flush()
    return case


def extend_mediation(actor: User, case: Case, *, days: Any, consents: Any, reason: Any,
                     on: Any, version: Any, registry: Registry) -> Case:
    """Extend the mediation period: with both parties' recorded consent, except a party's
    ownership mediation under the 2025 Measures, which its supervisor extends once by at most
    a month (Art. 70) without their consent."""
    may_extend_mediation(actor, case).enforce()
    check_version(case, version)
    ownership = case.ownership_mediation
    errors: dict[str, Message | str] = {}
    cap = _mediation_extension_cap(case) if ownership else 365
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= cap:
        errors["days"] = (Message(N_("权属纠纷的调解期限最多延长一个月：延长天数须为 1 至 "
                                     "%(n)s 的整数（第七十条）。"), {"n": cap}) if ownership
                          else N_("延长天数须为 1 至 365 的整数。"))
    if ownership:
        if not isinstance(reason, str) or not reason.strip():
            errors["reason"] = N_("请填写延长理由（负责人批准延长调解期限）。")
    elif not (isinstance(consents, dict) and consents.get("requester") is True
              and consents.get("respondent") is True):
        errors["consents"] = N_("须记录双方当事人均同意延长。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    on_date = legal_date(on, case, registry)
    data: dict[str, Any] = {"days": days, "reason": (reason or "").strip() or None,
                            "not_counted_in_trial_period": case.workflow ==
                            "court_entrusted_mediation"}
    if ownership:
        data["approved_by"] = "supervisor"  # Art. 70: 经负责人批准
    else:
        data["consents"] = {"requester": True, "respondent": True}
    audit.record("extend_mediation", actor=actor, case_id=case.id, on=on_date,
                 from_status=case.status, to_status=case.status, data=data)
    recompute_clocks(case, registry)
    case.updated_at = utcnow()  # the case changed: bump its version for optimistic locking
    db.session.flush()
    return case
