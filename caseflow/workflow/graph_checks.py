"""Check the shape of a workflow as a graph: initial state, names, exits, reachability."""

from __future__ import annotations

from caseflow.workflow.spec import Workflow

__all__ = ["check_graph"]


def _check_states(workflow: Workflow) -> list[str]:
    errors: list[str] = []
    seen: dict[str, int] = {}
    initial: list[str] = []
    for i, state in enumerate(workflow.states):
        if state.name in seen:
            errors.append(f"states[{i}].name: state '{state.name}' declared twice "
                          f"(first at states[{seen[state.name]}])")
        seen.setdefault(state.name, i)
        if state.initial:
            if initial:
                errors.append(f"states[{i}].initial: second initial state '{state.name}' "
                              f"(first: '{initial[0]}')")
            initial.append(state.name)
            if state.terminal:
                errors.append(f"states[{i}].terminal: the initial state cannot be terminal")
    if not initial:
        errors.append("states: no initial state (mark one with 'initial: true')")
    return errors


def _check_transitions(workflow: Workflow) -> list[str]:
    errors: list[str] = []
    first: dict[tuple[str, str], int] = {}
    labels: dict[str, tuple[int, object]] = {}
    for i, t in enumerate(workflow.transitions):
        path = f"transitions[{i}]"
        if not t.action and workflow.state(t.dest) is None:
            errors.append(f"{path}.dest: unknown state '{t.dest}'")
        for j, src in enumerate(t.source):
            state = workflow.state(src)
            if state is None:
                errors.append(f"{path}.source[{j}]: unknown state '{src}'")
            elif state.terminal and not t.action:  # an action may follow a closed case
                errors.append(f"{path}.source[{j}]: terminal state '{src}' cannot have exits "
                              f"('{t.trigger}')")
            if (src, t.trigger) in first:
                errors.append(f"{path}.source[{j}]: trigger '{t.trigger}' already leaves "
                              f"'{src}' (transitions[{first[src, t.trigger]}])")
            first.setdefault((src, t.trigger), i)
        k, label = labels.setdefault(t.trigger, (i, t.label))
        if label != t.label:
            errors.append(f"{path}.label: trigger '{t.trigger}' has another label at "
                          f"transitions[{k}]")
    return errors


def _check_reachability(workflow: Workflow) -> list[str]:
    initial = [s.name for s in workflow.states if s.initial]
    if len(initial) != 1:
        return []
    reached = {initial[0]}
    frontier = [initial[0]]
    while frontier:
        status = frontier.pop()
        for t in workflow.transitions_from(status):
            if not t.action and t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    errors = []
    for i, state in enumerate(workflow.states):
        if state.name not in reached:
            errors.append(f"states[{i}]: state '{state.name}' cannot be reached from "
                          f"'{initial[0]}'")
        elif not state.terminal and not [t for t in workflow.transitions_from(state.name)
                                         if not t.action]:
            errors.append(f"states[{i}]: state '{state.name}' is not terminal but has no exits")
    return errors


def check_graph(workflow: Workflow) -> list[str]:
    """Return 'path: message' strings for every graph-level problem in `workflow`."""
    return (_check_states(workflow) + _check_transitions(workflow)
            + _check_reachability(workflow))
