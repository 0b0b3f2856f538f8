"""What the generator needs for cases under the 2025 Measures (adjudication and pre-litigation
mediation v2): which version a case received on a date follows, the v2 step scripts, and the
case columns the v2 effects set, replayed on the generated row as the service would."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseflow.cases import demo_plans, demo_plans_2025
from caseflow.cases.effects import EFFECTS
from caseflow.workflow.engine import ActionContext
from caseflow.workflow.inputs import validate_inputs
from caseflow.workflow.spec import Transition

IN_FORCE = date(2025, 2, 1)  # a request received before follows the 2015 rules to the end
CHANGED = ("adjudication", "prelitigation_mediation")
# Effects the generator does itself (number, decision) or that need the database.
OWN_EFFECTS = frozenset({"assign_case_number", "record_decision", "form_panel"})
# Every column a v2 effect may set: each generated row names them all (one bulk insert shape).
COLUMNS = ("agreement_subject", "agreement_effective_on", "agreement_amount", "payment_content",
           "enforcement_undertaking", "mediation_subject", "acceptance_extended_on",
           "open_periods", "objection_upheld", "invalidation_accepted_on", "suspension_decision",
           "hearing_on", "proposed_outcome", "proposal_reasons", "proposal_orders", "votes_for",
           "votes_against", "dissent", "session_on", "session_place", "notarized_on",
           "notary_office", "notarial_certificate_no", "published_on", "published_where",
           "ruling_number", "court_return_outcome", "court_return_report", "court_returned_on")
TERMINAL = {"rejected", "closed", "referred", "not_opened", "terminated", "returned_to_court"}


def version_for(workflow: str, received: date) -> int:
    return 2 if workflow in CHANGED and received >= IN_FORCE else 1


def plans(version: int) -> list[tuple[str, str | None, str, list[tuple], int]]:
    """(workflow, source, state, steps, weight) for cases received under the 2015 rules (1) or
    the 2025 Measures (2: v2 scripts, and the other workflows' v1 scripts)."""
    v1 = demo_plans.plans()
    if version == 1:
        return v1
    out = [p for p in v1 if p[0] not in CHANGED]
    for workflow, v, source, label, steps, _received in demo_plans_2025.plans_2025():
        if v != 2 or any(step[0] == "extend" for step in steps):
            continue  # closure extensions are the deadlines service's, not replayed here
        state = label.partition(":")[0]
        out.append((workflow, source, state, steps, demo_plans.TERMINAL_WEIGHT
                    if state in TERMINAL else 1))
    return out


class _Row:
    """The generated case dict, as the effects see a case."""

    def __init__(self, row: dict[str, Any]) -> None:
        object.__setattr__(self, "_row", row)

    def __getattr__(self, name: str) -> Any:
        if name == "under_2025_measures":
            return self._row["workflow"] in CHANGED and self._row["workflow_version"] >= 2
        return self._row.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._row[name] = value


def apply_effects(row: dict[str, Any], transition: Transition, on: date,
                  inputs: dict[str, Any]) -> None:
    """Set the columns the transition's effects set, from its cleaned inputs."""
    names = [n for n in transition.effects if n not in OWN_EFFECTS]
    if not names:
        return
    clean, errors = validate_inputs(transition, inputs)
    if errors:
        raise ValueError(f"{transition.trigger}: {errors}")
    ctx = ActionContext(on=on, roles=frozenset(), workdays_between=lambda a, b: 0, data=clean)
    for name in names:
        EFFECTS[name](_Row(row), ctx)  # type: ignore[arg-type]
