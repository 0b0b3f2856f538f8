"""The document pages: a draft with its free-text form, 签发, correction, downloads."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for
from caseflow.documents import services
from caseflow.documents.forms import NewDocumentForm, VersionForm, text_form, text_of
from caseflow.documents.http import discard_on_rollback, send_docx, send_pdf
from caseflow.documents.models import Document
from caseflow.documents.pages import document_titles
from caseflow.documents.presenters import STATUS_LABELS, offers
from caseflow.documents.queries import get_case_document, superseded_by
from caseflow.errors import DomainError, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.transaction import abandon
from caseflow.web import registry

bp = Blueprint("documents", __name__, url_prefix="/cases")


def _page(case: Case, document: Document, status: int = 200, form=None,  # type: ignore[no-untyped-def]
          error: DomainError | None = None):
    template = services.template_of(document)
    form = form or text_form(template, document.text)
    form.version.data = str(document.version)
    return render_template(
        "documents/document.html", case=case, document=document, template=template,
        form=form, button=VersionForm(formdata=None, data={"version": str(document.version)}),
        may=offers(current_user, case, document), status_labels=STATUS_LABELS,
        later=superseded_by(document), error=error, titles=document_titles(),
        issue_why_not=services.may_issue(current_user, case, document).why_not()), status


def _refused(case_id: int, document_id: int, err: DomainError, form=None):  # type: ignore[no-untyped-def]
    abandon()
    case = get_case_for(current_user, case_id)
    return _page(case, get_case_document(case, document_id), err.status, form, err)


@bp.get("/<int:case_id>/documents/<int:document_id>")
@roles_required(*CASE_ROLES)
def show(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    return _page(case, get_case_document(case, document_id))


@bp.post("/<int:case_id>/documents/<int:document_id>/text")
@roles_required(*CASE_ROLES)
def edit(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    document = get_case_document(case, document_id)
    form = text_form(services.template_of(document), formdata=request.form)
    try:
        if not form.validate():
            raise ValidationFailed(N_("提交的内容有误。"), fields={
                k: " ".join(v) for k, v in form.errors.items()})
        services.edit_draft(current_user, case, document,
                            text_of(form, services.template_of(document)), form.version_value())
    except DomainError as err:
        return _refused(case_id, document_id, err, form)
    flash(_("文书草稿已保存。"), "success")
    return redirect(url_for("documents.show", case_id=case_id, document_id=document_id))


def _versioned(case_id: int, document_id: int, act):  # type: ignore[no-untyped-def]
    """Run one act on a document that the posted version names; show the document it yields."""
    case = get_case_for(current_user, case_id)
    document = get_case_document(case, document_id)
    form = VersionForm()
    try:
        if not form.validate():
            raise ValidationFailed(N_("提交的内容有误。"))
        shown, message = act(case, document, form.version_value())
    except DomainError as err:
        return _refused(case_id, document_id, err)
    flash(message, "success")
    return redirect(url_for("documents.show", case_id=case_id, document_id=shown.id))


@bp.post("/<int:case_id>/documents/<int:document_id>/issue")
@roles_required(*CASE_ROLES)
def issue(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    def act(case, document, version):  # type: ignore[no-untyped-def]
        services.issue_document(current_user, case, document, version)
        discard_on_rollback(document)
        return document, _("已签发：%(number)s。", number=document.number)
    return _versioned(case_id, document_id, act)


@bp.post("/<int:case_id>/documents/<int:document_id>/correct")
@roles_required(*CASE_ROLES)
def correct(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    def act(case, document, version):  # type: ignore[no-untyped-def]
        correction = services.start_correction(current_user, case, document, version)
        return correction, _("已制作更正版本草稿。")
    return _versioned(case_id, document_id, act)


@bp.post("/<int:case_id>/documents")
@roles_required(*CASE_ROLES)
def new(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    form = NewDocumentForm()
    form.kind.choices = [(t.kind, t.title_zh) for t in services.catalog().by_hand(case.workflow)]
    try:
        if not form.validate():
            raise ValidationFailed(N_("提交的内容有误。"), fields={
                "kind": N_("本案不能手工制作这种文书。")})
        document = services.draft_by_hand(current_user, case, form.kind.data, None, registry())
    except DomainError as err:
        abandon()
        flash(err.localized(), "danger")
        return redirect(url_for("cases.case_detail", case_id=case_id, _anchor="documents"))
    return redirect(url_for("documents.show", case_id=case_id, document_id=document.id))


@bp.get("/<int:case_id>/documents/<int:document_id>.pdf")
@roles_required(*CASE_ROLES)
def pdf(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    return send_pdf(get_case_document(case, document_id))


@bp.get("/<int:case_id>/documents/<int:document_id>.docx")
@roles_required(*CASE_ROLES)
def docx(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    document = get_case_document(case, document_id)
    return send_docx(document, services.draft_docx(case, document))
