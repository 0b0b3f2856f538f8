"""Named guards (refuse), warnings (accept but warn) and the effect names workflow files may use.

A guard or warning takes a duck-typed case (`workflow`, `status`, `source`, `patent_type`,
`has_evaluation_report`, `agreement_subject`) and an `ActionContext`; it reads nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caseflow.workflow.engine import ActionContext

__all__ = [
    "EFFECT_NAMES",
    "FORM_GUARDS",
    "GUARDS",
    "WARNINGS",
    "ActionWarning",
    "EffectFn",
    "GuardFn",
    "GuardRefused",
    "MIN_NOTICE_WORKDAYS",
    "WarningFn",
]


class GuardRefused(Exception):
    """Refuse an action: a machine code, messages in Chinese and English, the field at fault."""

    def __init__(self, code: str, message_zh: str, message_en: str, field: str | None = None,
                 status: int = 422) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field
        self.status = status


@dataclass(frozen=True)
class ActionWarning:
    """Accompany an accepted action with something the user should know."""

    code: str
    message_zh: str
    message_en: str
    field: str | None = None


GuardFn = Callable[[Any, "ActionContext"], None]
WarningFn = Callable[[Any, "ActionContext"], "ActionWarning | None"]
# An effect changes the case after the machine moved it; it reads the same context as a guard.
EffectFn = Callable[[Any, "ActionContext"], None]

_COURT_LINKED = frozenset({"court_assigned", "court_entrusted"})
_REPORT_TYPES = frozenset({"utility_model", "design", "pct_utility_model"})
#: the hearing notice reaches every party at least 3 working days before the hearing (Art. 26)
MIN_NOTICE_WORKDAYS = 3


def _wrong_source(expected_zh: str, expected_en: str) -> GuardRefused:
    return GuardRefused("wrong_source", f"该操作仅适用于{expected_zh}案件。",
                        f"This action applies only to {expected_en} cases.", status=409)


def has_no_court_action(case: Any, ctx: ActionContext) -> None:
    """Refuse acceptance when a court action on the dispute has been filed."""
    if ctx.data.get("court_action_filed") is True:
        raise GuardRefused("court_action_filed", "当事人已就该纠纷向人民法院起诉，不予受理。",
                           "A court action on this dispute has been filed; it cannot be accepted.",
                           field="court_action_filed")


def is_conditions_confirmed(case: Any, ctx: ActionContext) -> None:
    """Refuse acceptance unless the officer confirms the acceptance conditions hold."""
    if ctx.data.get("conditions_confirmed") is not True:
        raise GuardRefused("conditions_not_confirmed", "请确认受理条件均已满足。",
                           "Confirm that all acceptance conditions hold.",
                           field="conditions_confirmed")


def is_reply_in_or_due(case: Any, ctx: ActionContext) -> None:
    """Allow investigation once the reply is in or the reply period has run out at `on`."""
    received = ctx.data.get("reply_received_on")
    if received is not None and received > ctx.on:
        raise GuardRefused("date_after_act", "答辩书收到日期不能晚于本次操作日期。",
                           "The reply cannot be received after the date of this act.",
                           field="reply_received_on")
    due = ctx.due.get("reply")
    if received is None and (due is None or ctx.on <= due):
        until_zh = f"（答辩期至 {due.isoformat()}）" if due else ""
        until_en = f" (the reply period ends on {due.isoformat()})" if due else ""
        raise GuardRefused("reply_pending", f"尚未收到答辩书，答辩期也未届满{until_zh}。",
                           f"No reply has been received and the reply period is still "
                           f"running{until_en}.", field="reply_received_on", status=409)


def is_confirmable_agreement(case: Any, ctx: ActionContext) -> None:
    """Refuse judicial confirmation of an agreement that settles patent ownership."""
    if getattr(case, "agreement_subject", None) == "ownership":
        raise GuardRefused("ownership_not_confirmable",
                           "确认专利权属的调解协议不属于司法确认的受理范围。",
                           "An agreement settling patent ownership cannot be judicially confirmed.")


def is_court_linked(case: Any, ctx: ActionContext) -> None:
    """Allow only cases that a court assigned or entrusted."""
    if getattr(case, "source", None) not in _COURT_LINKED:
        raise _wrong_source("法院委派或委托", "court-assigned or court-entrusted")


def is_court_assigned(case: Any, ctx: ActionContext) -> None:
    """Allow only cases a court assigned before registering them."""
    if getattr(case, "source", None) != "court_assigned":
        raise _wrong_source("法院诉前委派", "court-assigned")


def is_party_request(case: Any, ctx: ActionContext) -> None:
    """Allow only cases a party asked the bureau to mediate."""
    if getattr(case, "source", None) != "party_request":
        raise _wrong_source("当事人申请", "party-request")


def warn_no_evaluation_report(case: Any, ctx: ActionContext) -> ActionWarning | None:
    """Warn when a utility model or design has no evaluation report on file."""
    if (getattr(case, "patent_type", None) in _REPORT_TYPES
            and not getattr(case, "has_evaluation_report", False)):
        return ActionWarning("no_evaluation_report",
                             "实用新型或外观设计专利尚未提交专利权评价报告。",
                             "No patent evaluation report is on file for this utility model "
                             "or design.")
    return None


def warn_short_hearing_notice(case: Any, ctx: ActionContext) -> ActionWarning | None:
    """Warn when fewer than 3 working days lie between notice receipt and the hearing."""
    notice, hearing = ctx.data.get("notice_received_on"), ctx.data.get("hearing_on")
    if notice is None or hearing is None:
        return None
    days = ctx.workdays_between(notice, hearing) if notice < hearing else 0
    if days < MIN_NOTICE_WORKDAYS:
        return ActionWarning("short_hearing_notice",
                             f"当事人收到通知与口头审理之间仅有 {days} 个工作日，少于 3 个工作日。",
                             f"Only {days} working day(s) between notice and hearing; "
                             "at least 3 are required.", field="hearing_on")
    return None


def warn_confirmation_late(case: Any, ctx: ActionContext) -> ActionWarning | None:
    """Warn when judicial confirmation is applied for after the 30-day window."""
    due = ctx.due.get("confirmation_application")
    if due is not None and ctx.on > due:
        return ActionWarning("late", f"已超过司法确认申请期限（{due.isoformat()}）。",
                             f"The application is late: it was due by {due.isoformat()}.")
    return None


# -- the 2025 Measures (adjudication v2, WORKFLOWS.md §6.1) -----------------------------------
_UM_DESIGN = frozenset({"utility_model", "design", "pct_utility_model"})
_REQUEST_YEARS = 3


def has_no_other_forum(case: Any, ctx: ActionContext) -> None:
    """Refuse acceptance when the parties agreed another means of resolution (Art. 12(5))."""
    if ctx.data.get("other_forum_agreed") is True:
        raise GuardRefused("other_forum_agreed", "当事人已约定其他纠纷解决方式，不予受理（第十二条）。",
                           "The parties agreed another means of resolving the dispute; it cannot "
                           "be accepted (Art. 12).", field="other_forum_agreed")


def warn_request_time_limit(case: Any, ctx: ActionContext) -> ActionWarning | None:
    """Warn when the request came more than 3 years after the requester knew (Art. 19)."""
    knew, received = ctx.data.get("knew_on"), getattr(case, "received_on", None)
    if knew is None or received is None:
        return None
    try:
        limit = knew.replace(year=knew.year + _REQUEST_YEARS)
    except ValueError:  # 29 February
        limit = knew.replace(year=knew.year + _REQUEST_YEARS, day=28)
    if received <= limit:
        return None
    return ActionWarning("request_time_limit",
                         f"请求人知道侵权行为及侵权人之日（{knew.isoformat()}）起已超过三年（第十九条）；"
                         "侵权行为仍在继续且专利权有效的，仍应受理。",
                         f"More than three years passed since the requester knew of the "
                         f"infringement and the infringer ({knew.isoformat()}, Art. 19); a "
                         "continuing infringement of a patent in force is still accepted.",
                         field="knew_on")


def is_acceptance_extendable(case: Any, ctx: ActionContext) -> None:
    """Allow one extension of the filing period, on or before its due date (Art. 20)."""
    if getattr(case, "acceptance_extended_on", None) is not None:
        raise GuardRefused("already_extended", "立案期限已延长过一次，不能再次延长（第二十条）。",
                           "The filing period has already been extended once (Art. 20).",
                           status=409)
    due = ctx.due.get("acceptance")
    if due is None or ("acceptance", None) not in ctx.open_due:
        raise GuardRefused("invalid_transition", "本案没有正在计算的立案期限。",
                           "The case has no running filing period.", status=409)
    if ctx.on > due:
        raise GuardRefused("extension_too_late",
                           f"立案期限已于 {due.isoformat()} 届满，届满后不能延长（第二十条）。",
                           f"The filing period ended on {due.isoformat()}; it cannot be extended "
                           "afterwards (Art. 20).", field="on")


def _party_due(ctx: ActionContext, kind: str) -> tuple[int | None, date | None, bool]:
    party = ctx.data.get("party")
    key = (kind, party)
    return party, ctx.open_due.get(key), key in ctx.open_due


def is_party_reply_extendable(case: Any, ctx: ActionContext) -> None:
    """Allow the panel to extend a respondent's running reply period to a later date (Art. 22)."""
    party, due, running = _party_due(ctx, "reply")
    if party is None:
        return  # the form has not named the respondent yet
    if not running or due is None:
        raise GuardRefused("no_running_reply", "该被请求人没有正在计算的答辩期限。",
                           "This respondent has no running reply period.", field="party",
                           status=409)
    until = ctx.data.get("until")
    if until is not None and until <= due:
        raise GuardRefused("until_not_later", f"延长后的日期须晚于现答辩期限（{due.isoformat()}）。",
                           f"The new date must be after the current reply deadline "
                           f"({due.isoformat()}).", field="until")


