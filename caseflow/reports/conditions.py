"""SQL conditions shared by the KPI counts and the case lists behind them.

Counting and listing use the same conditions, so a figure and its drill-down list cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import ColumnElement, Date, and_, exists, false, func, literal, not_, or_, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.deadlines.models import CaseClock
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.org.queries import scope_unit_ids

REFUSED_STATES = ("rejected", "not_opened")
COURT_SOURCES = ("court_assigned", "court_entrusted")
SUCCESS_TRIGGERS = ("reach_agreement", "mediation_succeeded")
FAILURE_TRIGGERS = ("terminate", "mediation_failed")
#: every trigger an event figure counts (event_base narrows the scan to where they lead)
COUNTED_TRIGGERS = (*SUCCESS_TRIGGERS, *FAILURE_TRIGGERS, "return_to_court", "approve_decision",
                    "apply_confirmation", "confirm")
_EPOCH = date(1970, 1, 1)


def in_scope(unit: Unit) -> ColumnElement[bool]:
    """Return: the case's handling unit is `unit` or lies below it."""
    return Case.handling_unit_id.in_(scope_unit_ids(unit))


def is_open(terminal: Mapping[str, set[str]]) -> ColumnElement[bool]:
    """Return: the case is not in a terminal state of its own workflow."""
    closed = [and_(Case.workflow == name, Case.status.in_(sorted(states)))
              for name, states in terminal.items() if states]
    return not_(or_(false(), *closed))


def _clock(kind: str | None = None) -> list[ColumnElement[bool]]:
    where = [CaseClock.case_id == Case.id]
    if kind is not None:
        where += [CaseClock.kind == kind, CaseClock.party_id.is_(None)]
    return where


def has_clock(kind: str) -> ColumnElement[bool]:
    """Return: the case has a clock of this kind (the case-wide one, not a per-party clock)."""
    return exists().where(*_clock(kind))


def clock_met(kind: str, *, extended: bool | None = None) -> ColumnElement[bool]:
    """Return: the case's clock of this kind stopped on or before its due date (and, when
    `extended` is given, its period was extended, or not)."""
    where = [*_clock(kind), CaseClock.stopped_on <= CaseClock.due_on]
    if extended is not None:
        where.append(CaseClock.extended.is_(extended))
    return exists().where(*where)


def _running() -> list[ColumnElement[bool]]:
    return [CaseClock.stopped_on.is_(None), CaseClock.paused_since.is_(None),
            CaseClock.info.is_(False)]


def _case_has(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    # An uncorrelated IN: the open clocks are found once through ix_case_clocks_open_due,
    # where a correlated EXISTS would walk that index again for every case.
    return Case.id.in_(select(CaseClock.case_id).where(*where))


def has_overdue_clock(today: date) -> ColumnElement[bool]:
    """Return: an open, unpaused, non-info clock of the case is past its due date."""
    return _case_has(*_running(), CaseClock.due_on < today)


def has_provisional_clock() -> ColumnElement[bool]:
    """Return: an open clock of the case has a provisional due date."""
    return _case_has(CaseClock.stopped_on.is_(None), CaseClock.provisional.is_(True))


def _day_number(column: ColumnElement[date]) -> ColumnElement[float]:
    """Days since 1970-01-01, in SQL (SQLite has no date subtraction; PostgreSQL has)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.julianday(column) - 2440587.5
    return column - literal(_EPOCH, Date)


def has_near_deadline_clock(today: date) -> ColumnElement[bool]:
    """Return: a running clock has used 80 % of its span (started → due) and is not overdue."""
    now = (today - _EPOCH).days
    started, due = _day_number(CaseClock.started_on), _day_number(CaseClock.due_on)
    return _case_has(*_running(), CaseClock.due_on >= today,
                     5 * (now - started) >= 4 * (due - started))


def closure_key() -> ColumnElement[str]:
    """The closure type, or the terminal state's name when the workflow sets no type."""
    return func.coalesce(Case.closure_type, Case.status)


def _trigger(*names: str) -> ColumnElement[bool]:
    # event_base only reads events into the states COUNTED_TRIGGERS lead to: a figure on any
    # other trigger would silently count nothing, so refuse to build one.
    if uncounted := set(names) - set(COUNTED_TRIGGERS):
        raise ValueError(f"add {sorted(uncounted)} to COUNTED_TRIGGERS")
    # The data column is canonical JSON (sorted keys, no spaces): a plain substring test is exact.
    return or_(*(AuditEvent.data.contains(f'"trigger":"{n}"', autoescape=True) for n in names))


def _input(name: str, value: str) -> ColumnElement[bool]:
    return AuditEvent.data.contains(f'"{name}":"{value}"', autoescape=True)


def _court_return(outcome: str) -> ColumnElement[bool]:
    return and_(_trigger("return_to_court"), AuditEvent.from_status == "mediating",
                _input("outcome", outcome))


def counted_destinations(moves: Iterable[tuple[str, str]]) -> list[str]:
    """Return the states the counted triggers lead to, from (trigger, destination) pairs."""
    return sorted({dest for trigger, dest in moves if trigger in COUNTED_TRIGGERS})


def event_base(unit: Unit, date_from: date, date_to: date,
               destinations: list[str]) -> list[ColumnElement[bool]]:
    """Transition events in the period, into a state a counted trigger leads to, on cases in scope.

    The destination states (a column of the event) narrow the scan through
    ix_audit_events_action_to_status_on to the few events that can count, before the exact
    trigger test reads their data; the case is joined (not sub-selected) so the planner
    starts from those events rather than from every event of every case in scope.
    """
    return [AuditEvent.action == "transition", AuditEvent.to_status.in_(destinations),
            AuditEvent.on.between(date_from, date_to), Case.id == AuditEvent.case_id,
            in_scope(unit)]


def event_conditions() -> dict[str, ColumnElement[bool]]:
    """Which transition events each event-based figure counts."""
    succeeded = or_(_trigger(*SUCCESS_TRIGGERS), _court_return("agreement"))
    failed = or_(_trigger(*FAILURE_TRIGGERS), _court_return("failed"))
    decision = _trigger("approve_decision")
    return {
        "mediation_concluded": or_(succeeded, failed),
        "mediation_succeeded": succeeded,
        "decisions": decision,
        # the case's outcome, not the approval's inputs: under the 2025 Measures the supervisor
        # approves the panel's proposal and need not repeat its outcome (Art. 25)
        "infringement_established": and_(decision, Case.outcome == "infringement"),
        "confirmations_applied": _trigger("apply_confirmation"),
        "confirmations_confirmed": _trigger("confirm"),
        "court_linked_returned": _trigger("return_to_court"),
    }
