"""Reads behind the report pages: the cases behind a figure and the oversight lists."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from caseflow.cases.models import Case
from caseflow.deadlines.models import CaseClock
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.reports import conditions as c
from caseflow.reports.forms import ReportQuery
from caseflow.reports.kpis import kpi_case_ids
from caseflow.workflow.engine import Registry

LIMIT = 200


def page_of(stmt: Select[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    """Return one page of a select's rows (scalars) and the total count."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return items, total or 0


def figure_cases(query: ReportQuery, figure: str, today: date, registry: Registry,
                 page: int, per_page: int) -> tuple[list[Case], int]:
    """Return one page of the cases behind a figure (newest first) and their number."""
    ids = kpi_case_ids(query.unit, query.date_from, query.date_to, today, figure,
                       registry=registry)
    stmt = select(Case).where(Case.id.in_(ids)).order_by(Case.received_on.desc(), Case.id.desc())
    return page_of(stmt, page, per_page)


def decision_pending_query(unit: Unit) -> Select[tuple[Case]]:
    """Cases in scope whose decision awaits a supervisor's approval."""
    return select(Case).where(c.in_scope(unit), Case.status == "decision_pending") \
        .order_by(Case.received_on, Case.id)


def unsigned_query(unit: Unit, terminal: Mapping[str, set[str]]) -> Select[tuple[Case]]:
    """Open cases in scope routed to their handling unit and not yet signed for."""
    return select(Case).where(c.in_scope(unit), c.is_open(terminal),
                              Case.signed_for.is_(False)).order_by(Case.routed_on, Case.id)


def provisional_query(unit: Unit, terminal: Mapping[str, set[str]]) -> Select[tuple[Case]]:
    """Open cases in scope with an open clock whose due date is provisional."""
    return select(Case).where(c.in_scope(unit), c.is_open(terminal),
                              c.has_provisional_clock()).order_by(Case.id)


def missed_clocks_query(unit: Unit, terminal: Mapping[str, set[str]],
                        today: date) -> Select[tuple[CaseClock, Case]]:
    """Running (open, unpaused, non-info) clocks of open cases in scope that are past due."""
    return (select(CaseClock, Case).join(Case, Case.id == CaseClock.case_id)
            .where(c.in_scope(unit), c.is_open(terminal), CaseClock.stopped_on.is_(None),
                   CaseClock.paused_since.is_(None), CaseClock.info.is_(False),
                   CaseClock.due_on < today)
            .order_by(CaseClock.due_on, Case.id))


def first_rows(stmt: Select[Any], scalars: bool = True) -> tuple[list[Any], int]:
    """Return the first LIMIT rows of a select and the total count."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    result = db.session.execute(stmt.limit(LIMIT))
    return (list(result.scalars()) if scalars else list(result.all())), total or 0
