"""Shared helpers for the workflow engine tests (no database, no Flask)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from caseflow.cases.effects import EFFECTS
from caseflow.workflow import ActionContext, Registry

WORKFLOW_DIR = Path(__file__).resolve().parents[2] / "workflows"
REGISTRY = Registry.load(WORKFLOW_DIR, effects=EFFECTS)
ALL_ROLES = frozenset({"officer", "mediator", "supervisor"})


class Case:
    """A plain stand-in for a case row: only the attributes guards read."""

    def __init__(self, status: str, **attrs: Any) -> None:
        self.status = status
        self.workflow = attrs.pop("workflow", None)
        self.source = attrs.pop("source", None)
        self.patent_type = attrs.pop("patent_type", "invention")
        self.has_evaluation_report = attrs.pop("has_evaluation_report", False)
        self.agreement_subject = attrs.pop("agreement_subject", None)
        assert not attrs, attrs


def weekdays_between(start: date, end: date) -> int:
    """Count Monday-Friday days strictly between two dates (the tests' calendar)."""
    days = (start + timedelta(n) for n in range(1, (end - start).days))
    return sum(1 for d in days if d.weekday() < 5)


def make_ctx(on: date = date(2026, 3, 2), roles: frozenset[str] | set[str] | None = None,
             **kw: Any) -> ActionContext:
    """Build an ActionContext with the tests' calendar."""
    roles = ALL_ROLES if roles is None else frozenset(roles)
    return ActionContext(on=on, roles=roles, workdays_between=weekdays_between, **kw)
