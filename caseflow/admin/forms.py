"""Organisation-tree forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class UnitCreateForm(FlaskForm):
    parent = SelectField(_l("上级单位"), choices=[])
    code = StringField(_l("单位代码"), validators=[DataRequired(), Length(max=12)])
    name = StringField(_l("单位全称"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("简称"), validators=[Length(max=40)])


class UnitEditForm(FlaskForm):
    name = StringField(_l("单位全称"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("简称"), validators=[Length(max=40)])
    active = BooleanField(_l("启用"))
