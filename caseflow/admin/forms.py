"""Administration forms: users and the organisation tree."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from caseflow.formutil import choices
from caseflow.vocabulary import ROLE_LABELS


class UnitCreateForm(FlaskForm):
    parent = SelectField(_l("上级单位"), choices=[])
    code = StringField(_l("单位代码"), validators=[DataRequired(), Length(max=12)])
    name = StringField(_l("单位全称"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("简称"), validators=[Length(max=40)])


class UnitEditForm(FlaskForm):
    name = StringField(_l("单位全称"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("简称"), validators=[Length(max=40)])
    active = BooleanField(_l("启用"))


class UserCreateForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("姓名"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("角色"), choices=choices(ROLE_LABELS.items()))
    unit = SelectField(_l("所属单位"), choices=[])
    password = PasswordField(_l("初始密码"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("邮箱（可选）"), validators=[Length(max=254)])
    can_view_pii = BooleanField(_l("可查看完整身份证号"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(max=200)])
