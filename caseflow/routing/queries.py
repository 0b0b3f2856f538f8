"""Reads for the routing inbox and the home page."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import visible_to
from caseflow.extensions import db
from caseflow.routing.models import AssistTask, CaseMember


def unsigned_query(user: User) -> Select[tuple[Case]]:
    """Cases moved to the user's unit that it has not signed for yet."""
    return select(Case).where(Case.handling_unit_id == user.unit_id,
                              Case.signed_for.is_(False)).order_by(Case.routed_on, Case.id)


def my_cases_query(user: User) -> Select[tuple[Case]]:
    """Cases the user leads or is a team member of, open ones first."""
    member = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    return select(Case).where(or_(Case.assignee_id == user.id, Case.id.in_(member)),
                              visible_to(user)).order_by(
        Case.closed_on.is_not(None), Case.received_on.desc(), Case.id.desc())


def count(stmt: Select) -> int:  # type: ignore[type-arg]
    """Count the rows a select would return."""
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) \
        or 0


def open_task_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(AssistTask).where(
        AssistTask.assisting_unit_id == user.unit_id, AssistTask.status == "open")) or 0