def is_party_a_respondent(case: Any, ctx: ActionContext) -> None:
    """Allow only a respondent of the case as the party who replied."""
    party = ctx.data.get("party")
    if party is None:
        return
    if party not in {p.id for p in getattr(case, "parties", ()) if p.role == "respondent"}:
        raise GuardRefused("not_a_respondent", "只有被请求人提交答辩书。",
                           "Only a respondent submits a reply.", field="party")


def is_party_forward_open(case: Any, ctx: ActionContext) -> None:
    """Allow forwarding only a reply that was received and not yet forwarded (Art. 22)."""
    party, _due, running = _party_due(ctx, "forward_reply")
    if party is not None and not running:
        raise GuardRefused("nothing_to_forward", "尚未登记收到该被请求人的答辩书，或已送达请求人。",
                           "No reply of this respondent awaits forwarding.", field="party",
                           status=409)


def are_replies_in_or_due(case: Any, ctx: ActionContext) -> None:
    """Allow investigation once every respondent's reply is in or its period has run out."""
    pending = sorted(due for (kind, party), due in ctx.open_due.items()
                     if kind == "reply" and party is not None and due is not None
                     and ctx.on <= due)
    if pending:
        raise GuardRefused("reply_pending",
                           f"尚有被请求人未提交答辩书，且答辩期未届满（至 {pending[-1].isoformat()}）。",
                           f"A respondent's reply is not in and its period is still running "
                           f"(until {pending[-1].isoformat()}).", status=409)


