"""The unit-scope rule: which cases a user sees and on which the user may act.

Imports models only, so every room (queries, services, views, the API) can use it without
reaching into another room's views or forms.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.errors import Conflict, NotFound
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.org.queries import scope_unit_ids
from caseflow.routing.models import CaseAccess


def visible_to(user: User) -> ColumnElement[bool]:
    """Return the condition that a case lies in the user's scope (own unit and below)."""
    scope = scope_unit_ids(user.unit)
    shared = select(CaseAccess.case_id).where(CaseAccess.unit_id.in_(scope),
                                              CaseAccess.active.is_(True))
    return or_(Case.handling_unit_id.in_(scope), Case.intake_unit_id.in_(scope),
               Case.id.in_(shared))


def get_case_for(user: User, case_id: int, *, for_update: bool = False) -> Case:
    """Return the case if the user may see it; otherwise 404 (never reveal which).

    With `for_update` the row is locked until the request's transaction ends and re-read from
    the database. A request that had to wait for that lock while another writer changed the
    case is the loser of a race, even when its client sent no `version`: it is refused with
    409 `stale_version` instead of acting on a case that changed under it.
    """
    stmt = select(Case).where(Case.id == case_id, visible_to(user))
    if not for_update:
        case = db.session.scalar(stmt)
        if case is None:
            raise NotFound(N_("案件不存在。"))
        return case
    seen = db.session.scalar(select(Case.version).where(Case.id == case_id))
    case = db.session.scalar(
        stmt.with_for_update(of=Case).execution_options(populate_existing=True))
    if case is None:
        raise NotFound(N_("案件不存在。"))
    if seen is not None and case.version != seen:
        raise Conflict(N_("案件已被他人修改，请刷新后重试。"), code="stale_version")
    return case


def can_act_on(actor: User, case: Case) -> bool:
    """Tell whether the actor belongs to the handling unit or a unit above it."""
    return case.handling_unit.is_within(actor.unit)
