"""Pages: deadline lists, the notification inbox, the calendar, extension actions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.auth.permissions import roles_required
from caseflow.cases.scope import get_case_for
from caseflow.deadlines import calendar_admin, notifications
from caseflow.deadlines.actions import extend_closure, extend_mediation
from caseflow.deadlines.forms import (
    CalendarDayForm,
    CalendarYearForm,
    ExtendForm,
    ExtendMediationForm,
)
from caseflow.deadlines.queries import due_clocks_query, provisional_cases_query
from caseflow.deadlines.rules import working_days_left
from caseflow.deadlines.services import load_calendar
from caseflow.deadlines.sweep import shown as sweep_shown
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.forms import ConfirmForm
from caseflow.hardening import form_int, int_arg
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.vocabulary import CLOCK_LABELS
from caseflow.web import act_and_return, registry

bp = Blueprint("deadlines", __name__)
CASE_ROLES = ("officer", "mediator", "supervisor")



@bp.app_context_processor
def _inbox_count() -> dict[str, object]:
    def unread() -> int:
        if not current_user.is_authenticated:
            return 0
        return notifications.unread_count(current_user)

    return {"unread_notifications": unread, "clock_label": CLOCK_LABELS.label,
            "notification_text": sweep_shown}


@bp.route("/deadlines")
@roles_required(*CASE_ROLES)
def due_list():  # type: ignore[no-untyped-def]
    mine = request.args.get("mine", "1") == "1"
    window = "overdue" if request.args.get("window") == "overdue" else "soon"
    rows = db.session.execute(due_clocks_query(current_user, mine=mine, window=window)
                              .limit(500)).all()
    calendar, now = load_calendar(), today()
    items = [(clock, case, working_days_left(calendar, now, clock.due_on)) for clock, case in rows]
    return render_template("deadlines/list.html", items=items, mine=mine, window=window)


@bp.route("/deadlines/provisional")
@roles_required("supervisor")
def provisional():  # type: ignore[no-untyped-def]
    cases = list(db.session.scalars(provisional_cases_query(current_user).limit(500)))
    return render_template("deadlines/provisional.html", cases=cases)


@bp.route("/notifications")
@login_required
def inbox():  # type: ignore[no-untyped-def]
    page = int_arg("page", 1)
    items, total = notifications.list_notifications(current_user, page, 25)
    return render_template("deadlines/inbox.html", items=items, total=total, page=page)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_read():  # type: ignore[no-untyped-def]
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ident = form_int("id")
    notifications.mark_read(current_user, ident)
    return redirect(url_for("deadlines.inbox"))


@bp.route("/admin/calendar", methods=["GET", "POST"])
@roles_required("admin")
def calendar_page():  # type: ignore[no-untyped-def]
    form, year_form = CalendarDayForm(prefix="day"), CalendarYearForm(prefix="year")
    status = 200
    try:
        if "day-submit" in request.form and form.validate_on_submit():
            changed = calendar_admin.set_day(
                current_user, day=form.day.data, is_workday=form.kind.data == "work",
                name=form.name.data or "", notice=form.notice.data, registry=registry())
            if form.year_complete.data:
                changed += calendar_admin.load_year(current_user, year=form.day.data.year,
                                                    notice=form.notice.data,
                                                    registry=registry())
            return _saved(changed)
        if "year-submit" in request.form and year_form.validate_on_submit():
            changed = calendar_admin.load_year(current_user, year=year_form.year.data,
                                               notice=year_form.notice.data, registry=registry())
            return _saved(changed)
        if request.method == "POST":
            status = 422
    except DomainError as err:
        abandon()
        for name, message in err.localized_fields().items():
            target = getattr(form, name, None) or getattr(year_form, name, None)
            (target.errors if target is not None else form.form_errors).append(message)
        status = err.status
    return render_template("deadlines/calendar.html", form=form, year_form=year_form,
                           days=calendar_admin.list_days(), years=calendar_admin.list_years()), \
        status


def _saved(changed: int):  # type: ignore[no-untyped-def]
    flash(_("已保存；重新计算了 %(n)s 件案件的期限。", n=changed), "success")
    return redirect(url_for("deadlines.calendar_page"))


@bp.route("/cases/<int:case_id>/extend", methods=["POST"])
@roles_required("supervisor")
def extend(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(_("请填写延长理由。"), "danger")
        return redirect(url_for("cases.case_detail", case_id=case.id))
    done = (_("已批准延长办案期限。") if case.under_2025_measures
            else _("已批准延长办案期限一个月。"))
    return act_and_return(lambda: extend_closure(
        current_user, case, reason=form.reason.data, on=form.on.data,
        version=form.version.data, registry=registry(), until=form.until.data,
        approval_ref=form.approval_ref.data), done,
        url_for("cases.case_detail", case_id=case.id))


@bp.route("/cases/<int:case_id>/extend-mediation", methods=["POST"])
@roles_required("mediator", "supervisor")
def extend_mediation_view(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = ExtendMediationForm()
    if not form.validate_on_submit():
        flash(_("请填写延长天数（1 至 365）。"), "danger")
        return redirect(url_for("cases.case_detail", case_id=case.id))
    consents = {"requester": form.consent_requester.data,
                "respondent": form.consent_respondent.data}
    return act_and_return(lambda: extend_mediation(
        current_user, case, days=form.days.data, consents=consents, reason=form.reason.data,
        on=form.on.data, version=form.version.data, registry=registry()),
        _("已延长调解期限。"), url_for("cases.case_detail", case_id=case.id))
