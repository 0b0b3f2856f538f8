"""Which changes notify whom: called by the services that make them, inside their transaction."""

from __future__ import annotations

from collections.abc import Callable

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.main.approvals import approval_states
from caseflow.notifications.services import approvers, notify, unit_staff
from caseflow.org.models import Unit
from caseflow.workflow.engine import Registry


def case_moved(case: Case, unit: Unit) -> None:
    """A case now handled by `unit` (intake routed elsewhere, refer up, delegate, transfer):
    tell that unit's officers and supervisors."""
    notify("case_routed", unit_staff(unit), case, unit=unit.display_name)


def _onward_triggers(case: Case, registry: Registry) -> list[str]:
    wf = registry.get(case.workflow, case.workflow_version).workflow
    return [t.trigger for t in wf.transitions
            if case.status in t.source and not t.action and not wf.is_terminal(t.dest)]


def transition_fired(case: Case, from_status: str, trigger: str, registry: Registry,
                     may_fire: Callable[[User, str], bool]) -> None:
    """After a transition: a case entering an approval state reaches exactly the supervisors
    for whom `may_fire` (the action service's own predicate) allows an approving trigger; a
    case leaving one tells its lead whether the decision was approved or returned."""
    if case.status == from_status:
        return
    states = approval_states(registry)
    here, before = ((case.workflow, case.workflow_version, s) for s in (case.status, from_status))
    if here in states:
        triggers = _onward_triggers(case, registry)
        notify("approval_requested",
               approvers(case, lambda u: any(may_fire(u, t) for t in triggers)), case)
    elif before in states and case.assignee is not None:
        kind = "decision_returned" if trigger.startswith("return") else "decision_approved"
        notify(kind, [case.assignee], case)
