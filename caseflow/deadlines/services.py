"""Clocks of a case, recomputed from its recorded acts inside the acting transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from flask import current_app, g, has_request_context
from sqlalchemy import delete, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.clocks import Act, CaseFacts, Clock, compute_clocks
from caseflow.deadlines.models import CalendarDay, CalendarYear, CaseClock
from caseflow.deadlines.periods import PeriodSpec, merge_periods
from caseflow.deadlines.rules import working_days_strictly_between
from caseflow.extensions import db
from caseflow.rulesettings import setting
from caseflow.workflow.engine import Registry

CLOCK_ACTIONS = ("intake", "transition", "extend", "extend_mediation",
                 "panel_named", "panel_changed", "recusal_applied", "recusal_decided",
                 "document_served", "document_service_proven")
#: the rule sets whose reply and appeal clocks run from the service register's dates (the
#: same set caseflow/documents/serving.py checks typed receipts against)
SERVICE_DRIVEN_RULES = frozenset({"measures_2025"})


def load_calendar() -> WorkCalendar:
    """Build the working-day calendar with the administrator's overrides (cached per request)."""
    if has_request_context() and "work_calendar" in g:
        return g.work_calendar
    overrides = {row.day: row.is_workday for row in db.session.scalars(select(CalendarDay))}
    years = set(db.session.scalars(select(CalendarYear.year)))
    calendar = WorkCalendar(overrides, years)
    if has_request_context():
        g.work_calendar = calendar
    return calendar


def forget_calendar() -> None:
    """Drop the cached calendar after an override changes."""
    if has_request_context():
        g.pop("work_calendar", None)


def workdays_between() -> Callable[[date, date], int]:
    """Return a counter of working days strictly between two dates."""
    calendar = load_calendar()
    return lambda a, b: working_days_strictly_between(calendar, a, b)


def _acts(case: Case) -> list[Act]:
    # Only the (case_id, seq) index: a case has a handful of events, and filtering the action
    # in SQL tempted PostgreSQL into also scanning the huge (action, on) index.
    rows = db.session.execute(
        select(AuditEvent.action, AuditEvent.on, AuditEvent.data, AuditEvent.to_status)
        .where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq))
    acts = []
    for action, on, data_text, to_status in rows:
        if action not in CLOCK_ACTIONS:
            continue
        data = json.loads(data_text)
        acts.append(Act(kind=action, on=on, trigger=data.get("trigger"),
                        data=data.get("inputs", data), to_status=to_status))
    return acts


def compute_for(case: Case, registry: Registry) -> list[Clock]:
    """Replay the case's acts into its clocks."""
    workflow = registry.get(case.workflow, case.workflow_version).workflow
    facts = CaseFacts(received_on=case.received_on, source=case.source,
                      procedure=case.court_procedure, mediation_variant=mediation_variant(case),
                      no_domicile=frozenset(p.id for p in case.parties
                                            if p.no_domicile_in_china))
    rule_set = workflow.rules.name if workflow.rules else None
    periods = merge_periods(current_app.config.get("DEADLINE_PERIODS", {}), rule_set)
    options = {"serve_copy_met_by": setting("SERVE_COPY_MET_BY"),
               "correction_restarts_acceptance": setting("CORRECTION_RESTARTS_ACCEPTANCE"),
               "service_drives_clocks": rule_set in SERVICE_DRIVEN_RULES}
    periods["recusal_decision"] = recusal_decision_period(
        periods["recusal_decision"], setting("RECUSAL_DECISION_WORKING_DAYS"))
    return compute_clocks(workflow, facts, _acts(case), load_calendar(), periods, options)


def mediation_variant(case: Case) -> str | None:
    """Return the period variant of a mediation: `ownership` for a party's request about
    ownership (Art. 70: 2 months), else the case's source."""
    subject = getattr(case, "mediation_subject", None)
    if case.source == "party_request" and subject == "ownership":
        return "ownership"
    return case.source


def recusal_decision_period(spec: PeriodSpec, days: int) -> PeriodSpec:
    """The recusal decision period: the RECUSAL_DECISION_WORKING_DAYS rule setting (Art. 5
    sets none; its default is the 2019 guide's 3 working days)."""
    return spec if days == spec.n else replace(spec, n=days)


def recompute_clocks(case: Case, registry: Registry) -> None:
    """Replace the stored clocks of a case with freshly computed ones."""
    clocks = compute_for(case, registry)
    db.session.execute(delete(CaseClock).where(CaseClock.case_id == case.id))
    db.session.add_all(CaseClock(
        case_id=case.id, kind=c.kind, party_id=c.party_id, started_on=c.started_on,
        due_on=c.due_on, stopped_on=c.stopped_on, paused_since=c.paused_since,
        paused_days=c.paused_days, extended=c.extended, provisional=c.provisional,
        info=c.info, basis=c.basis, basis_en=c.basis_en) for c in clocks)
    db.session.flush()


def list_clocks(case: Case) -> list[CaseClock]:
    """Return a case's stored clocks in a stable order."""
    return list(db.session.scalars(select(CaseClock).where(CaseClock.case_id == case.id)
                                   .order_by(CaseClock.started_on, CaseClock.id)))


def due_dates(case: Case) -> dict[str, date]:
    """Map each clock kind of the case (not per party) to its current due date."""
    return {c.kind: c.due_on for c in list_clocks(case) if c.party_id is None}


def open_due_dates(case: Case) -> dict[tuple[str, int | None], date | None]:
    """Map each open clock of the case (running or paused) to its due date, by kind and party."""
    return {(c.kind, c.party_id): c.due_on for c in list_clocks(case)
            if c.stopped_on is None and not c.info}
