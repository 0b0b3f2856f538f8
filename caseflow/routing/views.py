"""Pages: routing actions on the case page, the unit's routing inbox, admin and conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.models import Case
from caseflow.cases.scope import get_case_for, visible_to
from caseflow.documents.worklist import count_work
from caseflow.errors import DomainError, NotFound
from caseflow.extensions import db
from caseflow.hardening import form_int
from caseflow.org.queries import list_all_units
from caseflow.routing import admin_services, assignment, assist, services
from caseflow.routing.models import AssistTask
from caseflow.routing.queries import my_cases_query, unsigned_query
from caseflow.routing.rules import claim_threshold
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.vocabulary import PATENT_TYPE_LABELS, WORKFLOW_LABELS
from caseflow.web import act_and_return, registry, status_label

bp = Blueprint("routing", __name__)
MOVED = {"refer_up": _l("已报请上级办理。"), "delegate": _l("已交下级单位办理。"),
         "transfer": _l("已移交。"), "sign_for": _l("已签收。")}



def _version() -> Any:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else (raw or None)


def _flash_error(err: DomainError) -> None:
    flash(err.localized_summary(), "danger")


def _run(case: Case, action: Callable[[], Any], message: str, target: str | None = None):  # type: ignore[no-untyped-def]
    return act_and_return(action, message,
                          target or url_for("cases.case_detail", case_id=case.id))


# --- what the case page shows beside the offered forms (cases/offers.py decides those) ---

def assign_candidates(case: Case) -> list[User]:
    """Active case workers of the handling unit, who may lead or join the team."""
    return list(db.session.scalars(select(User).where(
        User.unit_id == case.handling_unit_id, User.active.is_(True),
        User.role.in_(assignment.TEAM_ROLES)).order_by(User.role, User.username)))


@bp.app_context_processor
def _routing_helpers() -> dict[str, object]:
    return {"case_team": assignment.team_of, "case_tasks": assist.tasks_of,
            "assign_candidates": assign_candidates,
            "suggested_assignee": lambda case: services.suggest_assignee(case, registry()),
            "assist_kinds": assist.KINDS}


# --- actions on a case ---------------------------------------------------------------------

@bp.post("/cases/<int:case_id>/routing/<action>")
@roles_required(*CASE_ROLES)
def route_case(case_id: int, action: str):  # type: ignore[no-untyped-def]
    if action not in MOVED:
        abort(404)
    case = get_case_for(current_user, case_id, for_update=True)
    form = request.form
    back = url_for("routing.inbox") if form.get("back") == "inbox" else None
    if action == "sign_for":
        return _run(case, lambda: services.sign_for(
            current_user, case, on=form.get("on"), version=_version(), registry=registry()),
            str(MOVED[action]), back)
    return _run(case, lambda: services.move_case(
        current_user, case, action, to_unit=form.get("to_unit"), reason=form.get("reason"),
        on=form.get("on"), version=_version(), registry=registry()), str(MOVED[action]))


@bp.post("/cases/<int:case_id>/assign")
@roles_required(*CASE_ROLES)
def assign_case(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = request.form
    team = [name for name in form.getlist("team") if name]
    return _run(case, lambda: assignment.assign(
        current_user, case, to_user=form.get("to_user") or "auto", team=team,
        reason=form.get("reason"), on=form.get("on"), version=_version(),
        registry=registry()), _("已分派案件。"))


@bp.post("/cases/<int:case_id>/recusal")
@roles_required(*CASE_ROLES)
def recusal(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    return _run(case, lambda: assignment.declare_recusal(
        current_user, case, reason=request.form.get("reason"), version=_version(),
        registry=registry()),
        _("已声明回避。"))


@bp.post("/cases/<int:case_id>/assist")
@roles_required(*CASE_ROLES)
def request_assist(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    form = request.form
    return _run(case, lambda: assist.request_assist(
        current_user, case, to_unit=form.get("to_unit"), kind=form.get("kind"),
        description=form.get("description"), due_on=form.get("due_on"), registry=registry()),
        _("已发起协查。"))


def _after_task(task_id: int) -> str:
    """The case page if the user can still see the task's case, else the inbox."""
    task = db.session.get(AssistTask, task_id)
    if task is not None and db.session.scalar(select(Case.id).where(
            Case.id == task.case_id, visible_to(current_user))):
        return url_for("cases.case_detail", case_id=task.case_id)
    return url_for("routing.inbox")


