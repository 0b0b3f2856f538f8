"""The administrator's calendar: overrides that win over the package, loaded years."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.deadlines.models import CalendarDay, CalendarYear, CaseClock
from caseflow.deadlines.services import forget_calendar, recompute_clocks
from caseflow.errors import Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.workflow.engine import Registry


def _require_admin(actor: User) -> None:
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以维护工作日历。"))


def _affected_cases(day: date | None, year: int | None) -> list[Case]:
    conditions = [CaseClock.provisional.is_(True)]
    if day is not None:
        conditions.append((CaseClock.started_on < day) & (CaseClock.due_on >= day))
    if year is not None:
        conditions.append(CaseClock.due_on >= date(year, 1, 1))
    ids = select(CaseClock.case_id).where(or_(*conditions))
    return list(db.session.scalars(select(Case).where(Case.id.in_(ids))))


def _recompute(registry: Registry, day: date | None = None, year: int | None = None) -> int:
    forget_calendar()
    cases = _affected_cases(day, year)
    for case in cases:
        recompute_clocks(case, registry)
    return len(cases)


def set_day(actor: User, *, day: date, is_workday: bool, name: str, notice: str,
            registry: Registry) -> int:
    """Record an override for one date and recompute the clocks it touches."""
    _require_admin(actor)
    if not notice.strip():
        raise ValidationFailed(N_("提交的内容有误。"), fields={"notice": N_("请注明依据的官方通知。")})
    row = db.session.get(CalendarDay, day) or CalendarDay(day=day)
    before = None if row.is_workday is None else row.is_workday
    row.is_workday, row.name, row.notice = is_workday, name.strip()[:40], notice.strip()[:200]
    row.created_by = actor.username
    db.session.add(row)
    db.session.flush()
    audit.record("calendar_day_set", actor=actor, on=day,
                 data={"day": day, "is_workday": is_workday, "before": before,
                       "name": row.name, "notice": row.notice})
    return _recompute(registry, day=day)


def remove_day(actor: User, day: date, registry: Registry) -> int:
    """Delete an override and recompute."""
    _require_admin(actor)
    row = db.session.get(CalendarDay, day)
    if row is None:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"day": N_("该日期没有调整记录。")})
    db.session.delete(row)
    db.session.flush()
    audit.record("calendar_day_removed", actor=actor, on=day, data={"day": day})
    return _recompute(registry, day=day)


def load_year(actor: User, *, year: int, notice: str, registry: Registry) -> int:
    """Declare a year's official schedule fully entered: its dates stop being provisional."""
    _require_admin(actor)
    errors = {}
    if not 2027 <= year <= 2100:
        errors["year"] = N_("只能登记 2027 年及以后的年份（更早年份已内置）。")
    if not notice.strip():
        errors["notice"] = N_("请注明国务院办公厅通知的文号。")
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    row = db.session.get(CalendarYear, year) or CalendarYear(year=year)
    row.notice, row.loaded_by = notice.strip()[:200], actor.username
    db.session.add(row)
    db.session.flush()
    audit.record("calendar_year_loaded", actor=actor, data={"year": year, "notice": row.notice})
    return _recompute(registry, year=year)


def list_days() -> list[CalendarDay]:
    return list(db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def list_years() -> list[CalendarYear]:
    return list(db.session.scalars(select(CalendarYear).order_by(CalendarYear.year)))
