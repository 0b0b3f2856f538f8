"""Reads of the service register: one service within the user's scope, a recipient by party
(the unit's work list of documents awaiting service: documents/worklist.py)."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for
from caseflow.documents.models import Document, DocumentRecipient, DocumentService
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n_markers import N_


def get_document_for_update(user: User, document_id: int) -> tuple[Case, Document]:
    """Return a document and its case, the case row locked (404 outside the user's scope),
    so two officers recording the same service one after the other see each other's row."""
    case_id = db.session.scalar(select(Document.case_id).where(Document.id == document_id))
    if case_id is None:
        raise NotFound(N_("文书不存在。"))
    try:
        case = get_case_for(user, case_id, for_update=True)
    except NotFound:
        raise NotFound(N_("文书不存在。")) from None
    document = db.session.get(Document, document_id)
    assert document is not None
    return case, document


def get_service(document: Document, service_id: int) -> DocumentService:
    """Return one service of this document; 404 when the document has none of this id."""
    service = db.session.scalar(select(DocumentService).where(
        DocumentService.id == service_id, DocumentService.document_id == document.id))
    if service is None:
        raise NotFound(N_("送达记录不存在。"))
    return service


def recipient_for(document: Document, party: int | None,
                  recipient: int | None = None) -> DocumentRecipient | None:
    """Return the document's recipient row of this party (or of this recipient id: the court)."""
    for row in document.recipients:
        if recipient is not None and row.id == recipient:
            return row
        if recipient is None and party is not None and row.party_id == party:
            return row
    return None
