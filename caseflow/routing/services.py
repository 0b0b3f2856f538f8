"""Moves between units, signing for, assignment and recusal. Each call is one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case
from caseflow.errors import Conflict, DomainError, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.notifications import events
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.routing.models import CaseAccess, CaseMember, Recusal, UserConflict
from caseflow.routing.permissions import (
    is_open,
    may_delegate,
    may_refer_up,
    may_sign_for,
    may_transfer,
)
from caseflow.routing.rules import CaseTraits, describe, find_entrustment
from caseflow.verdict import Verdict
from caseflow.workflow.engine import Registry

MOVES = ("refer_up", "delegate", "transfer")


def refuse_if_closed(case: Case, registry: Registry) -> None:
    """Refuse (409) routing work on a case that has reached a terminal state."""
    if not is_open(case, registry):
        raise Conflict(N_("案件已办结，不能再办理此事项。"), code="invalid_transition")


def _reason(reason: Any) -> str:
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("请填写理由（不超过 500 字）。")})
    return reason.strip()


def same_tree(unit: Unit, other: Unit) -> bool:
    """Tell whether two units belong to the same city's organisation tree."""
    return unit.path.split("/")[1] == other.path.split("/")[1]


def _target(code: Any, handling: Unit) -> Unit:
    unit = get_unit_by_code(code) if isinstance(code, str) else None
    if unit is None or not unit.active or not same_tree(unit, handling):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"to_unit": N_("接收单位不存在。")})
    return unit


def _keep_read_access(case: Case, unit: Unit) -> None:
    exists = db.session.scalar(select(CaseAccess).where(
        CaseAccess.case_id == case.id, CaseAccess.unit_id == unit.id,
        CaseAccess.reason == "former_handler"))
    if exists is None:
        db.session.add(CaseAccess(case_id=case.id, unit_id=unit.id, reason="former_handler"))


def may_move(actor: User, case: Case, action: str, registry: Registry, on: Any = None) -> Verdict:
    """Judge whether the actor may refer up, transfer or delegate the case now."""
    if action == "refer_up":
        return may_refer_up(actor, case, registry)
    if action == "transfer":
        return may_transfer(actor, case, registry)
    try:  # the entrustment must be in force on the act's date; a bad date is refused later
        on_date = legal_date(on, case, registry)
    except DomainError:
        on_date = None
    return may_delegate(actor, case, registry, on_date)


def _destination(case: Case, action: str, to_unit: Any, on_date: date) -> tuple[Unit, str]:
    """Check where the case may go (the mover is judged by `may_move`); return the receiving
    unit and the legal basis."""
    handling = case.handling_unit
    if action == "refer_up":
        return handling.parent, "报请上级办理"  # type: ignore[return-value]
    if action == "transfer":
        target = _target(to_unit, handling)
        if target.level != "county" or target.id == handling.id:
            raise ValidationFailed(N_("提交的内容有误。"),
                                   fields={"to_unit": N_("移交只能在县区局之间进行。")})
        return target, "管辖移交"
    # delegate: a supervisor of the unit above hands the case down under a valid entrustment
    target = _target(to_unit, handling)
    if target.parent_id != handling.id:
        raise Forbidden(N_("只有办案单位的审核人员可以将案件交下级单位办理。"))
    traits = CaseTraits(workflow=case.workflow, patent_type=case.patent_type,
                        received_on=on_date)
    entrustment = find_entrustment(target, traits) if target.level == "county" else None
    if entrustment is None:
        raise Conflict(N_("%(unit)s没有涵盖本案的有效委托，不能交其办理。"),
                       params={"unit": target.display_name}, code="no_entrustment")
    return target, describe(entrustment, target, traits)


