"""Reads: a case's documents, one document within the user's scope."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for
from caseflow.documents.models import Document
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n_markers import N_


def list_documents(case: Case) -> list[Document]:
    """Return the case's documents, oldest first (each version its own row)."""
    return list(db.session.scalars(select(Document).where(Document.case_id == case.id)
                                   .order_by(Document.id)))


def get_case_document(case: Case, document_id: int) -> Document:
    """Return one document of this case; 404 when it belongs to no case of this id."""
    document = db.session.scalar(select(Document).where(Document.id == document_id,
                                                        Document.case_id == case.id))
    if document is None:
        raise NotFound(N_("文书不存在。"))
    return document


def get_document_for(user: User, document_id: int) -> tuple[Case, Document]:
    """Return a document and its case if the user may see the case; otherwise 404."""
    case_id = db.session.scalar(select(Document.case_id).where(Document.id == document_id))
    if case_id is None:
        raise NotFound(N_("文书不存在。"))
    try:
        case = get_case_for(user, case_id)
    except NotFound:
        raise NotFound(N_("文书不存在。")) from None
    return case, get_case_document(case, document_id)


def superseded_by(document: Document) -> Document | None:
    """Return the version that corrects this one (a draft, or issued), if any."""
    return db.session.scalar(select(Document).where(Document.supersedes_id == document.id))
