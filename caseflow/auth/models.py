"""Users and API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.timeutil import utcnow
from caseflow.vocabulary import ROLE_LABELS

ROLES = ("officer", "mediator", "supervisor", "admin")
PASSWORD_METHOD = "scrypt"


class User(UserMixin, db.Model):
    """A person who signs in; belongs to exactly one unit and has one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Changes whenever the password changes or the account is deactivated, ending sessions.
    session_key: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    active: Mapped[bool] = mapped_column(default=True)
    can_view_pii: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None]
    # Mail (caseflow/notifications): the address, the language mail is written in, and which
    # kinds of mail the user wants (the in-app inbox always gets everything).
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(12), default="zh_Hans_CN",
                                          server_default="zh_Hans_CN")
    mail_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_assignments: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_approvals: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="joined")

    def set_password(self, password: str) -> None:
        """Hash and store a new password, ending existing sessions."""
        method = PASSWORD_METHOD
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD)
        self.password_hash = generate_password_hash(password, method=method)
        self.session_key = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def roles(self) -> list[str]:
        return [self.role]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.label(self.role)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed sign-ins per user name, kept whether or not the user exists."""

    __tablename__ = "login_throttles"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
