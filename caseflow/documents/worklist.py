"""Reads of the unit's 文书待办: drafts awaiting 签发 (待签发) and issued documents awaiting
service (待送达), one page at a time, and their counts (the navigation's badge, the home page).

Scope is the user's unit and the units below it (the cases it handles); another unit's
documents never appear and never count. The counts are single COUNTs over the indexes
ix_documents_status_case_id and ix_document_services_recipient_served (migration 0015).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.documents.models import (
    DRAFT,
    ISSUED,
    Document,
    DocumentRecipient,
    DocumentService,
)
from caseflow.extensions import db
from caseflow.org.queries import scope_unit_ids

PER_PAGE = 25
TABS = ("issue", "serve")


@dataclass(frozen=True)
class WorkCounts:
    """How many documents of the unit wait on 签发 and on service."""

    issue: int
    serve: int

    @property
    def total(self) -> int:
        return self.issue + self.serve


@dataclass(frozen=True)
class AwaitingService:
    """One issued document with recipients not yet served (a row of 待送达)."""

    case: Case
    document: Document
    pending: list[DocumentRecipient]


def _in_scope(user: User) -> Any:
    return Document.case_id.in_(
        select(Case.id).where(Case.handling_unit_id.in_(scope_unit_ids(user.unit))))


def _served_by(on: date) -> Any:
    return exists().where(DocumentService.recipient_id == DocumentRecipient.id,
                          DocumentService.served_on.is_not(None),
                          DocumentService.served_on <= on)


def _pending_recipient(on: date) -> Any:
    return exists().where(DocumentRecipient.document_id == Document.id, ~_served_by(on))


def _drafts(user: User) -> Select[tuple[Document]]:
    return select(Document).where(Document.status == DRAFT, _in_scope(user))


def _unserved(user: User, on: date) -> Select[tuple[Document]]:
    return select(Document).where(Document.status == ISSUED, _in_scope(user),
                                  _pending_recipient(on))


def _count(stmt: Select[tuple[Document]]) -> int:
    return int(db.session.scalar(stmt.with_only_columns(func.count(Document.id))) or 0)


def count_work(user: User, on: date) -> WorkCounts:
    """Count the unit subtree's drafts awaiting 签发 and issued documents awaiting service."""
    return WorkCounts(issue=_count(_drafts(user)), serve=_count(_unserved(user, on)))


def _page(stmt: Select[tuple[Document]], page: int, per_page: int) -> list[Document]:
    return list(db.session.scalars(stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)))


def list_awaiting_issue(user: User, page: int = 1,
                        per_page: int = PER_PAGE) -> list[tuple[Case, Document]]:
    """Return one page of the unit subtree's drafts, oldest first, with their cases."""
    documents = _page(_drafts(user).order_by(Document.created_at, Document.id), page, per_page)
    cases = _cases(documents)
    return [(cases[d.case_id], d) for d in documents]


def list_awaiting_service(user: User, on: date, page: int = 1,
                          per_page: int = PER_PAGE) -> list[AwaitingService]:
    """Return one page of the unit subtree's issued documents with a recipient not served by
    `on`, oldest issued first, each with its pending recipients."""
    documents = _page(_unserved(user, on).order_by(Document.issued_on, Document.id),
                      page, per_page)
    cases = _cases(documents)
    pending: dict[int, list[DocumentRecipient]] = {d.id: [] for d in documents}
    if documents:
        for recipient in db.session.scalars(
                select(DocumentRecipient).where(
                    DocumentRecipient.document_id.in_(list(pending)), ~_served_by(on))
                .order_by(DocumentRecipient.id)):
            pending[recipient.document_id].append(recipient)
    return [AwaitingService(cases[d.case_id], d, pending[d.id]) for d in documents]


def _cases(documents: list[Document]) -> dict[int, Case]:
    ids = {d.case_id for d in documents}
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(ids)))}
