"""The case page, its generic action endpoint (STYLE.md §5) and the identity reveal."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases import page, services
from caseflow.cases.actions import perform_action
from caseflow.cases.forms import action_args, action_data
from caseflow.cases.models import Case
from caseflow.cases.offers import available_actions
from caseflow.cases.panel import current_panel
from caseflow.cases.panel_views import recusal_forms
from caseflow.cases.presenters import transitions_for
from caseflow.cases.recusals import list_recusals
from caseflow.cases.scope import get_case_for
from caseflow.cases.views import bp, common_labels
from caseflow.deadlines.clocks import clock_status, days_left
from caseflow.deadlines.services import list_clocks, load_calendar
from caseflow.documents.pages import case_documents
from caseflow.errors import DomainError, NotFound
from caseflow.i18n_markers import N_
from caseflow.templating import localized, warning_text
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.vocabulary import (
    CLOCK_LABELS,
    CLOCK_STATUS_LABELS,
    CLOSURE_LABELS,
)
from caseflow.web import registry, status_label
from caseflow.workflow.diagram import layout

CLOCK_COLOURS = {"running": "primary", "paused": "secondary", "met": "success", "missed": "danger",
                 "info": "info"}
CLOCK_STATUS = {k: (CLOCK_STATUS_LABELS[k], colour) for k, colour in CLOCK_COLOURS.items()}


def deadline_rows(case: Case) -> list[dict[str, Any]]:
    """Return the case's clocks as the page shows them: label, party, state, days left."""
    calendar, now = load_calendar(), today()
    names = {p.id: p.name for p in case.parties}
    return [{"clock": c, "label": CLOCK_LABELS.label(c.kind),
             "party": names.get(c.party_id) if c.party_id else None,
             "state": clock_status(c, now),  # type: ignore[arg-type]
             "status": CLOCK_STATUS[clock_status(c, now)],  # type: ignore[arg-type]
             "days_left": days_left(c, calendar, now)}  # type: ignore[arg-type]
            for c in list_clocks(case)]


def render_case(case: Case, status: int = 200, failed: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Render the case page; `failed` carries a refused action's message, fields and input."""
    workflow = registry().get(case.workflow, case.workflow_version).workflow
    offers = available_actions(case, current_user, registry())
    deadlines = deadline_rows(case)
    page_html = render_template(
        "cases/detail.html", case=case, status_label=status_label(case), offers=offers,
        acts=page.acts(offers), transitions=transitions_for(offers),
        deadlines=deadlines, next_deadline=page.next_deadline(deadlines),
        events=page.history(case, registry(), current_user),
        failed=failed or {}, today=today().isoformat(), closure_labels=CLOSURE_LABELS,
        diagram=layout(workflow), correctable=offers.allows("correct"), rules=workflow.rules,
        panel=current_panel(case), recusals=list_recusals(case), **recusal_forms(case),
        **case_documents(case), **common_labels())
    return page_html, status


@bp.get("/<int:case_id>")
@roles_required(*CASE_ROLES)
def case_detail(case_id: int):  # type: ignore[no-untyped-def]
    return render_case(get_case_for(current_user, case_id))


@bp.post("/<int:case_id>/actions/<trigger>")
@roles_required(*CASE_ROLES)
def case_action(case_id: int, trigger: str):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id, for_update=True)
    spec = registry().get(case.workflow, case.workflow_version).workflow.find(case.status,
                                                                                 trigger)
    data = action_data(spec.inputs if spec else (), request.form, [p.id for p in case.parties])
    try:
        result = perform_action(case, trigger, current_user, registry=registry(), data=data,
                                **action_args(request.form))
    except DomainError as err:
        abandon()
        failed = {"trigger": trigger, "message": err.localized(), "fields": err.localized_fields(),
                  "values": request.form}
        return render_case(get_case_for(current_user, case_id), err.status, failed)
    flash(_("已办理：%(a)s。", a=localized(spec.label) if spec else trigger), "success")
    for warning in result.warnings:
        flash(warning_text(warning), "warning")
    return redirect(url_for("cases.case_detail", case_id=case_id))


@bp.post("/<int:case_id>/parties/<int:party_id>/identity")
@roles_required(*CASE_ROLES)
def reveal_identity(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    party = services.case_party(case, party_id)
    if party is None:
        raise NotFound(N_("当事人不存在。"))
    try:
        number = services.reveal_identity(current_user, case, party)
    except DomainError as err:  # e.g. 409 pii_key_mismatch: said on the page, nothing recorded
        abandon()
        flash(err.localized(), "danger")
        return render_case(get_case_for(current_user, case_id), err.status)
    # Shown in this response, not after a redirect, so the number never rides in the cookie.
    flash(_("%(name)s 的完整身份证号：%(number)s（本次查看已记入审计日志）", name=party.name,
            number=number), "warning")
    return render_case(case)
