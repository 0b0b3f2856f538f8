"""What the API answers (API.md), as pydantic models: the OpenAPI document's response schemas.

These describe the shapes the presenters build; objects may carry more members than listed
("add fields freely"), so no model forbids extra ones. Request bodies are declared beside
their endpoints.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, RootModel

Day = Annotated[str, Field(description="YYYY-MM-DD", json_schema_extra={"format": "date"})]
Instant = Annotated[str, Field(description="ISO 8601 with offset (Asia/Shanghai)",
                               json_schema_extra={"format": "date-time"})]
BigInt = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
Id = Annotated[int, Field(ge=0, le=2**63 - 1)]
Version = Annotated[int, Field(ge=0, le=2**63 - 1,
                               description="The case's current version (optimistic lock)")]
Money = Annotated[float, Field(ge=0, le=1e12)] | Annotated[
    str, Field(pattern=r"^[0-9]{1,13}(\.[0-9]+)?$", description="yuan, as a decimal string")]
Level = Literal["city", "county", "station"]


# --- errors ---------------------------------------------------------------------------------

class ErrorDetail(BaseModel):
    code: str = Field(description="machine code, e.g. validation_failed, stale_version")
    message: str = Field(description="in the user's language")
    fields: dict[str, str] | None = Field(None, description="a message per refused field")


class ErrorBody(BaseModel):
    """The API's error format."""

    error: ErrorDetail


# --- people and units ------------------------------------------------------------------------

class UnitRef(BaseModel):
    code: str
    name: str


class UnitOut(UnitRef):
    level: Level


class UnitNode(UnitOut):
    parent_code: str | None


class UnitList(RootModel[list[UnitNode]]):
    pass


class MeOut(BaseModel):
    username: str
    name: str
    roles: list[str]
    unit: UnitOut


class TokenOut(BaseModel):
    token: str
    expires_at: Instant


class VerifyOut(BaseModel):
    ok: bool
    events_checked: int
    head_hash: str | None
    first_bad_seq: int | None
    problem: str | None = None


# --- cases ----------------------------------------------------------------------------------

class PatentOut(BaseModel):
    number: str
    type: str
    title: str | None


class AgentOut(BaseModel):
    name: str | None
    phone: str | None
    power_of_attorney: bool


class PartyOut(BaseModel):
    id: int
    kind: str
    name: str
    phone: str | None
    address: str | None
    agent: AgentOut | None
    credit_code: str | None = None
    id_number: str | None = Field(None, description="always masked: first 6 and last 4")
    no_domicile_in_china: bool = Field(
        description="no fixed domicile in the PRC: 30 days to reply, not 15 (Art. 22)")


class DeadlineOut(BaseModel):
    kind: str
    due_on: Day | None
    status: str
    provisional: bool
    basis: str | None
    party: int | None = None


class InputOut(BaseModel):
    name: str
    type: str
    required: bool
    choices: list[str]
    label: str | None = None
    label_en: str | None = None


class TransitionOut(BaseModel):
    trigger: str
    label: str
    label_en: str | None = None
    note_required: bool
    inputs: list[InputOut]


class WarningOut(BaseModel):
    code: str
    message: str
    field: str | None = None


class CourtOut(BaseModel):
    name: str | None
    case_number: str | None
    procedure: str | None


class CourtReturnOut(BaseModel):
    outcome: str | None
    report: str | None
    returned_on: Day | None


class AssigneeOut(BaseModel):
    username: str


class PanelMemberOut(BaseModel):
    """A member now sitting on the panel (合议组, Art. 20); the lead (承办人) first."""

    username: str
    name: str
    lead: bool


class RecusalOut(BaseModel):
    """A party's recusal application (Art. 5)."""

    id: int
    party: int = Field(description="the applying party's id")
    target: str | None = Field(description="the user challenged, when a user")
    target_name: str
    target_role: Literal["panel_member", "technical_investigator", "clerk", "interpreter",
                         "appraiser", "assistant"]
    grounds: str
    applied_on: Day
    status: Literal["pending", "granted", "refused"]
    decided_on: Day | None
    decided_by: str | None
    decision_note: str | None


class OfferInput(BaseModel):
    """One input of an offered act (a transition's own inputs are sent under `data`)."""

    name: str
    type: str
    required: bool
    label: str | None = None
    choices: list[str] | None = None
    in_: Literal["data"] | None = Field(None, alias="in")


class OfferOut(BaseModel):
    """One action of the case for this user (API.md "What a user may do")."""

    name: str
    kind: Literal["transition", "routing", "deadline", "case"]
    label: str
    available: bool
    why_not: str | None = Field(description="in the user's language, when not available")
    why_not_code: str | None = None
    because: Literal["role", "scope", "state", "precondition", "guard"] | None = None
    party: int | None = None
    targets: list[UnitRef] | None = None
    inputs: list[OfferInput] = Field(description="what the act's call takes")


class RulesOut(BaseModel):
    """The legal rule set a workflow version follows."""

    name: str = Field(description="measures_2015, measures_2025 or court_mediation")
    label: str
    label_en: str
    in_force: Day


class MediationRequestOut(BaseModel):
    """What a pre-litigation mediation is about (the agreement may refine the subject)."""

    subject: str | None = Field(description="damages, ownership, inventorship, "
                                "reward_remuneration, provisional_protection_fee, licence, other")
    prior_decision_ref: str | None
    grant_announced_on: Day | None


