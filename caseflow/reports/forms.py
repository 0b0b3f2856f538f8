"""Reading a report's period and unit from query arguments (pages and API alike)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from caseflow.auth.models import User
from caseflow.errors import NotFound, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.timeutil import parse_date


@dataclass(frozen=True)
class ReportQuery:
    """The validated period and unit of a report."""

    unit: Unit
    date_from: date
    date_to: date

    @property
    def args(self) -> dict[str, str]:
        """The query arguments that reproduce this report."""
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "unit": self.unit.code}


def _date(args: Mapping[str, str], key: str, default: date, errors: dict[str, str]) -> date:
    text = (args.get(key) or "").strip()
    if not text:
        return default
    try:
        return parse_date(text)
    except ValueError:
        errors[key] = N_("日期格式应为 YYYY-MM-DD。")
        return default


def resolve_unit(user: User, code: str | None) -> Unit:
    """Return the requested unit (default: the user's); 422 if unknown, 404 if out of scope."""
    code = (code or "").strip()
    if not code:
        return user.unit
    unit = get_unit_by_code(code)
    if unit is None:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"unit": N_("没有这个单位。")})
    if not unit.is_within(user.unit):
        raise NotFound(N_("单位不存在或不在您的管辖范围内。"))
    return unit


def parse_report_args(user: User, args: Mapping[str, str], today: date) -> ReportQuery:
    """Validate ?from=&to=&unit= (default: 1 January of this year to today, the user's unit)."""
    errors: dict[str, str] = {}
    date_from = _date(args, "from", date(today.year, 1, 1), errors)
    date_to = _date(args, "to", today, errors)
    if not errors and date_from > date_to:
        errors["to"] = N_("结束日期不能早于开始日期。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    return ReportQuery(resolve_unit(user, args.get("unit")), date_from, date_to)
