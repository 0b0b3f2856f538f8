"""The panel (合议组) of an adjudication: named at filing, changed by the unit's supervisor.

Art. 20 of the 2025 Measures: 「指定三名或者三名以上单数办案人员组成合议组」. A panel is at least
three, an odd number, of distinct active officers of the case's handling unit; the first is the
lead (承办人). A seat is never deleted: a member who leaves keeps the row with `removed_on` and
the reason, so the panel a decision was taken by can always be read back.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.acts import check_version, legal_date
from caseflow.cases.models import Case, PanelMember, RecusalApplication
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.services import recompute_clocks
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.notifications import events
from caseflow.routing.models import CaseMember
from caseflow.timeutil import utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

MIN_PANEL = 3
MAX_PANEL = 15
PANEL_ROLE = "officer"
REASON_LIMIT = 500


RECUSED = N_("当事人已申请您回避，在作出是否回避的决定前，您应当暂停参与本案的工作（第五条）。")


def pending_against(case: Case, user: User) -> bool:
    """Tell whether a party's recusal application against `user` on this case awaits its
    decision (Art. 5: the person challenged stops work on the case until then)."""
    return db.session.scalar(select(RecusalApplication.id).where(
        RecusalApplication.case_id == case.id, RecusalApplication.status == "pending",
        RecusalApplication.target_user_id == user.id).limit(1)) is not None


def split_usernames(text: str) -> list[str]:
    """Read a panel typed on one line: user names separated by spaces, commas or 、."""
    return [name for name in re.split(r"[\s,，、;；]+", text or "") if name]


def _refuse(message: str, params: dict[str, Any] | None = None) -> ValidationFailed:
    text = Message(message, params) if params else message
    return ValidationFailed(N_("提交的内容有误。"), fields={"panel": text})


def _recused(case: Case) -> set[int]:
    """The users a granted recusal removed from this case: they may not sit again."""
    return set(db.session.scalars(select(RecusalApplication.target_user_id).where(
        RecusalApplication.case_id == case.id, RecusalApplication.status == "granted",
        RecusalApplication.target_user_id.is_not(None))))


def check_panel(case: Case, usernames: Any) -> list[User]:
    """Return the users of a valid panel, lead first; 422 on `panel` otherwise."""
    if not isinstance(usernames, list) or not all(isinstance(u, str) for u in usernames):
        raise _refuse(N_("合议组须为用户名列表，第一位为承办人。"))
    names = [u.strip() for u in usernames]
    if len(set(names)) != len(names):
        raise _refuse(N_("合议组成员不能重复。"))
    if len(names) < MIN_PANEL or len(names) % 2 == 0:
        raise _refuse(N_("合议组须由三名或者三名以上单数办案人员组成（现为 %(n)s 人）。"),
                      {"n": len(names)})
    found = {u.username: u for u in db.session.scalars(
        select(User).where(User.username.in_(names)))} if names else {}
    users, excluded = [], _recused(case)
    for name in names:
        user = found.get(name)
        if user is None or not user.active:
            raise _refuse(N_("用户 %(name)s 不存在或已停用。"), {"name": name})
        if user.role != PANEL_ROLE or user.unit_id != case.handling_unit_id:
            raise _refuse(N_("%(name)s不是办案单位的执法人员，不能参加合议组。"),
                          {"name": user.name})
        if user.id in excluded:
            raise _refuse(N_("%(name)s已决定回避本案，不能参加合议组。"), {"name": user.name})
        users.append(user)
    return users


def current_panel(case: Case) -> list[PanelMember]:
    """Return the members now sitting, lead first."""
    return list(db.session.scalars(select(PanelMember).where(
        PanelMember.case_id == case.id, PanelMember.removed_on.is_(None))
        .order_by(PanelMember.position, PanelMember.id)))


def has_panel(case: Case) -> bool:
    """Tell whether a panel was ever named for the case."""
    return db.session.scalar(select(PanelMember.id).where(PanelMember.case_id == case.id)
                             .limit(1)) is not None


def panel_size(case: Case) -> int:
    """Count the members now sitting."""
    return len(current_panel(case))


def panel_complete(case: Case) -> bool:
    """Tell whether the sitting members form a panel: at least three and odd."""
    size = panel_size(case)
    return size >= MIN_PANEL and size % 2 == 1


def panel_named_on(case: Case) -> date | None:
    """Return the day the sitting panel was last named or changed."""
    return db.session.scalar(select(PanelMember.named_on).where(
        PanelMember.case_id == case.id, PanelMember.removed_on.is_(None))
        .order_by(PanelMember.named_on.desc()).limit(1))


def _seat(case: Case, users: list[User], on: date) -> None:
    db.session.add_all(PanelMember(case_id=case.id, user_id=u.id, position=i, named_on=on)
                       for i, u in enumerate(users))


def name_panel(case: Case, users: list[User], on: date, actor: User | None) -> None:
    """Seat the panel (the first user leads) and record `panel_named`; the caller commits."""
    _seat(case, users, on)
    audit.record("panel_named", actor=actor, case_id=case.id, on=on, from_status=case.status,
                 to_status=case.status,
                 data={"panel": [u.username for u in users], "lead": users[0].username})
    team = db.session.scalars(select(CaseMember.user_id).where(CaseMember.case_id == case.id))
    events.case_assigned(case, actor, users[0], users, lead_before=case.assignee_id,
                         before=team, member_role=events.PANEL_MEMBER)
    db.session.flush()


def may_change_panel(actor: User, case: Case, registry: Registry) -> Verdict:
    """Judge whether the actor may re-form the panel: a supervisor of the handling unit or
    above, on an open case that has a panel."""
    if actor.role != "supervisor" or not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的审核人员可以调整合议组。")),
                       "role" if actor.role != "supervisor" else "scope")
    if registry.get(case.workflow, case.workflow_version).workflow.is_terminal(case.status):
        return refused(Conflict(N_("案件已办结，不能再办理此事项。"), code="invalid_transition"),
                       "state")
    if not has_panel(case):
        return refused(Conflict(N_("本案尚未组成合议组。"), code="no_panel"), "precondition")
    if pending_against(case, actor):
        return refused(Conflict(RECUSED, code="recused_pending"), "precondition")
    return ALLOWED


def _reason(reason: Any) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > REASON_LIMIT:
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "reason": N_("请说明调整合议组的理由（不超过 500 字）。")})
    return text


def _snapshot(members: list[PanelMember]) -> list[str]:
    return [m.user.username for m in members]


def _unseat(members: list[PanelMember], on: date, reason: str) -> None:
    for member in members:
        member.removed_on, member.removed_reason = on, reason[:REASON_LIMIT]


def remove_member(case: Case, user_id: int, on: date, reason: str) -> bool:
    """Unseat one sitting member (a granted recusal); tell whether the user was sitting."""
    members = [m for m in current_panel(case) if m.user_id == user_id]
    _unseat(members, on, reason)
    return bool(members)


def reform_panel(actor: User, case: Case, *, panel: Any, reason: Any, on: Any, version: Any,
                 registry: Registry) -> Case:
    """Re-form the panel with the same checks as at filing; audited with before and after."""
    may_change_panel(actor, case, registry).enforce()
    check_version(case, version)
    text = _reason(reason)
    users = check_panel(case, panel)
    on_date = legal_date(on, case, registry)
    sitting = current_panel(case)
    before = _snapshot(sitting)
    after = [u.username for u in users]
    if before == after:
        raise _refuse(N_("合议组没有变化。"))
    _unseat(sitting, on_date, text)
    db.session.flush()
    _seat(case, users, on_date)
    events.case_assigned(case, actor, users[0], users, lead_before=sitting[0].user_id,
                         before=[m.user_id for m in sitting], member_role=events.PANEL_MEMBER)
    audit.record("panel_changed", actor=actor, case_id=case.id, on=on_date,
                 from_status=case.status, to_status=case.status,
                 data={"before": before, "after": after, "lead": after[0], "reason": text})
    recompute_clocks(case, registry)  # the new list of handlers opens a new recusal window
    case.updated_at = utcnow()  # the case changed: bump its version for optimistic locking
    db.session.flush()
    return case


def change_panel(actor: User, case: Case, *, remove: User, add: User, reason: Any, on: Any,
                 registry: Registry, version: Any = None) -> Case:
    """Replace one member by another in the same seat (the lead's seat keeps leading)."""
    names = [m.user.username for m in current_panel(case)]
    if remove.username in names:
        names[names.index(remove.username)] = add.username
    else:
        names.append(add.username)
    return reform_panel(actor, case, panel=names, reason=reason, on=on, version=version,
                        registry=registry)


def panel_as_list(case: Case) -> list[dict[str, Any]]:
    """Shape the sitting panel for the case JSON."""
    return [{"username": m.user.username, "name": m.user.name, "lead": m.lead}
            for m in current_panel(case)]
