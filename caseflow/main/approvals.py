"""What waits on a supervisor: the home page's 待我审批 queue and the navigation's count.

Read from the same rules the services enforce. A workflow state waits on a supervisor when every
way on from it that keeps the case open is a supervisor's transition (adjudication: 处理决定待审批,
approve or return the decision; found in workflows/*.yaml, so a new approval state needs no code).
The closure deadline's one extension is a supervisor's act too (deadlines/actions.py): an open
case whose running closure clock falls due within EXTENSION_WINDOW_DAYS, not yet extended, waits
on the supervisor to extend it or let it run. The workflows hold no suspension request (a
supervisor suspends directly), so there is none to queue.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, false, func, select, tuple_

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.deadlines.models import CaseClock
from caseflow.deadlines.queries import next_due_dates
from caseflow.extensions import db
from caseflow.org.queries import scope_unit_ids
from caseflow.workflow.engine import Registry

APPROVER = "supervisor"
EXTENSION_WINDOW_DAYS = 20
QUEUE_LIMIT = 50


def approval_states(registry: Registry) -> set[tuple[str, int, str]]:
    """Return (workflow, version, state) where only a supervisor can move the case on."""
    out = set()
    for compiled in registry:
        wf = compiled.workflow
        for state in wf.states:
            onward = [t for t in wf.transitions
                      if state.name in t.source and not t.action
                      and not wf.is_terminal(t.dest)]
            if not state.terminal and onward and all(set(t.roles) == {APPROVER} for t in onward):
                out.add((wf.name, wf.version, state.name))
    return out


def _decisions(user: User, registry: Registry) -> Select[tuple[Case]]:
    states = approval_states(registry)
    where = tuple_(Case.workflow, Case.workflow_version, Case.status).in_(states) \
        if states else false()
    return select(Case).where(where, Case.handling_unit_id.in_(scope_unit_ids(user.unit)))


def _extensions(user: User, registry: Registry, as_of: date) -> Select[tuple[Case, CaseClock]]:
    return select(Case, CaseClock).join(CaseClock, and_(
        CaseClock.case_id == Case.id, CaseClock.kind == "closure", CaseClock.party_id.is_(None),
        CaseClock.stopped_on.is_(None), CaseClock.paused_since.is_(None),
        CaseClock.info.is_(False))).where(
        Case.handling_unit_id.in_(scope_unit_ids(user.unit)), Case.extended_on.is_(None),
        Case.closed_on.is_(None),
        CaseClock.due_on <= as_of + timedelta(days=EXTENSION_WINDOW_DAYS))


def list_approvals(user: User, registry: Registry, as_of: date) -> list[dict[str, Any]]:
    """Return what waits on this supervisor: decisions first, then extensions by due date."""
    if user.role != APPROVER:
        return []
    decisions = list(db.session.scalars(_decisions(user, registry).order_by(Case.id)
                                        .limit(QUEUE_LIMIT)))
    dues = next_due_dates([c.id for c in decisions])
    items: list[dict[str, Any]] = [{"case": c, "kind": "decision", "due_on": dues.get(c.id)}
                                   for c in decisions]
    items += [{"case": c, "kind": "extension", "due_on": clock.due_on}
              for c, clock in db.session.execute(
                  _extensions(user, registry, as_of).order_by(CaseClock.due_on, Case.id)
                  .limit(QUEUE_LIMIT))]
    return items


def count_approvals(user: User, registry: Registry, as_of: date) -> int:
    """Return how many items wait on this supervisor (the navigation's badge)."""
    if user.role != APPROVER:
        return 0
    decisions = db.session.scalar(select(func.count()).select_from(
        _decisions(user, registry).subquery()))
    extensions = db.session.scalar(select(func.count()).select_from(
        _extensions(user, registry, as_of).subquery()))
    return int(decisions or 0) + int(extensions or 0)
