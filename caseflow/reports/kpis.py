"""The supervisor's KPIs (DOMAIN.md §13, API.md `GET /api/v1/reports/kpis`).

Scope: cases whose *handling* unit is the given unit or lies below it. Period: [from, to],
both inclusive. Rates are unrounded fractions, None when the denominator is 0.

=============================  ===========================================================
figure                         definition
=============================  ===========================================================
received                       cases with received_on in the period
accepted                       of those, filed_on is set (filed / mediation opened)
refused                        of those, status is rejected or not_opened
accepted_within_limit_rate     of the accepted ones that have an acceptance clock, the share
                               whose acceptance clock stopped on or before its due date
accepted_within_5wd            of those, the ones whose filing period was not extended: filed
                               within the 5 working days (2025 Measures Art. 20; 2015 rules)
accepted_within_extended       of those, the ones filed within the period extended by the
                               head's approval (extend_acceptance: 5 + 5 working days, Art. 20);
                               the two add up to the numerator of accepted_within_limit_rate
closed                         cases with closed_on in the period (any terminal state)
closed_by_type                 closed, keyed by closure_type, or by the terminal state's name
                               when the workflow sets none (rejected, not_opened, referred,
                               terminated, returned_to_court, closed)
on_time / on_time_rate         of the closed cases with a closure clock (adjudication), those
                               whose closure clock stopped on or before its due date (the due
                               date already adds every day not counted and approved extensions)
net_days_mean / _median        of the closed cases with filed_on: closed_on − filed_on − the
                               closure clock's paused days (0 without one), in calendar days.
                               paused_days is the union of every interval not counted in the
                               closure period: suspension and, under the 2025 Measures (Art. 37),
                               public notice, appraisal, jurisdiction objection, a party's
                               evidence extension and settlement; a day in two is counted once
mediation_succeeded            transition events in the period: reach_agreement,
                               mediation_succeeded, or return_to_court from mediating with
                               outcome agreement
mediation_concluded            succeeded + events terminate, mediation_failed, return_to_court
                               from mediating with outcome failed (requests never opened are
                               not mediations: they are counted in `refused`)
mediation_success_rate         succeeded ÷ concluded
decisions                      approve_decision events in the period
infringement_established       of those, the case's outcome is infringement (v2: the approved proposal)
                               (rate: ÷ decisions)
confirmations_applied          apply_confirmation events in the period
confirmations_confirmed        confirm events in the period
court_linked_received          received cases with source court_assigned or court_entrusted
court_linked_returned          return_to_court events in the period
overdue_open                   open (non-terminal) cases with an open, unpaused, non-info clock
                               whose due date is before today
near_deadline_open             open cases with an open, unpaused, non-info clock not yet
                               overdue that has used 80 % of its span started_on → due_on
provisional_open               open cases with an open clock whose due date is provisional
=============================  ===========================================================

Event figures count events (a case mediated twice counts twice); their lists give the cases.
The list behind a rate is its denominator (the population); net_days lists the cases averaged.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy import case as case_when
from sqlalchemy.orm import aliased

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.deadlines.models import CaseClock
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.reports import conditions as c
from caseflow.workflow.engine import Registry

KEYS = ("received", "accepted", "refused", "accepted_within_limit_rate", "accepted_within_5wd",
        "accepted_within_extended", "closed",
        "closed_by_type", "on_time", "on_time_rate", "net_days_mean", "net_days_median",
        "mediation_concluded", "mediation_succeeded", "mediation_success_rate", "decisions",
        "infringement_established", "infringement_established_rate", "confirmations_applied",
        "confirmations_confirmed", "court_linked_received", "court_linked_returned",
        "overdue_open", "provisional_open", "near_deadline_open")
#: figures whose case list is another figure's
LIST_ALIASES = {"mediation_success_rate": "mediation_concluded",
                "infringement_established_rate": "decisions",
                "net_days_median": "net_days_mean"}
BY_TYPE = "closed_by_type."


class UnknownFigure(KeyError):
    """No case list exists for this figure name."""


@dataclass(frozen=True)
class _Period:
    unit: Unit
    date_from: date
    date_to: date
    today: date
    terminal: Mapping[str, set[str]]
    destinations: list[str]


def terminal_states(registry: Registry) -> dict[str, set[str]]:
    """Map each workflow name to its terminal states (every loaded version)."""
    out: dict[str, set[str]] = {}
    for compiled in registry:
        wf = compiled.workflow
        out.setdefault(wf.name, set()).update(s.name for s in wf.states if s.terminal)
    return out


def _groups(p: _Period) -> dict[str, tuple[list[ColumnElement[bool]], dict[str, Any]]]:
    """Each group of case figures: the base conditions and one condition per figure."""
    accepted = Case.filed_on.is_not(None)
    return {
        "received": ([c.in_scope(p.unit), Case.received_on.between(p.date_from, p.date_to)], {
            "received": Case.id.is_not(None), "accepted": accepted,
            "refused": Case.status.in_(c.REFUSED_STATES),
            "court_linked_received": Case.source.in_(c.COURT_SOURCES),
            "accepted_within_limit_rate": and_(accepted, c.has_clock("acceptance")),
            "accepted_within_limit": and_(accepted, c.clock_met("acceptance")),
            "accepted_within_5wd": and_(accepted, c.clock_met("acceptance", extended=False)),
            "accepted_within_extended": and_(accepted,
                                             c.clock_met("acceptance", extended=True))}),
        "closed": ([c.in_scope(p.unit), Case.closed_on.between(p.date_from, p.date_to)], {
            "closed": Case.id.is_not(None), "on_time_rate": c.has_clock("closure"),
            "on_time": c.clock_met("closure"), "net_days_mean": Case.filed_on.is_not(None)}),
        "open": ([c.in_scope(p.unit), c.is_open(p.terminal)], {
            "overdue_open": c.has_overdue_clock(p.today),
            "provisional_open": c.has_provisional_clock(),
            "near_deadline_open": c.has_near_deadline_clock(p.today)}),
    }


def _count_cases(base: list[Any], conds: dict[str, Any]) -> dict[str, int]:
    columns = [func.count(case_when((cond, 1))) for cond in conds.values()]
    row = db.session.execute(select(*columns).select_from(Case).where(*base)).one()
    return dict(zip(conds, row, strict=True))


def _count_events(p: _Period) -> dict[str, int]:
    conds = c.event_conditions()
    columns = [func.count(case_when((cond, 1))) for cond in conds.values()]
    row = db.session.execute(select(*columns).select_from(AuditEvent)
                             .where(*c.event_base(p.unit, p.date_from, p.date_to, p.destinations))).one()
    return dict(zip(conds, row, strict=True))


def _closed_by_type(base: list[Any]) -> dict[str, int]:
    key = c.closure_key()
    rows = db.session.execute(select(key, func.count()).select_from(Case).where(*base)
                              .group_by(key).order_by(key))
    return {k: n for k, n in rows}


def _net_days(base: list[Any]) -> list[int]:
    clock = aliased(CaseClock)
    on_clock = and_(clock.case_id == Case.id, clock.kind == "closure", clock.party_id.is_(None))
    rows = db.session.execute(select(Case.closed_on, Case.filed_on, clock.paused_days)
                              .outerjoin(clock, on_clock)
                              .where(*base, Case.filed_on.is_not(None)))
    return [(closed - filed).days - (paused or 0) for closed, filed, paused in rows]


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _period(unit: Unit, date_from: date, date_to: date, today: date,
            registry: Registry | None) -> _Period:
    registry = registry or current_app.extensions["caseflow.workflows"]
    moves = {(t.trigger, t.dest) for compiled in registry for t in compiled.workflow.transitions}
    return _Period(unit, date_from, date_to, today, terminal_states(registry),
                   c.counted_destinations(moves))


def compute_kpis(unit: Unit, date_from: date, date_to: date, today: date, *,
                 registry: Registry | None = None) -> dict[str, Any]:
    """Return every figure of the table above for `unit`'s subtree and the period."""
    p = _period(unit, date_from, date_to, today, registry)
    groups = _groups(p)
    n: dict[str, Any] = {}
    for base, conds in groups.values():
        n.update(_count_cases(base, conds))
    n.update(_count_events(p))
    closed_base = groups["closed"][0]
    days = _net_days(closed_base)
    n.update(
        closed_by_type=_closed_by_type(closed_base),
        accepted_within_limit_rate=_rate(n["accepted_within_limit"],
                                         n["accepted_within_limit_rate"]),
        on_time_rate=_rate(n["on_time"], n["on_time_rate"]),
        net_days_mean=statistics.fmean(days) if days else None,
        net_days_median=float(statistics.median(days)) if days else None,
        mediation_success_rate=_rate(n["mediation_succeeded"], n["mediation_concluded"]),
        infringement_established_rate=_rate(n["infringement_established"], n["decisions"]))
    return {key: n[key] for key in KEYS}


def list_figures(kpis: Mapping[str, Any]) -> list[str]:
    """Return every figure name with a case list, closed_by_type split by key."""
    names = [k for k in KEYS if k != "closed_by_type"]
    return names + [BY_TYPE + key for key in kpis.get("closed_by_type", {})]


def kpi_case_ids(unit: Unit, date_from: date, date_to: date, today: date, figure: str, *,
                 registry: Registry | None = None) -> Select[tuple[int]]:
    """Return a select of the ids of the cases behind one figure; raise UnknownFigure."""
    p = _period(unit, date_from, date_to, today, registry)
    figure = LIST_ALIASES.get(figure, figure)
    groups = _groups(p)
    if figure.startswith(BY_TYPE):
        base = groups["closed"][0]
        return select(Case.id).where(*base, c.closure_key() == figure.removeprefix(BY_TYPE))
    for base, conds in groups.values():
        if figure in conds:
            return select(Case.id).where(*base, conds[figure])
    events = c.event_conditions()
    if figure in events:
        base = c.event_base(p.unit, p.date_from, p.date_to, p.destinations)
        return select(AuditEvent.case_id).where(*base, events[figure]).distinct()
    raise UnknownFigure(figure)
