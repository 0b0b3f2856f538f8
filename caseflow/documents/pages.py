"""What the case page's 文书 section shows: the documents and the kinds one may draft by hand."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_login import current_user

from caseflow.cases.models import Case
from caseflow.documents import services
from caseflow.documents.forms import NewDocumentForm
from caseflow.documents.models import DRAFT, Document
from caseflow.documents.presenters import STATUS_LABELS
from caseflow.documents.queries import list_documents
from caseflow.documents.service_pages import service_section


def case_documents(case: Case) -> dict[str, Any]:
    """Return the template values of the case page's 文书 section."""
    kinds = [t for t in services.catalog().by_hand(case.workflow)
             if services.may_draft(current_user, case, t.kind)]
    form = NewDocumentForm(formdata=None)
    form.kind.choices = [(t.kind, t.title_en if _english() else t.title_zh) for t in kinds]
    documents = list_documents(case)
    return {"documents": documents, "document_status_labels": STATUS_LABELS,
            **service_section(case, documents),
            "new_document_form": form if kinds else None,
            "document_titles": document_titles()}


def _english() -> bool:
    return str(get_locale()).startswith("en")


def document_titles() -> dict[str, str]:
    """Map each kind to its English title on an English page (the page shows it; the document
    stays Chinese); empty on a Chinese page, which shows the documents' own titles."""
    return {t.kind: t.title_en for t in services.catalog()} if _english() else {}


def missing_text(document: Document) -> list[str]:
    """Return the labels of the draft's required free text still empty (none once issued)."""
    template = services.catalog().get(document.kind)
    if template is None or document.status != DRAFT:
        return []
    english = str(get_locale()).startswith("en")
    return [t.label_en if english else t.label_zh
            for t in services.missing_texts(template, document)]
