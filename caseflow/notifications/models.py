"""The mail outbox: one row per (recipient, mail) written with the change it reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.extensions import db
from caseflow.timeutil import utcnow

#: waiting for its first attempt / claimed by a worker / accepted by the server /
#: refused or unreachable, retried at next_attempt_at / given up (an administrator may retry)
STATUSES = ("pending", "sending", "sent", "failed", "dead")
#: the preference a mail of each event kind falls under (users may turn each off)
CATEGORIES = ("reminders", "assignments", "approvals")


class OutboxMail(db.Model):
    """One mail to one recipient; its Message-ID, made at enqueue, is the idempotency key."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The worker's claim: who holds the row and until when (a crashed worker's claim expires).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    # Committed just before the end of DATA: from here on the server may have the message, so a
    # lost claim is never re-sent automatically (README "Mail: what exactly-once means").
    handed_over_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    accepted_at: Mapped[datetime | None]
    server_reply: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")
