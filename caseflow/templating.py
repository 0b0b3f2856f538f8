"""Jinja helpers: permissions, dates in Asia/Shanghai, labels."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import get_locale, lazy_pgettext
from flask_babel import lazy_gettext as _l

from caseflow.auth import permissions
from caseflow.timeutil import local


def localized(label) -> str:  # type: ignore[no-untyped-def]
    """Pick the Chinese or English text of a workflow label for the current locale."""
    return label.en if str(get_locale()).startswith("en") else label.zh


def warning_text(warning: dict) -> str:  # type: ignore[type-arg]
    """The text of a recorded warning ({code, message, message_en}) in the current locale."""
    english = str(get_locale()).startswith("en") and warning.get("message_en")
    return str(english or warning.get("message", ""))


def _fmt_dt(value: datetime | None) -> str:
    shown = local(value)
    return shown.strftime("%Y-%m-%d %H:%M") if shown else ""


def _fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


#: navigation entries for case workers, added by the rooms that own the pages
CASE_NAV: list[tuple[str, str]] = [
    ("cases.case_list", _l("案件列表")),  # type: ignore[list-item]
    ("cases.new_case", lazy_pgettext("nav", "收件登记")),  # type: ignore[list-item]
    ("routing.inbox", _l("待办")),  # type: ignore[list-item]
    # 文书待办 (待签发 and 待送达); base.html adds its count as a badge
    ("document_services.awaiting_issue", lazy_pgettext("nav", "文书待办")),  # type: ignore[list-item]
]


def _nav_case_links(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(CASE_NAV)


def register_template_helpers(app: Flask) -> None:
    """Expose permission checks and formatters to templates."""
    app.jinja_env.filters["dt"] = _fmt_dt
    app.jinja_env.filters["d"] = _fmt_date
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.globals.update(
        can_admin=permissions.can_admin,
        can_work_cases=permissions.can_work_cases,
        can_supervise=permissions.can_supervise,
        can_verify_audit=permissions.can_verify_audit,
        current_locale=lambda: str(get_locale()),
        nav_case_links=_nav_case_links,
        localized=localized,
    )
