"""Reads of cases, always through the user's unit scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from caseflow.auth.models import User
from caseflow.cases.models import Case, Party, Patent
from caseflow.cases.scope import visible_to
from caseflow.deadlines.queries import overdue_case_ids
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.org.queries import scope_unit_ids


@dataclass
class CaseFilters:
    status: str | None = None
    workflow: str | None = None
    unit: str | None = None
    assignee: str | None = None
    q: str | None = None
    overdue: bool = False


def _search(q: str) -> ColumnElement[bool]:
    # autoescape: % and _ typed by the user are literal characters, not wildcards.
    patent = q.upper().replace("ZL", "").replace("CN", "")
    return or_(
        Case.number.contains(q, autoescape=True),
        Case.receipt_number.contains(q, autoescape=True),
        Patent.number.contains(patent, autoescape=True),
        Patent.title.contains(q, autoescape=True),
        exists().where(Party.case_id == Case.id, Party.name.contains(q, autoescape=True)),
    )


def case_list_query(user: User, filters: CaseFilters) -> Select[Any]:
    """Build the scoped, filtered case query (newest first)."""
    stmt = select(Case).join(Case.patent).where(visible_to(user))
    if filters.status:
        stmt = stmt.where(Case.status == filters.status)
    if filters.workflow:
        stmt = stmt.where(Case.workflow == filters.workflow)
    if filters.unit:
        unit = db.session.scalar(select(Unit).where(Unit.code == filters.unit))
        stmt = (
            stmt.where(Case.handling_unit_id.in_(scope_unit_ids(unit)))
            if unit
            else stmt.where(False)
        )
    if filters.assignee:
        stmt = stmt.where(Case.assignee.has(User.username == filters.assignee))
    if filters.q:
        stmt = stmt.where(_search(filters.q.strip()[:100]))
    if filters.overdue:

        stmt = stmt.where(Case.id.in_(overdue_case_ids()))
    return stmt.order_by(Case.received_on.desc(), Case.id.desc())


def list_cases(
    user: User, filters: CaseFilters, page: int, per_page: int
) -> tuple[list[Case], int]:
    """Return one page of the user's cases and the total count."""
    stmt = case_list_query(user, filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page_stmt = stmt.options(selectinload(Case.parties)).limit(per_page)
    items = list(db.session.scalars(page_stmt.offset((page - 1) * per_page)).unique())
    return items, total or 0


def find_open_duplicate(
    patent_id: int, respondents: list[Any], terminal: dict[str, set[str]], digests: Any
) -> Case | None:
    """Return an open case with the same patent and a matching respondent, if any.

    `digests(number)` gives the identity number's digest under every key of the ring, so a
    number stored under an older key still matches while a rotation is pending.
    """
    conditions = []
    for r in respondents:
        if r.credit_code:
            conditions.append(Party.credit_code == r.credit_code)
        if r.id_number:
            conditions.append(Party.id_number_digest.in_(digests(r.id_number)))
        conditions.append(Party.name == r.name)
    if not conditions:
        return None
    candidates = db.session.scalars(
        select(Case).where(
            Case.patent_id == patent_id,
            exists().where(Party.case_id == Case.id, Party.role == "respondent", or_(*conditions)),
        )
    )
    for case in candidates:
        if case.status not in terminal.get(case.workflow, set()):
            return case
    return None


def get_visible_numbers(viewer: User, case_ids: set[int]) -> dict[int, str]:
    """Return the display number of each of these cases that the viewer may see."""
    if not case_ids:
        return {}
    cases = db.session.scalars(select(Case).where(Case.id.in_(case_ids), visible_to(viewer)))
    return {c.id: c.display_number for c in cases}
