"""Forms for the calendar page and the extension actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow.formutil import choices


class CalendarDayForm(FlaskForm):
    day = DateField(_l("日期"), validators=[InputRequired()])
    kind = SelectField(_l("类型"), choices=choices([("rest", _l("休息日（法定节假日）")),
                                                    ("work", _l("工作日（调休上班）"))]))
    name = StringField(_l("名称"), validators=[Length(max=40)])
    notice = StringField(_l("依据（通知文号）"), validators=[DataRequired(), Length(max=200)])
    year_complete = BooleanField(_l("该年度节假日安排已全部录入（取消“暂定”标记）"))


class CalendarYearForm(FlaskForm):
    year = IntegerField(_l("年份"), validators=[InputRequired(), NumberRange(2027, 2100)])
    notice = StringField(_l("依据（通知文号）"), validators=[DataRequired(), Length(max=200)])


class ExtendForm(FlaskForm):
    reason = TextAreaField(_l("延长理由"), validators=[DataRequired(), Length(max=2000)])
    on = DateField(_l("批准日期"), validators=[Optional()])
    until = DateField(_l("延长至"), validators=[Optional()])  # 2025 Measures (Art. 37)
    approval_ref = StringField(_l("上级批准文号"), validators=[Optional(), Length(max=200)])
    version = IntegerField(validators=[Optional()])


class ExtendMediationForm(FlaskForm):
    days = IntegerField(_l("延长天数"), validators=[InputRequired(), NumberRange(1, 365)])
    consent_requester = BooleanField(_l("请求人同意延长"))
    consent_respondent = BooleanField(_l("被请求人同意延长"))
    reason = TextAreaField(_l("说明"), validators=[Length(max=2000)])
    on = DateField(_l("日期"), validators=[Optional()])
    version = IntegerField(validators=[Optional()])
