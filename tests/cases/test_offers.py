"""One answer to "what may I do now": everything offered succeeds, everything else is refused.

For every state of every workflow file (reached from every source the workflow accepts) and for
every demo role in and above the handling unit and at the intake station, each entry of
`available_actions` is fired through its service with valid inputs: an offered one succeeds, a
refused one fails with the error the offer gave as `why_not` and writes nothing. Transitions that
do not leave the state are refused too, and the case JSON's `allowed_transitions` lists exactly
the offered transitions. On the demo data, the case page shows exactly the offered forms.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.cases import corrections, panel, recusals
from caseflow.cases.actions import perform_action
from caseflow.cases.evidence import add_evidence
from caseflow.cases.handoff import build_handoff, handoff_purpose
from caseflow.cases.models import Case, RecusalApplication
from caseflow.cases.offers import KINDS, Offer, available_actions
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.services import reveal_identity
from caseflow.deadlines.actions import extend_closure, extend_mediation
from caseflow.demo_cases import seed_cases
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.routing import assignment, assist
from caseflow.routing import services as routing
from caseflow.timeutil import today
from caseflow.workflow.engine import Registry
from tests.cases.action_inputs import drive, new_case, path_to, valid_inputs, valid_note
from tests.factories import officers, user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The handling unit (新泰市局) and the city above it, each role; the intake station.
USERS = ("370982-officer", "370982-mediator", "370982-supervisor", "370900-officer",
         "370900-mediator", "370900-supervisor", "370982001-officer")


def _other_lead(names: list[str]) -> list[str]:
    return [names[1], names[0], *names[2:]]


def _firer(offer: Offer, case: Case, actor: User, registry: Registry) -> Callable[[], Any]:
    """Return a call of the offer's service with valid inputs."""
    version, on = case.version, None
    targets = offer.targets if isinstance(offer.targets, list) else []
    # a refused routing act has no targets: any unit of the city makes the inputs valid
    unit = targets[0].code if targets else "370983"
    if offer.kind == "transition":
        t = offer.transition
        return lambda: perform_action(case, t.trigger, actor, registry=registry,
                                      data=valid_inputs(t, case), note=valid_note(t),
                                      version=version)
    calls: dict[str, Callable[[], Any]] = {
        "sign_for": lambda: routing.sign_for(actor, case, on=on, version=version,
                                             registry=registry),
        "refer_up": lambda: routing.move_case(actor, case, "refer_up", to_unit=None,
                                              reason="报请", on=on, version=version,
                                              registry=registry),
        "transfer": lambda: routing.move_case(actor, case, "transfer", to_unit=unit,
                                              reason="移交", on=on, version=version,
                                              registry=registry),
        "delegate": lambda: routing.move_case(actor, case, "delegate", to_unit=unit,
                                              reason="交办", on=on, version=version,
                                              registry=registry),
        "assign": lambda: assignment.assign(actor, case, to_user="auto", team=None,
                                            reason="分派", on=on, version=version,
                                            registry=registry),
        "assist": lambda: assist.request_assist(actor, case, to_unit=unit, kind="inspection",
                                                description="现场勘验",
                                                due_on=today().isoformat(), registry=registry),
        "recusal": lambda: assignment.declare_recusal(actor, case, reason="回避",
                                                      version=version, registry=registry),
        "extend": lambda: extend_closure(actor, case, reason="案情复杂", on=on,
                                         version=version, registry=registry),
        "extend_mediation": lambda: extend_mediation(
            actor, case, days=10, consents={"requester": True, "respondent": True},
            reason="双方同意", on=on, version=version, registry=registry),
        "reveal_identity": lambda: reveal_identity(
            actor, case, next(p for p in case.parties if p.id == offer.party_id)
            if offer.party_id else case.parties[0]),
        "upload_evidence": lambda: add_evidence(actor, case, io.BytesIO(PDF), "证据.pdf", ""),
        "handoff": lambda: build_handoff(actor, case, purpose=handoff_purpose(case),
                                         evidence_ids=[]),
        "correct": lambda: corrections.correct_case(
            actor, case, {"summary": "更正后的案情摘要。"}, reason="笔误", version=version,
            registry=registry),
        "add_party": lambda: corrections.add_party(
            actor, case, {"role": "respondent", "kind": "person", "name": "赵六"},
            reason="遗漏共同被请求人", version=version, registry=registry),
        "change_panel": lambda: panel.reform_panel(  # another lead: a change in any case
            actor, case, panel=_other_lead(officers(case.handling_unit.code)), reason="调整",
            on=on,
            version=version, registry=registry),
        "apply_recusal": lambda: recusals.apply_recusal(
            actor, case, party=case.parties[0].id, target_role="clerk", target_name="书记员甲",
            grounds="与当事人有亲属关系", on=on, version=version, registry=registry),
        "decide_recusal": lambda: recusals.decide_recusal(
            actor, next((a for a in recusals.list_recusals(case) if a.status == "pending"),
                        RecusalApplication(case_id=case.id, status="pending")),
            granted=False, on=on, version=version, registry=registry),
    }
    return calls[offer.name]


