"""CSV (streamed, UTF-8 with BOM for Excel/WPS) and XLSX (openpyxl write-only) exports."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.reports.forms import ReportQuery
from caseflow.reports.labels import figure_rows
from caseflow.templating import localized
from caseflow.vocabulary import CHOICE_LABELS, CLOSURE_LABELS, SOURCE_LABELS, WORKFLOW_LABELS
from caseflow.workflow.engine import Registry

BOM = "\ufeff"
BATCH = 500
CASE_HEADER = ("案号", "收件编号", "程序", "状态", "来源", "专利号", "专利类型", "请求人",
               "被请求人", "办案单位", "收件日期", "立案日期", "结案日期", "结案方式", "处理结果")
KPI_HEADER = ("统计单位", "起始日期", "截止日期", "指标代码", "指标", "数值", "显示值", "口径")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from reading a party's name as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _label(table: Mapping[str, Any], key: str | None) -> str:
    return str(table.get(key, key)) if key else ""


def _case_row(case: Case, status: Callable[[Case], str]) -> list[Any]:
    return [case.number or "", case.receipt_number or "", _label(WORKFLOW_LABELS, case.workflow),
            status(case), _label(SOURCE_LABELS, case.source), case.patent.number,
            case.patent.type_label, "、".join(p.name for p in case.requesters),
            "、".join(p.name for p in case.respondents), case.handling_unit.name,
            case.received_on, case.filed_on, case.closed_on,
            _label(CLOSURE_LABELS, case.closure_type), _label(CHOICE_LABELS, case.outcome)]


def status_namer(registry: Registry) -> Callable[[Case], str]:
    """Return a function naming a case's state in the current language (cached per version)."""
    cache: dict[tuple[str, int, str], str] = {}

    def name(case: Case) -> str:
        key = (case.workflow, case.workflow_version, case.status)
        if key not in cache:
            state = registry.get(case.workflow, case.workflow_version).workflow.state(case.status)
            cache[key] = localized(state.label) if state else case.status
        return cache[key]

    return name


def case_rows(stmt: Select[tuple[Case]], registry: Registry) -> Iterator[list[Any]]:
    """Yield one row per case, reading the cases in batches of BATCH."""
    status = status_namer(registry)
    stmt = stmt.options(selectinload(Case.parties)).execution_options(yield_per=BATCH)
    for case in db.session.scalars(stmt):
        yield _case_row(case, status)


def kpi_rows(query: ReportQuery, kpis: Mapping[str, Any], registry: Registry) -> list[list[Any]]:
    """Return the KPI table: one row per figure, closed_by_type split by type."""
    unit = f"{query.unit.code} {query.unit.name}"
    return [[unit, query.date_from, query.date_to, row["key"], row["label"], row["value"],
             row["shown"], row["help"]]
            for row in figure_rows(kpis, registry)]


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    cells = ["" if v is None else v.isoformat() if isinstance(v, date) else _safe(v)
             for v in values]
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Yield the CSV text line by line, the first one prefixed by a UTF-8 byte-order mark."""
    yield BOM + _csv_line(header)
    for row in rows:
        yield _csv_line(row)


def xlsx_file(title: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> IO[bytes]:
    """Write a one-sheet workbook to an anonymous temporary file and return it rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_safe(v) for v in row])
    # Handed to send_file, which closes it (and so deletes it) once the response is sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
