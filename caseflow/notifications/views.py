"""Pages: the user's mail preferences; the administrator's outbox of undelivered mail."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.auth import services as users
from caseflow.auth.permissions import roles_required
from caseflow.errors import ValidationFailed
from caseflow.forms import ConfirmForm
from caseflow.notifications import services
from caseflow.notifications.delivery import is_configured
from caseflow.notifications.forms import PreferencesForm
from caseflow.notifications.models import CATEGORIES
from caseflow.notifications.queries import get_mail, list_undelivered, status_counts
from caseflow.transaction import abandon

bp = Blueprint("notifications", __name__)


@bp.route("/me/notifications", methods=["GET", "POST"])
@login_required
def preferences():  # type: ignore[no-untyped-def]
    form = PreferencesForm(data=None if request.method == "POST" else {
        "language": current_user.language,
        **{c: getattr(current_user, f"mail_{c}") for c in CATEGORIES}})
    if form.validate_on_submit():
        services.set_preferences(current_user, current_user, language=form.language.data,
                                 **{c: getattr(form, c).data for c in CATEGORIES})
        flash(_("已保存通知设置。"), "success")
        return redirect(url_for("notifications.preferences"))
    status = 422 if form.is_submitted() else 200
    return render_template("notifications/preferences.html", form=form,
                           email=current_user.email), status


@bp.post("/admin/users/<int:user_id>/email")
@roles_required("admin")
def set_email(user_id: int):  # type: ignore[no-untyped-def]
    user = users.get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.set_address(current_user, user, request.form.get("email", ""))
    except ValidationFailed as err:
        abandon()
        flash(err.localized_fields().get("email", err.localized()), "danger")
    else:
        flash(_("已保存 %(u)s 的邮箱。", u=user.username), "success")
    return redirect(url_for("admin.user_list"))


@bp.get("/admin/mail")
@roles_required("admin")
def outbox():  # type: ignore[no-untyped-def]
    return render_template("notifications/outbox.html", mails=list_undelivered(),
                           counts=status_counts(), configured=is_configured(current_app.config),
                           confirm=ConfirmForm())


@bp.post("/admin/mail/<int:mail_id>/retry")
@roles_required("admin")
def retry(mail_id: int):  # type: ignore[no-untyped-def]
    mail = get_mail(mail_id)
    if mail is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.retry_mail(current_user, mail)
    except ValidationFailed as err:
        abandon()
        flash(err.localized(), "warning")
    else:
        flash(_("已重新排队，将以同一 Message-ID 重发。"), "success")
    return redirect(url_for("notifications.outbox"))
