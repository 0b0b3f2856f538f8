"""The workflow engine: YAML definitions -> validated frozen dataclasses -> shared machines.

Pure: imports only the standard library, PyYAML and `transitions`, never a feature room.
"""

from __future__ import annotations

from caseflow.workflow.definitions import (
    ClockSpec,
    ClockStart,
    InputSpec,
    Label,
    State,
    Transition,
    Workflow,
    WorkflowError,
    load_all,
    load_workflow,
)
from caseflow.workflow.engine import (
    ActionContext,
    CompiledWorkflow,
    InvalidTransition,
    Registry,
    allowed_transitions,
    build_machine,
    compile_workflow,
    fire,
    graph_mermaid,
    validate_inputs,
    why_unavailable,
)
from caseflow.workflow.guards import (
    EFFECT_NAMES,
    GUARDS,
    WARNINGS,
    ActionWarning,
    EffectFn,
    GuardRefused,
)

__all__ = [
    "EFFECT_NAMES",
    "GUARDS",
    "WARNINGS",
    "ActionContext",
    "ActionWarning",
    "ClockSpec",
    "EffectFn",
    "ClockStart",
    "CompiledWorkflow",
    "GuardRefused",
    "InputSpec",
    "InvalidTransition",
    "Label",
    "Registry",
    "State",
    "Transition",
    "Workflow",
    "WorkflowError",
    "allowed_transitions",
    "build_machine",
    "compile_workflow",
    "fire",
    "graph_mermaid",
    "load_all",
    "load_workflow",
    "validate_inputs",
    "why_unavailable",
]
