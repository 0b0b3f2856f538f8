"""Authentication, the current user, the organisation tree and the audit verifier."""

from __future__ import annotations

from flask import current_app, jsonify, request, session
from flask_login import current_user, logout_user

from caseflow.api.base import Unauthorized, api_auth, bp, json_body
from caseflow.api.openapi import build_spec
from caseflow.audit import services as audit
from caseflow.auth import services as auth
from caseflow.errors import TooManyAttempts, ValidationFailed
from caseflow.extensions import limiter
from caseflow.i18n_markers import N_
from caseflow.org.queries import list_units_in_scope
from caseflow.timeutil import iso_local
from caseflow.transaction import keep_on_error


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.post("/auth/token")
@limiter.limit(_login_limit)
def issue_token():  # type: ignore[no-untyped-def]
    body = json_body()
    username, password = body.get("username"), body.get("password")
    fields = {k: N_("必填，且须为字符串。") for k, v in (("username", username), ("password", password))
              if not isinstance(v, str) or not v}
    if fields:
        raise ValidationFailed(N_("请提供用户名和密码。"), fields=fields)
    result = auth.authenticate(username, password, client=request.remote_addr, channel="api")
    if result.user is None:
        keep_on_error()  # the failed attempt counts towards the lock-out
        if result.status == 429:
            raise TooManyAttempts(N_("登录失败次数过多，账户已暂时锁定。"), result.retry_after)
        raise Unauthorized(N_("用户名或密码错误。"))
    token, expires = auth.issue_token(result.user)
    return jsonify({"token": token, "expires_at": iso_local(expires)})


@bp.post("/auth/logout")
@api_auth()
def logout():  # type: ignore[no-untyped-def]
    header = request.headers.get("Authorization", "")
    token = header[len("Bearer "):].strip() if header.startswith("Bearer ") else None
    auth.log_out(current_user._get_current_object(), token=token)
    if token is None:
        logout_user()
        session.clear()
    return "", 204


@bp.get("/me")
@api_auth()
def me():  # type: ignore[no-untyped-def]
    unit = current_user.unit
    return jsonify({"username": current_user.username, "name": current_user.name,
                    "roles": current_user.roles,
                    "unit": {"code": unit.code, "name": unit.name, "level": unit.level}})


@bp.get("/units")
@api_auth()
def units():  # type: ignore[no-untyped-def]
    return jsonify([{"code": u.code, "name": u.name, "level": u.level,
                     "parent_code": u.parent.code if u.parent else None}
                    for u in list_units_in_scope(current_user.unit)])


@bp.get("/audit/verify")
@api_auth("supervisor", "admin")
def audit_verify():  # type: ignore[no-untyped-def]
    return jsonify(audit.verify_chain().as_dict())


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(build_spec())
