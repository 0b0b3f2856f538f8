"""Which changes notify whom: called by the services that make them, inside their transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import get_locale, gettext

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.i18n_markers import N_
from caseflow.main.approvals import approval_states
from caseflow.notifications.services import (
    already_notified,
    approvers,
    notify,
    unit_staff,
    unit_users,
)
from caseflow.org.models import Unit
from caseflow.workflow.engine import Registry

LEAD, PANEL_MEMBER, TEAM_MEMBER = N_("承办人"), N_("合议组成员"), N_("办案组成员")


class Localized:
    """A value put into a message, written in the language the message is rendered in (each
    recipient's own): a msgid, or a Chinese text with its English one."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        self.zh, self.en = zh, en

    def __str__(self) -> str:
        if self.en is None:
            return gettext(self.zh)
        locale = get_locale()
        return self.en if locale is not None and locale.language == "en" else self.zh


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


def case_assigned(case: Case, actor: User | None, lead: User, people: Iterable[User], *,
                  lead_before: int | None, before: Iterable[int], member_role: str) -> None:
    """After an assignment or a panel named or changed: tell the lead newly given the case
    (承办人) and each member newly on its team or panel (`member_role`); not those already on
    it (`lead_before`, `before`: user ids), not the actor who made the change."""
    me = actor.id if actor is not None else None
    if lead.id != lead_before and lead.id != me:
        notify("case_assigned", [lead], case, role=Localized(LEAD))
    seated = set(before) | {lead.id}
    notify("case_assigned", [p for p in people if p.id not in seated and p.id != me], case,
           role=Localized(member_role))


def document_awaiting_issue(case: Case, document_id: int, title: Localized, actor: User,
                            may_issue: Callable[[User], bool]) -> None:
    """A draft its author may not 签发: tell the users of the handling unit for whom
    `may_issue` (the issuing service's own predicate) holds — once per document, the first
    time anyone may issue it (a draft still missing its required text waits for the edit)."""
    key = f"document_awaiting_issue:d{document_id}"
    if already_notified(key):
        return
    notify("document_awaiting_issue",
           [u for u in unit_users(case.handling_unit) if u.id != actor.id and may_issue(u)],
           case, key=key, title=title)


def document_awaiting_service(case: Case, title: Localized, actor: User) -> None:
    """An issued document with recipients to serve: tell the lead, or without one the handling
    unit's officers (not the actor who issued it)."""
    people = [case.assignee] if case.assignee is not None else \
        unit_users(case.handling_unit, ("officer",))
    notify("document_awaiting_service", [u for u in people if u.id != actor.id], case,
           title=title)
