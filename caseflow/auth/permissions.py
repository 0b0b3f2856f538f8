"""The permission vocabulary: who may do what, by role and unit scope."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from caseflow.auth.models import User

CASE_ROLES = ("officer", "mediator", "supervisor")


def can_admin(user: User) -> bool:
    return user.is_authenticated and user.role == "admin"


def can_work_cases(user: User) -> bool:
    return user.is_authenticated and user.role in CASE_ROLES


def can_supervise(user: User) -> bool:
    return user.is_authenticated and user.role == "supervisor"


def can_verify_audit(user: User) -> bool:
    return user.is_authenticated and user.role in ("supervisor", "admin")


def roles_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) a signed-in user whose role is not one of `roles`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