def _open_periods(case: Any) -> set[str]:
    return set(filter(None, (getattr(case, "open_periods", None) or "").split(",")))


def is_period_openable(case: Any, ctx: ActionContext) -> None:
    """Refuse opening a period of a kind already open."""
    kind = ctx.data.get("kind")
    if kind in _open_periods(case):
        raise GuardRefused("period_already_open", "该类期间已经开始，尚未结束。",
                           "A period of this kind is already open.", field="kind", status=409)


def has_open_period(case: Any, ctx: ActionContext) -> None:
    """Offer closing a period only while one is open."""
    if not _open_periods(case):
        raise GuardRefused("period_not_open", "没有正在进行的不计入期限的期间。",
                           "No period not counted is open.", status=409)


def has_reply_to_forward(case: Any, ctx: ActionContext) -> None:
    """Offer forwarding only while a received reply awaits it."""
    if not any(kind == "forward_reply" for kind, _party in ctx.open_due):
        raise GuardRefused("nothing_to_forward", "没有待送达请求人的答辩书。",
                           "No reply awaits forwarding.", status=409)


def is_period_open(case: Any, ctx: ActionContext) -> None:
    """Allow closing only an open period; a jurisdiction objection's close states its outcome."""
    kind = ctx.data.get("kind")
    if kind is not None and kind not in _open_periods(case):
        raise GuardRefused("period_not_open", "没有正在进行的该类期间。",
                           "No period of this kind is open.", field="kind", status=409)
    if kind == "jurisdiction_objection" and ctx.data.get("outcome") is None:
        raise GuardRefused("outcome_required", "请选择对管辖权异议的决定（驳回或成立）。",
                           "State the decision on the objection (dismissed or upheld).",
                           field="outcome")
    if kind != "jurisdiction_objection" and ctx.data.get("outcome") is not None:
        raise GuardRefused("outcome_not_allowed", "只有管辖权异议需要填写决定。",
                           "Only a jurisdiction objection has an outcome.", field="outcome")


