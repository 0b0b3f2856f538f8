"""Replay real act sequences through the real workflow files into deadline clocks (no DB)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.clocks import (
    Act,
    CaseFacts,
    Clock,
    ClockError,
    clock_status,
    compute_clocks,
    days_left,
)
from caseflow.deadlines.periods import DEFAULT_PERIODS, PERIODS_2025, PeriodSpec, merge_periods
from caseflow.workflow import load_all
from caseflow.workflow.spec import CLOCK_KINDS, CLOCK_VARIANTS, OPTIONAL_VARIANTS

D = date.fromisoformat
CAL = WorkCalendar()
ALL = load_all(Path(__file__).parents[2] / "workflows")
WF = {name: wf for (name, version), wf in ALL.items() if version == 1}  # the 2015 rules


def T(trigger: str, on: str, **data: object) -> Act:
    return Act("transition", D(on), trigger, data)


def run(workflow: str, acts: list[Act], received: str = "2026-09-28", cal: WorkCalendar = CAL,
        periods=DEFAULT_PERIODS, **facts: str) -> dict[tuple[str, int | None], Clock]:
    got = compute_clocks(WF[workflow], CaseFacts(D(received), **facts), acts, cal, periods)
    return {(c.kind, c.party_id): c for c in got}


def due(clocks: dict, kind: str, party: int | None = None) -> str:
    return clocks[(kind, party)].due_on.isoformat()


# --- adjudication --------------------------------------------------------------------------------

ADJ = [
    Act("intake", D("2026-09-28")),                                     # 0
    T("accept", "2026-09-30", conditions_confirmed=True),               # 1
    T("serve_request", "2026-10-12"),                                   # 2: respondent's receipt
    T("start_investigation", "2026-10-26"),                             # 3
    T("suspend", "2026-11-02", ground="invalidation"),                  # 4
    T("resume", "2026-11-12"),                                          # 5
    Act("extend", D("2026-11-20")),                                     # 6
    Act("extend", D("2026-11-25")),                                     # 7: refused by the service
    T("submit_decision", "2026-11-23"),                                 # 8
    T("approve_decision", "2026-11-27", outcome="infringement"),        # 9
    T("close", "2026-12-10", receipts=[{"party": 1, "received_on": "2026-12-07"},
                                       {"party": 2, "received_on": D("2026-12-09")}]),
]


def test_acceptance_counts_the_make_up_saturday() -> None:
    clocks = run("adjudication", ADJ[:1])
    acceptance = clocks[("acceptance", None)]
    assert CAL.is_workday(D("2026-10-10")) and D("2026-10-10").weekday() == 5
    assert (due(clocks, "acceptance"), acceptance.provisional) == ("2026-10-10", False)
    assert "10-10为调休工作日" in acceptance.basis and "make-up" in acceptance.basis_en
    assert clock_status(acceptance, D("2026-10-10")) == "running"
    assert clock_status(acceptance, D("2026-10-11")) == "missed"
    assert days_left(acceptance, CAL, D("2026-09-28")) == 5  # 09-29, 09-30, 10-08, 10-09, 10-10


def test_accept_starts_serve_copy_and_closure() -> None:
    clocks = run("adjudication", ADJ[:2])
    assert clocks[("acceptance", None)].stopped_on == D("2026-09-30")
    assert clock_status(clocks[("acceptance", None)], D("2026-12-01")) == "met"
    assert due(clocks, "serve_copy") == "2026-10-13"       # 10-08, 09, 10 (Sat), 12, 13
    assert due(clocks, "closure") == "2026-12-30"          # a Wednesday: no roll
    assert "顺延" not in clocks[("closure", None)].basis


def test_closure_rolls_past_national_day() -> None:
    clocks = run("adjudication", [Act("intake", D("2026-06-29")),
                                  T("accept", "2026-07-01", conditions_confirmed=True)])
    closure = clocks[("closure", None)]
    assert due(clocks, "closure") == "2026-10-08"          # 10-01 is a holiday
    assert "国庆节" in closure.basis and "顺延至2026-10-08" in closure.basis


def test_reply_runs_fifteen_days_from_receipt() -> None:
    clocks = run("adjudication", ADJ[:4])
    assert clock_status(clocks[("serve_copy", None)], D("2026-12-01")) == "met"
    assert due(clocks, "reply") == "2026-10-27"
    assert clock_status(clocks[("reply", None)], D("2026-12-01")) == "met"
    late = run("adjudication", [*ADJ[:3], T("start_investigation", "2026-10-28")])
    assert clock_status(late[("reply", None)], D("2026-10-28")) == "missed"


def test_suspension_pauses_closure_and_is_never_missed() -> None:
    clocks = run("adjudication", ADJ[:5])
    closure = clocks[("closure", None)]
    assert (closure.paused_since, closure.due_on) == (D("2026-11-02"), D("2026-12-30"))
    assert clock_status(closure, D("2027-03-01")) == "paused"
    assert days_left(closure, CAL, D("2026-11-05")) is None


def test_resume_adds_the_paused_days_then_rolls() -> None:
    closure = run("adjudication", ADJ[:6])[("closure", None)]
    # 12-30 + 10 days = 2027-01-09, a Saturday -> Monday; 2027 has no official data yet.
    assert (closure.paused_days, closure.paused_since) == (10, None)
    assert (closure.due_on, closure.provisional) == (D("2027-01-11"), True)
    assert "中止10天已顺延" in closure.basis and "暂按周末推算" in closure.basis
    assert "10 suspended day(s) added" in closure.basis_en


def test_extension_counts_four_months_from_filing_plus_pauses() -> None:
    closure = run("adjudication", ADJ[:7])[("closure", None)]
    # 2026-09-30 + 4 months = 2027-01-30, + 10 paused days = 2027-02-09 (a Tuesday).
    assert (closure.due_on, closure.extended) == (D("2027-02-09"), True)
    assert "经批准延长1个月" in closure.basis and "中止10天已顺延" in closure.basis
    assert run("adjudication", ADJ[:8])[("closure", None)] == closure  # second one ignored
    # Once the 2027 notice is loaded (say 02-09 is a Spring Festival holiday), it rolls.
    cal_2027 = WorkCalendar(overrides={D("2027-02-09"): False}, loaded_years={2027})
    loaded = run("adjudication", ADJ[:7], cal=cal_2027)[("closure", None)]
    assert (loaded.due_on, loaded.provisional) == (D("2027-02-10"), False)


def test_close_starts_one_appeal_clock_per_party() -> None:
    clocks = run("adjudication", ADJ)
    assert (due(clocks, "appeal", 1), due(clocks, "appeal", 2)) == ("2026-12-22", "2026-12-24")
    assert {clock_status(clocks[("appeal", p)], D("2026-12-15")) for p in (1, 2)} == {"running"}
    assert clocks[("closure", None)].stopped_on == D("2026-12-10")
    assert clock_status(clocks[("closure", None)], D("2026-12-15")) == "met"
    publication = clocks[("publication", None)]            # 20 WD from 11-27; closed on 12-10
    assert (publication.due_on, publication.stopped_on) == (D("2026-12-25"), D("2026-12-10"))


def test_receive_correction_restarts_acceptance() -> None:
    clocks = run("adjudication", [Act("intake", D("2026-09-28")),
                                  T("request_correction", "2026-09-29", missing="证据目录"),
                                  T("receive_correction", "2026-10-09")])
    assert [k for k in clocks] == [("acceptance", None)]
    acceptance = clocks[("acceptance", None)]
    assert (acceptance.started_on, acceptance.stopped_on) == (D("2026-10-09"), None)
    assert acceptance.due_on == D("2026-10-15")            # 10-10 (Sat), 12, 13, 14, 15


def test_a_terminal_transition_stops_every_running_clock() -> None:
    clocks = run("adjudication", [*ADJ[:2], Act("transition", D("2026-10-20"), "withdraw",
                                                 to_status="closed")])
    assert {c.stopped_on for c in clocks.values()} == {D("2026-09-30"), D("2026-10-20")}
    assert clock_status(clocks[("serve_copy", None)], D("2026-10-20")) == "missed"
    assert clock_status(clocks[("closure", None)], D("2026-10-20")) == "met"
    rejected = run("adjudication", [ADJ[0], T("reject", "2026-10-12")])[("acceptance", None)]
    assert (rejected.stopped_on, clock_status(rejected, D("2026-10-12"))) == (
        D("2026-10-12"), "missed")


def test_stopping_a_suspended_clock_ends_the_pause() -> None:
    closure = run("adjudication", [*ADJ[:5], T("withdraw", "2027-01-05")])[("closure", None)]
    assert (closure.paused_since, closure.paused_days) == (None, 64)
    assert closure.due_on == D("2027-03-04")               # 12-30 + 64 days
    assert clock_status(closure, D("2027-01-05")) == "met"


def test_working_day_clocks_ignore_suspension() -> None:
    clocks = run("adjudication", [*ADJ[:2], T("suspend", "2026-10-09", ground="other")])
    assert clocks[("serve_copy", None)].paused_since is None
    assert clock_status(clocks[("serve_copy", None)], D("2026-10-14")) == "missed"
    assert clocks[("closure", None)].paused_since == D("2026-10-09")


def test_deadline_in_2027_is_provisional() -> None:
    acts = [Act("intake", D("2026-11-18")), T("accept", "2026-11-20", conditions_confirmed=True)]
    clocks = run("adjudication", acts, received="2026-11-18")
    assert (due(clocks, "closure"), clocks[("closure", None)].provisional) == ("2027-02-22", True)
    assert clocks[("serve_copy", None)].provisional is False


# --- mediation -----------------------------------------------------------------------------------

MED = [
    Act("intake", D("2026-09-01")),
    T("serve_request", "2026-09-02"),
    T("respondent_consents", "2026-09-10"),
    T("file", "2026-09-15"),
    Act("extend_mediation", D("2026-11-10"), data={"days": 10}),
    T("reach_agreement", "2026-11-20", effective_on="2026-11-21", subject="damages"),
    T("apply_confirmation", "2026-12-01", court="济南市中级人民法院"),
]


def test_party_request_mediation_chain() -> None:
    clocks = run("prelitigation_mediation", MED[:4], received="2026-09-01", source="party_request")
    assert due(clocks, "statement") == "2026-09-17"
    assert due(clocks, "mediation_filing") == "2026-09-17"  # 09-11, 14, 15, 16, 17
    assert {clock_status(clocks[(k, None)], D("2026-10-01"))
            for k in ("statement", "mediation_filing")} == {"met"}
    mediation = clocks[("mediation", None)]
    assert (mediation.variant, due(clocks, "mediation")) == ("party_request", "2026-11-16")


def test_extend_mediation_adds_days_to_the_unrolled_deadline() -> None:
    clocks = run("prelitigation_mediation", MED[:5], received="2026-09-01")
    mediation = clocks[("mediation", None)]
    assert (mediation.due_on, mediation.extended_days) == (D("2026-11-25"), 10)  # 11-15 + 10
    assert "经双方当事人同意延长10日" in mediation.basis
    assigned = run("prelitigation_mediation", [T("sign_for", "2026-09-01"),
                   Act("extend_mediation", D("2026-09-20"), data={"days": "10"})])
    assert due(assigned, "mediation") == "2026-10-12"      # 10-01 + 10 = 10-11 (Sun)


def test_agreement_and_confirmation_clocks() -> None:
    clocks = run("prelitigation_mediation", MED, received="2026-09-01")
    assert clock_status(clocks[("mediation", None)], D("2026-12-01")) == "met"
    confirmation = clocks[("confirmation_application", None)]
    assert (confirmation.started_on, confirmation.due_on) == (D("2026-11-21"), D("2026-12-21"))
    assert clock_status(confirmation, D("2026-12-01")) == "met"
    review = clocks[("court_review", None)]
    assert (review.info, review.due_on) == (True, D("2026-12-16"))
    assert clock_status(review, D("2027-01-01")) == "info"
    assert days_left(review, CAL, D("2026-12-02")) is None


def test_court_assigned_mediation_runs_thirty_days() -> None:
    clocks = run("prelitigation_mediation", [Act("intake", D("2026-09-01")),
                                             T("sign_for", "2026-09-01")],
                 received="2026-09-01", source="court_assigned")
    assert due(clocks, "mediation") == "2026-10-08"        # 10-01 rolls past National Day
    assert "国庆节" in clocks[("mediation", None)].basis


@pytest.mark.parametrize(("procedure", "expected"), [("simple", "2026-10-08"),
                                                     ("ordinary", "2026-10-13")])
def test_court_entrusted_period_follows_the_procedure(procedure: str, expected: str) -> None:
    clocks = run("court_entrusted_mediation", [Act("intake", D("2026-09-28")),
                                               T("sign_for", "2026-09-28")],
                 source="court_entrusted", procedure=procedure)
    assert (clocks[("mediation", None)].variant, due(clocks, "mediation")) == (procedure, expected)


def test_court_entrusted_without_procedure_is_an_error() -> None:
    with pytest.raises(ClockError, match="procedure"):
        run("court_entrusted_mediation", [T("sign_for", "2026-09-28")])


# --- status, days left, periods -----------------------------------------------------------------

BASE = Clock(kind="reply", started_on=D("2026-10-12"), due_on=D("2026-10-27"), stopped_on=None,
             paused_since=None, paused_days=0, extended=False, provisional=False, basis="",
             basis_en="")


@pytest.mark.parametrize(("changes", "today", "status"), [
    ({}, "2026-10-27", "running"),
    ({}, "2026-10-28", "missed"),
    ({"stopped_on": D("2026-10-27")}, "2026-12-01", "met"),
    ({"stopped_on": D("2026-10-28")}, "2026-10-28", "missed"),
    ({"paused_since": D("2026-10-20")}, "2027-06-01", "paused"),
    ({"info": True}, "2027-06-01", "info"),
])
def test_clock_status(changes: dict, today: str, status: str) -> None:
    assert clock_status(replace(BASE, **changes), D(today)) == status


def test_days_left() -> None:
    assert days_left(BASE, CAL, D("2026-10-26")) == 1
    assert days_left(BASE, CAL, D("2026-10-29")) == -2
    assert days_left(replace(BASE, stopped_on=D("2026-10-20")), CAL, D("2026-10-26")) is None


def test_every_clock_kind_has_a_cited_period() -> None:
    for kind in CLOCK_KINDS:  # the 2025 rule set has every kind, each citing its article
        variants = [f"{kind}:{v}" for v in CLOCK_VARIANTS.get(kind, ())]
        keys = variants if kind in CLOCK_VARIANTS and kind not in OPTIONAL_VARIANTS else [
            kind, *variants]
        for key in keys:
            assert PERIODS_2025[key].source.startswith(("M", "T")), key
    for key, spec in DEFAULT_PERIODS.items():
        assert spec.source.startswith(("T", "M")), key  # M: recusal (Art. 5)
    assert DEFAULT_PERIODS["court_review"].info and DEFAULT_PERIODS["closure_extension"].n == 1


def test_configuration_overrides_a_period() -> None:
    periods = merge_periods({"mediation:party_request": {"n": 3}})
    assert periods["mediation:party_request"].unit == "months"
    clocks = run("prelitigation_mediation", MED[:4], received="2026-09-01", periods=periods)
    assert due(clocks, "mediation") == "2026-12-15"
    spec = PeriodSpec(20, "days", True, "local rule")
    assert merge_periods({"reply": spec})["reply"] is spec


@pytest.mark.parametrize("overrides", [
    {"lunch": {"n": 1}}, {"reply": {"weeks": 2}}, {"reply": {"unit": "weeks"}},
    {"reply": {"n": 0}}, {"closure_extension": {"unit": "days"}},
])
def test_bad_configuration_is_refused(overrides: dict) -> None:
    with pytest.raises(ValueError):
        merge_periods(overrides)
