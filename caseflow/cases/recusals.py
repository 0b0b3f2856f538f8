"""Recusal applied for by a party (Art. 5 of the 2025 Measures), and what it blocks.

A party may ask that a panel member, technical investigator, clerk, interpreter, appraiser or
assistant withdraw. The handling unit's officer or supervisor records the application; the
unit's supervisor (负责人) or one above decides. Until then the person challenged does no work on
the case (DOMAIN.md §16.3 M11); a granted application against a panel member unseats the member, and no transition is fired
until the panel is complete again (`PUT /cases/<id>/panel`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases import panel
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case, RecusalApplication
from caseflow.cases.panel import RECUSED, pending_against
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.services import recompute_clocks
from caseflow.errors import Conflict, Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.timeutil import utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

TARGET_ROLES = ("panel_member", "technical_investigator", "clerk", "interpreter", "appraiser",
                "assistant")
STATUSES = ("pending", "granted", "refused")
TEXT_LIMIT = 2000
NAME_LIMIT = 100


def _bad(field: str, message: str, params: dict[str, Any] | None = None) -> ValidationFailed:
    return ValidationFailed(N_("提交的内容有误。"),
                            fields={field: Message(message, params) if params else message})


def may_act(actor: User, case: Case, *, transition: bool = False) -> Verdict:
    """Refuse an act by a person whose recusal is pending (409 `recused_pending`) and, for a
    transition, any act while a granted recusal left the panel incomplete (`panel_incomplete`)."""
    if pending_against(case, actor):
        return refused(Conflict(RECUSED, code="recused_pending"), "precondition")
    if transition and panel.has_panel(case) and not panel.panel_complete(case):
        return refused(Conflict(N_("合议组成员不足三名或者为双数，请先补足合议组再办理"
                                   "（第二十条）。"), code="panel_incomplete"), "precondition")
    return ALLOWED


def _open(case: Case, registry: Registry) -> Verdict:
    if registry.get(case.workflow, case.workflow_version).workflow.is_terminal(case.status):
        return refused(Conflict(N_("案件已办结，不能再办理此事项。"), code="invalid_transition"),
                       "state")
    return ALLOWED


def may_apply_recusal(actor: User, case: Case, registry: Registry) -> Verdict:
    """Record a party's application: an officer or supervisor of the handling unit."""
    if actor.role not in ("officer", "supervisor") or actor.unit_id != case.handling_unit_id:
        return refused(Forbidden(N_("只有办案单位的执法人员或审核人员可以登记回避申请。")),
                       "role" if actor.role not in ("officer", "supervisor") else "scope")
    return _open(case, registry) and may_act(actor, case)


def may_decide_recusal(actor: User, case: Case, registry: Registry) -> Verdict:
    """Decide an application: a supervisor (负责人) of the handling unit or above."""
    if actor.role != "supervisor" or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的负责人可以决定是否回避。")),
                       "role" if actor.role != "supervisor" else "scope")
    if not (verdict := _open(case, registry)):
        return verdict
    if not any(a.status == "pending" for a in list_recusals(case)):
        return refused(Conflict(N_("本案没有待决定的回避申请。"), code="no_pending_recusal"),
                       "precondition")
    return may_act(actor, case)


def list_recusals(case: Case) -> list[RecusalApplication]:
    """Return the case's applications, oldest first."""
    return list(db.session.scalars(select(RecusalApplication).where(
        RecusalApplication.case_id == case.id).order_by(RecusalApplication.id)))


def get_recusal(case: Case, application_id: int) -> RecusalApplication:
    """Return one application of the case (404 otherwise)."""
    found = db.session.scalar(select(RecusalApplication).where(
        RecusalApplication.case_id == case.id, RecusalApplication.id == application_id))
    if found is None:
        raise NotFound(N_("回避申请不存在。"))
    return found


