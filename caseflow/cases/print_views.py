"""The case summary's print view (/cases/<id>/print): one A4 page of what the file holds —
numbers, procedure and rule set, parties, patent, units and officers, key dates, deadlines
with their basis, the documents with 文号 and service per recipient, the evidence list."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.action_views import CLOCK_STATUS, deadline_rows
from caseflow.cases.panel import current_panel
from caseflow.cases.scope import get_case_for
from caseflow.cases.views import bp, common_labels
from caseflow.documents.pages import document_titles
from caseflow.documents.presenters import STATUS_LABELS
from caseflow.documents.queries import list_documents
from caseflow.documents.service_pages import recipient_states
from caseflow.documents.serving import METHOD_LABELS
from caseflow.timeutil import today
from caseflow.vocabulary import CLOSURE_LABELS
from caseflow.web import registry, status_label


@bp.get("/<int:case_id>/print")
@roles_required(*CASE_ROLES)
def case_print(case_id: int):  # type: ignore[no-untyped-def]
    """Show the case summary for printing (404 outside the user's scope, like the case page)."""
    case = get_case_for(current_user, case_id)
    workflow = registry().get(case.workflow, case.workflow_version).workflow
    documents = list_documents(case)
    return render_template(
        "cases/print.html", case=case, status_label=status_label(case), rules=workflow.rules,
        panel=current_panel(case), deadlines=deadline_rows(case), clock_status=CLOCK_STATUS,
        documents=[(d, recipient_states(d)) for d in documents],
        document_status_labels=STATUS_LABELS, service_method_labels=METHOD_LABELS,
        document_titles=document_titles(),
        evidence=sorted(case.evidence, key=lambda e: e.id), closure_labels=CLOSURE_LABELS,
        printed_on=today(), **common_labels())
