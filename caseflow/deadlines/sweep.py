"""The daily sweep: remind assignees, report missed deadlines, escalate to supervisors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.deadlines.models import CaseClock, Notification
from caseflow.deadlines.rules import add_working_days, working_days_left
from caseflow.deadlines.services import load_calendar
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.notifications.services import queue_reminder
from caseflow.vocabulary import CLOCK_LABELS

ESCALATED = ("acceptance", "closure")
#: the texts of the sweep's notifications, stored in Chinese; `shown()` reads them back in the
#: current language (the notification keeps only the Chinese sentence)
MISSED = N_("案件 %(case)s 的%(clock)s已于 %(due)s 届满，已逾期。")
ESCALATION = N_("督办：案件 %(case)s 的%(clock)s（%(due)s）已逾期，请督促办理。")
DUE_TODAY = N_("案件 %(case)s 的%(clock)s今天届满。")
DUE_SOON = N_("案件 %(case)s 的%(clock)s将于 %(due)s 届满（还剩 %(left)s 个工作日）。")
UNSIGNED = N_("督办：案件 %(case)s 已于 %(due)s 交%(unit)s，超过 %(left)s 个工作日仍未签收。")
_PATTERNS = [(text, re.compile("^" + re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+?)",
                                             re.escape(text)) + "$"))
             for text in (MISSED, ESCALATION, DUE_TODAY, DUE_SOON, UNSIGNED)]


def shown(message: str) -> str:
    """Return a stored sweep message in the current language (other texts unchanged)."""
    for text, pattern in _PATTERNS:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "clock" in values:
                code = next((k for k, v in CLOCK_LABELS.chinese.items() if v == values["clock"]),
                            None)
                values["clock"] = CLOCK_LABELS.label(code) if code else values["clock"]
            return gettext(text, **values)
    return message
REMIND_DAYS = 3


@dataclass
class SweepReport:
    as_of: date
    clocks_checked: int = 0
    reminders: int = 0
    missed: int = 0
    escalations: int = 0
    keys: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"sweep as of {self.as_of}: {self.clocks_checked} open clocks, "
                f"{self.reminders} reminders, {self.missed} newly missed, "
                f"{self.escalations} escalations")


def _supervisors(case: Case) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.unit_id == case.handling_unit_id, User.role == "supervisor", User.active)))


def _recipients(case: Case) -> list[User]:
    if case.assignee is not None and case.assignee.active:
        return [case.assignee]
    return _supervisors(case)


def _notify(report: SweepReport, users: list[User], case: Case, kind: str, key: str,
            message: str) -> int:
    created = 0
    for user in users:
        full_key = f"{key}:u{user.id}"
        if db.session.scalar(select(Notification.id).where(Notification.key == full_key)):
            continue
        db.session.add(Notification(user_id=user.id, case_id=case.id, kind=kind, key=full_key,
                                    message=message))
        queue_reminder(user, case, kind, lambda: shown(message))
        audit.record("notification_created", actor_name="system", case_id=case.id,
                     unit_code=case.handling_unit.code, on=report.as_of,
                     data={"kind": kind, "to": user.username, "message": message})
        created += 1
    return created


def run_sweep(as_of: date) -> SweepReport:
    """Notify and escalate for every open clock as of `as_of`; safe to run repeatedly."""
    calendar = load_calendar()
    report = SweepReport(as_of)
    rows = db.session.execute(
        select(CaseClock, Case).join(Case, Case.id == CaseClock.case_id).where(
            CaseClock.stopped_on.is_(None), CaseClock.paused_since.is_(None),
            CaseClock.info.is_(False)).order_by(CaseClock.case_id, CaseClock.id)).all()
    for clock, case in rows:
        report.clocks_checked += 1
        label = CLOCK_LABELS.chinese.get(clock.kind, clock.kind)
        base = f"c{case.id}:{clock.kind}:{clock.party_id or 0}:{clock.due_on.isoformat()}"
        left = working_days_left(calendar, as_of, clock.due_on)
        values = {"case": case.display_number, "clock": label, "due": clock.due_on.isoformat()}
        if as_of > clock.due_on:
            made = _notify(report, _recipients(case), case, "missed", f"{base}:missed",
                           MISSED % values)
            if made:
                report.missed += 1
            if clock.kind in ESCALATED:
                report.escalations += bool(_notify(
                    report, _supervisors(case), case, "escalation", f"{base}:escalated",
                    ESCALATION % values))
        elif left == 0:
            report.reminders += _notify(report, _recipients(case), case, "due_today",
                                        f"{base}:today", DUE_TODAY % values)
        elif 0 < left <= REMIND_DAYS:
            report.reminders += _notify(report, _recipients(case), case, "due_soon",
                                        f"{base}:soon",
                                        DUE_SOON % {**values, "left": left})
    _escalate_unsigned(report, calendar)
    db.session.flush()
    return report


UNSIGNED_LIMIT = 2  # working days a receiving unit has to sign for a case


def _escalate_unsigned(report: SweepReport, calendar: object) -> None:
    """Escalate cases the receiving unit has not signed for within 2 working days."""
    cases = db.session.scalars(select(Case).where(Case.signed_for.is_(False),
                                                  Case.routed_on.is_not(None)))
    for case in cases:
        limit = add_working_days(calendar, case.routed_on, UNSIGNED_LIMIT).due_on
        if report.as_of > limit:
            report.escalations += bool(_notify(
                report, _supervisors(case), case, "unsigned",
                f"c{case.id}:unsigned:{case.handling_unit_id}:{case.routed_on.isoformat()}",
                UNSIGNED % {"case": case.display_number, "due": case.routed_on.isoformat(),
                            "unit": case.handling_unit.display_name, "left": UNSIGNED_LIMIT}))
