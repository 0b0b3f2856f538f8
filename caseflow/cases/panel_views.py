"""The case page's panel (合议组) and recusal forms: re-form the panel, record an application,
decide one. Each posts to one service call and returns to the 当事人 section."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases import panel, recusals
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for
from caseflow.cases.views import bp
from caseflow.errors import DomainError
from caseflow.formutil import choices
from caseflow.transaction import abandon
from caseflow.vocabulary import RECUSAL_TARGET_LABELS
from caseflow.web import registry


class PanelForm(FlaskForm):
    panel = StringField(_l("合议组成员（用户名，第一位为承办人）"),
                        validators=[InputRequired(), Length(max=1000)])
    reason = TextAreaField(_l("理由"), validators=[InputRequired(), Length(max=500)])
    on = DateField(_l("行为日期"), validators=[Optional()])
    version = HiddenField()


class RecusalApplyForm(FlaskForm):
    party = SelectField(_l("申请人"), coerce=int, validators=[InputRequired()])
    target_role = SelectField(_l("被申请回避人员的身份"), validators=[InputRequired()],
                              choices=choices(RECUSAL_TARGET_LABELS.items()))
    target = StringField(_l("被申请回避人员（用户名）"), validators=[Optional(), Length(max=64)])
    target_name = StringField(_l("被申请回避人员（姓名，非系统用户时填写）"),
                              validators=[Optional(), Length(max=100)])
    grounds = TextAreaField(_l("申请回避的事实和理由"),
                            validators=[InputRequired(), Length(max=2000)])
    on = DateField(_l("申请日期"), validators=[Optional()])
    version = HiddenField()


class RecusalDecisionForm(FlaskForm):
    application = IntegerField(_l("回避申请"), validators=[InputRequired()])
    granted = RadioField(_l("决定"), choices=choices((("true", _l("准许回避")),
                                          ("false", _l("驳回申请")))),
                         validators=[InputRequired()])
    note = TextAreaField(_l("决定理由"), validators=[Optional(), Length(max=2000)])
    on = DateField(_l("决定日期"), validators=[Optional()])
    version = HiddenField()


def recusal_forms(case: Case) -> dict[str, Any]:
    """Return the blank forms the case page shows (only where the offers allow them)."""
    apply = RecusalApplyForm(formdata=None)
    apply.party.choices = choices((p.id, p.name) for p in case.parties)
    return {"panel_form": PanelForm(formdata=None), "recusal_apply_form": apply,
            "recusal_decision_form": RecusalDecisionForm(formdata=None)}


def _back(case_id: int) -> Response:
    return redirect(url_for("cases.case_detail", case_id=case_id) + "#tab-parties")


def _version(form: FlaskForm) -> Any:
    text = (form.version.data or "").strip()
    return int(text) if text.isdigit() else None


def _refused(form: FlaskForm, case_id: int) -> Response:
    for messages in form.errors.values():
        for message in messages:
            flash(str(message), "danger")
    return _back(case_id)


def _run(case_id: int, call: Any, done: str) -> Response:
    try:
        call()
    except DomainError as err:
        abandon()
        flash(err.localized_summary(), "danger")
        return _back(case_id)
    flash(done, "success")
    return _back(case_id)


@bp.post("/<int:case_id>/panel")
@roles_required(*CASE_ROLES)
def change_panel(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = PanelForm()
    if not form.validate_on_submit():
        return _refused(form, case.id)
    return _run(case.id, lambda: panel.reform_panel(
        current_user, case, panel=panel.split_usernames(form.panel.data),
        reason=form.reason.data, on=form.on.data, version=_version(form), registry=registry()),
        _("已调整合议组。"))


@bp.post("/<int:case_id>/recusals")
@roles_required(*CASE_ROLES)
def apply_recusal(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = RecusalApplyForm()
    form.party.choices = choices((p.id, p.name) for p in case.parties)
    if not form.validate_on_submit():
        return _refused(form, case.id)
    return _run(case.id, lambda: recusals.apply_recusal(
        current_user, case, party=form.party.data, target_role=form.target_role.data,
        target=form.target.data or None, target_name=form.target_name.data or None,
        grounds=form.grounds.data, on=form.on.data, version=_version(form),
        registry=registry()), _("已登记回避申请。"))


@bp.post("/<int:case_id>/recusals/decision")
@roles_required(*CASE_ROLES)
def decide_recusal(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = RecusalDecisionForm()
    if not form.validate_on_submit():
        return _refused(form, case.id)
    application = recusals.get_recusal(case, form.application.data)
    return _run(case.id, lambda: recusals.decide_recusal(
        current_user, application, granted=form.granted.data == "true", note=form.note.data,
        on=form.on.data, version=_version(form), registry=registry()),
        _("已作出回避决定。"))