def is_jurisdiction_kept(case: Any, ctx: ActionContext) -> None:
    """After an upheld objection the case can only be cancelled or referred (Art. 9)."""
    if getattr(case, "objection_upheld", False):
        raise GuardRefused("objection_upheld",
                           "管辖权异议成立：本案只能撤销（不属于本部门管辖）或移送（第九条）。",
                           "The jurisdiction objection was upheld: the case can only be "
                           "cancelled (outside jurisdiction) or referred (Art. 9).", status=409)


def is_referable(case: Any, ctx: ActionContext) -> None:
    """Refer before filing, at filing, or later once an objection has been upheld (Art. 9)."""
    if getattr(case, "status", None) in ("awaiting_reply", "investigating") and not getattr(
            case, "objection_upheld", False):
        raise GuardRefused("objection_not_upheld",
                           "立案后只有在管辖权异议成立时才能移送（第九条）。",
                           "After the reply period has begun a case is referred only once a "
                           "jurisdiction objection has been upheld (Art. 9).", status=409)


def is_cancel_ground_allowed(case: Any, ctx: ActionContext) -> None:
    """After an upheld objection, cancellation is on the ground of jurisdiction only."""
    ground = ctx.data.get("ground")
    if getattr(case, "objection_upheld", False) and ground not in (None,
                                                                   "outside_jurisdiction"):
        raise GuardRefused("objection_upheld",
                           "管辖权异议成立后，只能以“不属于本部门管辖”撤销案件（第九条）。",
                           "After an upheld objection the case is cancelled as outside "
                           "jurisdiction only (Art. 9).", field="ground")


def is_suspension_decided(case: Any, ctx: ActionContext) -> None:
    """Refuse to proceed while a UM/design invalidation has neither suspension nor a decline."""
    if (getattr(case, "invalidation_accepted_on", None) is not None
            and getattr(case, "patent_type", None) in _UM_DESIGN
            and getattr(case, "suspension_decision", None) is None):
        raise GuardRefused("suspension_undecided",
                           "实用新型或外观设计专利的无效宣告请求已被受理：须先中止处理或决定不予中止"
                           "（第二十八条、第二十九条）。",
                           "An invalidation request against this utility model or design has "
                           "been accepted: suspend the case or decline to suspend it first "
                           "(Arts. 28-29).", status=409)


