"""The user's mail preferences form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from caseflow.formutil import choices


class PreferencesForm(FlaskForm):
    language = SelectField(_l("邮件语言"), choices=choices([("zh_Hans_CN", "中文"),
                                                          ("en", "English")]))
    reminders = BooleanField(_l("期限提醒（即将到期、到期、逾期）"))
    assignments = BooleanField(_l("案件移送、分配与文书待办"))
    approvals = BooleanField(_l("审批"))
