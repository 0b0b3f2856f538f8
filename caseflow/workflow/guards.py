"""Named guards (refuse), warnings (accept but warn) and the effect names workflow files may use.

A guard or warning takes a duck-typed case (`workflow`, `status`, `source`, `patent_type`,
`has_evaluation_report`, `agreement_subject`) and an `ActionContext`; it reads nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
_MIN_NOTICE_WORKDAYS = 3


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
    if days < _MIN_NOTICE_WORKDAYS:
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


GUARDS: dict[str, GuardFn] = {fn.__name__: fn for fn in (
    has_no_court_action, is_conditions_confirmed, is_reply_in_or_due, is_confirmable_agreement,
    is_court_linked, is_court_assigned, is_party_request,
)}
WARNINGS: dict[str, WarningFn] = {fn.__name__: fn for fn in (
    warn_no_evaluation_report, warn_short_hearing_notice, warn_confirmation_late,
)}
# Guards that read the submitted form: a page cannot judge them before the user fills it in
# (a reply not yet due may still be in: the officer enters its receipt date in the form).
FORM_GUARDS = frozenset({"has_no_court_action", "is_conditions_confirmed", "is_reply_in_or_due"})
# The effects a workflow file may name (workflows/README.md). The engine resolves each name to a
# function at load (`Registry.load(..., effects=...)`): the functions change case rows, so they
# live in the service layer (caseflow/cases/effects.py) and are passed in, as guards could be.
EFFECT_NAMES = frozenset({"assign_case_number", "record_agreement", "record_decision",
                          "record_ruling", "record_court_return", "form_panel"})
