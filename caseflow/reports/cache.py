"""A short-lived, per-process memo of computed KPI tables.

The figures are always computed from the case and event data; a dashboard reloaded within
`KPI_CACHE_SECONDS` (default 60, 0 turns it off) shows the same computation instead of
recomputing a year of a city's cases. The page says when its figures were computed.
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

from flask import current_app

from caseflow.org.models import Unit
from caseflow.reports.kpis import compute_kpis
from caseflow.timeutil import utcnow
from caseflow.workflow.engine import Registry

_LOCK = threading.Lock()


def cached_kpis(unit: Unit, date_from: date, date_to: date, today: date,
                registry: Registry) -> tuple[dict[str, Any], datetime]:
    """Return the KPI table and when it was computed (from the memo when still fresh)."""
    ttl = current_app.config.get("KPI_CACHE_SECONDS", 60)
    if not ttl:
        return compute_kpis(unit, date_from, date_to, today, registry=registry), utcnow()
    memo: dict[tuple[Any, ...], tuple[float, dict[str, Any], datetime]] = \
        current_app.extensions.setdefault("caseflow.kpi_memo", {})
    key = (unit.id, date_from, date_to, today)
    now = time.monotonic()
    with _LOCK:
        hit = memo.get(key)
    if hit and now - hit[0] < ttl:
        return hit[1], hit[2]
    kpis, at = compute_kpis(unit, date_from, date_to, today, registry=registry), utcnow()
    with _LOCK:
        if len(memo) > 256:
            memo.clear()
        memo[key] = (now, kpis, at)
    return kpis, at
