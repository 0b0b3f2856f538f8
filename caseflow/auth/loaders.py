"""How Flask-Login finds the user: the session cookie or a bearer token."""

from __future__ import annotations

from flask import Request, has_request_context, request

from caseflow.auth.models import User
from caseflow.auth.services import user_for_token
from caseflow.extensions import db


def load_user(user_id: str) -> User | None:
    """Load a user from the session; a changed session key ends the session."""
    if has_request_context() and request.headers.get("Authorization", "").startswith("Bearer "):
        return None  # an explicit bearer token wins over a session cookie
    ident, _, key = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_key != key:
        return None
    return user


def load_user_from_request(req: Request) -> User | None:
    """Load a user from an `Authorization: Bearer` header (never from the URL)."""
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return user_for_token(header[len("Bearer "):].strip())
