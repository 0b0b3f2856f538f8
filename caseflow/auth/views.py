"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseflow.auth import services
from caseflow.auth.forms import LoginForm
from caseflow.extensions import limiter
from caseflow.hardening import safe_next
from caseflow.transaction import keep_on_error

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = services.authenticate(form.username.data, form.password.data,
                                       client=request.remote_addr)
        keep_on_error()  # a failed attempt counts towards the lock-out even on a 401/429 page
        if result.user is not None:
            session.clear()
            session.permanent = True
            login_user(result.user)
            return redirect(_safe_next(request.args.get("next")))
        status = result.status
        if result.status == 429:
            form.form_errors.append(
                _("登录失败次数过多，账户已暂时锁定，请 %(m)s 分钟后再试。",
                  m=(result.retry_after + 59) // 60))
        else:
            form.form_errors.append(_("用户名或密码错误。"))
    elif request.method == "POST":
        status = 400 if "csrf_token" in form.errors else 422
    return render_template("auth/login.html", form=form), status


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("main.index"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    services.log_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("您已安全退出。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
