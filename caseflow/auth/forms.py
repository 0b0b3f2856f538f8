"""Sign-in and user-administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from caseflow.auth.models import ROLE_LABELS
from caseflow.formutil import choices


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=200)])


class UserCreateForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("姓名"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("角色"), choices=choices(ROLE_LABELS.items()))
    unit = SelectField(_l("所属单位"), choices=[])
    password = PasswordField(_l("初始密码"), validators=[DataRequired(), Length(max=200)])
    can_view_pii = BooleanField(_l("可查看完整身份证号"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(max=200)])


class ConfirmForm(FlaskForm):
    """An empty form: a button that only needs its CSRF token."""
