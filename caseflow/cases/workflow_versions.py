"""Which workflow version a new case opens under, and the guard that keeps an old version's
file loaded while open cases still follow it (workflows/README.md: never drop a version in use).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.workflow.engine import CompiledWorkflow, Registry

log = logging.getLogger(__name__)


def new_case_workflow(registry: Registry, name: str, config: Mapping[str, Any]) -> CompiledWorkflow:
    """Return the version a new case of `name` opens under (WORKFLOW_VERSIONS, else latest)."""
    pinned = (config.get("WORKFLOW_VERSIONS") or {}).get(name)
    return registry.get(name, pinned) if pinned else registry.latest(name)


def check_pins(registry: Registry, config: Mapping[str, Any]) -> list[str]:
    """Return a problem for each WORKFLOW_VERSIONS entry that names no loaded version."""
    problems = []
    for name, version in (config.get("WORKFLOW_VERSIONS") or {}).items():
        try:
            registry.get(name, version)
        except KeyError:
            problems.append(f"WORKFLOW_VERSIONS names {name} v{version}, which is not loaded "
                            f"(workflows/{name}.v{version}.yaml)")
    return problems


def versions_in_use(registry: Registry) -> list[str]:
    """Return a problem for each (workflow, version) that open cases follow but is not loaded."""
    rows = db.session.execute(
        select(Case.workflow, Case.workflow_version, func.count())
        .where(Case.closed_on.is_(None))
        .group_by(Case.workflow, Case.workflow_version)).all()
    problems = []
    for name, version, count in rows:
        try:
            registry.get(name, version)
        except KeyError:
            problems.append(f"{count} open case(s) follow {name} v{version}, but "
                            f"workflows/{name}.v{version}.yaml is not loaded: keep the file "
                            "until those cases are closed")
    return problems
