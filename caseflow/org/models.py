"""The three-tier organisation: city bureau, county/district bureaus, stations."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.extensions import db
from caseflow.vocabulary import LEVEL_LABELS

LEVELS = ("city", "county", "station")
CHILD_LEVEL = {"city": "county", "county": "station"}


class Unit(db.Model):
    """One organisational unit; `path` holds the codes from the root, e.g. /370900/370982/."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    level: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    path: Mapped[str] = mapped_column(String(200), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.label(self.level)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_within(self, other: Unit) -> bool:
        """Tell whether this unit is `other` or lies below it."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