def _events(case_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.case_id == case_id))


def _attempt(call: Callable[[], Any], case_id: int) -> tuple[DomainError | None, int]:
    """Fire inside a savepoint that is always rolled back; return the refusal and events added."""
    before = _events(case_id)
    savepoint = db.session.begin_nested()
    try:
        call()
    except DomainError as err:
        return err, _events(case_id) - before
    else:
        return None, _events(case_id) - before
    finally:
        savepoint.rollback()


def _check_state(app, case: Case, registry: Registry, where: str) -> set[tuple[str, str]]:
    """Check every user's offers on this case; return the (kind, name) pairs seen offered."""
    workflow = registry.get(case.workflow, case.workflow_version).workflow
    offered: set[tuple[str, str]] = set()
    for username in USERS:
        actor = user(username)
        offers = available_actions(case, actor, registry)
        assert {o.kind for o in offers} <= set(KINDS)
        leaving = {t.trigger for t in workflow.transitions_from(case.status)}
        assert {o.name for o in offers if o.kind == "transition"} == leaving
        with app.test_request_context():
            shown = case_as_dict(case, actor, registry)
        assert [t["trigger"] for t in shown["allowed_transitions"]] == [
            t.trigger for t in offers.transitions()], (where, username)
        assert shown["available_actions"] == offers.as_list()
        for offer in offers:
            context = (where, username, offer.kind, offer.name, offer.party_id)
            refusal, written = _attempt(_firer(offer, case, actor, registry), case.id)
            if offer.available:
                assert refusal is None, (*context, refusal and refusal.message)
                offered.add((offer.kind, offer.name))
            else:
                assert refusal is not None, context
                assert written == 0, context
                assert refusal.code == offer.verdict.refusal.code, (*context, refusal.message)
                assert offer.verdict.why_not(), context
        for trigger in {t.trigger for t in workflow.transitions} - leaving:
            spec = next(t for t in workflow.transitions if t.trigger == trigger)
            refusal, written = _attempt(lambda s=spec, a=actor: perform_action(
                case, s.trigger, a, registry=registry, data=valid_inputs(s, case),
                note=valid_note(s), version=case.version), case.id)
            assert refusal is not None and written == 0, (where, username, trigger)
    return offered


def test_every_state_of_every_workflow_offers_only_what_the_services_accept(app):
    registry = app.extensions["caseflow.workflows"]
    offered: set[tuple[str, str]] = set()
    states_seen: set[tuple[str, str]] = set()
    for compiled in registry:
        workflow = compiled.workflow
        for source in workflow.sources:
            for state in workflow.states:
                # a v2 case is driven act by act over the past weeks (a hearing is held on or
                # after its day), or received today while its filing period may be extended
                recent = workflow.version == 1 or state.name in ("received",
                                                                  "pending_correction")
                received = "2026-10-08" if workflow.version == 1 else (
                    today() - timedelta(days=0 if recent else 60)).isoformat()
                case = new_case(workflow.name, source, registry, workflow.version, received)
                path = path_to(compiled, case, {state.name})
                if path is None:
                    continue  # this state is not reached by cases from this source
                drive(case, path, registry, step_days=0 if recent else 6)
                assert case.status == state.name
                db.session.commit()  # the JSON below is shaped in a request, which ends in a rollback
                offered |= _check_state(app, case, registry,
                                        f"{workflow.name}/{source}/{state.name}")
                states_seen.add((workflow.name, state.name))
    assert states_seen == {(c.workflow.name, s.name) for c in registry for s in c.workflow.states}
    # the walk fired every kind, and every transition of every file, at least once
    assert {kind for kind, _ in offered} == set(KINDS)
    # except the actions that need an earlier action on the case first (an open period, a
    # recorded invalidation, an ownership agreement's closure): each has its own test
    # (tests/workflow/test_effects.py fires them after their prerequisite)
    later = {"close_period", "decline_suspension", "copy_to_cnipa"}
    assert {name for kind, name in offered if kind == "transition"} == {
        t.trigger for c in registry for t in c.workflow.transitions} - later
    assert {name for kind, name in offered if kind != "transition"} == {
        "sign_for", "refer_up", "transfer", "assign", "assist", "recusal", "extend",
        "extend_mediation", "reveal_identity", "upload_evidence", "correct", "add_party",
        "apply_recusal", "change_panel",  # a v2 case has a panel from its filing
        "handoff"}


