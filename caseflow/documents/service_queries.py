"""Reads of the service register: one service within the user's scope, a recipient by party,
and the unit's work list of issued documents not yet served (待送达)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for
from caseflow.documents.models import ISSUED, Document, DocumentRecipient, DocumentService
from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.org.queries import scope_unit_ids


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


@dataclass(frozen=True)
class AwaitingService:
    """One issued document with recipients not yet served (a row of the 待送达 list)."""

    case: Case
    document: Document
    pending: list[DocumentRecipient]


def _served_by(on: date):  # type: ignore[no-untyped-def]
    return exists().where(DocumentService.recipient_id == DocumentRecipient.id,
                          DocumentService.served_on.is_not(None),
                          DocumentService.served_on <= on)


def list_awaiting_service(user: User, on: date, limit: int = 500) -> list[AwaitingService]:
    """Return the issued documents of cases the user's unit (or a unit below) handles that
    have a recipient not yet served by `on`, oldest issued first."""
    scope = scope_unit_ids(user.unit)
    rows = db.session.execute(
        select(Document, DocumentRecipient)
        .join(DocumentRecipient, DocumentRecipient.document_id == Document.id)
        .join(Case, Case.id == Document.case_id)
        .where(Document.status == ISSUED, Case.handling_unit_id.in_(scope),
               ~_served_by(on))
        .order_by(Document.issued_on, Document.id, DocumentRecipient.id)
        .limit(limit)).all()
    grouped: dict[int, AwaitingService] = {}
    for document, recipient in rows:
        item = grouped.get(document.id)
        if item is None:
            item = grouped[document.id] = AwaitingService(
                db.session.get(Case, document.case_id), document, [])  # type: ignore[arg-type]
        item.pending.append(recipient)
    return list(grouped.values())


def count_awaiting_service(user: User, on: date) -> int:
    """Count the issued documents in the user's unit subtree awaiting service."""
    scope = scope_unit_ids(user.unit)
    pending = exists().where(DocumentRecipient.document_id == Document.id, ~_served_by(on))
    return db.session.scalar(
        select(func.count()).select_from(Document).join(Case, Case.id == Document.case_id)
        .where(Document.status == ISSUED, Case.handling_unit_id.in_(scope), pending)) or 0

