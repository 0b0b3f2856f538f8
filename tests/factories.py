"""Plain builder functions for tests: they add and flush, the caller commits."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.demo import seed_organisation
from caseflow.extensions import db
from caseflow.org.models import Unit


def make_org() -> Unit:
    """Create the Tai'an demo organisation and its users; return the city unit."""
    city, _created = seed_organisation()
    return city


def user(username: str) -> User:
    """Return a user by name (they exist after make_org)."""
    return db.session.scalar(select(User).where(User.username == username))


def unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))
