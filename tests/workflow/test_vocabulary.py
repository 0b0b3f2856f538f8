"""The YAML files keep WORKFLOWS.md's public vocabulary: states, triggers, sources, roles."""

from __future__ import annotations

import pytest

from tests.workflow.helpers import REGISTRY

OFF, MED, SUP = "officer", "mediator", "supervisor"
_OPEN_ADJ = ["received", "pending_correction", "filed", "awaiting_reply", "investigating",
             "hearing_scheduled", "in_mediation", "suspended", "decision_pending", "decided"]

# workflow -> (initial, terminal states, other states, {trigger: (sources, dest, roles)})
EXPECTED = {
    "adjudication": ("received", {"rejected", "closed", "referred"}, set(_OPEN_ADJ), {
        "request_correction": (["received"], "pending_correction", {OFF}),
        "receive_correction": (["pending_correction"], "received", {OFF}),
        "accept": (["received"], "filed", {OFF, SUP}),
        "reject": (["received", "pending_correction"], "rejected", {OFF, SUP}),
        "serve_request": (["filed"], "awaiting_reply", {OFF}),
        "start_investigation": (["awaiting_reply"], "investigating", {OFF}),
        "schedule_hearing": (["investigating"], "hearing_scheduled", {OFF}),
        "hold_hearing": (["hearing_scheduled"], "decision_pending", {OFF}),
        "requester_absent": (["hearing_scheduled"], "closed", {OFF}),
        "submit_decision": (["investigating"], "decision_pending", {OFF}),
        "approve_decision": (["decision_pending"], "decided", {SUP}),
        "return_decision": (["decision_pending"], "investigating", {SUP}),
        "start_mediation": (["awaiting_reply", "investigating", "hearing_scheduled"],
                            "in_mediation", {OFF, MED}),
        "mediation_succeeded": (["in_mediation"], "closed", {MED, OFF}),
        "mediation_failed": (["in_mediation"], "investigating", {MED, OFF}),
        "suspend": (["filed", "awaiting_reply", "investigating", "hearing_scheduled"],
                    "suspended", {SUP}),
        "resume": (["suspended"], "investigating", {SUP, OFF}),
        "close": (["decided"], "closed", {OFF}),
        "withdraw": (_OPEN_ADJ, "closed", {OFF}),
        "cancel": (_OPEN_ADJ, "closed", {SUP}),
        "refer": (["received", "filed"], "referred", {SUP}),
    }),
    "prelitigation_mediation": (
        "requested", {"not_opened", "terminated", "returned_to_court", "closed"},
        {"requested", "awaiting_statement", "consented", "mediating", "agreement_reached",
         "confirmation_applied", "confirmed", "confirmation_rejected"}, {
            "serve_request": (["requested"], "awaiting_statement", {OFF, MED}),
            "respondent_consents": (["awaiting_statement"], "consented", {OFF, MED}),
            "file": (["consented"], "mediating", {OFF, MED}),
            "respondent_declines": (["awaiting_statement"], "not_opened", {OFF, MED}),
            "sign_for": (["requested"], "mediating", {MED}),
            "reach_agreement": (["mediating"], "agreement_reached", {MED}),
            "terminate": (["mediating"], "terminated", {MED}),
            "return_to_court": (["mediating", "agreement_reached"], "returned_to_court", {MED}),
            "apply_confirmation": (["agreement_reached"], "confirmation_applied", {MED, OFF}),
            "confirm": (["confirmation_applied"], "confirmed", {MED, OFF}),
            "reject_confirmation": (["confirmation_applied"], "confirmation_rejected", {MED, OFF}),
            "remediate": (["confirmation_rejected"], "mediating", {MED}),
            "close": (["agreement_reached", "confirmed", "confirmation_rejected"], "closed",
                      {MED, OFF}),
        }),
    "court_entrusted_mediation": (
        "received_from_court", {"returned_to_court"},
        {"received_from_court", "mediating", "agreement_reached"}, {
            "sign_for": (["received_from_court"], "mediating", {MED}),
            "reach_agreement": (["mediating"], "agreement_reached", {MED}),
            "return_to_court": (["mediating", "agreement_reached"], "returned_to_court", {MED}),
        }),
}


def test_every_workflow_file_is_covered() -> None:
    assert REGISTRY.names() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_states_match_the_public_vocabulary(name: str) -> None:
    initial, terminal, open_states, _ = EXPECTED[name]
    workflow = REGISTRY.latest(name).workflow
    assert workflow.initial == initial
    assert {s.name for s in workflow.states if s.terminal} == terminal
    assert {s.name for s in workflow.states if not s.terminal} == open_states


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_transitions_match_the_public_vocabulary(name: str) -> None:
    table = EXPECTED[name][3]
    workflow = REGISTRY.latest(name).workflow
    assert set(workflow.triggers) == set(table)
    for t in workflow.transitions:
        sources, dest, roles = table[t.trigger]
        assert (sorted(t.source), t.dest, set(t.roles)) == (sorted(sources), dest, roles), t.trigger


def test_workflow_sources() -> None:
    assert REGISTRY.latest("adjudication").workflow.sources == ("party_request",)
    assert REGISTRY.latest("prelitigation_mediation").workflow.sources == (
        "party_request", "court_assigned")
    assert REGISTRY.latest("court_entrusted_mediation").workflow.sources == ("court_entrusted",)


def test_closure_types_are_set_where_the_procedure_says() -> None:
    workflow = REGISTRY.latest("adjudication").workflow
    sets = {t.trigger: dict(t.sets) for t in workflow.transitions if t.sets}
    assert sets == {
        "requester_absent": {"closure_type": "withdrawn_deemed"},
        "mediation_succeeded": {"closure_type": "agreement"},
        "close": {"closure_type": "decision"},
        "withdraw": {"closure_type": "withdrawn"},
        "cancel": {"closure_type": "cancelled"},
    }
