"""Assignment to a person or a team, and declared recusal (回避)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Listing, Message
from caseflow.notifications import events
from caseflow.routing.models import CaseMember, Recusal
from caseflow.routing.permissions import HANDLER_ROLES, is_open, may_assign_case
from caseflow.routing.services import conflicts_of, suggest_assignee, suggest_team
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

TEAM_ROLES = HANDLER_ROLES
LEAD_ROLES = ("officer", "mediator")


def _user(username: Any, field: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username)) \
        if isinstance(username, str) else None
    if user is None or not user.active:
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            field: Message(N_("用户 %(name)s 不存在或已停用。"), {"name": username})})
    return user


def _team(case: Case, lead: User, team: Any) -> list[User]:
    if team in (None, ""):
        members: list[User] = []
    elif isinstance(team, list) and all(isinstance(t, str) for t in team):
        members = [_user(name, "team") for name in team if name != lead.username]
    else:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"team": N_("须为用户名列表。")})
    people = [lead, *dict.fromkeys(members)]
    for person in people:
        if person.unit_id != case.handling_unit_id or person.role not in TEAM_ROLES:
            raise ValidationFailed(N_("提交的内容有误。"), fields={
                "team": Message(N_("%(name)s不是办案单位的办案人员。"), {"name": person.name})})
    if case.workflow == "adjudication" and (len(people) < 3 or len(people) % 2 == 0):
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "team": N_("行政裁决案件的合议组须至少 3 人且为单数（含承办人）。")})
    return people


def _handlers(case: Case) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.unit_id == case.handling_unit_id, User.active.is_(True),
        User.role.in_(TEAM_ROLES)).order_by(User.id)))


def may_assign(actor: User, case: Case, registry: Registry) -> Verdict:
    """Assign the case now: a supervisor in scope, an open case, and enough people of the
    handling unit free of conflicts to lead it (and, in an adjudication, to sit as a panel)."""
    if not (verdict := may_assign_case(actor, case, registry)):
        return verdict
    people = _handlers(case)
    blocked = {u.id: conflicts_of(u, case) for u in people}
    free = [u for u in people if not blocked[u.id]]
    need_panel = case.workflow == "adjudication" and len(free) < 3
    if any(u.role in LEAD_ROLES for u in free) and not need_panel:
        return ALLOWED
    why = Listing(Message(N_("%(name)s须回避：%(reasons)s"),
                          {"name": u.name, "reasons": Listing(blocked[u.id])})
                  for u in people if blocked[u.id])
    if need_panel:
        message = Message(N_("办案单位无利害冲突的办案人员不足 3 人，不能组成合议组。%(why)s"),
                          {"why": why})
    else:
        message = Message(N_("办案单位没有可分派且无利害冲突的人员。%(why)s"), {"why": why})
    code = "conflict_of_interest" if why else "no_candidate"
    return refused(Conflict(message, code=code), "precondition")


def may_recuse(actor: User, case: Case, registry: Registry) -> Verdict:
    """Declare recusal: case workers of the handling unit or above, once, on an open case."""
    if actor.role not in HANDLER_ROLES or not case.handling_unit.is_within(actor.unit):
        return refused(Forbidden(N_("只有办案单位或其上级单位的办案人员可以声明回避。")),
                       "role" if actor.role not in HANDLER_ROLES else "scope")
    if not is_open(case, registry):
        return refused(Conflict(N_("案件已办结，不能再办理此事项。"), code="invalid_transition"),
                       "state")
    if db.session.scalar(select(Recusal.id).where(Recusal.case_id == case.id,
                                                  Recusal.user_id == actor.id)):
        return refused(Conflict(N_("您已声明回避本案。"), code="already_recused"), "precondition")
    return ALLOWED


def assign(actor: User, case: Case, *, to_user: Any, team: Any, reason: Any, on: Any,
           version: Any, registry: Registry) -> Case:
    """Assign the case to a lead (and team), checking recusal and conflicts first."""
    may_assign(actor, case, registry).enforce()
    check_version(case, version)
    automatic = to_user in (None, "", "auto")
    if automatic:
        lead = suggest_assignee(case, registry)
        if lead is None:
            raise Conflict(N_("办案单位没有可分派且无利害冲突的人员。"), code="no_candidate")
    else:
        lead = _user(to_user, "to_user")
    if automatic and team in (None, "", []) and case.workflow == "adjudication":
        team = [u.username for u in suggest_team(case, lead, registry)]
    if lead.role not in ("officer", "mediator"):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"to_user": N_("承办人须为执法人员或调解员。")})
    people = _team(case, lead, team)
    note = reason.strip() if isinstance(reason, str) else ""
    if case.assignee_id is not None and case.assignee_id != lead.id and not note:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("改派须说明理由。")})
    for person in people:
        if blocked := conflicts_of(person, case):
            raise Conflict(N_("%(name)s须回避：%(reasons)s"),
                           params={"name": person.name, "reasons": Listing(blocked)},
                           code="conflict_of_interest")
    on_date = legal_date(on, case, registry)
    previous = case.assignee.username if case.assignee else None
    lead_before = case.assignee_id
    before = set(db.session.scalars(select(CaseMember.user_id).where(
        CaseMember.case_id == case.id)))
    case.assignee = lead
    db.session.execute(delete(CaseMember).where(CaseMember.case_id == case.id))
    db.session.add_all(CaseMember(case_id=case.id, user_id=p.id, lead=p.id == lead.id)
                       for p in people)
    audit.record("assign", actor=actor, case_id=case.id, on=on_date, from_status=case.status,
                 to_status=case.status, data={"assignee": lead.username, "previous": previous,
                                              "team": [p.username for p in people],
                                              "reason": note or None})
    events.case_assigned(case, actor, lead, people, lead_before=lead_before, before=before,
                         member_role=events.PANEL_MEMBER if case.workflow == "adjudication"
                         else events.TEAM_MEMBER)
    db.session.flush()
    return case


def declare_recusal(actor: User, case: Case, *, reason: Any, registry: Registry,
                    version: Any = None) -> Case:
    """Record that the actor withdraws from the case; a lead's withdrawal unassigns the case."""
    check_version(case, version)
    may_recuse(actor, case, registry).enforce()
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("请说明回避理由。")})
    db.session.add(Recusal(case_id=case.id, user_id=actor.id, reason=reason.strip()))
    db.session.execute(delete(CaseMember).where(CaseMember.case_id == case.id,
                                                CaseMember.user_id == actor.id))
    if case.assignee_id == actor.id:
        case.assignee = None
    audit.record("recusal", actor=actor, case_id=case.id, on=legal_date(None, case),
                 from_status=case.status, to_status=case.status,
                 data={"reason": reason.strip()})
    db.session.flush()
    return case


def team_of(case: Case) -> list[CaseMember]:
    return list(db.session.scalars(select(CaseMember).where(CaseMember.case_id == case.id)
                                   .order_by(CaseMember.lead.desc(), CaseMember.id)))
