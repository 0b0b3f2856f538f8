"""Pages: the KPI dashboard, the cases behind a figure, oversight lists and exports."""

from __future__ import annotations

from math import ceil
from typing import Any

from flask import (
    Blueprint,
    Response,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases.queries import CaseFilters, case_list_query
from caseflow.errors import NotFound
from caseflow.hardening import int_arg
from caseflow.i18n_markers import N_
from caseflow.org.queries import list_units_in_scope
from caseflow.reports import exports
from caseflow.reports.cache import cached_kpis
from caseflow.reports.charts import Chart, bar_chart
from caseflow.reports.forms import ReportQuery, parse_report_args, resolve_unit
from caseflow.reports.kpis import UnknownFigure, terminal_states
from caseflow.reports.labels import FIGURES, closure_label, figure_label, figure_rows
from caseflow.reports.queries import (
    decision_pending_query,
    figure_cases,
    first_rows,
    missed_clocks_query,
    provisional_query,
    unsigned_query,
)
from caseflow.timeutil import today
from caseflow.vocabulary import CLOCK_LABELS
from caseflow.web import registry

bp = Blueprint("reports", __name__, url_prefix="/reports")
PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def _query() -> ReportQuery:
    return parse_report_args(current_user, request.args, today())


def _kpis(query: ReportQuery) -> dict[str, Any]:
    return _timed_kpis(query)[0]


def _timed_kpis(query: ReportQuery) -> tuple[dict[str, Any], Any]:
    return cached_kpis(query.unit, query.date_from, query.date_to, today(), registry())


def _charts(kpis: dict[str, Any]) -> list[Chart]:
    intake = [(str(FIGURES[k][0]), kpis[k]) for k in ("received", "accepted", "refused")]
    closed = [(closure_label(k, registry()), n) for k, n in kpis["closed_by_type"].items()]
    return [bar_chart(_("收件与受理"), intake), bar_chart(_("结案方式"), closed)]


@bp.get("/kpis")
@roles_required("supervisor")
def dashboard():  # type: ignore[no-untyped-def]
    query = _query()
    kpis, computed_at = _timed_kpis(query)
    return render_template("reports/dashboard.html", query=query, args=query.args,
                           computed_at=computed_at,
                           rows=figure_rows(kpis, registry()), charts=_charts(kpis),
                           units=list_units_in_scope(current_user.unit), figures=FIGURES)


@bp.get("/kpis/cases")
@roles_required("supervisor")
def figure_list():  # type: ignore[no-untyped-def]
    query, figure = _query(), request.args.get("figure", "")
    page = int_arg("page", 1)
    try:
        items, total = figure_cases(query, figure, today(), registry(), page, PER_PAGE)
    except UnknownFigure:
        raise NotFound(N_("没有这个统计指标。")) from None
    label = figure_label(figure, registry())
    status = exports.status_namer(registry())
    return render_template("reports/cases.html", query=query, args=query.args, figure=figure,
                           label=label, rows=[(case, status(case)) for case in items],
                           total=total, page=page, pages=max(1, ceil(total / PER_PAGE)))


@bp.get("/oversight")
@roles_required("supervisor")
def oversight():  # type: ignore[no-untyped-def]
    unit, now = resolve_unit(current_user, request.args.get("unit")), today()
    terminal = terminal_states(registry())
    status = exports.status_namer(registry())
    sections = [("decision_pending", _("待审批处理决定"), first_rows(decision_pending_query(unit))),
                ("unsigned", _("尚未签收的案件"), first_rows(unsigned_query(unit, terminal))),
                ("provisional", _("期限暂定的案件"), first_rows(provisional_query(unit, terminal)))]
    missed = first_rows(missed_clocks_query(unit, terminal, now), scalars=False)
    return render_template("reports/oversight.html", unit=unit, sections=sections,
                           missed=missed, status=status, kind_labels=CLOCK_LABELS, today=now,
                           units=list_units_in_scope(current_user.unit))


def _case_filters() -> CaseFilters:
    args = {k: request.args.get(k, "").strip() or None
            for k in ("status", "workflow", "unit", "assignee", "q")}
    return CaseFilters(**args, overdue=request.args.get("overdue") in ("1", "true", "on"))


def _download_name(stem: str, ext: str) -> str:
    return f"caseflow-{stem}-{today().isoformat()}.{ext}"


def _csv_response(lines: Any, stem: str) -> Response:
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename={_download_name(stem, 'csv')}"})


def _xlsx_response(title: str, header: Any, rows: Any, stem: str):  # type: ignore[no-untyped-def]
    handle = exports.xlsx_file(title, header, rows)
    return send_file(handle, mimetype=XLSX, as_attachment=True,
                     download_name=_download_name(stem, "xlsx"))


@bp.get("/cases.csv")
@roles_required(*CASE_ROLES)
def cases_csv():  # type: ignore[no-untyped-def]
    rows = exports.case_rows(case_list_query(current_user, _case_filters()), registry())
    return _csv_response(exports.csv_lines(exports.CASE_HEADER, rows), "cases")


@bp.get("/cases.xlsx")
@roles_required(*CASE_ROLES)
def cases_xlsx():  # type: ignore[no-untyped-def]
    rows = exports.case_rows(case_list_query(current_user, _case_filters()), registry())
    return _xlsx_response("案件列表", exports.CASE_HEADER, rows, "cases")


@bp.get("/kpis.csv")
@roles_required("supervisor")
def kpis_csv():  # type: ignore[no-untyped-def]
    query = _query()
    rows = exports.kpi_rows(query, _kpis(query), registry())
    return _csv_response(exports.csv_lines(exports.KPI_HEADER, rows), "kpis")


@bp.get("/kpis.xlsx")
@roles_required("supervisor")
def kpis_xlsx():  # type: ignore[no-untyped-def]
    query = _query()
    rows = exports.kpi_rows(query, _kpis(query), registry())
    return _xlsx_response("统计指标", exports.KPI_HEADER, rows, "kpis")
