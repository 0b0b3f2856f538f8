"""Build one shared state machine per workflow version and judge actions against it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transitions import Machine, MachineError

from caseflow.workflow.definitions import Transition, Workflow, WorkflowError, load_all
from caseflow.workflow.diagram import graph_mermaid
from caseflow.workflow.guards import (
    FORM_GUARDS,
    GUARDS,
    WARNINGS,
    ActionWarning,
    EffectFn,
    GuardFn,
    GuardRefused,
    WarningFn,
)
from caseflow.workflow.inputs import validate_inputs

__all__ = [
    "ActionContext",
    "CompiledWorkflow",
    "InvalidTransition",
    "Registry",
    "allowed_transitions",
    "build_machine",
    "compile_workflow",
    "fire",
    "graph_mermaid",
    "validate_inputs",
    "why_unavailable",
]


class InvalidTransition(Exception):
    """Refuse a trigger the case's current state does not allow (409 `invalid_transition`)."""

    code = "invalid_transition"
    status = 409
    field = None

    def __init__(self, trigger: str, status: str) -> None:
        self.trigger = trigger
        self.from_status = status
        self.message_zh = f"当前状态（{status}）下不能执行“{trigger}”操作。"
        self.message_en = f"'{trigger}' is not allowed from state '{status}'."
        super().__init__(self.message_en)


@dataclass(frozen=True, kw_only=True)
class ActionContext:
    """Carry what a guard may judge: the act's legal date, its inputs, the actor's roles.

    `data` holds values already cleaned by `validate_inputs`. `due` maps clock kinds to their
    current due dates; `workdays_between(a, b)` counts working days strictly between a and b.
    Both come from the caller (the deadlines room), so the engine needs no calendar.
    """

    on: date
    roles: frozenset[str]
    workdays_between: Callable[[date, date], int]
    data: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    due: Mapping[str, date] = field(default_factory=dict)
    actor: Any = None  # who acts: effects that record an event of their own name them
    #: the due dates of the clocks still open (running or paused), by (kind, party id or None)
    open_due: Mapping[tuple[str, int | None], date | None] = field(default_factory=dict)
    #: the registered service of the current 口头审理通知书 (hearing notice), by party id:
    #: (the party's name, the day it was served); filled by the caller from the service register
    hearing_notice_served: Mapping[int, tuple[str, date]] = field(default_factory=dict)


def build_machine(workflow: Workflow) -> Machine:
    """Build the shared, model-less machine for `workflow` (fire with `fire`)."""
    return Machine(
        model=None,
        states=[state.name for state in workflow.states],
        transitions=[{"trigger": t.trigger, "source": list(t.source), "dest": t.dest}
                     for t in workflow.transitions if not t.action],
        initial=workflow.initial,
        auto_transitions=False,
        send_event=True,
        model_attribute="status",
        name=f"{workflow.name}.v{workflow.version}",
    )


def fire(machine: Machine, case: Any, trigger: str, transition: Transition | None = None) -> None:
    """Move `case.status` along `trigger`; raise InvalidTransition if the machine refuses.

    An action (`transition.action`) leaves the status as it is: only its source is checked.
    """
    status = getattr(case, "status", None)
    if transition is not None and transition.action:
        if status not in transition.source:
            raise InvalidTransition(trigger, str(status))
        return
    event = machine.events.get(trigger)
    if event is None:
        raise InvalidTransition(trigger, str(status))
    try:
        moved = event.trigger(case)
    except (MachineError, ValueError):
        raise InvalidTransition(trigger, str(status)) from None
    if not moved:
        raise InvalidTransition(trigger, str(status))


def allowed_transitions(workflow: Workflow, status: str,
                        roles: Collection[str]) -> list[Transition]:
    """Return the transitions from `status` that any of `roles` may fire, in file order."""
    return [t for t in workflow.transitions_from(status) if t.roles & set(roles)]


