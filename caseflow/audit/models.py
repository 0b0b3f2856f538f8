"""The append-only, hash-chained audit log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(db.Model):
    """One recorded act. Rows are never updated or deleted (database triggers refuse it)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"),
                                     primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    on: Mapped[date | None] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None]
    from_status: Mapped[str | None] = mapped_column(String(40))
    to_status: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_case_id_seq", "case_id", "seq"),
        Index("ix_audit_events_action_seq", "action", "seq"),
        Index("ix_audit_events_action_on", "action", "on"),
        Index("ix_audit_events_action_to_status_on", "action", "to_status", "on"),
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_unit_code_seq", "unit_code", "seq"),
        Index("ix_audit_events_actor_seq", "actor", "seq"),
    )


class AuditHead(db.Model):
    """A single row holding the chain's head; locking it serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"), default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
