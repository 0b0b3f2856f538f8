"""Clock helpers: UTC storage, Asia/Shanghai for legal dates and display."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (how every *_at column is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Return today's date in Asia/Shanghai (or the configured TODAY, which tests pin)."""
    from flask import current_app, has_app_context

    if has_app_context() and (pinned := current_app.config.get("TODAY")):
        return pinned if isinstance(pinned, date) else date.fromisoformat(pinned)
    return datetime.now(SHANGHAI).date()


def local(dt: datetime | None) -> datetime | None:
    """Convert a stored naive-UTC datetime to Asia/Shanghai."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC).astimezone(SHANGHAI)


def iso_local(dt: datetime | None) -> str | None:
    """Format a stored datetime as ISO 8601 with the +08:00 offset."""
    value = local(dt)
    return value.isoformat(timespec="seconds") if value else None


def parse_date(text: str) -> date:
    """Parse YYYY-MM-DD strictly; raise ValueError otherwise."""
    if not isinstance(text, str) or len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)
