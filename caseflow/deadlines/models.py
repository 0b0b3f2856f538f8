"""Stored clocks of each case, and the administrator's calendar overrides."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import db
from caseflow.timeutil import utcnow


class CaseClock(db.Model):
    """One statutory clock of a case, recomputed inside every transition's transaction."""

    __tablename__ = "case_clocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    stopped_on: Mapped[date | None] = mapped_column(Date)
    paused_since: Mapped[date | None] = mapped_column(Date)
    paused_days: Mapped[int] = mapped_column(default=0)
    extended: Mapped[bool] = mapped_column(default=False)
    provisional: Mapped[bool] = mapped_column(default=False)
    info: Mapped[bool] = mapped_column(default=False)
    basis: Mapped[str] = mapped_column(Text, default="")
    basis_en: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_case_clocks_open_due", "stopped_on", "due_on"),
                      Index("ix_case_clocks_case_id_kind", "case_id", "kind"))


class CalendarDay(db.Model):
    """An administrator's override: this date is a working day or a rest day."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(40), default="")
    notice: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarYear(db.Model):
    """A year whose official holiday schedule an administrator has entered in full."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True)
    notice: Mapped[str] = mapped_column(String(200), default="")
    loaded_by: Mapped[str] = mapped_column(String(64), default="")
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(db.Model):
    """An in-app message to one user (deadline reminders, escalations, routing)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120), unique=True)  # makes the sweep idempotent
    message: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