def test_a_party_request_case_is_never_offered_court_acts(app):
    registry = app.extensions["caseflow.workflows"]
    case = new_case("prelitigation_mediation", "party_request", registry)
    db.session.commit()
    offers = available_actions(case, user("370982-mediator"), registry)
    sign = offers.find("sign_for", "transition")
    assert sign is not None and not sign.available and sign.verdict.because == "guard"
    assert sign.as_dict()["why_not"] == "该操作仅适用于法院诉前委派案件。"
    assert offers.allows("serve_request", "transition")
    drive(case, path_to(registry.get(case.workflow, case.workflow_version), case,
                        {"mediating"}), registry)
    offers = available_actions(case, user("370982-mediator"), registry)
    assert not offers.allows("return_to_court") and offers.allows("terminate")


def test_the_case_json_says_why_not_in_the_users_language(app, client, api):
    registry = app.extensions["caseflow.workflows"]
    case = new_case("adjudication", "party_request", registry)
    db.session.commit()
    url = f"/api/v1/cases/{case.id}"
    body = client.get(url, headers=api("370982-mediator")).get_json()
    assert body["allowed_transitions"] == []
    accept = next(a for a in body["available_actions"] if a["name"] == "accept")
    assert accept == {"name": "accept", "kind": "transition", "label": "受理立案",
                      "available": False, "why_not": "您的角色无权执行此操作。",
                      "why_not_code": "role_not_allowed", "because": "role", "inputs": [
                          {"name": "on", "type": "date", "required": False},
                          {"name": "note", "type": "text", "required": False},
                          {"name": "version", "type": "integer", "required": False},
                          {"name": "conditions_confirmed", "type": "boolean", "required": True,
                           "label": "五项受理条件均已满足", "in": "data"},
                          {"name": "court_action_filed", "type": "boolean", "required": False,
                           "label": "已向人民法院起诉", "in": "data"}]}
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    body = client.get(url, headers=api("370982-officer")).get_json()
    assert [t["trigger"] for t in body["allowed_transitions"]] == [
        "request_correction", "accept", "reject", "withdraw"]
    actions = {(a["kind"], a["name"]): a for a in body["available_actions"]}
    assert actions[("transition", "accept")]["available"] is True
    assert actions[("transition", "accept")]["label"] == "Accept and file"
    assert actions[("deadline", "extend")]["why_not"] == (
        "Only a supervisor of the handling unit or a unit above it can approve extending the "
        "closure deadline.")
    assert actions[("routing", "sign_for")]["available"] is True
    assert actions[("routing", "refer_up")]["targets"] == [
        {"code": "370900", "name": "泰安市市场监督管理局（知识产权局）"}]
    assert actions[("case", "reveal_identity")]["because"] == "role"
    # every entry says what its call takes (API.md: "inputs"), in the page language
    assert all(isinstance(a["inputs"], list) for a in body["available_actions"])
    assert [i["name"] for i in actions[("routing", "transfer")]["inputs"]] == [
        "to_unit", "reason", "on", "version"]
    assert actions[("transition", "accept")]["inputs"][3]["label"] == (
        "All five acceptance conditions hold")
    assert {a["kind"] for a in body["available_actions"]} == {
        "transition", "routing", "deadline", "case"}


# --- the case page on the demo data ----------------------------------------------------------

FORM_IDS = {"sign-for-form": ("routing", "sign_for"), "refer-up-form": ("routing", "refer_up"),
            "transfer-form": ("routing", "transfer"), "delegate-form": ("routing", "delegate"),
            "assign-form": ("routing", "assign"), "assist-form": ("routing", "assist"),
            "recusal-form": ("routing", "recusal"), "extend-form": ("deadline", "extend"),
            "extend-mediation-form": ("deadline", "extend_mediation"),
            "evidence-upload": ("case", "upload_evidence"),
            "handoff-form": ("case", "handoff"),
            "panel-form": ("case", "change_panel"),
            "recusal-apply-form": ("case", "apply_recusal"),
            "recusal-decide-form": ("case", "decide_recusal")}
LINK_IDS = {"correct-link": ("case", "correct")}


def _shown_forms(html: str, case_id: int) -> set[tuple[str, str, int | None]]:
    shown: set[tuple[str, str, int | None]] = set()
    for form_id in re.findall(r'<form[^>]*\bid="([^"]+)"', html):
        if form_id.startswith("action-"):
            shown.add(("transition", form_id.removeprefix("action-"), None))
        elif form_id in FORM_IDS:
            shown.add((*FORM_IDS[form_id], None))
    for link_id in re.findall(r'<a[^>]*\bid="([^"]+)"', html):
        if link_id in LINK_IDS:
            shown.add((*LINK_IDS[link_id], None))
    for party in re.findall(rf'action="/cases/{case_id}/parties/(\d+)/identity"', html):
        shown.add(("case", "reveal_identity", int(party)))
    return shown


