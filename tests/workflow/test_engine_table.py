"""Table-driven over every workflow file: what fires from where, for whom, and what is refused."""

from __future__ import annotations

import pytest

from caseflow.workflow import (
    InvalidTransition,
    allowed_transitions,
    build_machine,
    fire,
    graph_mermaid,
)
from tests.workflow.helpers import REGISTRY, WORKFLOW_DIR, Case

WORKFLOWS = [compiled.workflow for compiled in REGISTRY]
ROLES = ("officer", "mediator", "supervisor", "admin")

FIRES = [(w.key, t.trigger, src, t.dest_from(src)) for w in WORKFLOWS for t in w.transitions
         for src in t.source]
REFUSED = [(w.key, trigger, s.name) for w in WORKFLOWS for s in w.states for trigger in w.triggers
           if w.find(s.name, trigger) is None]
STATES = [(w.key, s.name) for w in WORKFLOWS for s in w.states]
ROLE_CASES = [(w.key, s.name, role) for w in WORKFLOWS for s in w.states for role in ROLES]


def test_every_yaml_file_is_loaded() -> None:
    files = sorted(p.name for p in WORKFLOW_DIR.glob("*.yaml"))
    assert files == sorted(f"{w.name}.v{w.version}.yaml" for w in WORKFLOWS)
    assert len(files) == len({w.key for w in WORKFLOWS}) >= 4


@pytest.mark.parametrize(("key", "trigger", "source", "dest"), FIRES,
                         ids=[f"{k[0]}.v{k[1]}:{s}--{t}" for k, t, s, _ in FIRES])
def test_transition_fires_from_each_source(key: tuple[str, int], trigger: str, source: str,
                                           dest: str) -> None:
    compiled = REGISTRY.get(*key)
    case = Case(source)
    fire(compiled.machine, case, trigger, compiled.transition(source, trigger))
    assert case.status == dest  # an action (dest_from) stays where it was


@pytest.mark.parametrize(("key", "trigger", "status"), REFUSED,
                         ids=[f"{k[0]}.v{k[1]}:{s}--{t}" for k, t, s in REFUSED])
def test_other_triggers_are_refused_and_change_nothing(key: tuple[str, int], trigger: str,
                                                       status: str) -> None:
    compiled = REGISTRY.get(*key)
    case = Case(status)
    action = next((t for t in compiled.workflow.transitions if t.trigger == trigger), None)
    with pytest.raises(InvalidTransition) as caught:
        fire(compiled.machine, case, trigger, action)
    assert (caught.value.code, caught.value.status) == ("invalid_transition", 409)
    assert case.status == status
    with pytest.raises(InvalidTransition):
        compiled.transition(status, trigger)


@pytest.mark.parametrize(("key", "status"), STATES, ids=[f"{k[0]}.v{k[1]}:{s}" for k, s in STATES])
def test_terminal_states_take_nothing(key: tuple[str, int], status: str) -> None:
    compiled = REGISTRY.get(*key)
    workflow = compiled.workflow
    exits = [t for t in workflow.transitions_from(status) if not t.action]
    if workflow.is_terminal(status):  # only actions that keep it closed (publish, notarize)
        assert exits == []
        assert all(t.action for t in allowed_transitions(workflow, status, ROLES))
        for trigger in workflow.triggers:
            if workflow.find(status, trigger) is None:
                with pytest.raises(InvalidTransition):
                    fire(compiled.machine, Case(status), trigger)
    else:
        assert exits, f"{status} is not terminal but has no exits"


@pytest.mark.parametrize(("key", "status", "role"), ROLE_CASES,
                         ids=[f"{k[0]}.v{k[1]}:{s}:{r}" for k, s, r in ROLE_CASES])
def test_allowed_transitions_follow_the_roles(key: tuple[str, int], status: str,
                                              role: str) -> None:
    workflow = REGISTRY.get(*key).workflow
    allowed = allowed_transitions(workflow, status, {role})
    expected = [t for t in workflow.transitions if status in t.source and role in t.roles]
    assert allowed == expected
    if role == "admin":
        assert allowed == []


def test_allowed_transitions_merge_roles_in_file_order() -> None:
    workflow = REGISTRY.get("adjudication", 1).workflow
    both = allowed_transitions(workflow, "received", {"officer", "supervisor"})
    assert [t.trigger for t in both] == ["request_correction", "accept", "reject", "withdraw",
                                         "cancel", "refer"]
    officer = allowed_transitions(workflow, "received", ["officer"])
    assert [t.trigger for t in officer] == ["request_correction", "accept", "reject", "withdraw"]
    v2 = REGISTRY.get("adjudication", 2).workflow  # the 2025 Measures add an action (Art. 20)
    both = allowed_transitions(v2, "received", {"officer", "supervisor"})
    assert [t.trigger for t in both] == ["request_correction", "extend_acceptance", "accept",
                                         "reject", "withdraw", "cancel", "refer"]


