"""The API blueprint and the helpers every endpoint uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, request
from flask_login import current_user

from caseflow.errors import DomainError, Forbidden
from caseflow.extensions import csrf
from caseflow.hardening import MAX_PAGE, int_arg
from caseflow.i18n_markers import N_

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100  # documented: a larger per_page is capped, not refused
csrf.exempt(bp)


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


@bp.before_request
def _csrf_for_cookie_sessions() -> None:
    # Bearer clients are exempt; same-origin JavaScript on a signed-in session cookie is not.
    # A request signed in by neither gets its 401 from api_auth: there is no session to forge.
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and \
            not request.headers.get("Authorization", "").startswith("Bearer ") and \
            request.endpoint != "api.issue_token" and current_user.is_authenticated and \
            current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def api_auth(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a signed-in user (401) and, when given, one of `roles` (403)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                raise Unauthorized(N_("请先登录或提供有效的访问令牌。"))
            if roles and current_user.role not in roles:
                raise Forbidden(N_("您的角色无权执行此操作。"))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, or raise 400 when it is not one."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError(N_("请求体必须是 JSON 对象。"), code="malformed_json", status=400)
    return data


def page_args() -> tuple[int, int]:
    """Read ?page and ?per_page: 422 when out of range; per_page above 100 is capped at 100."""
    page = int_arg("page", 1, min=1, max=MAX_PAGE)
    per_page = min(MAX_PER_PAGE, int_arg("per_page", 25, min=1, max=MAX_PAGE))
    return page, per_page
