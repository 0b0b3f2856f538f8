"""Authentication, the current user, the organisation tree, the audit verifier and this document."""

from __future__ import annotations

from typing import ClassVar

from flask import current_app, jsonify, request, session
from flask_login import current_user, logout_user
from pydantic import Field

from caseflow.api.base import Unauthorized, api_auth, bp
from caseflow.api.contract import PLAIN, Body, answers, api, body_of, build_document
from caseflow.api.schemas import MeOut, TokenOut, UnitList, VerifyOut
from caseflow.audit import services as audit
from caseflow.auth import services as auth
from caseflow.errors import TooManyAttempts
from caseflow.extensions import limiter
from caseflow.i18n_markers import N_
from caseflow.org.queries import list_units_in_scope
from caseflow.timeutil import iso_local
from caseflow.transaction import keep_on_error


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


class TokenBody(Body):
    refusal: ClassVar[str] = N_("请提供用户名和密码。")
    username: str = Field(min_length=1, pattern=PLAIN, max_length=200)
    password: str = Field(min_length=1, pattern=PLAIN, max_length=1000)


@bp.post("/auth/token")
@limiter.limit(_login_limit)
@api.validate(json=TokenBody, resp=answers(200, TokenOut, errors=(400, 401, 422, 429)),
              security={})
def issue_token():  # type: ignore[no-untyped-def]
    """Exchange a user name and password for a bearer token."""
    body = body_of()
    result = auth.authenticate(body.username, body.password, client=request.remote_addr,
                               channel="api")
    if result.user is None:
        keep_on_error()  # the failed attempt counts towards the lock-out
        if result.status == 429:
            raise TooManyAttempts(N_("登录失败次数过多，账户已暂时锁定。"), result.retry_after)
        raise Unauthorized(N_("用户名或密码错误。"))
    token, expires = auth.issue_token(result.user)
    return jsonify({"token": token, "expires_at": iso_local(expires)})


@bp.post("/auth/logout")
@api_auth()
@api.validate(resp=answers(204, None, description="the calling token (or session) is revoked"))
def logout():  # type: ignore[no-untyped-def]
    """Revoke the calling bearer token, or end the calling browser session."""
    header = request.headers.get("Authorization", "")
    token = header[len("Bearer "):].strip() if header.startswith("Bearer ") else None
    auth.log_out(current_user._get_current_object(), token=token)
    if token is None:
        logout_user()
        session.clear()
    return "", 204


@bp.get("/me")
@api_auth()
@api.validate(resp=answers(200, MeOut))
def me():  # type: ignore[no-untyped-def]
    """The signed-in user."""
    unit = current_user.unit
    return jsonify({"username": current_user.username, "name": current_user.name,
                    "roles": current_user.roles,
                    "unit": {"code": unit.code, "name": unit.name, "level": unit.level}})


@bp.get("/units")
@api_auth()
@api.validate(resp=answers(200, UnitList))
def units():  # type: ignore[no-untyped-def]
    """The organisation tree in the user's scope."""
    return jsonify([{"code": u.code, "name": u.name, "level": u.level,
                     "parent_code": u.parent.code if u.parent else None}
                    for u in list_units_in_scope(current_user.unit)])


@bp.get("/audit/verify")
@api_auth("supervisor", "admin")
@api.validate(resp=answers(200, VerifyOut, errors=(401, 403)))
def audit_verify():  # type: ignore[no-untyped-def]
    """Recompute the whole audit chain (supervisors and admins)."""
    return jsonify(audit.verify_chain().as_dict())


@bp.get("/openapi.json")
@api.validate(resp=answers(200, None, errors=(), description="This OpenAPI 3.1 document"),
              security={})
def openapi():  # type: ignore[no-untyped-def]
    """This document: every path of /api/v1, built from the declarations that validate it."""
    return jsonify(build_document())