def _text(value: Any, field: str, message: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > TEXT_LIMIT:
        raise _bad(field, message)
    return text


def _target(case: Case, role: Any, username: Any, name: Any) -> tuple[User | None, str | None]:
    if role not in TARGET_ROLES:
        raise _bad("target_role", N_("请从以下选项中选择：%(choices)s。"),
                   {"choices": "、".join(TARGET_ROLES)})
    user = None
    if username not in (None, ""):
        user = db.session.scalar(select(User).where(User.username == username)) \
            if isinstance(username, str) else None
        if user is None:
            raise _bad("target", N_("用户 %(name)s 不存在或已停用。"), {"name": username})
    if role == "panel_member":
        if user is None or user.id not in {m.user_id for m in panel.current_panel(case)}:
            raise _bad("target", N_("被申请回避的人员须为本案合议组的现任成员。"))
        return user, None
    if user is not None:
        return user, None
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > NAME_LIMIT:
        raise _bad("target_name", N_("请填写被申请回避人员的姓名（不超过 100 字）。"))
    return None, text


def _touch(case: Case, registry: Registry) -> None:
    recompute_clocks(case, registry)
    case.updated_at = utcnow()  # the case changed: bump its version for optimistic locking
    db.session.flush()


def apply_recusal(actor: User, case: Case, *, party: Any, target_role: Any, target: Any = None,
                  target_name: Any = None, grounds: Any, on: Any = None, version: Any = None,
                  registry: Registry) -> RecusalApplication:
    """Record a party's application for recusal (starts the `recusal_decision` clock)."""
    may_apply_recusal(actor, case, registry).enforce()
    check_version(case, version)
    applicant = next((p for p in case.parties if isinstance(party, int)
                      and not isinstance(party, bool) and p.id == party), None)
    if applicant is None:
        raise _bad("party", N_("申请人须为本案当事人。"))
    user, name = _target(case, target_role, target, target_name)
    text = _text(grounds, "grounds", N_("请填写申请回避的事实和理由（不超过 2000 字）。"))
    on_date = legal_date(on, case, registry)
    if user is not None and pending_against(case, user):  # one pending application at a time
        raise Conflict(N_("对该人员的回避申请尚待决定。"), code="recusal_pending")
    application = RecusalApplication(
        case_id=case.id, party_id=applicant.id, target_user_id=user.id if user else None,
        target_name=name, target_role=target_role, grounds=text, applied_on=on_date,
        status="pending")
    db.session.add(application)
    db.session.flush()
    audit.record("recusal_applied", actor=actor, case_id=case.id, on=on_date,
                 from_status=case.status, to_status=case.status,
                 data={"application": application.id, "party": applicant.id,
                       "target": user.username if user else None, "target_name": name,
                       "target_role": target_role, "grounds": text})
    _touch(case, registry)
    return application


def decide_recusal(actor: User, application: RecusalApplication, *, granted: Any, on: Any = None,
                   note: Any = None, version: Any = None,
                   registry: Registry) -> RecusalApplication:
    """Grant or refuse an application; a granted one unseats the panel member it names."""
    case = db.session.get(Case, application.case_id)
    may_decide_recusal(actor, case, registry).enforce()
    check_version(case, version)
    if application.status != "pending":
        raise Conflict(N_("该回避申请已作出决定。"), code="already_decided")
    if not isinstance(granted, bool):
        raise _bad("granted", N_("应为 true 或 false。"))
    text = None
    if note not in (None, ""):
        text = _text(note, "note", N_("决定理由不能超过 2000 字。"))
    on_date = legal_date(on, case, registry)
    if on_date < application.applied_on:
        raise _bad("on", N_("决定日期不能早于申请日期（%(applied)s）。"),
                   {"applied": application.applied_on.isoformat()})
    application.status = "granted" if granted else "refused"
    application.decided_on, application.decided_by_id = on_date, actor.id
    application.decision_note = text
    removed = False
    if granted and application.target_user_id is not None:
        removed = panel.remove_member(case, application.target_user_id, on_date,
                                      f"回避申请获准（第 {application.id} 号）")
    audit.record("recusal_decided", actor=actor, case_id=case.id, on=on_date,
                 from_status=case.status, to_status=case.status,
                 data={"application": application.id, "party": application.party_id,
                       "granted": granted, "target": application.target_user.username
                       if application.target_user else application.target_name,
                       "removed_from_panel": removed, "note": text})
    _touch(case, registry)
    return application


def recusal_as_dict(application: RecusalApplication) -> dict[str, Any]:
    """Shape an application for the case JSON."""
    def d(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {"id": application.id, "party": application.party_id,
            "target": application.target_user.username if application.target_user else None,
            "target_name": application.target_label, "target_role": application.target_role,
            "grounds": application.grounds, "applied_on": d(application.applied_on),
            "status": application.status, "decided_on": d(application.decided_on),
            "decided_by": application.decided_by.username if application.decided_by else None,
            "decision_note": application.decision_note}
