"""Effects are resolved at load and do what they say: each effect of every workflow file is fired
through perform_action on a real case and what it stored is checked."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from caseflow import create_app
from caseflow.cases import panel
from caseflow.cases.actions import perform_action
from caseflow.cases.effects import EFFECTS
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeutil import today
from caseflow.workflow.definitions import WorkflowError
from caseflow.workflow.guards import EFFECT_NAMES
from tests.cases.action_inputs import (
    RULING,
    actor_for,
    drive,
    new_case,
    path_to,
    valid_inputs,
    valid_note,
)

ROOT = Path(__file__).resolve().parents[2]


def _stored(case: Case, effect: str, data: dict, on: date) -> None:
    if effect == "assign_case_number":
        assert case.number and case.filed_on is not None
    elif effect == "record_agreement":
        assert (case.agreement_subject, case.agreement_effective_on, case.agreement_amount) == (
            data["subject"], date.fromisoformat(data["effective_on"]), Decimal(data["amount"]))
    elif effect == "record_decision":
        assert (case.outcome, case.decided_on) == (data.get("outcome") or case.proposed_outcome,
                                                   on)
    elif effect == "record_acceptance_extension":
        assert case.acceptance_extended_on == on
    elif effect == "open_excluded_period":
        assert data["kind"] in case.open_periods.split(",")
    elif effect == "close_excluded_period":
        assert data["kind"] not in case.open_periods.split(",")
    elif effect == "record_invalidation":
        assert (case.invalidation_accepted_on, case.suspension_decision) == (
            date.fromisoformat(data["accepted_on"]), None)
    elif effect == "record_suspension_decision":
        assert case.suspension_decision in (None, "suspended", "declined")
    elif effect == "record_hearing_date":
        assert case.hearing_on == date.fromisoformat(data["hearing_on"])
    elif effect == "record_proposal":
        assert (case.proposed_outcome, case.votes_for, case.votes_against) == (
            data["outcome"], data["votes_for"], data["votes_against"])
    elif effect == "record_session":
        assert (case.session_on, case.session_place) == (
            date.fromisoformat(data["session_on"]), data["session_place"])
    elif effect == "record_absence":
        assert case.closure_type == ("withdrawn_deemed" if data["party"] == "requester"
                                     else "cancelled")
    elif effect == "record_notarisation":
        assert (case.notarized_on, case.notary_office, case.notarial_certificate_no) == (
            on, data["notary_office"], data["certificate_number"])
    elif effect == "record_publication":
        assert (case.published_on, case.published_where) == (on, data["where"])
    elif effect == "record_ruling":
        assert case.ruling_number == RULING
    elif effect == "record_court_return":
        assert (case.court_return_outcome, case.court_return_report, case.court_returned_on) == (
            data["outcome"], data["report"], on)
    elif effect == "form_panel":
        assert [m.user.username for m in panel.current_panel(case)] == data["panel"]
    else:  # pragma: no cover - a new effect needs its check here
        raise AssertionError(f"no check for effect {effect!r}")


#: actions that need an earlier action on the case first
PREREQUISITE = {"close_period": "open_period", "decline_suspension": "record_invalidation",
                "forward_reply": "receive_reply"}


def test_every_effect_name_has_a_function_and_every_function_a_name():
    assert set(EFFECTS) == EFFECT_NAMES


def test_each_effect_of_every_workflow_file_stores_its_values(app, client, api):
    registry = app.extensions["caseflow.workflows"]
    fired: set[tuple[str, str, str]] = set()
    for compiled in registry:
        workflow = compiled.workflow
        for transition in (t for t in workflow.transitions if t.effects):
            for source in workflow.sources:
                # a v2 case received today: its filing period may still be extended
                received = today().isoformat() if workflow.version > 1 else "2026-10-08"
                case = new_case(workflow.name, source, registry, workflow.version, received)
                # the act's guards read what an earlier act on the path records
                later = transition.trigger in PREREQUISITE or transition.trigger == "notarize"
                then = None if later else transition
                path = path_to(compiled, case, set(transition.source), then)
                if path is None:
                    continue  # the transition does not apply to cases from this source
                with db.session.begin_nested() as savepoint:
                    drive(case, path, registry)
                    if transition.trigger in PREREQUISITE:
                        drive(case, [compiled.transition(
                            case.status, PREREQUISITE[transition.trigger])], registry)
                    before = case.status
                    data = valid_inputs(transition, case)
                    perform_action(case, transition.trigger, actor_for(case, transition),
                                   registry=registry, data=data, note=valid_note(transition),
                                   version=case.version)
                    assert case.status == transition.dest_from(before)
                    for effect in transition.effects:
                        _stored(case, effect, data, today())
                        fired.add((workflow.name, transition.trigger, effect))
                    savepoint.rollback()
    declared = {(c.workflow.name, t.trigger, e) for c in registry
                for t in c.workflow.transitions for e in t.effects}
    assert fired == declared
    assert {e for (_, _, e) in fired} == EFFECT_NAMES  # adjudication v2's accept forms the panel


def test_ruling_and_court_return_are_on_the_case_page_and_in_the_json(app, client, api, login):
    registry = app.extensions["caseflow.workflows"]
    compiled = registry.get("court_entrusted_mediation", 1)
    case = new_case("court_entrusted_mediation", "court_entrusted", registry)
    drive(case, path_to(compiled, case, {"returned_to_court"}), registry)
    mediation = registry.get("prelitigation_mediation", 1)
    confirmed = new_case("prelitigation_mediation", "party_request", registry)
    drive(confirmed, path_to(mediation, confirmed, {"confirmed"}), registry)
    db.session.commit()
    ids = case.id, confirmed.id
    headers = api("370982-mediator")
    body = client.get(f"/api/v1/cases/{ids[0]}", headers=headers).get_json()
    assert body["court_return"] == {"outcome": "agreement", "report": "调解不成，退回法院审理。",
                                    "returned_on": today().isoformat()}
    assert body["ruling_number"] is None
    body = client.get(f"/api/v1/cases/{ids[1]}", headers=headers).get_json()
    assert body["ruling_number"] == RULING and body["court_return"] is None
    login("370982-mediator")
    page = client.get(f"/cases/{ids[0]}").get_data(as_text=True)
    assert 'id="case-court-return"' in page and "调解不成，退回法院审理。" in page
    assert RULING in client.get(f"/cases/{ids[1]}").get_data(as_text=True)


def _copy_with_unknown_effect(tmp_path: Path) -> Path:
    for f in (ROOT / "workflows").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    broken = tmp_path / "prelitigation_mediation.v1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace(
        "effects: [record_ruling]", "effects: [record_rulling]", 1), encoding="utf-8")
    return tmp_path


def test_workflows_check_refuses_an_unknown_effect(app, tmp_path):
    (tmp_path / "wf").mkdir()
    directory = _copy_with_unknown_effect(tmp_path / "wf")
    result = app.test_cli_runner().invoke(args=["workflows", "check", str(directory)])
    assert result.exit_code == 1
    assert "FAIL prelitigation_mediation.v1.yaml: transitions[" in result.output
    assert "unknown effect 'record_rulling'" in result.output
    ok = app.test_cli_runner().invoke(args=["workflows", "check", str(ROOT / "workflows")])
    assert ok.exit_code == 0 and "OK  prelitigation_mediation v1" in ok.output


def test_an_unknown_effect_stops_the_app(tmp_path):
    (tmp_path / "wf").mkdir()
    directory = _copy_with_unknown_effect(tmp_path / "wf")
    with pytest.raises(WorkflowError, match="unknown effect 'record_rulling'"):
        create_app({"WORKFLOWS_DIR": str(directory), "SECRET_KEY": "x",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


def test_an_effect_without_a_function_does_not_load(tmp_path):
    from caseflow.workflow.engine import Registry

    without = {k: v for k, v in EFFECTS.items() if k != "record_court_return"}
    with pytest.raises(WorkflowError, match="unknown effect 'record_court_return'"):
        Registry.load(ROOT / "workflows", effects=without)
