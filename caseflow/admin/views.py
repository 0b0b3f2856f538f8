"""Administration pages: users and the organisation tree."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from caseflow.admin.forms import PasswordResetForm, UnitCreateForm, UnitEditForm, UserCreateForm
from caseflow.auth import services as users
from caseflow.auth.permissions import roles_required
from caseflow.errors import ValidationFailed
from caseflow.forms import ConfirmForm
from caseflow.formutil import choices
from caseflow.i18n_markers import N_
from caseflow.org import services as org
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code, list_all_units
from caseflow.transaction import abandon

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _unit_choices(include_none: bool = False) -> list[SelectChoice]:
    first = [("", _("（无：新建市局）"))] if include_none else []
    return choices(first + [(u.code, f"{'　' * (u.path.count('/') - 2)}{u.code} {u.name}")
                            for u in list_all_units()])


def _apply_field_errors(form, err: ValidationFailed) -> None:  # type: ignore[no-untyped-def]
    for name, message in err.localized_fields().items():
        field = getattr(form, name, None)
        (field.errors if field is not None else form.form_errors).append(message)
    if not err.fields:
        form.form_errors.append(err.localized())


@bp.route("/users", methods=["GET", "POST"])
@roles_required("admin")
def user_list():  # type: ignore[no-untyped-def]
    form = UserCreateForm()
    form.unit.choices = _unit_choices()
    status = 200
    if form.validate_on_submit():
        unit = get_unit_by_code(form.unit.data)
        try:
            if unit is None:
                raise ValidationFailed("", fields={"unit": N_("请选择单位。")})
            users.create_user(current_user, username=form.username.data, name=form.name.data,
                              role=form.role.data, unit=unit, password=form.password.data,
                              can_view_pii=form.can_view_pii.data, email=form.email.data)
        except ValidationFailed as err:
            abandon()
            _apply_field_errors(form, err)
            status = 422
        else:
            flash(_("已创建用户 %(u)s。", u=form.username.data), "success")
            return redirect(url_for("admin.user_list"))
    elif form.is_submitted():
        status = 422
    return render_template("admin/users.html", form=form, users=users.list_users(),
                           reset_form=PasswordResetForm(), confirm=ConfirmForm()), status


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required("admin")
def reset_password(user_id: int):  # type: ignore[no-untyped-def]
    user = users.get_user(user_id)
    form = PasswordResetForm()
    if not form.validate_on_submit():
        flash(_("请输入新密码。"), "danger")
        return redirect(url_for("admin.user_list"))
    try:
        users.reset_password(current_user, user, form.password.data)
    except ValidationFailed as err:
        abandon()
        flash(err.localized_fields().get("password", err.localized()), "danger")
    else:
        flash(_("已重置 %(u)s 的密码。", u=user.username), "success")
    return redirect(url_for("admin.user_list"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required("admin")
def toggle_active(user_id: int):  # type: ignore[no-untyped-def]
    user = users.get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        users.set_active(current_user, user, not user.active)
    except ValidationFailed as err:
        abandon()
        flash(err.localized(), "danger")
    else:
        flash(_("已更新账户状态。"), "success")
    return redirect(url_for("admin.user_list"))


@bp.route("/units", methods=["GET", "POST"])
@roles_required("admin")
def unit_list():  # type: ignore[no-untyped-def]
    form = UnitCreateForm()
    form.parent.choices = _unit_choices(include_none=True)
    status = 200
    if form.validate_on_submit():
        parent = get_unit_by_code(form.parent.data) if form.parent.data else None
        try:
            org.create_unit(current_user, code=form.code.data, name=form.name.data,
                            short_name=form.short_name.data, parent=parent)
        except ValidationFailed as err:
            abandon()
            _apply_field_errors(form, err)
            status = 422
        else:
            flash(_("已新增单位。"), "success")
            return redirect(url_for("admin.unit_list"))
    elif form.is_submitted():
        status = 422
    return render_template("admin/units.html", form=form, units=list_all_units()), status


@bp.route("/units/<code>", methods=["GET", "POST"])
@roles_required("admin")
def unit_edit(code: str):  # type: ignore[no-untyped-def]
    unit: Unit | None = get_unit_by_code(code)
    if unit is None:
        abort(404)
    form = UnitEditForm(obj=unit)
    status = 200
    if form.validate_on_submit():
        try:
            org.update_unit(current_user, unit, name=form.name.data,
                            short_name=form.short_name.data, active=form.active.data)
        except ValidationFailed as err:
            abandon()
            _apply_field_errors(form, err)
            status = 422
        else:
            flash(_("已保存。"), "success")
            return redirect(url_for("admin.unit_list"))
    elif form.is_submitted():
        status = 422
    return render_template("admin/unit_edit.html", form=form, unit=unit), status
