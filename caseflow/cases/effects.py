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
    """Store the agreement's effective date, subject and amount."""
    case.agreement_subject = ctx.data.get("subject")
    case.agreement_effective_on = ctx.data.get("effective_on")
    case.agreement_amount = ctx.data.get("amount")


def record_decision(case: Case, ctx: ActionContext) -> None:
    """Store the decision's outcome and its date."""
    case.outcome, case.decided_on = ctx.data.get("outcome"), ctx.on


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
)})
