"""Each guard and warning, and how CompiledWorkflow.check applies roles, notes and guards."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.workflow import (
    GUARDS,
    WARNINGS,
    GuardRefused,
    InvalidTransition,
    fire,
    validate_inputs,
    why_unavailable,
)
from tests.workflow.helpers import REGISTRY, Case, make_ctx, weekdays_between

ADJ = REGISTRY.get("adjudication", 1)
PRE = REGISTRY.get("prelitigation_mediation", 1)
COURT = REGISTRY.latest("court_entrusted_mediation")
MON, FRI = date(2026, 3, 2), date(2026, 3, 6)


def refusal(name: str, case: Case, **ctx_kw: object) -> GuardRefused:
    with pytest.raises(GuardRefused) as caught:
        GUARDS[name](case, make_ctx(**ctx_kw))
    return caught.value


def test_calendar_helper_counts_strictly_between() -> None:
    assert weekdays_between(MON, FRI) == 3
    assert weekdays_between(FRI, date(2026, 3, 9)) == 0


def test_has_no_court_action() -> None:
    GUARDS["has_no_court_action"](Case("received"), make_ctx(data={"court_action_filed": False}))
    GUARDS["has_no_court_action"](Case("received"), make_ctx())
    err = refusal("has_no_court_action", Case("received"), data={"court_action_filed": True})
    assert (err.code, err.status, err.field) == ("court_action_filed", 422, "court_action_filed")
    assert err.message_zh and err.message_en


def test_is_conditions_confirmed() -> None:
    GUARDS["is_conditions_confirmed"](Case("received"),
                                      make_ctx(data={"conditions_confirmed": True}))
    for data in ({}, {"conditions_confirmed": False}):
        err = refusal("is_conditions_confirmed", Case("received"), data=data)
        assert (err.code, err.status, err.field) == ("conditions_not_confirmed", 422,
                                                     "conditions_confirmed")


@pytest.mark.parametrize(("on", "data", "due"), [
    (MON, {"reply_received_on": MON}, {"reply": FRI}),       # reply in, on the act's date
    (FRI, {"reply_received_on": MON}, {}),                   # reply in, no clock needed
    (date(2026, 3, 7), {}, {"reply": FRI}),                  # reply period over
])
def test_is_reply_in_or_due_allows(on: date, data: dict, due: dict) -> None:
    GUARDS["is_reply_in_or_due"](Case("awaiting_reply"), make_ctx(on=on, data=data, due=due))


@pytest.mark.parametrize(("on", "data", "due", "code", "status"), [
    (FRI, {}, {"reply": FRI}, "reply_pending", 409),         # the due day itself still runs
    (MON, {}, {}, "reply_pending", 409),                     # no reply clock known
    (MON, {"reply_received_on": FRI}, {"reply": MON}, "date_after_act", 422),
])
def test_is_reply_in_or_due_refuses(on: date, data: dict, due: dict, code: str,
                                    status: int) -> None:
    err = refusal("is_reply_in_or_due", Case("awaiting_reply"), on=on, data=data, due=due)
    assert (err.code, err.status, err.field) == (code, status, "reply_received_on")


def test_is_confirmable_agreement() -> None:
    for subject in ("damages", "licence", "other", None):
        GUARDS["is_confirmable_agreement"](Case("agreement_reached", agreement_subject=subject),
                                           make_ctx())
    err = refusal("is_confirmable_agreement",
                  Case("agreement_reached", agreement_subject="ownership"))
    assert (err.code, err.status) == ("ownership_not_confirmable", 422)


@pytest.mark.parametrize(("guard", "allowed"), [
    ("is_court_linked", {"court_assigned", "court_entrusted"}),
    ("is_court_assigned", {"court_assigned"}),
    ("is_party_request", {"party_request"}),
])
def test_source_guards(guard: str, allowed: set[str]) -> None:
    for source in ("party_request", "court_assigned", "court_entrusted", None):
        case = Case("requested", source=source)
        if source in allowed:
            GUARDS[guard](case, make_ctx())
        else:
            err = refusal(guard, case)
            assert (err.code, err.status) == ("wrong_source", 409)


@pytest.mark.parametrize(("patent_type", "report", "warned"), [
    ("utility_model", False, True), ("design", False, True), ("pct_utility_model", False, True),
    ("utility_model", True, False), ("invention", False, False), ("pct_invention", False, False),
])
def test_warn_no_evaluation_report(patent_type: str, report: bool, warned: bool) -> None:
    case = Case("received", patent_type=patent_type, has_evaluation_report=report)
    warning = WARNINGS["warn_no_evaluation_report"](case, make_ctx())
    assert (warning is not None and warning.code == "no_evaluation_report") is warned


@pytest.mark.parametrize(("notice", "hearing", "warned"), [
    (MON, FRI, False),                        # Tue, Wed, Thu: 3 working days
    (date(2026, 3, 3), FRI, True),            # Wed, Thu: 2
    (FRI, date(2026, 3, 12), False),          # Mon, Tue, Wed (weekend skipped)
    (FRI, date(2026, 3, 10), True),           # Mon only
    (FRI, MON, True),                         # notice after the hearing
])
def test_warn_short_hearing_notice(notice: date, hearing: date, warned: bool) -> None:
    ctx = make_ctx(data={"notice_received_on": notice, "hearing_on": hearing})
    warning = WARNINGS["warn_short_hearing_notice"](Case("investigating"), ctx)
    assert (warning is not None and warning.code == "short_hearing_notice") is warned


def test_warn_confirmation_late() -> None:
    warn = WARNINGS["warn_confirmation_late"]
    due = {"confirmation_application": MON}
    assert warn(Case("agreement_reached"), make_ctx(on=MON, due=due)) is None
    assert warn(Case("agreement_reached"), make_ctx(on=FRI)) is None
    late = warn(Case("agreement_reached"), make_ctx(on=FRI, due=due))
    assert late is not None and late.code == "late" and "2026-03-02" in late.message_zh


def test_check_refuses_a_role_not_listed() -> None:
    approve = ADJ.transition("decision_pending", "approve_decision")
    with pytest.raises(GuardRefused) as caught:
        ADJ.check(Case("decision_pending"), approve, make_ctx(roles={"officer", "mediator"}))
    assert (caught.value.code, caught.value.status) == ("role_not_allowed", 403)
    assert ADJ.check(Case("decision_pending"), approve, make_ctx(roles={"supervisor"})) == []


@pytest.mark.parametrize("note", [None, "", "   "])
def test_check_requires_a_note_where_declared(note: str | None) -> None:
    cancel = ADJ.transition("filed", "cancel")
    with pytest.raises(GuardRefused) as caught:
        ADJ.check(Case("filed"), cancel, make_ctx(note=note))
    assert (caught.value.code, caught.value.field) == ("note_required", "note")
    assert ADJ.check(Case("filed"), cancel, make_ctx(note="专利权已被宣告无效")) == []


def test_accept_runs_its_guards_and_warning() -> None:
    accept = ADJ.transition("received", "accept")
    case = Case("received", patent_type="design")
    data, errors = validate_inputs(accept, {"conditions_confirmed": True,
                                            "court_action_filed": True})
    assert errors == {}
    with pytest.raises(GuardRefused, match="court action"):
        ADJ.check(case, accept, make_ctx(data=data))
    data, _ = validate_inputs(accept, {"conditions_confirmed": True})
    warnings = ADJ.check(case, accept, make_ctx(data=data))
    assert [w.code for w in warnings] == ["no_evaluation_report"]


def test_mediation_guards_by_source() -> None:
    assert PRE.check(Case("requested", source="court_assigned"),
                     PRE.transition("requested", "sign_for"), make_ctx()) == []
    with pytest.raises(GuardRefused, match="court-assigned"):
        PRE.check(Case("requested", source="party_request"),
                  PRE.transition("requested", "sign_for"), make_ctx())
    with pytest.raises(GuardRefused, match="party-request"):
        PRE.check(Case("mediating", source="court_assigned"),
                  PRE.transition("mediating", "terminate"), make_ctx(note="双方分歧过大"))
    apply = PRE.transition("agreement_reached", "apply_confirmation")
    late = PRE.check(Case("agreement_reached", agreement_subject="damages"), apply,
                     make_ctx(on=FRI, due={"confirmation_application": MON}))
    assert [w.code for w in late] == ["late"]
    assert COURT.check(Case("mediating", source="court_entrusted"),
                       COURT.transition("mediating", "return_to_court"), make_ctx()) == []


def test_why_unavailable_explains_without_the_form() -> None:
    case = Case("received")
    assert why_unavailable(ADJ, case, "accept", make_ctx()) is None   # form guards skipped
    assert why_unavailable(ADJ, case, "cancel", make_ctx()) is None   # note not yet typed
    assert why_unavailable(ADJ, case, "refer", make_ctx(roles={"officer"})).code == (
        "role_not_allowed")
    assert isinstance(why_unavailable(ADJ, case, "close", make_ctx()), InvalidTransition)
    # the reply may be in although not yet due: the form decides, so the page offers it
    assert why_unavailable(ADJ, Case("awaiting_reply"), "start_investigation",
                           make_ctx(on=MON, due={"reply": FRI})) is None
    assert why_unavailable(PRE, Case("requested", source="party_request"), "sign_for",
                           make_ctx()).code == "wrong_source"


def test_a_whole_adjudication_through_check_and_fire() -> None:
    case = Case("received", patent_type="invention")
    steps = [
        ("accept", {"conditions_confirmed": True}, {}),
        ("serve_request", {}, {}),
        ("start_investigation", {"reply_received_on": "2026-03-02"}, {}),
        ("schedule_hearing", {"hearing_on": "2026-03-20", "notice_received_on": "2026-03-09"},
         {}),
        ("hold_hearing", {"record": "双方到庭"}, {}),
        ("approve_decision", {"outcome": "infringement"}, {}),
        ("close", {"receipts": [{"party": 1, "received_on": "2026-03-30"},
                                {"party": 2, "received_on": "2026-03-31"}]}, {}),
    ]
    for trigger, raw, due in steps:
        transition = ADJ.transition(case.status, trigger)
        data, errors = validate_inputs(transition, raw)
        assert errors == {}, trigger
        assert ADJ.check(case, transition, make_ctx(on=date(2026, 3, 31), data=data,
                                                    due=due)) == []
        fire(ADJ.machine, case, trigger)
    assert case.status == "closed"