@dataclass(frozen=True)
class CompiledWorkflow:
    """Hold one workflow, its machine and its guard, warning and effect functions, resolved once."""

    workflow: Workflow
    machine: Machine = field(repr=False)
    guards: Mapping[str, GuardFn] = field(repr=False)
    warnings: Mapping[str, WarningFn] = field(repr=False)
    effects: Mapping[str, EffectFn] = field(repr=False, default_factory=dict)

    def transition(self, status: str, trigger: str) -> Transition:
        """Return the transition `trigger` fires from `status`; raise InvalidTransition."""
        found = self.workflow.find(status, trigger)
        if found is None:
            raise InvalidTransition(trigger, status)
        return found

    def check(self, case: Any, transition: Transition, ctx: ActionContext,
              *, judge_form: bool = True) -> list[ActionWarning]:
        """Judge role, note and guards (raise GuardRefused); return the warnings that apply.

        With `judge_form=False` (a page deciding what to offer) the note and the guards that
        depend only on the submitted form are not judged.
        """
        if not transition.roles & ctx.roles:
            raise GuardRefused("role_not_allowed", "您的角色无权执行此操作。",
                               "Your role may not perform this action.", status=403)
        if judge_form and transition.note_required and not (ctx.note or "").strip():
            raise GuardRefused("note_required", "请填写理由。", "A reason is required.",
                               field="note")
        for name in transition.guards:
            if judge_form or name not in FORM_GUARDS:
                self.guards[name](case, ctx)
        found = (self.warnings[name](case, ctx) for name in transition.warnings)
        return [warning for warning in found if warning is not None]

    def apply_effects(self, case: Any, transition: Transition, ctx: ActionContext) -> None:
        """Perform the transition's effects on the case, in file order (after `fire`)."""
        for name in transition.effects:
            self.effects[name](case, ctx)


def why_unavailable(compiled: CompiledWorkflow, case: Any, trigger: str,
                    ctx: ActionContext) -> GuardRefused | InvalidTransition | None:
    """Say why `trigger` cannot be offered now (guards judged on the form alone are skipped)."""
    try:
        transition = compiled.transition(case.status, trigger)
        compiled.check(case, transition, ctx, judge_form=False)
    except (GuardRefused, InvalidTransition) as refusal:
        return refusal
    return None


def compile_workflow(workflow: Workflow, guards: Mapping[str, GuardFn] = GUARDS,
                     warnings: Mapping[str, WarningFn] = WARNINGS, *,
                     effects: Mapping[str, EffectFn]) -> CompiledWorkflow:
    """Resolve the names `workflow` uses to functions and build its machine.

    Raise WorkflowError naming every guard, warning or effect that has no function.
    """
    used = {kind: {n for t in workflow.transitions for n in getattr(t, kind)}
            for kind in ("guards", "warnings", "effects")}
    known = {"guards": guards, "warnings": warnings, "effects": effects}
    missing = [f"{workflow.filename or workflow.name}: unknown {kind[:-1]} {name!r}"
               for kind, names in used.items() for name in sorted(names - known[kind].keys())]
    if missing:
        raise WorkflowError(missing)
    return CompiledWorkflow(
        workflow=workflow, machine=build_machine(workflow),
        guards=MappingProxyType({n: guards[n] for n in used["guards"]}),
        warnings=MappingProxyType({n: warnings[n] for n in used["warnings"]}),
        effects=MappingProxyType({n: effects[n] for n in used["effects"]}),
    )


class Registry:
    """Hold every loaded workflow version with its machine; built once at start-up.

    Effects change case rows, so their functions come from the service layer (`effects=`);
    a workflow naming an effect without a function does not load.
    """

    def __init__(self, workflows: Iterable[Workflow], guards: Mapping[str, GuardFn] = GUARDS,
                 warnings: Mapping[str, WarningFn] = WARNINGS, *,
                 effects: Mapping[str, EffectFn]) -> None:
        self._compiled = {w.key: compile_workflow(w, guards, warnings, effects=effects)
                          for w in workflows}

    @classmethod
    def load(cls, directory: str | Path, guards: Mapping[str, GuardFn] = GUARDS,
             warnings: Mapping[str, WarningFn] = WARNINGS, *,
             effects: Mapping[str, EffectFn]) -> Registry:
        """Load and check every workflow file in `directory` (raise WorkflowError)."""
        loaded = load_all(directory, known_guards=guards.keys(), known_warnings=warnings.keys(),
                          known_effects=effects.keys())
        return cls(loaded.values(), guards, warnings, effects=effects)

    def get(self, name: str, version: int) -> CompiledWorkflow:
        """Return one workflow version; raise KeyError when it is not loaded."""
        return self._compiled[(name, version)]

    def latest(self, name: str) -> CompiledWorkflow:
        """Return the highest loaded version of `name`; raise KeyError when there is none."""
        versions = [v for (n, v) in self._compiled if n == name]
        if not versions:
            raise KeyError(name)
        return self._compiled[(name, max(versions))]

    def names(self) -> list[str]:
        """Return the workflow names, sorted."""
        return sorted({n for (n, _) in self._compiled})

    def __iter__(self) -> Iterator[CompiledWorkflow]:
        return iter(self._compiled.values())
