"""Reads of the organisation tree, including the scope helper every case query uses."""

from __future__ import annotations

from sqlalchemy import Select, select

from caseflow.extensions import db
from caseflow.org.models import Unit


def scope_unit_ids(unit: Unit) -> Select[tuple[int]]:
    """Return a sub-select of the ids of `unit` and every unit below it."""
    return select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))


def list_units_in_scope(unit: Unit) -> list[Unit]:
    """Return `unit` and its subtree, ordered by path."""
    stmt = select(Unit).where(Unit.path.startswith(unit.path, autoescape=True)).order_by(Unit.path)
    return list(db.session.scalars(stmt))


def get_unit_by_code(code: str) -> Unit | None:
    """Return the unit with this code, or None."""
    return db.session.scalar(select(Unit).where(Unit.code == code))


def list_all_units() -> list[Unit]:
    """Return every unit ordered by path."""
    return list(db.session.scalars(select(Unit).order_by(Unit.path)))
