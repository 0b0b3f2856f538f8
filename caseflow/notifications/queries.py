"""Reads of the outbox for the administrator's page."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.notifications.models import OutboxMail

PAGE = 200


def status_counts() -> dict[str, int]:
    """Return how many mails are in each status."""
    return dict(db.session.execute(select(OutboxMail.status, func.count())
                                   .group_by(OutboxMail.status)).tuples().all())


def list_undelivered() -> list[OutboxMail]:
    """Return the dead-lettered and failed mail, most recent first."""
    return list(db.session.scalars(select(OutboxMail).where(
        OutboxMail.status.in_(("dead", "failed"))).order_by(
        OutboxMail.status, OutboxMail.id.desc()).limit(PAGE)))


def get_mail(mail_id: int) -> OutboxMail | None:
    return db.session.get(OutboxMail, mail_id)
