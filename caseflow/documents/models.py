"""Documents (文书) of a case: drafts, issued and superseded versions, and their recipients."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.timeutil import utcnow

DRAFT, ISSUED, SUPERSEDED = "draft", "issued", "superseded"
STATUSES = (DRAFT, ISSUED, SUPERSEDED)


class Document(db.Model):
    """One version of one document of a case. Issued, it is never changed again: a correction
    is a new version (`revision` + 1) that supersedes it and keeps its 文号."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    rules: Mapped[str] = mapped_column(String(40), default="")  # the case's rule set when drafted
    title: Mapped[str] = mapped_column(String(200))
    number: Mapped[str | None] = mapped_column(String(80), index=True)
    text: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    trigger: Mapped[str | None] = mapped_column(String(40))  # the transition that drafted it
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None]
    issued_on: Mapped[date | None] = mapped_column(Date)
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    recipients: Mapped[list[DocumentRecipient]] = relationship(
        back_populates="document", order_by="DocumentRecipient.id", cascade="all, delete-orphan")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    supersedes: Mapped[Document | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("number", "revision", name="uq_documents_number_revision"),
        # the 文书待办 counts: drafts / issued documents of the unit's cases (documents/worklist.py)
        Index("ix_documents_status_case_id", "status", "case_id"),
    )


class DocumentRecipient(db.Model):
    """Who a document is addressed to: a party of the case, or the court (service is
    registered against these rows)."""

    __tablename__ = "document_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    role: Mapped[str] = mapped_column(String(12))  # requester | respondent | court
    name: Mapped[str] = mapped_column(String(200))

    document: Mapped[Document] = relationship(back_populates="recipients")


#: how a document is served (Measures Art. 10; public vocabulary, API.md "Documents and service")
SERVICE_METHODS = ("direct", "post", "electronic", "left_at_address", "entrusted",
                   "public_notice")


class DocumentService(db.Model):
    """One act of service (送达) of an issued document on one recipient: how and when it was
    sent, when it was served, and the proof (an evidence file of the case, with its SHA-256)."""

    __tablename__ = "document_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("document_recipients.id"))
    method: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    served_on: Mapped[date | None] = mapped_column(Date)
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    consent_evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))
    address: Mapped[str | None] = mapped_column(String(300))
    witnesses: Mapped[str | None] = mapped_column(String(300))
    proof_evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))
    notes: Mapped[str] = mapped_column(String(2000), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    document: Mapped[Document] = relationship()
    recipient: Mapped[DocumentRecipient] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # 待送达: is this recipient served by a date (documents/worklist.py), index only
        Index("ix_document_services_recipient_served", "recipient_id", "served_on"),
    )
