"""What the case page shows besides the case itself: the header facts, the history, the acts.

Reads only (views -> queries): the history goes through the one audit describer, the acts
through cases/offers.py, the predicates the services enforce.
"""

from __future__ import annotations

from typing import Any

from flask_babel import pgettext

from caseflow.audit.describe import (
    describe,
    mentioned_users,
    operation_label,
    status_change,
    warned_cases,
)
from caseflow.audit.queries import unit_names, user_names
from caseflow.audit.services import list_case_events
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.offers import Offers
from caseflow.cases.presenters import transitions_for
from caseflow.cases.queries import get_visible_numbers
from caseflow.workflow.engine import Registry

#: the kinds of offer the 办理 section shows as forms (reveal, evidence and corrections live in
#: their own sections or pages)
ACT_KINDS = ("transition", "routing", "deadline")
#: after the transitions, the other acts in the order a person needs them
ORDER = ("sign_for", "assign", "extend", "extend_mediation", "assist", "refer_up", "transfer",
         "delegate", "recusal")
OPEN_CLOCK_STATUSES = ("running", "missed")


def history(case: Case, registry: Registry, viewer: User) -> list[dict[str, Any]]:
    """Return the case's events as rows: who (by name), what, and one plain sentence.

    Another case a warning points at is named only when `viewer` may see it.
    """
    events = list_case_events(case.id)
    users = user_names([*(e.actor for e in events), *mentioned_users(e.data for e in events)])
    units = unit_names()
    parties = {p.id: p.name for p in case.parties}
    cases = get_visible_numbers(viewer, warned_cases(e.data for e in events))
    return [{"event": e, "actor": users.get(e.actor, e.actor),
             "label": operation_label(e, registry),
             "change": status_change(e, registry) if e.from_status != e.to_status else "",
             "text": describe(e, registry, units, users=users, parties=parties, cases=cases,
                              columns=True, workflow=(case.workflow, case.workflow_version))}
            for e in events]


def next_deadline(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the deadline row due first among the clocks still counting (or missed)."""
    open_rows = [r for r in rows if r["state"] in OPEN_CLOCK_STATUSES and r["clock"].due_on]
    return min(open_rows, key=lambda r: r["clock"].due_on, default=None)


def _act_names() -> dict[str, str]:
    """What each non-transition act is called where a person chooses it (the audit labels
    name the recorded event, "Handler assigned"; the page offers the act)."""
    return {"sign_for": pgettext("act", "签收案件"), "assign": pgettext("act", "分派承办人和办案组"),
            "extend": pgettext("act", "批准延长结案期限"),
            "extend_mediation": pgettext("act", "延长调解期限"),
            "assist": pgettext("act", "请求其他单位协查"),
            "refer_up": pgettext("act", "报请上级办理"),
            "transfer": pgettext("act", "移交其他县区局办理"),
            "delegate": pgettext("act", "交下级单位办理"), "recusal": pgettext("act", "声明回避")}


def acts(offers: Offers) -> dict[str, list[dict[str, Any]]]:
    """Split the 办理 acts (cases/offers.py) into those available now and the others, with why."""
    specs = {t["trigger"]: t for t in transitions_for(offers)}
    names = _act_names()
    shown: dict[str, list[dict[str, Any]]] = {"now": [], "not_now": []}
    for offer in offers:
        if offer.kind not in ACT_KINDS:
            continue
        item = {"name": offer.name, "kind": offer.kind,
                "label": names.get(offer.name) or offer.label,
                "why_not": offer.verdict.why_not(), "spec": specs.get(offer.name),
                "targets": offer.targets}
        if offer.available and (offer.kind != "transition" or item["spec"] is not None):
            shown["now"].append(item)
        else:
            shown["not_now"].append(item)
    shown["now"].sort(key=lambda a: (a["kind"] != "transition", ORDER.index(a["name"])
                                     if a["name"] in ORDER else len(ORDER)))
    return shown
