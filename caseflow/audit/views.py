"""Audit review for supervisors and admins: search the trail, verify the chain, export a case."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from caseflow.audit.describe import describe
from caseflow.audit.export import case_bundle, case_csv, record_export
from caseflow.audit.queries import (
    REVIEWER_ROLES,
    EventFilters,
    EventPage,
    list_reviewable_units,
    parse_cursor,
    parse_event_args,
    search_events,
    unit_names,
    visible_case_ids,
)
from caseflow.audit.services import verify_chain
from caseflow.auth.permissions import can_work_cases, roles_required
from caseflow.cases.scope import get_case_for
from caseflow.database import WRITE_INTENT, writes_on_get
from caseflow.errors import localize_all
from caseflow.i18n_markers import N_
from caseflow.transaction import abandon
from caseflow.vocabulary import ACTION_LABELS
from caseflow.web import registry

bp = Blueprint("audit", __name__)
PER_PAGE = 50



def _cursors(errors: dict[str, str]) -> tuple[int | None, int | None]:
    cursors = []
    for key in ("before", "after"):
        try:
            cursors.append(parse_cursor(request.args, key))
        except ValueError:
            errors[key] = N_("翻页参数无效。")
            cursors.append(None)
    return cursors[0], cursors[1]


def _rows(page: EventPage) -> list[dict[str, Any]]:
    names, workflows = unit_names(), registry()
    linked = visible_case_ids(current_user, (e.case_id for e in page.items)) \
        if can_work_cases(current_user) else set()
    return [{"event": e, "unit": names.get(e.unit_code or "", e.unit_code or ""),
             "description": describe(e, workflows, names), "case_link": e.case_id in linked}
            for e in page.items]


def _render(filters: EventFilters, errors: dict[str, str], page: EventPage,
            status: int = 200):  # type: ignore[no-untyped-def]
    paged = bool(request.args.get("before") or request.args.get("after"))
    return render_template("audit/index.html", rows=_rows(page), page=page, args=filters.args,
                           errors=localize_all(errors), paged=paged, actions=ACTION_LABELS,
                           units=list_reviewable_units(current_user)), status


@bp.get("/audit")
@roles_required(*REVIEWER_ROLES)
def event_list():  # type: ignore[no-untyped-def]
    filters, errors = parse_event_args(request.args, current_user)
    before, after = _cursors(errors)
    if errors:
        return _render(filters, errors, EventPage([]), 422)
    page = search_events(filters, current_user, before_seq=before, after_seq=after,
                         limit=PER_PAGE)
    return _render(filters, errors, page)


@bp.post("/audit/verify")
@roles_required(*REVIEWER_ROLES)
def verify():  # type: ignore[no-untyped-def]
    # A POST opens SQLite's write lock up front; the scan only reads, so end that transaction
    # and let the scan run as a plain WAL reader instead of holding every writer back.
    abandon()
    WRITE_INTENT.set(False)
    return render_template("audit/verify.html", verdict=verify_chain())


def _attachment(body: str, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/cases/<int:case_id>/audit.json")
@writes_on_get
@roles_required(*REVIEWER_ROLES)
def case_bundle_json(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    bundle = case_bundle(case)
    record_export(current_user, case, "json", channel="web", bundle=bundle)
    return _attachment(json.dumps(bundle, ensure_ascii=False, indent=2), "application/json",
                       f"caseflow-audit-case-{case.id}.json")


@bp.get("/cases/<int:case_id>/audit.csv")
@writes_on_get
@roles_required(*REVIEWER_ROLES)
def case_audit_csv(case_id: int):  # type: ignore[no-untyped-def]
    case = get_case_for(current_user, case_id)
    text = case_csv(case, registry())
    record_export(current_user, case, "csv", channel="web")
    return _attachment(text, "text/csv; charset=utf-8", f"caseflow-audit-case-{case.id}.csv")
