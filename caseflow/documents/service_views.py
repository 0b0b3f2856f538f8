"""The service register's pages: record a service and its proof from the case page's 文书
section, and the unit's 文书待办: drafts awaiting 签发 (待签发) and issued documents awaiting
service (待送达), each a tab with its count."""

from __future__ import annotations

from math import ceil

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.action_views import render_case
from caseflow.cases.scope import get_case_for
from caseflow.documents import services, serving, worklist
from caseflow.documents.forms import VersionForm
from caseflow.documents.pages import document_titles, missing_text
from caseflow.documents.queries import get_case_document
from caseflow.documents.service_pages import ServedForm, ServiceForm, form_id
from caseflow.documents.service_queries import get_service, recipient_for
from caseflow.errors import DomainError, ValidationFailed
from caseflow.hardening import page_number
from caseflow.i18n_markers import N_
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.web import registry

bp = Blueprint("document_services", __name__)


def _back(case_id: int):  # type: ignore[no-untyped-def]
    return redirect(url_for("cases.case_detail", case_id=case_id, _anchor="tab-documents"))


def _refused(case_id: int, err: DomainError):  # type: ignore[no-untyped-def]
    """Roll back and show the case page with the refusal (its status, nothing written)."""
    abandon()
    flash(err.localized_summary(), "danger")
    return render_case(get_case_for(current_user, case_id), err.status)


@bp.post("/cases/<int:case_id>/documents/<int:document_id>/services")
@roles_required(*CASE_ROLES)
def record(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    document = get_case_document(case, document_id)
    form = ServiceForm()
    try:
        if not form.validate():
            raise ValidationFailed(N_("提交的内容有误。"))
        serving.may_serve(current_user, case, document).enforce()
        given = serving.ServiceInput(
            recipient=recipient_for(document, None, form_id(form.recipient.data)),
            method=form.method.data, sent_on=form.sent_on.data, served_on=form.served_on.data,
            tracking_number=form.tracking_number.data,
            consent_evidence_id=form_id(form.consent_evidence_id.data),
            address=form.address.data, witnesses=form.witnesses.data,
            proof_evidence_id=form_id(form.proof_evidence_id.data), notes=form.notes.data)
        serving.record_service(current_user, case, document, given, registry(),
                               form_id(form.version.data))
    except DomainError as err:
        return _refused(case_id, err)
    flash(_("已登记送达。"), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/documents/<int:document_id>/services/<int:service_id>/served")
@roles_required(*CASE_ROLES)
def served(case_id: int, document_id: int, service_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    service = get_service(get_case_document(case, document_id), service_id)
    form = ServedForm()
    try:
        if not form.validate():
            raise ValidationFailed(N_("提交的内容有误。"))
        serving.record_served(current_user, case, service, form.served_on.data,
                              form_id(form.proof_evidence_id.data), registry(),
                              form_id(form.version.data))
    except DomainError as err:
        return _refused(case_id, err)
    flash(_("已登记送达日期和送达凭证。"), "success")
    return _back(case_id)


def _worklist(tab: str):  # type: ignore[no-untyped-def]
    """Render one tab of the unit's 文书待办: its page of rows, the counts of both tabs."""
    page, on = max(page_number(), 1), today()
    counts = worklist.count_work(current_user, on)
    total = counts.issue if tab == "issue" else counts.serve
    if tab == "issue":
        drafts = worklist.list_awaiting_issue(current_user, page, worklist.PER_PAGE)
        rows = [{"case": c, "document": d, "missing": missing_text(d),
                 "may_issue": bool(services.may_issue(current_user, c, d))} for c, d in drafts]
    else:
        rows = worklist.list_awaiting_service(  # type: ignore[assignment]
            current_user, on, page, worklist.PER_PAGE)
    return render_template(
        "documents/worklist.html", tab=tab, rows=rows, counts=counts, page=page,
        pages=max(1, ceil(total / worklist.PER_PAGE)), unit=current_user.unit,
        button=VersionForm(formdata=None),
        titles=document_titles())


@bp.get("/documents/awaiting-issue")
@roles_required(*CASE_ROLES)
def awaiting_issue():  # type: ignore[no-untyped-def]
    """待签发: the drafts of the user's unit (and the units below) not yet issued."""
    return _worklist("issue")


@bp.get("/documents/awaiting-service")
@roles_required(*CASE_ROLES)
def awaiting():  # type: ignore[no-untyped-def]
    """待送达: the issued documents of the user's unit (and the units below) not yet served."""
    return _worklist("serve")


@bp.app_context_processor
def _document_work_count() -> dict[str, object]:
    """The navigation's 文书待办 count, computed only where the template asks (case workers)."""
    return {"document_work_count": lambda: worklist.count_work(current_user, today()).total}