class CaseOut(BaseModel):
    """A case (GET /cases/{case_id})."""

    id: int
    number: str
    receipt_number: str | None
    workflow: str
    workflow_version: int
    rules: RulesOut | None = Field(description="the rule set this case follows")
    status: str
    status_label: str
    closure_type: str | None
    outcome: str | None
    source: str | None
    court: CourtOut | None
    patent: PatentOut
    requesters: list[PartyOut]
    respondents: list[PartyOut]
    intake_unit: UnitRef
    handling_unit: UnitRef
    assignee: AssigneeOut | None
    panel: list[PanelMemberOut] = Field(description="the sitting panel, lead first; [] if none")
    recusals: list[RecusalOut] = Field(description="parties' recusal applications, oldest first")
    signed_for: bool
    routed_on: Day | None
    received_on: Day
    filed_on: Day | None
    closed_on: Day | None
    claim_amount: str | None = Field(description="yuan, as a decimal string")
    summary: str | None
    ruling_number: str | None
    mediation_request: MediationRequestOut | None = Field(
        description="pre-litigation mediation only: what the request is about (Arts. 63-64)")
    court_return: CourtReturnOut | None
    deadlines: list[DeadlineOut]
    allowed_transitions: list[TransitionOut]
    available_actions: list[OfferOut]
    warnings: list[WarningOut]
    version: int


class CaseSummaryOut(BaseModel):
    id: int
    number: str
    workflow: str
    status: str
    status_label: str
    patent: PatentOut
    handling_unit: UnitRef
    received_on: Day
    version: int


class CasePage(BaseModel):
    items: list[CaseSummaryOut]
    total: int
    page: int
    per_page: int


class EventOut(BaseModel):
    seq: int
    at: Instant
    on: Day | None
    actor: str | None
    unit: str | None
    action: str
    case_id: int | None
    from_status: str | None
    to_status: str | None
    data: Any
    hash: str
    prev_hash: str


class EventList(RootModel[list[EventOut]]):
    pass


class IdentityOut(BaseModel):
    party: int
    id_number: str | None


# --- workflows ------------------------------------------------------------------------------

class StateOut(BaseModel):
    name: str
    label: str
    label_en: str | None
    terminal: bool
    initial: bool


class WorkflowTransitionOut(BaseModel):
    trigger: str
    label: str
    label_en: str | None
    source: list[str]
    dest: str | None = Field(description="null for an action, which keeps the state")
    action: bool
    roles: list[str]
    note_required: bool
    inputs: list[InputOut]


class WorkflowOut(BaseModel):
    name: str
    version: int
    label: str
    rules: RulesOut | None
    states: list[StateOut]
    transitions: list[WorkflowTransitionOut]


class WorkflowList(RootModel[list[WorkflowOut]]):
    pass


# --- evidence, routing, deadlines -----------------------------------------------------------

class UserRef(BaseModel):
    username: str
    name: str


class EvidenceOut(BaseModel):
    id: int
    filename: str
    sha256: str
    size: int
    content_type: str
    description: str | None
    uploaded_at: Instant
    uploaded_by: UserRef | None


class EvidenceList(RootModel[list[EvidenceOut]]):
    pass


class AssistTaskOut(BaseModel):
    id: int
    case_id: int
    kind: str
    assisting_unit: str
    description: str
    due_on: Day
    status: str
    result: str | None


class SuggestionOut(BaseModel):
    username: str | None
    name: str | None


class NotificationOut(BaseModel):
    id: int
    kind: str
    case_id: int | None
    message: str
    at: Instant
    read: bool


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    total: int
    page: int
    per_page: int
    unread: int


# --- audit and reports ----------------------------------------------------------------------

class SearchEventOut(EventOut):
    description: str


class AuditEventPage(BaseModel):
    items: list[SearchEventOut]
    next_before: int | None = Field(description="pass as ?before= for the next (older) page")
    prev_after: int | None = Field(description="pass as ?after= for the previous page")


class BundleEvent(BaseModel):
    seq: int
    at: str
    on: Day | None
    actor_id: int | None
    actor: str | None
    unit_code: str | None
    action: str
    case_id: int | None
    from_status: str | None
    to_status: str | None
    data: str = Field(description="the event's data exactly as hashed (JSON text)")
    prev_hash: str
    hash: str


class ChainHead(BaseModel):
    seq: int
    hash: str


class BundleCase(BaseModel):
    id: int
    number: str | None


class AuditBundle(BaseModel):
    """A signed caseflow-audit-bundle/1."""

    format: str
    case: BundleCase
    exported_at: Instant
    events: list[BundleEvent]
    chain_head: ChainHead
    signature: str


Rate = Annotated[float, Field(ge=0, le=1, description="unrounded; null when 0/0")] | None


class Period(BaseModel):
    from_: Day = Field(alias="from")
    to: Day


class KpisOut(BaseModel):
    """The dashboard's figures for a unit's subtree over a period."""

    received: int
    accepted: int
    refused: int
    accepted_within_limit_rate: Rate
    accepted_within_5wd: int = Field(description="filed in time without an extension (5 working days)")
    accepted_within_extended: int = Field(
        description="filed in time within the extended period (5 + 5 working days, Art. 20)")
    closed: int
    closed_by_type: dict[str, int]
    on_time: int
    on_time_rate: Rate
    net_days_mean: float | None
    net_days_median: float | None
    mediation_concluded: int
    mediation_succeeded: int
    mediation_success_rate: Rate
    decisions: int
    infringement_established: int
    infringement_established_rate: Rate
    confirmations_applied: int
    confirmations_confirmed: int
    court_linked_received: int
    court_linked_returned: int
    overdue_open: int
    provisional_open: int
    near_deadline_open: int
    period: Period
    unit: UnitOut
    lists: dict[str, str] = Field(description="figure -> the API URL of its cases")

