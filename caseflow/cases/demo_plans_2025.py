"""Step scripts for the demo under the 2025 Measures (adjudication v2, pre-litigation mediation
v2; WORKFLOWS.md §6), and the few cases still open under the 2015 rules (v1), received before
the Measures came into force on 2025-02-01 (seed-demo).

A step is (trigger, role, on, data[, note]), as in demo_plans. Two markers are resolved against
the case by demo_plans.resolve_inputs: `"party": "respondent"` (the first respondent's id) and
`"receipts": "respondents:DATE"` (each respondent's receipt on DATE). The trigger `extend` is the
closure extension (deadlines.actions.extend_closure, not a transition); a role written
`supervisor@city` is the city bureau's supervisor (370900-supervisor).
"""

from __future__ import annotations

ACCEPT = ("accept", "officer", "2026-09-30",
          {"conditions_confirmed": True, "court_action_filed": False, "other_forum_agreed": False})
SERVE = ("serve_request", "officer", "2026-10-12", {"receipts": "respondents:2026-10-13"})
RECEIVE = ("receive_reply", "officer", "2026-10-20", {"party": "respondent"})
INVESTIGATE = ("start_investigation", "officer", "2026-10-21", {})
FORWARD = ("forward_reply", "officer", "2026-10-22", {"party": "respondent"})
HEARING = ("schedule_hearing", "officer", "2026-10-23",
           {"hearing_on": "2026-11-10", "notice_received_on": "2026-10-26", "public": True})
HELD = ("hold_hearing", "officer", "2026-11-10", {"record": "双方到庭陈述意见并质证。"})
SUBMIT = ("submit_decision", "officer", "2026-11-12",
          {"outcome": "infringement", "reasons": "被控侵权产品落入涉案专利权的保护范围。",
           "orders": "责令被请求人立即停止销售被控侵权产品，并销毁库存。",
           "votes_for": 3, "votes_against": 0})
SPLIT = ("submit_decision", "officer", "2026-11-12",
         {"outcome": "no_infringement", "reasons": "被控侵权产品缺少涉案专利权利要求的技术特征。",
          "votes_for": 2, "votes_against": 1, "dissent": "少数意见认为两者构成等同特征。"})
APPROVE = ("approve_decision", "supervisor", "2026-11-16", {})
PUBLISH = ("publish", "officer", "2026-11-18",
           {"where": "http://amr.taian.gov.cn/xzcj/2026-0001.html", "redaction_checked": True})
CLOSE = ("close", "officer", "2026-11-20", {"receipts": "all:2026-11-18"})
INVESTIGATING = [ACCEPT, SERVE, RECEIVE, INVESTIGATE, FORWARD]
HEARD = [*INVESTIGATING, HEARING, HELD]
INVALIDATION = ("record_invalidation", "officer", "2026-10-26", {"accepted_on": "2026-10-23"})

# (label, steps): the label tells cases in the same state apart; the state is the last step's.
ADJUDICATION: list[tuple[str, list[tuple]]] = [
    ("received", []),
    ("pending_correction", [("request_correction", "officer", "2026-09-29",
                             {"missing": "专利登记簿副本", "due_on": "2026-10-16"})]),
    ("rejected", [("reject", "officer", "2026-09-29", {}, "已就同一纠纷向人民法院起诉。")]),
    ("filed", [ACCEPT]),
    ("filed:public_notice", [ACCEPT, ("open_period", "officer", "2026-10-09",
                                      {"kind": "public_notice"})]),
    ("awaiting_reply", [ACCEPT, SERVE]),
    ("investigating", INVESTIGATING),
    ("investigating:extended_twice", [
        *INVESTIGATING,
        ("extend", "supervisor", "2026-11-16", {"reason": "需要委托技术鉴定，案情复杂。"}),
        ("extend", "supervisor@city", "2026-11-20",
         {"reason": "鉴定意见尚未作出，经省局批准再次延长。", "approval_ref": "鲁知保〔2026〕58号"})]),
    ("investigating:suspension_declined", [
        *INVESTIGATING, INVALIDATION,
        ("decline_suspension", "supervisor", "2026-10-28", {"ground": "evaluation_report_clean"})]),
    ("hearing_scheduled", [*INVESTIGATING, HEARING]),
    ("heard", HEARD),
    ("in_mediation", [ACCEPT, SERVE, RECEIVE, ("start_mediation", "officer", "2026-10-21", {})]),
    ("suspended", [*INVESTIGATING, INVALIDATION,
                   ("suspend", "supervisor", "2026-10-28", {"ground": "invalidation"},
                    "被请求人已提出无效宣告请求并获受理。")]),
    ("decision_pending", [*HEARD, SUBMIT]),
    ("decision_pending:split", [*HEARD, SPLIT]),
    ("decided", [*HEARD, SUBMIT, APPROVE]),
    ("decided:published", [*HEARD, SUBMIT, APPROVE, PUBLISH]),
    ("closed", [*HEARD, SUBMIT, APPROVE, PUBLISH, CLOSE]),
    ("closed:unpublished", [*HEARD, SPLIT, APPROVE, CLOSE]),
    ("referred", [("refer", "supervisor", "2026-09-29", {"to_authority": "济南市市场监督管理局"},
                   "侵权行为地与被请求人住所地均在济南。")]),
]

