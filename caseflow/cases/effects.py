"""The workflow effects: what a transition changes on the case besides its status.

Workflow files name effects (workflows/README.md); the engine resolves each name to the function
here when it loads the files, so a name without a function stops the app from starting. They
live here, not in the pure workflow package, because they write case rows (and the case number).
Each takes the case (already moved by the machine) and the act's `ActionContext`: `on` is the
act's legal date and `data` its validated inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from caseflow.cases import numbering, panel
from caseflow.cases.models import Case
from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.routing.assignment import team_of
from caseflow.workflow.engine import ActionContext
from caseflow.workflow.guards import EffectFn

__all__ = ["EFFECTS"]


def assign_case_number(case: Case, ctx: ActionContext) -> None:
    """Allocate the formal case number (gap-free per unit, workflow and year); set filed_on."""
    if case.number:
        return
    case.filed_on = ctx.on
    numbering.assign_case_number(case)


def record_agreement(case: Case, ctx: ActionContext) -> None:
    """Store the agreement's effective date, subject and amount (and, under the 2025 Measures,
    whether it can be notarised for enforcement; its subject refines the mediation's)."""
    case.agreement_subject = ctx.data.get("subject")
    case.agreement_effective_on = ctx.data.get("effective_on")
    case.agreement_amount = ctx.data.get("amount")
    if "payment_content" in ctx.data or "enforcement_undertaking" in ctx.data:
        case.payment_content = ctx.data.get("payment_content", False)
        case.enforcement_undertaking = ctx.data.get("enforcement_undertaking", False)
    if case.under_2025_measures and case.workflow == "prelitigation_mediation":
        case.mediation_subject = ctx.data.get("subject") or case.mediation_subject


def record_decision(case: Case, ctx: ActionContext) -> None:
    """Store the decision's outcome (v2: the panel's proposal, unchanged) and its date."""
    case.outcome = ctx.data.get("outcome") or case.proposed_outcome
    case.decided_on = ctx.on


# -- the 2025 Measures (adjudication v2, mediation v2) ---------------------------------------
def record_acceptance_extension(case: Case, ctx: ActionContext) -> None:
    """Mark the one extension of the filing period (Art. 20)."""
    case.acceptance_extended_on = ctx.on


def _periods(case: Case) -> list[str]:
    return [k for k in (case.open_periods or "").split(",") if k]


def open_excluded_period(case: Case, ctx: ActionContext) -> None:
    """Record that a period not counted in the closure period has begun (Art. 37)."""
    case.open_periods = ",".join(sorted({*_periods(case), str(ctx.data["kind"])}))


def close_excluded_period(case: Case, ctx: ActionContext) -> None:
    """Record its end; an upheld jurisdiction objection leaves only cancel or refer (Art. 9)."""
    case.open_periods = ",".join(k for k in _periods(case) if k != ctx.data["kind"])
    if ctx.data["kind"] == "jurisdiction_objection" and ctx.data.get("outcome") == "upheld":
        case.objection_upheld = True


def record_invalidation(case: Case, ctx: ActionContext) -> None:
    """Store CNIPA's acceptance of an invalidation request; suspension is to be decided anew."""
    case.invalidation_accepted_on = ctx.data["accepted_on"]
    case.suspension_decision = None


def record_suspension_decision(case: Case, ctx: ActionContext) -> None:
    """A suspension on the invalidation ground, or a decline, decides the recorded request."""
    if ctx.data.get("ground") == "invalidation":
        case.suspension_decision = "suspended"
    elif case.invalidation_accepted_on is not None and ctx.data.get("ground") in (
            "invention_patent", "evaluation_report_clean", "repeat_request", "patent_upheld",
            "other"):
        case.suspension_decision = "declined"


def record_hearing_date(case: Case, ctx: ActionContext) -> None:
    """Store the hearing date as scheduled or postponed (Art. 26)."""
    case.hearing_on = ctx.data["hearing_on"]


def record_proposal(case: Case, ctx: ActionContext) -> None:
    """Store the panel's proposal: outcome, reasons, orders, votes and dissent (Art. 25)."""
    data = ctx.data
    case.proposed_outcome = data["outcome"]
    case.proposal_reasons, case.proposal_orders = data.get("reasons"), data.get("orders")
    case.votes_for, case.votes_against = data.get("votes_for"), data.get("votes_against")
    case.dissent = data.get("dissent")


def record_session(case: Case, ctx: ActionContext) -> None:
    """Store the first mediation session's date and place, notified at filing (Art. 66)."""
    case.session_on, case.session_place = ctx.data["session_on"], ctx.data["session_place"]


def record_absence(case: Case, ctx: ActionContext) -> None:
    """An absent requester withdraws; an absent respondent ends it as cancelled (Art. 67)."""
    case.closure_type = "withdrawn_deemed" if ctx.data["party"] == "requester" else "cancelled"


def record_notarisation(case: Case, ctx: ActionContext) -> None:
    """Store the notarisation that gives the agreement enforcement force (Arts. 35, 69)."""
    case.notarized_on = ctx.on
    case.notary_office = ctx.data["notary_office"]
    case.notarial_certificate_no = ctx.data["certificate_number"]


def record_publication(case: Case, ctx: ActionContext) -> None:
    """Store when and where the decision was published (Art. 83)."""
    case.published_on, case.published_where = ctx.on, ctx.data.get("where")


def record_ruling(case: Case, ctx: ActionContext) -> None:
    """Store the number of the court's ruling on the judicial confirmation."""
    case.ruling_number = ctx.data.get("ruling_number")


def record_court_return(case: Case, ctx: ActionContext) -> None:
    """Store the outcome and the written report returned to the court, and the day."""
    case.court_return_outcome = ctx.data.get("outcome")
    case.court_return_report = ctx.data.get("report")
    case.court_returned_on = ctx.on


def form_panel(case: Case, ctx: ActionContext) -> None:
    """Name the panel (Art. 20) from the `panel` input, or from an assigned team of 3, 5, ...
    (the lead first); 422 on `panel` otherwise."""
    names = ctx.data.get("panel")
    if names is None:
        team = team_of(case)
        if len(team) < panel.MIN_PANEL or len(team) % 2 == 0:
            raise ValidationFailed(N_("提交的内容有误。"), fields={"panel": N_(
                "请指定合议组：三名或者三名以上单数的本单位执法人员，第一位为承办人"
                "（已分派的办案组不足三人或为双数）。")})
        names = [m.user.username for m in team]
    users = panel.check_panel(case, list(names))
    panel.name_panel(case, users, ctx.on, ctx.actor)


EFFECTS: Mapping[str, EffectFn] = MappingProxyType({fn.__name__: fn for fn in (
    assign_case_number, record_agreement, record_decision, record_ruling, record_court_return,
    form_panel,
    record_acceptance_extension, open_excluded_period, close_excluded_period,
    record_invalidation, record_suspension_decision, record_hearing_date, record_proposal,
    record_publication, record_session, record_absence, record_notarisation,
)})