def is_invalidation_undecided(case: Any, ctx: ActionContext) -> None:
    """Allow declining a suspension only after an invalidation was recorded, and once."""
    if getattr(case, "invalidation_accepted_on", None) is None:
        raise GuardRefused("no_invalidation", "尚未登记无效宣告请求被受理。",
                           "No accepted invalidation request is recorded.", status=409)
    if getattr(case, "suspension_decision", None) is not None:
        raise GuardRefused("suspension_decided", "对该无效宣告请求已作出中止或不予中止的决定。",
                           "Suspension has already been decided for this invalidation request.",
                           status=409)


def is_decline_ground_explained(case: Any, ctx: ActionContext) -> None:
    """`other` needs the reason in the note; `invention_patent` needs an invention."""
    ground = ctx.data.get("ground")
    if ground == "other" and not (ctx.note or "").strip():
        raise GuardRefused("note_required", "选择“其他”理由时请在说明中写明。",
                           "Explain the 'other' ground in the note.", field="note")
    if ground == "invention_patent" and getattr(case, "patent_type", None) not in (
            "invention", "pct_invention"):
        raise GuardRefused("not_an_invention", "涉案专利不是发明专利。",
                           "The patent is not an invention patent.", field="ground")


def is_hearing_notice_sufficient(case: Any, ctx: ActionContext) -> None:
    """Refuse a hearing any party learns of less than 3 working days ahead (Art. 26)."""
    hearing = ctx.data.get("hearing_on")
    dates = [r["received_on"] for r in ctx.data.get("notice_receipts") or ()]
    if ctx.data.get("notice_received_on") is not None:
        dates.append(ctx.data["notice_received_on"])
    if hearing is None:
        return
    if not dates:
        raise GuardRefused("notice_required", "请填写当事人收到口头审理通知的日期。",
                           "Enter the date the parties received the hearing notice.",
                           field="notice_received_on")
    latest = max(dates)
    days = ctx.workdays_between(latest, hearing) if latest < hearing else 0
    if days < MIN_NOTICE_WORKDAYS:
        raise GuardRefused("hearing_notice_too_short",
                           f"当事人收到通知（{latest.isoformat()}）与口头审理（{hearing.isoformat()}）之间"
                           f"仅有 {days} 个工作日，应至少提前三个工作日通知（第二十六条）。",
                           f"Only {days} working day(s) between the notice ({latest.isoformat()}) "
                           f"and the hearing ({hearing.isoformat()}); the parties must be told at "
                           "least three working days before (Art. 26).", field="hearing_on")


def is_hearing_notice_served_in_time(case: Any, ctx: ActionContext) -> None:
    """Refuse to hold (or treat as missed) a hearing that a party was served notice of, by the
    service register, fewer than 3 working days before it (Art. 26): it must be postponed."""
    hearing = getattr(case, "hearing_on", None)
    if hearing is None:
        return
    late = []
    for name, served_on in ctx.hearing_notice_served.values():
        days = ctx.workdays_between(served_on, hearing) if served_on < hearing else 0
        if days < MIN_NOTICE_WORKDAYS:
            late.append((name, served_on.isoformat(), days))
    if not late:
        return
    zh = "；".join(f"{name}于 {on} 收到（仅 {days} 个工作日）" for name, on, days in late)
    en = "; ".join(f"{name} on {on} ({days} working day(s))" for name, on, days in late)
    raise GuardRefused("hearing_notice_too_short",
                       f"口头审理通知书送达登记显示：{zh}，距口头审理（{hearing.isoformat()}）"
                       "不足三个工作日，应至少提前三个工作日通知（第二十六条）：请延期口头审理并重新送达通知。",
                       f"The service register shows the hearing notice served on {en} before "
                       f"the hearing of {hearing.isoformat()}; the parties must be told at least "
                       "three working days before (Art. 26): postpone the hearing and serve a new "
                       "notice.", field="hearing_on")