SERVE_M = ("serve_request", "mediator", "2026-10-09", {})
CONSENT = [SERVE_M, ("respondent_consents", "mediator", "2026-10-15", {})]
FILE = ("file", "mediator", "2026-10-16",
        {"session_on": "2026-10-20", "session_place": "新泰市市场监督管理局调解室"})
AGREE = ("reach_agreement", "mediator", "2026-11-02",
         {"effective_on": "2026-11-02", "subject": "damages", "amount": "30000",
          "payment_content": True, "enforcement_undertaking": True})
APPLY = ("apply_confirmation", "mediator", "2026-11-05", {"court": "新泰市人民法院"})
MEDIATING = [*CONSENT, FILE]
PRELITIGATION: list[tuple[str, list[tuple]]] = [
    ("requested", []),
    ("awaiting_statement", [SERVE_M]),
    ("not_opened", [SERVE_M, ("respondent_declines", "mediator", "2026-10-20",
                              {"ground": "declined"}),
                    ("notify_not_opened", "mediator", "2026-10-22", {})]),
    ("not_opened:no_statement", [SERVE_M, ("respondent_declines", "mediator", "2026-10-27",
                                           {"ground": "no_statement"})]),
    ("consented", CONSENT),
    ("mediating", MEDIATING),
    ("agreement_reached", [*MEDIATING, AGREE]),
    ("confirmation_applied", [*MEDIATING, AGREE, APPLY]),
    ("confirmed", [*MEDIATING, AGREE, APPLY,
                   ("confirm", "mediator", "2026-11-12", {"ruling_number": "(2026)鲁0982民特12号"})]),
    ("confirmation_rejected", [*MEDIATING, AGREE, APPLY,
                               ("reject_confirmation", "mediator", "2026-11-12",
                                {"ruling_number": "(2026)鲁0982民特13号"}, "协议内容不明确。")]),
    ("terminated", [*MEDIATING, ("terminate", "mediator", "2026-11-03", {}, "双方分歧过大。")]),
    ("terminated:absent", [*MEDIATING, ("party_absent", "mediator", "2026-11-03",
                                        {"party": "requester"})]),
    ("closed", [*MEDIATING, AGREE, ("close", "mediator", "2026-11-06", {})]),
    ("closed:notarized", [*MEDIATING, AGREE, ("close", "mediator", "2026-11-06", {}),
                          ("notarize", "mediator", "2026-11-13",
                           {"notary_office": "山东省新泰市公证处",
                            "certificate_number": "(2026)鲁新泰证民字第318号"})]),
]
COURT_ASSIGNED: list[tuple[str, list[tuple]]] = [("returned_to_court", [
    ("sign_for", "mediator", "2026-10-12", {}),
    ("return_to_court", "mediator", "2026-11-02", {"outcome": "failed",
                                                   "report": "被请求人拒绝调解。"})])]

# Open cases received before 2025-02-01: they keep the 2015 rules (v1) to the end.
V1_RECEIVED = {"adjudication": "2025-01-20", "prelitigation_mediation": "2025-01-23"}
V1_ACCEPT = ("accept", "officer", "2025-01-22", {"conditions_confirmed": True})
V1_SERVE = ("serve_request", "officer", "2025-02-06", {})
V1_INVESTIGATE = ("start_investigation", "officer", "2025-02-25",
                  {"reply_received_on": "2025-02-24"})
V1_HEARING = ("schedule_hearing", "officer", "2025-02-26",
              {"hearing_on": "2025-03-12", "notice_received_on": "2025-02-27"})
V1_ADJUDICATION: list[tuple[str, list[tuple]]] = [
    ("suspended", [V1_ACCEPT, V1_SERVE,
                   ("suspend", "supervisor", "2025-02-20", {"ground": "invalidation"},
                    "被请求人已提出无效宣告请求并获受理，等待审查结论。")]),
    ("hearing_scheduled", [V1_ACCEPT, V1_SERVE, V1_INVESTIGATE, V1_HEARING]),
    ("decision_pending", [V1_ACCEPT, V1_SERVE, V1_INVESTIGATE, V1_HEARING,
                          ("hold_hearing", "officer", "2025-03-12",
                           {"record": "双方到庭陈述意见并质证。"})]),
]
V1_PRELITIGATION: list[tuple[str, list[tuple]]] = [
    ("mediating", [("serve_request", "mediator", "2025-01-24", {}),
                   ("respondent_consents", "mediator", "2025-02-06", {}),
                   ("file", "mediator", "2025-02-07", {})]),
]


def plans_2025() -> list[tuple[str, int, str | None, str, list[tuple], str | None]]:
    """Return (workflow, version, source, label, steps, received_on) for the v2 demo cases and
    the v1 cases still open (received_on None: the demo's usual date)."""
    out: list[tuple[str, int, str | None, str, list[tuple], str | None]] = []
    for workflow, source, plans in (("adjudication", None, ADJUDICATION),
                                    ("prelitigation_mediation", "party_request", PRELITIGATION),
                                    ("prelitigation_mediation", "court_assigned", COURT_ASSIGNED)):
        out += [(workflow, 2, source, label, steps, None) for label, steps in plans]
    for workflow, source, plans in (("adjudication", None, V1_ADJUDICATION),
                                    ("prelitigation_mediation", "party_request", V1_PRELITIGATION)):
        out += [(workflow, 1, source, label, steps, V1_RECEIVED[workflow])
                for label, steps in plans]
    return out
