"""The clocks of the 2025 Measures (adjudication v2), replayed with real 2026 dates on the
official calendar (Spring Festival 02-15..02-23 with make-up Saturdays 02-14 and 02-28; National
Day 10-01..10-07 with the make-up Saturday 10-10). No database: the real workflow file, the
real periods (caseflow/deadlines/periods.py PERIODS_2025) and the real guards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.clocks import Act, CaseFacts, Clock, clock_status, compute_clocks
from caseflow.deadlines.periods import PERIODS_2025
from caseflow.deadlines.rules import working_days_strictly_between
from caseflow.workflow import ActionContext, load_all
from caseflow.workflow.guards import GuardRefused, is_hearing_notice_sufficient

D = date.fromisoformat
CAL = WorkCalendar()
V2 = load_all(Path(__file__).parents[2] / "workflows")[("adjudication", 2)]


def T(trigger: str, on: str, **data: object) -> Act:
    return Act("transition", D(on), trigger, data)


def clocks_of(acts: list[Act], received: str, no_domicile: frozenset[int] = frozenset(),
              **options: object) -> dict[tuple[str, int | None], Clock]:
    facts = CaseFacts(D(received), source="party_request", no_domicile=no_domicile)
    got = compute_clocks(V2, facts, acts, CAL, PERIODS_2025, options)
    return {(c.kind, c.party_id): c for c in got}


# --- filing extended by 5 working days (Art. 20) across the Spring Festival -------------------

FILING = [Act("intake", D("2026-02-09")), T("extend_acceptance", "2026-02-12")]


def test_filing_period_is_five_working_days_counting_the_make_up_saturday() -> None:
    acceptance = clocks_of(FILING[:1], "2026-02-09")[("acceptance", None)]
    assert acceptance.due_on == D("2026-02-14")  # 02-10..02-13, then the make-up Saturday
    assert "第二十条" in acceptance.source


def test_filing_extended_by_five_working_days() -> None:
    acceptance = clocks_of(FILING, "2026-02-09")[("acceptance", None)]
    # 5 more working days after 02-14: 02-15..02-23 are the holiday and its weekends, then
    # 02-24, 25, 26, 27 and the make-up Saturday 02-28.
    assert acceptance.due_on == D("2026-02-28")
    assert acceptance.extended and "经批准延长5个工作日" in acceptance.basis
    assert "5+5个工作日" in acceptance.basis


# --- two extensions, and periods not counted that overlap (Art. 37) ---------------------------

RECEIPTS = [{"party": 2, "received_on": "2026-03-04"}]
CASE = [
    *FILING,
    T("accept", "2026-02-27", conditions_confirmed=True),                 # filed: 3 months
    T("serve_request", "2026-03-02", receipts=RECEIPTS),
    T("open_period", "2026-03-02", kind="public_notice"),
    T("open_period", "2026-03-10", kind="appraisal"),                     # overlaps the notice
    T("close_period", "2026-03-13", kind="public_notice"),                # 03-02..03-12: 11 days
    T("suspend", "2026-03-16", ground="invalidation"),                    # inside the appraisal
    T("resume", "2026-03-25"),                                            # 03-16..03-24: 9 days
    T("close_period", "2026-04-10", kind="appraisal"),                    # 03-10..04-09: 31 days
]
FIRST = Act("extend", D("2026-05-20"), data={"level": 1, "until": "2026-06-27"})
SECOND = Act("extend", D("2026-07-20"), data={"level": 2, "until": "2026-08-27"})


def test_overlapping_periods_are_excluded_once() -> None:
    closure = clocks_of(CASE, "2026-02-09")[("closure", None)]
    # 11 + 31 + 9 = 51 days listed, but their union 03-02..04-09 is 39 days.
    assert closure.paused_days == 39
    # 2026-02-27 + 3 months = 05-27, + 39 days = 07-05, a Sunday: rolled to 07-06.
    assert closure.due_on == D("2026-07-06")
    assert "合并计39日" in closure.basis and "重叠日只计一次" in closure.basis
    assert "公告（2026-03-02至2026-03-13）" in closure.basis
    assert "39 day(s) in all" in closure.basis_en


def test_a_case_extended_twice() -> None:
    first = clocks_of([*CASE, FIRST], "2026-02-09")[("closure", None)]
    # the head's extension to 06-27 (filing + 4 months), + 39 days = 08-05 (a Wednesday)
    assert first.due_on == D("2026-08-05") and "经负责人批准延长至2026-06-27" in first.basis
    second = clocks_of([*CASE, FIRST, SECOND], "2026-02-09")[("closure", None)]
    # the unit above extends to 08-27 (filing + 6 months), + 39 days = 10-05: National Day,
    # so the deadline rolls to Thursday 10-08.
    assert second.due_on == D("2026-10-08")
    assert "经上一级管理专利工作的部门批准继续延长至2026-08-27" in second.basis
    assert "顺延至2026-10-08" in second.basis and not second.provisional
    assert "第三十七条" in second.source


def test_an_open_period_pauses_the_closure_clock() -> None:
    closure = clocks_of(CASE[:5], "2026-02-09")[("closure", None)]  # the notice is open
    assert closure.paused_since == D("2026-03-02")
    assert clock_status(closure, D("2026-12-01")) == "paused"


# --- a respondent without a domicile in China (Art. 22) ---------------------------------------

TWO = [{"party": 2, "received_on": "2026-09-11"}, {"party": 3, "received_on": "2026-09-11"}]
REPLY = [
    Act("intake", D("2026-09-01")),
    T("accept", "2026-09-03", conditions_confirmed=True),
    T("serve_request", "2026-09-08", receipts=TWO),
]


def test_reply_is_thirty_days_without_a_domicile_in_china() -> None:
    clocks = clocks_of(REPLY, "2026-09-01", no_domicile=frozenset({2}))
    # party 2: 09-11 + 30 days = 10-11, a Sunday: 10-12. party 3: + 15 = 09-26, a Saturday,
    # and 09-27 is a Sunday: 09-28.
    assert clocks[("reply", 2)].due_on == D("2026-10-12")
    assert clocks[("reply", 2)].variant == "no_domicile"
    assert "三十日" in clocks[("reply", 2)].source
    assert clocks[("reply", 3)].due_on == D("2026-09-28") and clocks[("reply", 3)].variant is None


def test_the_panel_extends_one_reply_and_the_reply_is_forwarded() -> None:
    acts = [*REPLY, T("extend_reply", "2026-09-25", party=3, until="2026-10-09"),
            T("receive_reply", "2026-10-09", party=2)]
    clocks = clocks_of(acts, "2026-09-01", no_domicile=frozenset({2}))
    assert clocks[("reply", 3)].due_on == D("2026-10-09")
    assert "合议组决定延长期限" in clocks[("reply", 3)].basis
    assert clocks[("reply", 2)].stopped_on == D("2026-10-09")
    assert clock_status(clocks[("reply", 2)], D("2026-10-09")) == "met"
    # forwarding: 5 working days from Friday 10-09, the make-up Saturday 10-10 counting
    assert clocks[("forward_reply", 2)].due_on == D("2026-10-15")


def test_serve_copy_is_met_by_dispatch_or_by_receipt_as_configured() -> None:
    dispatch = clocks_of(REPLY, "2026-09-01")[("serve_copy", None)]
    receipt = clocks_of(REPLY, "2026-09-01", serve_copy_met_by="receipt")[("serve_copy", None)]
    assert dispatch.due_on == D("2026-09-10")  # 5 working days from filing on 09-03
    assert dispatch.stopped_on == D("2026-09-08") and clock_status(dispatch, D("2026-12-01")) == (
        "met")
    assert receipt.stopped_on == D("2026-09-11")
    assert clock_status(receipt, D("2026-12-01")) == "missed"


# --- a jurisdiction objection decided in 5 working days (Art. 9) ------------------------------

def test_jurisdiction_objection_runs_its_decision_clock_and_is_excluded() -> None:
    acts = [*REPLY, T("open_period", "2026-09-29", kind="jurisdiction_objection"),
            T("close_period", "2026-10-09", kind="jurisdiction_objection", outcome="dismissed")]
    clocks = clocks_of(acts, "2026-09-01")
    objection = clocks[("objection_decision", None)]
    assert objection.due_on == D("2026-10-12")  # 09-30, 10-08, 10-09, 10-10 (make-up), 10-12
    assert clock_status(objection, D("2026-12-01")) == "met"
    assert clocks[("closure", None)].paused_days == 10  # 09-29..10-08


# --- publication within 20 working days (Art. 83) ----------------------------------------------

DECIDED = [Act("intake", D("2026-08-03")), T("accept", "2026-08-05", conditions_confirmed=True),
           T("serve_request", "2026-08-06", receipts=[{"party": 2, "received_on": "2026-08-07"}]),
           T("start_investigation", "2026-08-24"),
           T("submit_decision", "2026-09-01", outcome="no_infringement", reasons="理由",
             votes_for=2, votes_against=1, dissent="少数意见"),
           T("approve_decision", "2026-09-10")]


@pytest.mark.parametrize(("published", "status"), [("2026-10-14", "met"),
                                                   ("2026-10-15", "missed")])
def test_publication_on_its_twentieth_working_day_or_a_day_late(published: str,
                                                                status: str) -> None:
    clocks = clocks_of([*DECIDED, T("publish", published, where="https://example.gov.cn/x",
                                    redaction_checked=True)], "2026-08-03")
    publication = clocks[("publication", None)]
    # 20 working days from 09-10: the make-up Sunday 09-20 counts, 09-25 and 10-01..10-07 do
    # not, the make-up Saturday 10-10 does: the 20th is 10-14.
    assert publication.due_on == D("2026-10-14")
    assert clock_status(publication, D("2026-12-01")) == status
    assert "第八十三条" in publication.source


def test_only_publishing_meets_the_publication_clock() -> None:
    clocks = clocks_of(DECIDED, "2026-08-03")
    assert clock_status(clocks[("publication", None)], D("2026-10-15")) == "missed"
    assert clocks[("publication", None)].stopped_on is None


# --- the hearing notice: 3 working days, a refusal (Art. 26) -----------------------------------

def _ctx(notice: str, hearing: str = "2026-10-09") -> ActionContext:
    return ActionContext(on=D("2026-09-28"), roles=frozenset({"officer"}),
                         workdays_between=lambda a, b: working_days_strictly_between(CAL, a, b),
                         data={"hearing_on": D(hearing), "notice_received_on": D(notice)})


def test_hearing_notice_one_working_day_short_is_refused() -> None:
    is_hearing_notice_sufficient(None, _ctx("2026-09-28"))  # 09-29, 09-30, 10-08: three
    with pytest.raises(GuardRefused) as refused:
        is_hearing_notice_sufficient(None, _ctx("2026-09-29"))  # 09-30 and 10-08: two
    assert refused.value.code == "hearing_notice_too_short" and refused.value.status == 422
    assert "第二十六条" in refused.value.message_zh


def test_every_basis_ends_with_the_rules_it_follows() -> None:
    """A v2 clock's basis names the articles of the 2025 Measures; a v1 clock the 2015 rules."""
    v2 = clocks_of([Act("intake", D("2026-09-28")),
                    T("accept", "2026-09-30", panel=["a", "b", "c"])], "2026-09-28")
    assert {"acceptance", "closure"} <= {kind for kind, _party in v2}
    for clock in v2.values():
        assert "依据：《专利纠纷行政裁决和调解办法》第" in clock.basis, clock
        assert "(CNIPA Decree No. 81), Art. " in clock.basis_en, clock
    assert v2[("closure", None)].basis.endswith("第三十七条。")
    assert v2[("acceptance", None)].basis.endswith("第二十条。")