def is_hearing_day_reached(case: Any, ctx: ActionContext) -> None:
    """A hearing is held (or missed) on or after the day it was set for."""
    hearing = getattr(case, "hearing_on", None)
    if hearing is not None and ctx.on < hearing:
        raise GuardRefused("hearing_not_yet",
                           f"口头审理定于 {hearing.isoformat()}，尚未到期。",
                           f"The hearing is set for {hearing.isoformat()}; that day has not come.",
                           field="on", status=409)


def is_majority_proposal(case: Any, ctx: ActionContext) -> None:
    """The panel decides by majority; the votes add up to its size; dissent is recorded."""
    data = ctx.data
    votes_for, votes_against = data.get("votes_for"), data.get("votes_against")
    if data.get("outcome") == "infringement" and not data.get("orders"):
        raise GuardRefused("orders_required",
                           "认定侵权的，应当写明责令停止侵权行为的类型、对象和范围（第三十一条）。",
                           "A finding of infringement states the type, object and scope of the "
                           "acts to stop (Art. 31).", field="orders")
    if votes_for is None or votes_against is None:
        return
    size = getattr(case, "panel_size", None)
    if size and votes_for + votes_against != size:
        raise GuardRefused("votes_mismatch",
                           f"赞成票与反对票之和（{votes_for + votes_against}）应等于合议组人数（{size}）。",
                           f"The votes ({votes_for + votes_against}) must add up to the panel's "
                           f"size ({size}).", field="votes_for")
    if votes_for <= votes_against:
        raise GuardRefused("no_majority", "合议组按多数意见作出处理意见（第二十五条）。",
                           "The panel decides by majority (Art. 25).", field="votes_for")
    if votes_against > 0 and not data.get("dissent"):
        raise GuardRefused("dissent_required", "有反对票的，应当记录少数意见（第二十五条）。",
                           "Record the dissent when there are votes against (Art. 25).",
                           field="dissent")


def is_outcome_as_proposed(case: Any, ctx: ActionContext) -> None:
    """A supervisor approves the panel's proposal as it is: a different outcome is refused."""
    proposed, sent = getattr(case, "proposed_outcome", None), ctx.data.get("outcome")
    if sent is not None and proposed is not None and sent != proposed:
        raise GuardRefused("outcome_differs",
                           "批准的处理结果须与合议组的处理意见一致；不同意的，请退回合议组。",
                           "The approved outcome must be the panel's; return the decision to "
                           "change it.", field="outcome")


def is_redaction_checked(case: Any, ctx: ActionContext) -> None:
    """Publish only after secrets and personal data were removed (Art. 83)."""
    if ctx.data.get("redaction_checked") is not True:
        raise GuardRefused("redaction_not_checked",
                           "公开前应当删除或者遮盖国家秘密、商业秘密、个人隐私等信息（第八十三条）。",
                           "Remove secrets, trade secrets and personal data before publishing "
                           "(Art. 83).", field="redaction_checked")


def is_not_published(case: Any, ctx: ActionContext) -> None:
    """Publish a decision once."""
    if getattr(case, "published_on", None) is not None:
        raise GuardRefused("already_published", "该行政裁决已经公开。",
                           "The decision has already been published.", status=409)


# -- the 2025 Measures (prelitigation mediation v2, WORKFLOWS.md §6.2) ---------------------------
def is_statement_refused_or_due(case: Any, ctx: ActionContext) -> None:
    """Not opening needs a refusal, or the statement period past its (rolled) due date (Art. 66)."""
    if ctx.data.get("ground") != "no_statement":
        return
    due = ctx.due.get("statement")
    if due is not None and ctx.on <= due:
        raise GuardRefused("statement_pending",
                           f"意见陈述期限至 {due.isoformat()} 尚未届满（第六十五条）。",
                           f"The statement period runs until {due.isoformat()} (Art. 65).",
                           field="ground", status=409)


