"""Reads of clocks: overdue and due-soon lists, provisional cases."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, and_, func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import visible_to
from caseflow.deadlines.models import CaseClock
from caseflow.extensions import db
from caseflow.timeutil import today

# Kinds whose lateness is the bureau's own (the others wait on a party or a court).
WATCHED = ("acceptance", "serve_copy", "closure", "mediation_filing", "mediation",
           "publication", "statement", "reply", "confirmation_application", "appeal")


def _open_clock() -> list:  # type: ignore[type-arg]
    return [CaseClock.stopped_on.is_(None), CaseClock.paused_since.is_(None),
            CaseClock.info.is_(False)]


def overdue_case_ids(as_of: date | None = None) -> Select[tuple[int]]:
    """Return a sub-select of the ids of cases with an open clock past its due date."""
    return select(CaseClock.case_id).where(*_open_clock(), CaseClock.due_on < (as_of or today()))


def next_due_dates(case_ids: list[int]) -> dict[int, date]:
    """Map each case id to the earliest due date among its open, running clocks."""
    if not case_ids:
        return {}
    rows = db.session.execute(select(CaseClock.case_id, func.min(CaseClock.due_on)).where(
        CaseClock.case_id.in_(case_ids), *_open_clock()).group_by(CaseClock.case_id))
    return dict(rows.all())


def due_clocks_query(user: User, *, mine: bool, window: str, as_of: date | None = None,
                     horizon_days: int = 10) -> Select[tuple[CaseClock, Case]]:
    """Open clocks in the user's scope (or assigned to them) that are overdue or due soon."""

    now = as_of or today()
    stmt = select(CaseClock, Case).join(Case, Case.id == CaseClock.case_id).where(
        *_open_clock(), visible_to(user))
    if mine:
        stmt = stmt.where(Case.assignee_id == user.id)
    if window == "overdue":
        stmt = stmt.where(CaseClock.due_on < now)
    else:
        stmt = stmt.where(and_(CaseClock.due_on >= now,
                               CaseClock.due_on <= now + timedelta(days=horizon_days)))
    return stmt.order_by(CaseClock.due_on, Case.id)


def provisional_cases_query(user: User) -> Select[tuple[Case]]:
    """Cases in scope with at least one provisional (calendar not yet published) clock."""
    return select(Case).where(visible_to(user), Case.id.in_(
        select(CaseClock.case_id).where(CaseClock.provisional.is_(True),
                                        CaseClock.stopped_on.is_(None)))).order_by(Case.id)
