"""The in-app inbox."""

from __future__ import annotations

from sqlalchemy import func, select, update

from caseflow.auth.models import User
from caseflow.deadlines.models import Notification
from caseflow.extensions import db
from caseflow.timeutil import utcnow


def unread_count(user: User) -> int:
    """Return how many notifications the user has not read."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def list_notifications(user: User, page: int, per_page: int) -> tuple[list[Notification], int]:
    """Return one page of the user's notifications, newest first, and the total."""
    base = select(Notification).where(Notification.user_id == user.id)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    items = list(db.session.scalars(base.order_by(Notification.id.desc())
                                    .limit(per_page).offset((page - 1) * per_page)))
    return items, total


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; return how many changed."""
    stmt = update(Notification).where(Notification.user_id == user.id,
                                      Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount or 0