@pytest.mark.parametrize("app_config", [{}, {"WORKFLOW_VERSIONS": {}}], ids=["v1", "default"])
def test_the_demo_case_pages_show_exactly_the_offered_actions(app, app_config):
    # pinned to v1 (the suite's base), then the default demo: v2 cases and a few v1 ones
    registry = app.extensions["caseflow.workflows"]
    assert seed_cases(registry) > 0
    db.session.commit()
    cases = [(c.id, c.handling_unit.code, c.intake_unit.code)
             for c in db.session.scalars(select(Case).order_by(Case.id))]
    clients = {}
    shown_any = set()
    for case_id, handling, intake in cases:
        city = "370900"
        people = [f"{code}-{role}" for code in dict.fromkeys((handling, city))
                  for role in ("officer", "mediator", "supervisor")]
        people += [f"{intake}-officer"] if intake not in (handling, city) else []
        for username in people:
            if user(username) is None:
                continue
            if username not in clients:
                clients[username] = app.test_client()
                r = clients[username].post("/login", data={"username": username,
                                                           "password": "caseflow-demo"})
                assert r.status_code == 302
            response = clients[username].get(f"/cases/{case_id}")
            assert response.status_code == 200, (case_id, username)
            shown = _shown_forms(response.get_data(as_text=True), case_id)
            case = db.session.get(Case, case_id)
            offers = available_actions(case, user(username), registry)
            expected = {(o.kind, o.name, o.party_id if o.name == "reveal_identity" else None)
                        for o in offers if o.available and o.name != "add_party"}
            assert shown == expected, (case_id, case.status, username)
            # adding a party is offered on the correction page, from the same answer
            page = clients[username].get(f"/cases/{case_id}/correct").get_data(as_text=True)
            adds = f'action="/cases/{case_id}/parties/new"' in page
            assert adds == offers.allows("add_party"), (case_id, case.status, username)
            if adds:
                shown.add(("case", "add_party", None))
            shown_any |= {(kind, name) for kind, name, _ in shown}
            db.session.rollback()
    # the demo data exercises every kind of form the page can show
    assert {kind for kind, _ in shown_any} == set(KINDS)


def test_a_case_referred_up_is_offered_for_delegation_only_under_an_entrustment(app):
    registry = app.extensions["caseflow.workflows"]
    case = new_case("adjudication", "party_request", registry)
    routing.move_case(user("370982-officer"), case, "refer_up", to_unit=None, reason="报请",
                      on=None, version=case.version, registry=registry)
    db.session.commit()
    assert case.handling_unit.code == "370900"
    offered = _check_state(app, case, registry, "adjudication/referred_up/received")
    assert ("routing", "delegate") in offered and ("routing", "refer_up") not in offered
    delegate = available_actions(case, user("370900-supervisor"), registry).find("delegate")
    assert {u.code for u in delegate.targets} == {"370902", "370911", "370921", "370923",
                                                   "370982", "370983"}
    case.patent.type = "invention"  # no entrustment covers an invention patent
    db.session.flush()
    delegate = available_actions(case, user("370900-supervisor"), registry).find("delegate")
    assert not delegate.available and delegate.verdict.refusal.code == "no_entrustment"
    refusal, written = _attempt(lambda: routing.move_case(
        user("370900-supervisor"), case, "delegate", to_unit="370982", reason="交办", on=None,
        version=case.version, registry=registry), case.id)
    assert refusal is not None and refusal.code == "no_entrustment" and written == 0


def test_no_party_is_offered_for_adding_once_a_hearing_was_held(app):
    registry = app.extensions["caseflow.workflows"]
    compiled = registry.get("adjudication", 1)
    case = new_case("adjudication", "party_request", registry)
    drive(case, path_to(compiled, case, {"hearing_scheduled"}), registry)
    drive(case, [compiled.workflow.find("hearing_scheduled", "hold_hearing")], registry)
    db.session.commit()
    officer = user("370982-officer")
    offers = available_actions(case, officer, registry)
    add = offers.find("add_party")
    assert offers.allows("correct") and not add.available
    assert (add.verdict.because, add.verdict.refusal.code) == ("precondition", "hearing_held")
    refusal, written = _attempt(_firer(add, case, officer, registry), case.id)
    assert refusal is not None and refusal.code == "hearing_held" and written == 0
