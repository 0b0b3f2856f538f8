"""The supervisor's KPIs through the API, and the cases behind each figure."""

from __future__ import annotations

from datetime import date

from flask import jsonify, request, url_for
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.cases import PageQuery
from caseflow.api.contract import PLAIN, Query, answers, api, query_of
from caseflow.api.schemas import CasePage, KpisOut
from caseflow.cases.presenters import case_summary
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.reports.forms import parse_report_args
from caseflow.reports.kpis import UnknownFigure, compute_kpis, list_figures
from caseflow.reports.queries import figure_cases
from caseflow.timeutil import today
from caseflow.web import registry


class PeriodQuery(Query):
    from_: date | None = Field(None, alias="from", description="default: 1 January")
    to: date | None = Field(None, description="default: today")
    unit: str = Field("", pattern=PLAIN, max_length=100, description="default: the user's unit")


@bp.get("/reports/kpis")
@api_auth("supervisor")
@api.validate(query=PeriodQuery, resp=answers(200, KpisOut, errors=(401, 403, 404, 422)))
def reports_kpis():  # type: ignore[no-untyped-def]
    """KPIs of the cases handled in a unit's subtree over a period (supervisor)."""
    query = parse_report_args(current_user, request.args, today())
    kpis = compute_kpis(query.unit, query.date_from, query.date_to, today(),
                        registry=registry())
    lists = {figure: url_for("api.reports_kpi_cases", figure=figure, **query.args)
             for figure in list_figures(kpis)}
    unit = query.unit
    return jsonify({**kpis, "period": {"from": query.args["from"], "to": query.args["to"]},
                    "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
                    "lists": lists})


class FigureQuery(PeriodQuery, PageQuery):
    figure: str = Field(pattern=PLAIN, max_length=100, description="a KPI name, or closed_by_type.<type>")


@bp.get("/reports/kpis/cases")
@api_auth("supervisor")
@api.validate(query=FigureQuery, resp=answers(200, CasePage, errors=(401, 403, 404, 422)))
def reports_kpi_cases():  # type: ignore[no-untyped-def]
    """The cases behind one KPI figure (supervisor)."""
    args = query_of()
    query = parse_report_args(current_user, request.args, today())
    page, per_page = args.page, min(100, args.per_page)
    try:
        items, total = figure_cases(query, args.figure, today(), registry(), page, per_page)
    except UnknownFigure:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"figure": N_("没有这个统计指标。")}) from None
    return jsonify({"items": [case_summary(c, registry()) for c in items], "total": total,
                    "page": page, "per_page": per_page})
