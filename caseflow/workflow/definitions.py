"""Load workflow files (`workflows/<name>.v<N>.yaml`) into validated, frozen definitions."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

import yaml

from caseflow.workflow.checks import read_workflow
from caseflow.workflow.guards import EFFECT_NAMES, GUARDS, WARNINGS
from caseflow.workflow.spec import (
    ClockSpec,
    ClockStart,
    InputSpec,
    Label,
    State,
    Transition,
    Workflow,
)

__all__ = [
    "ClockSpec",
    "ClockStart",
    "InputSpec",
    "Label",
    "State",
    "Transition",
    "Workflow",
    "WorkflowError",
    "load_all",
    "load_workflow",
]


class WorkflowError(Exception):
    """Report every problem found in one or more workflow files, one per line."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def _known(guards: Collection[str] | None, warnings: Collection[str] | None,
           effects: Collection[str] | None) -> dict[str, Collection[str]]:
    return {
        "guards": GUARDS.keys() if guards is None else guards,
        "warnings": WARNINGS.keys() if warnings is None else warnings,
        "effects": EFFECT_NAMES if effects is None else effects,
    }


def _read(path: Path, known: dict[str, Collection[str]]) -> tuple[Workflow | None, list[str]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path.name}: cannot read the file: {exc}"]
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        return None, [f"{path.name}: invalid YAML: {detail}"]
    return read_workflow(raw, path.name, known)


def load_workflow(path: str | Path, *, known_guards: Collection[str] | None = None,
                  known_warnings: Collection[str] | None = None,
                  known_effects: Collection[str] | None = None) -> Workflow:
    """Load and check one workflow file; raise WorkflowError naming each problem."""
    workflow, errors = _read(Path(path), _known(known_guards, known_warnings, known_effects))
    if errors or workflow is None:
        raise WorkflowError(errors)
    return workflow


def load_all(directory: str | Path, *, known_guards: Collection[str] | None = None,
             known_warnings: Collection[str] | None = None,
             known_effects: Collection[str] | None = None) -> dict[tuple[str, int], Workflow]:
    """Load every `*.yaml` in `directory`, keyed by (name, version); report all files' errors."""
    known = _known(known_guards, known_warnings, known_effects)
    paths = sorted(Path(directory).glob("*.yaml"))
    if not paths:
        raise WorkflowError([f"{directory}: no workflow files (*.yaml)"])
    workflows: dict[tuple[str, int], Workflow] = {}
    errors: list[str] = []
    for path in paths:
        workflow, file_errors = _read(path, known)
        errors.extend(file_errors)
        if workflow is not None:
            workflows[workflow.key] = workflow
    if errors:
        raise WorkflowError(errors)
    return workflows