@bp.post("/assist/<int:task_id>")
@roles_required(*CASE_ROLES)
def close_task(task_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    try:
        assist.close_assist(current_user, task_id, outcome=form.get("outcome"),
                            note=form.get("note"))
    except NotFound:
        raise
    except DomainError as err:
        abandon()
        _flash_error(err)
    else:
        flash(_("协查任务已办结。") if form.get("outcome") == "done" else _("已退回协查任务。"),
              "success")
    return redirect(_after_task(task_id))


# --- the unit's routing inbox --------------------------------------------------------------

@bp.get("/routing/inbox")
@roles_required(*CASE_ROLES)
def inbox():  # type: ignore[no-untyped-def]
    unsigned = list(db.session.scalars(unsigned_query(current_user).limit(200)))
    tasks = assist.open_tasks_for(current_user)
    task_cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_([t.case_id for t in tasks])))} if tasks else {}
    mine = list(db.session.scalars(my_cases_query(current_user).limit(200))) \
        if current_user.role in ("officer", "mediator") else None
    return render_template("routing/inbox.html", unsigned=unsigned, tasks=tasks,
                           task_cases=task_cases, mine=mine, status_label=status_label,
                           document_counts=count_work(current_user, today()))


# --- administration: entrustments and the claim threshold ----------------------------------

def _admin_post() -> str:
    form = request.form
    kind = form.get("form")
    if kind == "create":
        admin_services.create_entrustment(
            current_user, from_unit=form.get("from_unit"), to_unit=form.get("to_unit"),
            workflows=form.getlist("workflows"), patent_types=form.getlist("patent_types"),
            valid_from=form.get("valid_from"), valid_to=form.get("valid_to"),
            instrument=form.get("instrument", ""))
        return _("已新增委托。")
    if kind == "update":
        admin_services.update_entrustment(
            current_user, form_int("id") or 0, valid_to=form.get("valid_to"),
            active=form.get("active") == "y")
        return _("已更新委托。")
    if kind == "threshold":
        admin_services.set_claim_threshold(current_user, form.get("amount", ""))
        return _("已更新报请市局的请求金额标准。")
    abort(400)


@bp.route("/admin/routing", methods=["GET", "POST"])
@roles_required("admin")
def admin_page():  # type: ignore[no-untyped-def]
    status = 200
    if request.method == "POST":
        try:
            message = _admin_post()
        except DomainError as err:
            abandon()
            _flash_error(err)
            status = err.status
        else:
            flash(message, "success")
            return redirect(url_for("routing.admin_page"))
    units = [u for u in list_all_units() if u.active]
    return render_template(
        "routing/admin.html", entrustments=admin_services.list_entrustments(),
        threshold=claim_threshold(), units=units, workflow_labels=WORKFLOW_LABELS,
        patent_type_labels=PATENT_TYPE_LABELS), status


# --- the user's own declared conflicts of interest -----------------------------------------

@bp.route("/profile/conflicts", methods=["GET", "POST"])
@login_required
def conflicts():  # type: ignore[no-untyped-def]
    status, form = 200, request.form
    if request.method == "POST":
        try:
            if form.get("form") == "delete":
                admin_services.remove_conflict(current_user, form_int("id") or 0)
                message = _("已删除申报。")
            else:
                admin_services.declare_conflict(current_user, name=form.get("name"),
                                                credit_code=form.get("credit_code"),
                                                note=form.get("note"))
                message = _("已登记利害关系申报。")
        except DomainError as err:
            abandon()
            _flash_error(err)
            status = err.status
        else:
            flash(message, "success")
            return redirect(url_for("routing.conflicts"))
    return render_template("routing/conflicts.html",
                           items=admin_services.list_conflicts(current_user)), status
