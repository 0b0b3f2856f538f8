"""Which unit should handle a new case, and why (in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.org.models import Unit


@dataclass(frozen=True)
class Proposal:
    unit: Unit
    reasons: list[str]


def propose_handling_unit(intake: Unit, workflow: str, patent_type: str) -> Proposal:
    """Propose the handling unit for a case taken in at `intake`."""
    county = intake.parent if intake.level == "station" else intake
    city = county
    while city.parent is not None:
        city = city.parent
    if intake.level == "city":
        return Proposal(intake, ["市局收件，由市局办理。"])
    if workflow == "adjudication" and patent_type in ("invention", "pct_invention"):
        return Proposal(city, ["发明专利侵权纠纷由市局办理。"])
    reasons = [f"{county.display_name}受市局委托办理实用新型、外观设计专利纠纷。"]
    if intake.level == "station":
        reasons.insert(0, f"{intake.display_name}为收件单位，不作为办案单位。")
    return Proposal(county, reasons)
