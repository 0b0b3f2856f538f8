"""The supervisor's KPIs through the API, and the cases behind each figure."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from caseflow.api.base import api_auth, bp, page_args
from caseflow.api.openapi import _op, _q, add_paths
from caseflow.cases.presenters import case_summary
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.reports.forms import parse_report_args
from caseflow.reports.kpis import UnknownFigure, compute_kpis, list_figures
from caseflow.reports.queries import figure_cases
from caseflow.timeutil import today
from caseflow.web import registry


@bp.get("/reports/kpis")
@api_auth("supervisor")
def reports_kpis():  # type: ignore[no-untyped-def]
    query = parse_report_args(current_user, request.args, today())
    kpis = compute_kpis(query.unit, query.date_from, query.date_to, today(),
                        registry=registry())
    lists = {figure: url_for("api.reports_kpi_cases", figure=figure, **query.args)
             for figure in list_figures(kpis)}
    unit = query.unit
    return jsonify({**kpis, "period": {"from": query.args["from"], "to": query.args["to"]},
                    "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
                    "lists": lists})


@bp.get("/reports/kpis/cases")
@api_auth("supervisor")
def reports_kpi_cases():  # type: ignore[no-untyped-def]
    query = parse_report_args(current_user, request.args, today())
    page, per_page = page_args()
    figure = request.args.get("figure", "")
    try:
        items, total = figure_cases(query, figure, today(), registry(), page, per_page)
    except UnknownFigure:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"figure": N_("没有这个统计指标。")}) from None
    return jsonify({"items": [case_summary(c, registry()) for c in items], "total": total,
                    "page": page, "per_page": per_page})


_PERIOD = [_q("from"), _q("to"), _q("unit")]
add_paths({
    "/reports/kpis": {"get": _op(
        "KPIs of the cases handled in a unit's subtree over a period (supervisor)",
        params=_PERIOD, errors=(401, 403, 404, 422))},
    "/reports/kpis/cases": {"get": _op(
        "The cases behind one KPI figure (supervisor)",
        params=[_q("figure"), *_PERIOD, _q("page", "integer"), _q("per_page", "integer")],
        errors=(401, 403, 404, 422))},
})
