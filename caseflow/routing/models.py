"""Routing data: entrustments, settings, who else may read a case, assist tasks, teams, conflicts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.timeutil import utcnow


class Entrustment(db.Model):
    """A written entrustment: the city bureau lets a county bureau handle some disputes."""

    __tablename__ = "entrustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    workflows: Mapped[str] = mapped_column(String(200))  # comma-separated workflow names
    patent_types: Mapped[str] = mapped_column(String(200))  # comma-separated patent types
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    instrument: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)

    from_unit: Mapped[Unit] = relationship(foreign_keys=[from_unit_id])
    to_unit: Mapped[Unit] = relationship(foreign_keys=[to_unit_id])

    def covers(self, workflow: str, patent_type: str, on: date) -> bool:
        """Tell whether this entrustment covers the case on the given date."""
        return (self.active and self.valid_from <= on <= self.valid_to
                and workflow in self.workflows.split(",")
                and patent_type in self.patent_types.split(","))


class Setting(db.Model):
    """An administrator-editable setting (e.g. the claim amount that sends a case to the city)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class CaseAccess(db.Model):
    """A unit other than the handling unit that may read a case (former handler, assistant)."""

    __tablename__ = "case_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # former_handler | assist
    task_id: Mapped[int | None] = mapped_column(ForeignKey("assist_tasks.id"))
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (Index("ix_case_access_unit_active", "unit_id", "active"),)


class AssistTask(db.Model):
    """A request by the handling unit to another unit: inspection, evidence fixing, service."""

    __tablename__ = "assist_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    requesting_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    assisting_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # inspection | evidence | service
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done | declined
    result: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    assisting_unit: Mapped[Unit] = relationship(foreign_keys=[assisting_unit_id])
    requesting_unit: Mapped[Unit] = relationship(foreign_keys=[requesting_unit_id])


class CaseMember(db.Model):
    """A member of a case's team; the lead is also the case's assignee."""

    __tablename__ = "case_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lead: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_case_members_case_user"),)


class UserConflict(db.Model):
    """A conflict of interest recorded on a user's profile (a party they must not handle)."""

    __tablename__ = "user_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str | None] = mapped_column(String(18))
    note: Mapped[str] = mapped_column(String(300), default="")


class Recusal(db.Model):
    """A person's declared recusal (回避) from one case."""

    __tablename__ = "recusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