def _clock_open(kind: str, zh: str, en: str) -> GuardFn:
    def guard(case: Any, ctx: ActionContext) -> None:
        if (kind, None) not in ctx.open_due:
            raise GuardRefused("nothing_due", zh, en, status=409)
    guard.__name__ = f"is_clock_open_{kind}"
    guard.__doc__ = f"Allow the act only while its `{kind}` clock runs."
    return guard


is_clock_open_not_opened_notice = _clock_open(
    "not_opened_notice", "已通知请求人，或无需通知。", "The requester has already been told.")
is_clock_open_cnipa_copy = _clock_open(
    "cnipa_copy", "无需抄送，或已经抄送国家知识产权局。", "Nothing awaits copying to CNIPA.")


def is_notarisable(case: Any, ctx: ActionContext) -> None:
    """Notarisation needs payment content and an enforcement undertaking (Arts. 35, 69)."""
    if not (getattr(case, "payment_content", None) and getattr(case, "enforcement_undertaking",
                                                                None)):
        raise GuardRefused("not_notarisable",
                           "调解协议须具有给付内容并载明愿意接受强制执行，方可申请公证赋予强制执行效力"
                           "（第六十九条）。",
                           "Only an agreement with payment content and an enforcement "
                           "undertaking can be notarised for enforcement (Art. 69).", status=409)
    if getattr(case, "notarized_on", None) is not None:
        raise GuardRefused("already_notarized", "已登记公证。", "Already notarised.", status=409)


GUARDS: dict[str, GuardFn] = {fn.__name__: fn for fn in (
    has_no_court_action, is_conditions_confirmed, is_reply_in_or_due, is_confirmable_agreement,
    is_court_linked, is_court_assigned, is_party_request,
    has_no_other_forum, is_acceptance_extendable, is_party_reply_extendable,
    is_party_a_respondent, is_party_forward_open, are_replies_in_or_due, is_period_openable,
    is_period_open, has_open_period, has_reply_to_forward, is_jurisdiction_kept, is_referable, is_cancel_ground_allowed,
    is_suspension_decided, is_invalidation_undecided, is_decline_ground_explained,
    is_hearing_notice_sufficient, is_hearing_notice_served_in_time, is_hearing_day_reached,
    is_majority_proposal, is_outcome_as_proposed,
    is_redaction_checked, is_not_published, is_statement_refused_or_due,
    is_clock_open_not_opened_notice, is_clock_open_cnipa_copy, is_notarisable,
)}
WARNINGS: dict[str, WarningFn] = {fn.__name__: fn for fn in (
    warn_no_evaluation_report, warn_short_hearing_notice, warn_confirmation_late,
    warn_request_time_limit,
)}
# Guards that read the submitted form: a page cannot judge them before the user fills it in
# (a reply not yet due may still be in: the officer enters its receipt date in the form).
FORM_GUARDS = frozenset({
    "has_no_court_action", "is_conditions_confirmed", "is_reply_in_or_due", "has_no_other_forum",
    "is_party_reply_extendable", "is_party_a_respondent", "is_party_forward_open",
    "is_period_openable", "is_period_open", "is_cancel_ground_allowed",
    "is_decline_ground_explained", "is_hearing_notice_sufficient", "is_majority_proposal",
    "is_outcome_as_proposed", "is_redaction_checked", "is_statement_refused_or_due",
})
# The effects a workflow file may name (workflows/README.md). The engine resolves each name to a
# function at load (`Registry.load(..., effects=...)`): the functions change case rows, so they
# live in the service layer (caseflow/cases/effects.py) and are passed in, as guards could be.
EFFECT_NAMES = frozenset({"assign_case_number", "record_agreement", "record_decision",
                          "record_ruling", "record_court_return", "record_acceptance_extension",
                          "open_excluded_period", "close_excluded_period",
                          "record_invalidation", "record_suspension_decision",
                          "record_hearing_date", "record_proposal", "record_publication",
                          "record_session", "record_absence", "record_notarisation", "form_panel"})