def move_case(actor: User, case: Case, action: str, *, to_unit: Any, reason: Any, on: Any,
              version: Any, registry: Registry) -> Case:
    """Refer up, delegate or transfer: the case changes hands at once, awaiting signature."""
    check_version(case, version)
    may_move(actor, case, action, registry, on).enforce()
    text = _reason(reason)
    on_date = legal_date(on, case, registry)
    target, basis = _destination(case, action, to_unit, on_date)
    if target.level == "station" and case.workflow == "adjudication":
        raise ValidationFailed(N_("提交的内容有误。"),
                               fields={"to_unit": N_("市场监管所不能作为行政裁决案件的办案单位。")})
    source = case.handling_unit
    _keep_read_access(case, source)
    case.handling_unit, case.signed_for, case.routed_on = target, False, on_date
    previous_team = [m.user.username for m in db.session.scalars(
        select(CaseMember).where(CaseMember.case_id == case.id))]
    case.assignee = None
    db.session.query(CaseMember).filter(CaseMember.case_id == case.id).delete()
    audit.record(action, actor=actor, case_id=case.id, on=on_date, from_status=case.status,
                 to_status=case.status, data={"from_unit": source.code, "to_unit": target.code,
                                              "reason": text, "basis": basis,
                                              "team_released": previous_team})
    events.case_moved(case, target)
    db.session.flush()
    return case


def sign_for(actor: User, case: Case, *, on: Any, version: Any, registry: Registry) -> Case:
    """The receiving unit acknowledges the case (签收)."""
    check_version(case, version)
    may_sign_for(actor, case, registry).enforce()
    on_date = legal_date(on, case, registry, since=(case.routed_on, Message(N_("移送办案单位"))))
    case.signed_for = True
    audit.record("sign_for", actor=actor, case_id=case.id, on=on_date, from_status=case.status,
                 to_status=case.status, data={"unit": case.handling_unit.code})
    db.session.flush()
    return case


def conflicts_of(user: User, case: Case) -> list[str]:
    """Return why this person may not handle the case (declared recusal or recorded conflict)."""
    reasons = [Message(N_("已声明回避：%(reason)s"), {"reason": r.reason}) for r in db.session.scalars(
        select(Recusal).where(Recusal.case_id == case.id, Recusal.user_id == user.id))]
    names = {p.name for p in case.parties} | {p.agent_name for p in case.parties if p.agent_name}
    codes = {p.credit_code for p in case.parties if p.credit_code}
    for conflict in db.session.scalars(select(UserConflict).where(
            UserConflict.user_id == user.id)):
        if (conflict.name and conflict.name in names) or \
                (conflict.credit_code and conflict.credit_code in codes):
            party = conflict.name or conflict.credit_code
            reasons.append(
                Message(N_("与当事人“%(party)s”存在利害关系（%(note)s）"),
                        {"party": party, "note": conflict.note}) if conflict.note
                else Message(N_("与当事人“%(party)s”存在利害关系"), {"party": party}))
    return reasons


def open_case_counts(unit: Unit, role: str, registry: Registry) -> list[tuple[User, int]]:
    """Users of a unit with a role and how many open cases each has, fewest first."""
    users = list(db.session.scalars(select(User).where(User.unit_id == unit.id,
                                                       User.role == role, User.active)))
    open_case = or_(*[(Case.workflow == c.workflow.name)
                      & Case.status.not_in([s.name for s in c.workflow.states if s.terminal])
                      for c in registry])
    counts = dict(db.session.execute(
        select(Case.assignee_id, func.count()).where(open_case, Case.assignee_id.in_(
            [u.id for u in users])).group_by(Case.assignee_id)).all())
    return sorted(((u, counts.get(u.id, 0)) for u in users), key=lambda p: (p[1], p[0].id))


def suggest_assignee(case: Case, registry: Registry) -> User | None:
    """Suggest the handling unit's officer (or mediator) with the fewest open cases."""
    role = "officer" if case.workflow == "adjudication" else "mediator"
    for user, _count in open_case_counts(case.handling_unit, role, registry):
        if not conflicts_of(user, case):
            return user
    return None


def suggest_team(case: Case, lead: User, registry: Registry, size: int = 3) -> list[User]:
    """Complete a team of `size` around the lead: the least-loaded free handlers of the unit."""
    team = [lead]
    for role in ("officer", "mediator", "supervisor"):
        for user, _count in open_case_counts(case.handling_unit, role, registry):
            if len(team) < size and user not in team and not conflicts_of(user, case):
                team.append(user)
    return team
