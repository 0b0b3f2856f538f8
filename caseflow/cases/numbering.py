"""Receipt numbers at intake and gap-free formal case numbers at filing."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from caseflow.cases.models import Case, NumberCounter
from caseflow.database import insert_if_absent
from caseflow.extensions import db
from caseflow.org.models import Unit

DEFAULT_FORMATS = {
    "adjudication": "{prefix}知裁〔{year}〕{serial}号",
    "prelitigation_mediation": "{prefix}知调〔{year}〕{serial}号",
    "court_entrusted_mediation": "{prefix}知委调〔{year}〕{serial}号",
}
DEFAULT_PREFIXES = {"370900": "泰市监", "370902": "泰山市监", "370911": "岱岳市监",
                    "370921": "宁阳市监", "370923": "东平市监", "370982": "新泰市监",
                    "370983": "肥城市监"}


def receipt_number(case: Case) -> str:
    """Return the intake receipt number (needs the case's id)."""
    return f"收{case.intake_unit.code}-{case.received_on.year}-{case.id:06d}"


def next_serial(key: str, year: int) -> int:
    """Take the next serial for (key, year) under a row lock, so no two filings share one
    (case numbers, and documents' 文号 under keys of their own)."""
    insert_if_absent(db.session, NumberCounter, {"key": key, "year": year, "last_value": 0},
                     ["key", "year"])
    counter = db.session.execute(
        select(NumberCounter).where(NumberCounter.key == key, NumberCounter.year == year)
        .with_for_update().execution_options(populate_existing=True)).scalar_one()
    counter.last_value += 1
    db.session.flush()
    return counter.last_value


def assign_case_number(case: Case, numbering_unit: Unit | None = None) -> str:
    """Allocate the formal number when the case is filed; the serial restarts every year."""
    unit = numbering_unit or case.handling_unit
    year = (case.filed_on or case.received_on).year
    formats = {**DEFAULT_FORMATS, **current_app.config.get("CASE_NUMBER_FORMATS", {})}
    prefixes = {**DEFAULT_PREFIXES, **current_app.config.get("CASE_NUMBER_PREFIXES", {})}
    template = formats[case.workflow]
    prefix = prefixes.get(unit.code) or unit.display_name.removesuffix("局")
    serial = next_serial(f"{unit.code}:{template}", year)
    case.number = template.format(prefix=prefix, year=year, serial=serial)
    return case.number
