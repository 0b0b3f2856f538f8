"""The home page (what needs doing today) and the organisation tree."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from caseflow.auth.permissions import can_work_cases
from caseflow.cases.models import Case
from caseflow.deadlines.queries import due_clocks_query
from caseflow.documents.worklist import count_work
from caseflow.main.approvals import count_approvals, list_approvals
from caseflow.org.queries import list_units_in_scope
from caseflow.routing.queries import count, my_cases_query, open_task_count, unsigned_query
from caseflow.timeutil import today
from caseflow.web import registry, status_label

bp = Blueprint("main", __name__)


def _work_counts() -> list[dict[str, Any]]:
    """The figures a case worker starts the day with, each linking to its list."""
    user = current_user._get_current_object()
    documents = count_work(user, today())
    return [
        {"id": "my-cases", "label": "我的在办案件",
         "n": count(my_cases_query(user).where(Case.closed_on.is_(None))),
         "url": url_for("routing.inbox")},
        {"id": "due-soon", "label": "我的即将到期", "n": count(due_clocks_query(
            user, mine=True, window="soon")), "url": url_for("deadlines.due_list", mine="1")},
        {"id": "overdue", "label": "本单位已逾期", "n": count(due_clocks_query(
            user, mine=False, window="overdue")),
         "url": url_for("deadlines.due_list", mine="0", window="overdue")},
        {"id": "unsigned", "label": "待签收", "n": count(unsigned_query(user)),
         "url": url_for("routing.inbox")},
        {"id": "assist", "label": "待办协查", "n": open_task_count(user),
         "url": url_for("routing.inbox")},
        {"id": "documents-issue", "label": "待签发文书", "n": documents.issue,
         "url": url_for("document_services.awaiting_issue")},
        {"id": "documents-serve", "label": "待送达文书", "n": documents.serve,
         "url": url_for("document_services.awaiting")},
    ]


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    counts = _work_counts() if can_work_cases(current_user) else []
    approvals = list_approvals(current_user, registry(), today())
    return render_template("main/index.html", counts=counts, approvals=approvals,
                           status_label=status_label)


@bp.app_context_processor
def _approval_count() -> dict[str, object]:
    """The navigation's 待我审批 count, computed only where the template asks (supervisors)."""
    return {"approval_count": lambda: count_approvals(current_user, registry(), today())}


@bp.route("/org")
@login_required
def org_tree():  # type: ignore[no-untyped-def]
    units = list_units_in_scope(current_user.unit)
    return render_template("org/tree.html", units=units, root=current_user.unit)