def test_unknown_trigger_or_status_is_an_invalid_transition() -> None:
    machine = REGISTRY.latest("adjudication").machine
    with pytest.raises(InvalidTransition):
        fire(machine, Case("received"), "to_closed")
    with pytest.raises(InvalidTransition):
        fire(machine, Case("no_such_state"), "accept")


def test_firing_leaves_no_trace_on_the_case_or_the_machine() -> None:
    machine = REGISTRY.latest("adjudication").machine
    case = Case("received")
    before = set(vars(case))
    fire(machine, case, "accept")
    assert set(vars(case)) == before
    assert machine.models == []
    assert not hasattr(case, "accept") and not hasattr(case, "to_closed")


def test_build_machine_has_no_auto_transitions() -> None:
    workflow = REGISTRY.latest("court_entrusted_mediation").workflow
    machine = build_machine(workflow)
    assert set(machine.events) == {"sign_for", "reach_agreement", "return_to_court"}
    assert machine.initial == "received_from_court"


def test_registry_get_and_latest() -> None:
    assert REGISTRY.get("adjudication", 2) is REGISTRY.latest("adjudication")
    assert REGISTRY.get("adjudication", 1) is not REGISTRY.latest("adjudication")
    with pytest.raises(KeyError):
        REGISTRY.get("adjudication", 99)
    with pytest.raises(KeyError):
        REGISTRY.latest("arbitration")


@pytest.mark.parametrize("key", [w.key for w in WORKFLOWS],
                         ids=[f"{w.name}.v{w.version}" for w in WORKFLOWS])
def test_mermaid_diagram_names_every_state_and_edge(key: tuple[str, int]) -> None:
    workflow = REGISTRY.get(*key).workflow
    text = graph_mermaid(workflow)
    assert text.startswith("stateDiagram-v2\n")
    assert f"[*] --> {workflow.initial}\n" in text
    for state in workflow.states:
        assert f'state "{state.label.zh}" as {state.name}' in text
        assert (f"{state.name} --> [*]" in text) == state.terminal
    for t in workflow.transitions:
        for src in t.source:  # an action keeps the state: it is no edge
            assert (f"{src} --> {t.dest} : {t.label.zh}" in text) != t.action
    assert "Received" in graph_mermaid(REGISTRY.latest("adjudication").workflow, lang="en")


def test_clock_table_of_adjudication() -> None:
    workflow = REGISTRY.get("adjudication", 1).workflow
    clocks = {t.trigger: t.clocks for t in workflow.transitions if t.clocks}
    assert [c.clock for c in workflow.initial_clocks] == ["acceptance"]
    assert workflow.initial_clocks[0].from_input == "received_on"
    assert [c.clock for c in clocks["receive_correction"].start] == ["acceptance"]
    assert clocks["accept"].stop == ("acceptance",)
    assert [c.clock for c in clocks["accept"].start] == ["serve_copy", "closure"]
    assert clocks["serve_request"].stop == ("serve_copy",)
    assert [c.clock for c in clocks["serve_request"].start] == ["reply"]
    assert clocks["start_investigation"].stop == ("reply",)
    assert clocks["suspend"].pause == ("closure",) and clocks["resume"].resume == ("closure",)
    assert [c.clock for c in clocks["approve_decision"].start] == ["publication"]
    appeal = clocks["close"].start[0]
    assert (appeal.clock, appeal.per_party, clocks["close"].stop) == ("appeal", "receipts",
                                                                      ("closure",))


def test_clock_table_of_mediation() -> None:
    pre = REGISTRY.get("prelitigation_mediation", 1).workflow
    court = REGISTRY.latest("court_entrusted_mediation").workflow
    starts = {t.trigger: [(c.clock, c.from_input, c.variant, c.variant_from)
                          for c in t.clocks.start] for t in pre.transitions}
    assert starts["serve_request"] == [("statement", None, None, None)]
    assert starts["respondent_consents"] == [("mediation_filing", None, None, None)]
    assert starts["file"] == [("mediation", None, "party_request", None)]
    assert starts["sign_for"] == [("mediation", None, "court_assigned", None)]
    assert starts["reach_agreement"] == [("confirmation_application", "effective_on", None,
                                          None)]
    applied = pre.find("agreement_reached", "apply_confirmation")
    assert applied.clocks.stop == ("confirmation_application",)
    sign_for = court.find("received_from_court", "sign_for").clocks.start[0]
    assert (sign_for.clock, sign_for.variant_from) == ("mediation", "procedure")
    assert court.find("mediating", "reach_agreement").clocks.stop == ("mediation",)
