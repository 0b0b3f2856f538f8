"""Case pages: the list and the intake page (the case page and its actions: action_views)."""

from __future__ import annotations

from math import ceil
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases import services
from caseflow.cases.forms import intake_dict, intake_values
from caseflow.cases.intake import MEDIATION_SUBJECTS, WORKFLOWS, parse_intake
from caseflow.cases.models import Case
from caseflow.cases.queries import CaseFilters, list_cases
from caseflow.deadlines.queries import next_due_dates
from caseflow.errors import Conflict, ValidationFailed, localize_all
from caseflow.hardening import page_number
from caseflow.org.queries import list_units_in_scope
from caseflow.templating import localized, warning_text
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.vocabulary import (
    CHOICE_LABELS,
    PARTY_KIND_LABELS,
    PARTY_ROLE_LABELS,
    PATENT_TYPE_LABELS,
    PROCEDURE_LABELS,
    RECUSAL_STATUS_LABELS,
    RECUSAL_TARGET_LABELS,
    SOURCE_LABELS,
    WORKFLOW_LABELS,
)
from caseflow.web import registry, status_label

bp = Blueprint("cases", __name__, url_prefix="/cases")
PER_PAGE = 25
FILTER_KEYS = ("status", "workflow", "unit", "assignee", "q", "overdue")



def common_labels() -> dict[str, Any]:
    """Return the label tables the case templates share."""
    return {"workflow_labels": WORKFLOW_LABELS, "patent_type_labels": PATENT_TYPE_LABELS,
            "choice_labels": CHOICE_LABELS, "source_labels": SOURCE_LABELS,
            "procedure_labels": PROCEDURE_LABELS, "party_kind_labels": PARTY_KIND_LABELS,
            "party_role_labels": PARTY_ROLE_LABELS,
            "recusal_target_labels": RECUSAL_TARGET_LABELS,
            "recusal_status_labels": RECUSAL_STATUS_LABELS}



def _status_choices() -> list[tuple[str, str]]:
    """Every state once; labels shared by different states name their workflows."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for compiled in registry():
        wf = compiled.workflow
        for state in wf.states:
            label, workflows = seen.setdefault(state.name, (localized(state.label), []))
            if localized(wf.label) not in workflows:  # a workflow's versions name it once
                workflows.append(localized(wf.label))
    counts: dict[str, int] = {}
    for label, _workflows in seen.values():
        counts[label] = counts.get(label, 0) + 1
    return [(name, label if counts[label] == 1 else f"{label}（{'、'.join(wfs)}）")
            for name, (label, wfs) in seen.items()]


def _next_dues(cases: list[Case]) -> dict[int, Any]:
    """Return each case's earliest open due date, in one query for the whole page."""
    return next_due_dates([c.id for c in cases])


def _filters() -> tuple[CaseFilters, dict[str, str], int]:
    args = {k: request.args.get(k, "").strip() for k in FILTER_KEYS}
    filters = CaseFilters(status=args["status"] or None, workflow=args["workflow"] or None,
                          unit=args["unit"] or None, assignee=args["assignee"] or None,
                          q=args["q"] or None, overdue=args["overdue"] in ("1", "true", "on"))
    return filters, {k: v for k, v in args.items() if v}, page_number()


@bp.get("")
@roles_required(*CASE_ROLES)
def case_list():  # type: ignore[no-untyped-def]
    filters, args, page = _filters()
    items, total = list_cases(current_user, filters, max(page, 1), PER_PAGE)
    dues = _next_dues(items)
    rows = [{"case": c, "status_label": status_label(c), "next_due": dues.get(c.id),
             "requesters": "、".join(p.name for p in c.requesters),
             "respondents": "、".join(p.name for p in c.respondents)} for c in items]
    return render_template("cases/list.html", rows=rows, total=total, page=max(page, 1),
                           pages=max(1, ceil(total / PER_PAGE)), args=args,
                           units=list_units_in_scope(current_user.unit),
                           statuses=_status_choices(), today=today(), **common_labels())


def _blank_intake() -> dict[str, Any]:
    values = intake_values({})
    values.update(workflow="adjudication", received_on=today().isoformat(),
                  intake_unit=current_user.unit.code)
    blank = {"kind": "person"}
    values["requesters"], values["respondents"] = [dict(blank)], [dict(blank)]
    return values


def _render_intake(values: dict[str, Any], errors: dict[str, str] | None = None,
                   status: int = 200, duplicate: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    for key in ("requesters", "respondents"):
        values[key] = values[key] or [{"kind": "person"}]
    units = [u for u in list_units_in_scope(current_user.unit) if u.active]
    page = render_template("cases/new.html", values=values, errors=errors or {}, units=units,
                           workflows=WORKFLOWS, duplicate=duplicate,
                           mediation_subjects=MEDIATION_SUBJECTS, **common_labels())
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def new_case():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return _render_intake(_blank_intake())
    values = intake_values(request.form)
    inp, errors, warnings = parse_intake(intake_dict(values), today())
    if errors:
        return _render_intake(values, localize_all(errors), 422)
    try:
        case, warnings = services.open_case(current_user, inp, registry(), warnings)
    except (ValidationFailed, Conflict) as err:
        abandon()
        if err.code == "duplicate":
            return _render_intake(values, {}, err.status,
                                  dict(err.localized_fields(), message=err.localized()))
        return _render_intake(values, err.localized_fields() or {"_": err.localized()}, err.status)
    flash(_("已登记，收件编号 %(n)s；建议办案单位：%(u)s。", n=case.receipt_number,
            u=case.handling_unit.name), "success")
    for warning in warnings:
        flash_warning(case.id, warning)
    return redirect(url_for("cases.case_detail", case_id=case.id))


def flash_warning(case_id: int, warning: dict[str, Any]) -> None:
    """Flash a warning; one about a party (its credit code) links to that party's correction."""
    text = warning_text(warning)
    if not warning.get("party"):
        flash(text, "warning")
        return
    url = url_for("cases.correct_page", case_id=case_id, _anchor=f"party-{warning['party']}")
    flash(Markup('{} <a class="alert-link" href="{}">{}</a>').format(text, url, _("去更正")),
          "warning")
