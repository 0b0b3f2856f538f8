"""Reading the audit trail: filtered, scoped, keyset-paged by `seq` (never OFFSET).

A page is `seq < before ORDER BY seq DESC LIMIT n+1` (or `seq > after ORDER BY seq ASC` for the
newer page), so its cost does not grow with how far back the reader has paged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.scope import visible_to
from caseflow.errors import Forbidden
from caseflow.extensions import db
from caseflow.hardening import MAX_ID, MAX_INT
from caseflow.i18n_markers import N_
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.timeutil import SHANGHAI, parse_date

REVIEWER_ROLES = ("supervisor", "admin")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class EventFilters:
    """What to look for; dates are Asia/Shanghai calendar days, both ends included."""

    actor: str | None = None
    unit: Unit | None = None
    action: str | None = None
    case_id: int | None = None
    case_number: str | None = None
    at_from: date | None = None
    at_to: date | None = None
    on_from: date | None = None
    on_to: date | None = None
    args: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class EventPage:
    """One page, newest first, with the cursors of its neighbours (None: no such page)."""

    items: list[AuditEvent]
    older_before: int | None = None
    newer_after: int | None = None


FIELDS = ("actor", "unit", "action", "case", "from", "to", "on_from", "on_to")


def _day(args: Mapping[str, str], key: str, errors: dict[str, str]) -> date | None:
    text = (args.get(key) or "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        errors[key] = N_("日期格式应为 YYYY-MM-DD。")
        return None


def _unit(viewer: User, code: str, errors: dict[str, str]) -> Unit | None:
    if not code:
        return None
    unit = get_unit_by_code(code)
    if unit is None or (viewer.role != "admin" and not unit.is_within(viewer.unit)):
        errors["unit"] = N_("单位不存在或不在您的管辖范围内。")
        return None
    return unit


def parse_event_args(args: Mapping[str, str], viewer: User) -> tuple[EventFilters, dict[str, str]]:
    """Read ?actor=&unit=&action=&case=&from=&to=&on_from=&on_to=; return filters and errors."""
    errors: dict[str, str] = {}
    raw = {k: (args.get(k) or "").strip()[:100] for k in FIELDS}
    case = raw["case"]
    is_number = case.isascii() and case.isdigit()
    if is_number and int(case) > MAX_ID:
        errors["case"] = N_("案件编号超出范围。")
        is_number = False
    dates = {k: _day(args, k, errors) for k in ("from", "to", "on_from", "on_to")}
    for lo, hi in (("from", "to"), ("on_from", "on_to")):
        if dates[lo] and dates[hi] and dates[lo] > dates[hi]:
            errors[hi] = N_("结束日期不能早于开始日期。")
    filters = EventFilters(
        actor=raw["actor"] or None, unit=_unit(viewer, raw["unit"], errors),
        action=raw["action"] or None,
        case_id=int(case) if is_number else None,
        case_number=case if case and not is_number else None,
        at_from=dates["from"], at_to=dates["to"], on_from=dates["on_from"], on_to=dates["on_to"],
        args={k: v for k, v in raw.items() if v})
    return filters, errors


def parse_cursor(args: Mapping[str, str], key: str) -> int | None:
    """Read a keyset cursor (?before= or ?after=); raise ValueError when it is not a number."""
    text = (args.get(key) or "").strip()
    if not text:
        return None
    value = int(text)
    if not 0 <= value <= MAX_INT:
        raise ValueError(text)
    return value


def utc_bound(day: date) -> datetime:
    """Return the naive-UTC instant at which `day` begins in Asia/Shanghai."""
    return datetime.combine(day, time(), SHANGHAI).astimezone(UTC).replace(tzinfo=None)


def _scope(viewer: User) -> ColumnElement[bool] | None:
    """Admins see every event; a supervisor sees their subtree's events and their cases'."""
    if viewer.role not in REVIEWER_ROLES:
        raise Forbidden(N_("只有审核人员和系统管理员可以查阅审计日志。"))
    if viewer.role == "admin":
        return None
    units = select(Unit.code).where(Unit.path.startswith(viewer.unit.path, autoescape=True))
    cases = select(Case.id).where(visible_to(viewer))
    return or_(AuditEvent.unit_code.in_(units), AuditEvent.case_id.in_(cases))


def _conditions(filters: EventFilters, viewer: User) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    scope = _scope(viewer)
    if scope is not None:
        conds.append(scope)
    if filters.actor:
        conds.append(AuditEvent.actor == filters.actor)
    if filters.unit is not None:
        codes = select(Unit.code).where(Unit.path.startswith(filters.unit.path, autoescape=True))
        conds.append(AuditEvent.unit_code.in_(codes))
    if filters.action:
        conds.append(AuditEvent.action == filters.action)
    if filters.case_id is not None:
        conds.append(AuditEvent.case_id == filters.case_id)
    if filters.case_number:
        case_id = db.session.scalar(select(Case.id).where(
            or_(Case.number == filters.case_number, Case.receipt_number == filters.case_number)))
        conds.append(AuditEvent.case_id == case_id if case_id is not None else false())
    if filters.at_from:
        conds.append(AuditEvent.at >= utc_bound(filters.at_from))
    if filters.at_to:
        conds.append(AuditEvent.at < utc_bound(filters.at_to + timedelta(days=1)))
    if filters.on_from:
        conds.append(AuditEvent.on >= filters.on_from)
    if filters.on_to:
        conds.append(AuditEvent.on <= filters.on_to)
    return conds


def _any(conds: list[ColumnElement[bool]], edge: ColumnElement[bool]) -> bool:
    stmt: Select[Any] = select(AuditEvent.seq).where(*conds, edge).limit(1)
    return db.session.scalar(stmt) is not None


def search_events(filters: EventFilters, viewer: User, *, before_seq: int | None = None,
                  after_seq: int | None = None, limit: int = 50) -> EventPage:
    """Return one page of the events `viewer` may see, newest first, by keyset on seq."""
    limit = max(1, min(limit, MAX_PER_PAGE))
    conds = _conditions(filters, viewer)
    seq = AuditEvent.seq
    if after_seq is not None:
        stmt = select(AuditEvent).where(*conds, seq > after_seq).order_by(seq.asc())
        rows = list(db.session.scalars(stmt.limit(limit + 1)))
        items = rows[:limit][::-1]
        newer = items[0].seq if len(rows) > limit else None
        older = items[-1].seq if items and _any(conds, seq < items[-1].seq) else None
        return EventPage(items, older, newer)
    stmt = select(AuditEvent).where(*conds).order_by(seq.desc())
    if before_seq is not None:
        stmt = stmt.where(seq < before_seq)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    items = rows[:limit]
    older = items[-1].seq if len(rows) > limit else None
    newer = items[0].seq if items and before_seq is not None and \
        _any(conds, seq > items[0].seq) else None
    return EventPage(items, older, newer)


def visible_case_ids(viewer: User, case_ids: Iterable[int | None]) -> set[int]:
    """Return those of `case_ids` whose case `viewer` may open."""
    wanted = {i for i in case_ids if i is not None}
    if not wanted:
        return set()
    stmt = select(Case.id).where(Case.id.in_(wanted), visible_to(viewer))
    return set(db.session.scalars(stmt))


def unit_names() -> dict[str, str]:
    """Return code -> short name of every unit (the tree is small) for `describe`."""
    return {u.code: u.display_name for u in db.session.scalars(select(Unit))}


def list_reviewable_units(viewer: User) -> list[Unit]:
    """Return the units a reviewer may filter by: all for admins, the subtree otherwise."""
    stmt = select(Unit).order_by(Unit.path)
    if viewer.role != "admin":
        stmt = stmt.where(Unit.path.startswith(viewer.unit.path, autoescape=True))
    return list(db.session.scalars(stmt))


def user_names(usernames: Iterable[str]) -> dict[str, str]:
    """Return username -> name for those of `usernames` that are users, for `describe`."""
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.username, User.name).where(User.username.in_(wanted)))
    return {username: name for username, name in rows}
