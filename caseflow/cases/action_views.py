"""The case page, its generic action endpoint (STYLE.md §5) and the identity reveal."""

from __future__ import annotations

import json
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow.audit.describe import describe
from caseflow.audit.services import list_case_events
from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases import services
from caseflow.cases.actions import perform_action
from caseflow.cases.forms import action_args, action_data
from caseflow.cases.models import Case
from caseflow.cases.offers import available_actions
from caseflow.cases.presenters import transitions_for
from caseflow.cases.queries import get_visible_numbers
from caseflow.cases.scope import get_case_for
from caseflow.cases.views import bp, common_labels
from caseflow.deadlines.clocks import clock_status, days_left
from caseflow.deadlines.services import list_clocks, load_calendar
from caseflow.errors import DomainError, NotFound
from caseflow.i18n_markers import N_
from caseflow.templating import localized, warning_text
from caseflow.timeutil import today
from caseflow.transaction import abandon
from caseflow.vocabulary import (
    ACTION_LABELS,
    CHOICE_LABELS,
    CLOCK_LABELS,
    CLOCK_STATUS_LABELS,
    CLOSURE_LABELS,
    WORKFLOW_LABELS,
)
from caseflow.web import registry, status_label
from caseflow.workflow.diagram import layout
from caseflow.workflow.spec import Workflow

CLOCK_COLOURS = {"running": "primary", "paused": "secondary", "met": "success", "missed": "danger",
                 "info": "info"}
CLOCK_STATUS = {k: (CLOCK_STATUS_LABELS[k], colour) for k, colour in CLOCK_COLOURS.items()}
HIDDEN_DATA = ("trigger", "inputs", "note", "warnings", "number", "routing_reasons",
               "routing_basis")
DATA_LABELS = {"receipt_number": _l("收件编号"), "workflow": _l("程序"), "patent": _l("专利号"),
               "intake_unit": _l("收件单位"), "handling_unit": _l("办案单位"),
               "parties": _l("当事人数"), "routing_override": _l("改变办案单位的理由"),
               "party": _l("当事人编号"), "name": _l("姓名"), "reason": _l("理由"),
               "days": _l("天数")}


def _deadline_rows(case: Case) -> list[dict[str, Any]]:
    calendar, now = load_calendar(), today()
    names = {p.id: p.name for p in case.parties}
    return [{"clock": c, "label": CLOCK_LABELS.label(c.kind),
             "party": names.get(c.party_id) if c.party_id else None,
             "status": CLOCK_STATUS[clock_status(c, now)],  # type: ignore[arg-type]
             "days_left": days_left(c, calendar, now)}  # type: ignore[arg-type]
            for c in list_clocks(case)]


def _shown(value: Any, names: dict[int, str]) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "；".join(f"{names.get(r.get('party'), r.get('party'))} {r.get('received_on')}"
                        if isinstance(r, dict) else str(r) for r in value)
    if isinstance(value, str):
        return str(CHOICE_LABELS.get(value) or WORKFLOW_LABELS.get(value) or value)
    return str(value)


def _warnings(data: dict[str, Any]) -> list[dict[str, Any]]:
    warnings = data.get("warnings") if isinstance(data.get("warnings"), list) else []
    return [w for w in warnings if isinstance(w, dict)]


def _warning_shown(warning: dict[str, Any], numbers: dict[int, str]) -> str:
    """A recorded warning; a confirmed duplicate is named only to a reader who may see it."""
    other = warning.get("duplicate_case_id")
    if warning.get("code") == "duplicate_confirmed" and other in numbers:
        return _("已确认与 %(number)s 并存。", number=numbers[other])
    return warning_text(warning)


def _details(data: dict[str, Any], workflow: Workflow, names: dict[int, str],
             numbers: dict[int, str]) -> list[tuple]:
    spec = next((t for t in workflow.transitions if t.trigger == data.get("trigger")), None)
    inputs = data.get("inputs") if isinstance(data.get("inputs"), dict) else {}
    out = [((localized(spec.input(k).label) if spec and spec.input(k) else k), _shown(v, names))
           for k, v in inputs.items()]
    out += [(DATA_LABELS.get(k, k), _shown(v, names)) for k, v in data.items()
            if k not in HIDDEN_DATA and v not in (None, "", [], {})]
    return out + [(_("提示"), _warning_shown(w, numbers)) for w in _warnings(data)]


def _event_rows(case: Case, workflow: Workflow) -> list[dict[str, Any]]:
    names = {p.id: p.name for p in case.parties}
    rows = []
    events = [(event, json.loads(event.data)) for event in list_case_events(case.id)]
    others = {w["duplicate_case_id"] for _e, data in events for w in _warnings(data)
              if isinstance(w.get("duplicate_case_id"), int)}
    numbers = get_visible_numbers(current_user, others)
    for event, data in events:
        trigger = workflow.trigger_label(data.get("trigger") or "")
        details = [(_("内容"), describe(event, registry()))] \
            if event.action == "case_corrected" else _details(data, workflow, names, numbers)
        rows.append({"event": event, "details": details,
                     "label": localized(trigger) if trigger else ACTION_LABELS.label(event.action),
                     "from": _state(workflow, event.from_status),
                     "to": _state(workflow, event.to_status), "note": data.get("note")})
    return rows


def _state(workflow: Workflow, name: str | None) -> str:
    state = workflow.state(name) if name else None
    return localized(state.label) if state else (name or "")


def render_case(case: Case, status: int = 200, failed: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Render the case page; `failed` carries a refused action's message, fields and input."""
    workflow = registry().get(case.workflow, case.workflow_version).workflow
    offers = available_actions(case, current_user, registry())
    page = render_template(
        "cases/detail.html", case=case, status_label=status_label(case), offers=offers,
        transitions=transitions_for(offers),
        deadlines=_deadline_rows(case), events=_event_rows(case, workflow),
        failed=failed or {}, today=today().isoformat(), closure_labels=CLOSURE_LABELS,
        diagram=layout(workflow), correctable=offers.allows("correct"),
        **common_labels())
    return page, status


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
