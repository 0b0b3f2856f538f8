"""What a user may do on a case now: one answer for the case page, the API and the services.

Every entry is judged by the very predicate its service enforces (`may_fire`, `may_refer_up`,
`may_extend_closure`, `may_reveal_identity`, `may_upload_evidence`, `may_correct`, ...): what is
offered, the service accepts with valid inputs; what is not offered, it refuses, with the reason
shown here as `why_not`. Workflow transitions are those leaving the current state, judged on role, unit
scope and every guard that reads only the case (a party-request case is never offered
`sign_for`); guards that read the form are judged when the form is submitted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from caseflow.auth.models import User
from caseflow.cases.actions import may_fire, offer_context
from caseflow.cases.corrections import may_add_party, may_correct, verdict_of
from caseflow.cases.evidence import may_upload_evidence
from caseflow.cases.handoff import handoff_purpose, may_hand_off
from caseflow.cases.models import Case
from caseflow.cases.panel import may_change_panel
from caseflow.cases.recusals import may_apply_recusal, may_decide_recusal
from caseflow.cases.services import may_reveal_identity
from caseflow.deadlines.actions import may_extend_closure, may_extend_mediation
from caseflow.errors import Conflict
from caseflow.i18n_markers import N_
from caseflow.routing import permissions as routing
from caseflow.routing.assignment import may_assign, may_recuse
from caseflow.templating import localized
from caseflow.verdict import Verdict, refused
from caseflow.vocabulary import ACTION_LABELS
from caseflow.workflow.engine import Registry
from caseflow.workflow.spec import Transition

# The kinds API.md names: acts on the case file itself (identity reveal, evidence, corrections)
# are of kind "case".
KINDS = ("transition", "routing", "deadline", "case")
# The recorded action (ACTION_LABELS) that names each non-transition act.
LABEL_OF = {"refer_up": "refer_up", "transfer": "transfer", "delegate": "delegate",
            "sign_for": "sign_for", "assign": "assign", "recusal": "recusal",
            "assist": "assist_requested", "extend": "extend",
            "extend_mediation": "extend_mediation", "reveal_identity": "identity_revealed",
            "upload_evidence": "evidence_uploaded", "correct": "case_corrected",
            "add_party": "add_party", "change_panel": "panel_changed",
            "apply_recusal": "recusal_applied", "decide_recusal": "recusal_decided",
            "handoff": "handoff_exported"}
# What each non-transition act takes (the body of its API call), for `inputs` in the case JSON.
_VERSIONED = (("on", "date", False), ("version", "integer", False))
INPUTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "sign_for": _VERSIONED,
    "refer_up": (("reason", "text", True), *_VERSIONED),
    "transfer": (("to_unit", "unit", True), ("reason", "text", True), *_VERSIONED),
    "delegate": (("to_unit", "unit", True), ("reason", "text", True), *_VERSIONED),
    "assign": (("to_user", "user", True), ("team", "users", False), ("reason", "text", False),
               *_VERSIONED),
    "assist": (("to_unit", "unit", True), ("kind", "choice", True), ("description", "text", True),
               ("due_on", "date", True)),
    "recusal": (("reason", "text", True), ("version", "integer", False)),
    "extend": (("reason", "text", True), *_VERSIONED),
    "extend_mediation": (("days", "integer", True), ("consents", "boolean", True),
                         ("reason", "text", True), *_VERSIONED),
    "reveal_identity": (),
    "handoff": (("purpose", "choice", True), ("evidence", "text", False)),
    "upload_evidence": (("file", "file", True), ("description", "text", False)),
    "correct": (("reason", "text", True), ("version", "integer", False), ("summary", "text", False),
                ("claim_amount", "decimal", False), ("infringement_place", "text", False),
                ("patent", "object", False)),
    "add_party": (("role", "choice", True), ("kind", "choice", True), ("name", "text", True),
                  ("credit_code", "text", False), ("id_number", "text", False),
                  ("phone", "text", False), ("address", "text", False),
                  ("agent_name", "text", False), ("agent_phone", "text", False),
                  ("agent_has_power_of_attorney", "boolean", False),
                  ("no_domicile_in_china", "boolean", False),
                  ("reason", "text", True), ("version", "integer", False)),
    "change_panel": (("panel", "usernames", True), ("reason", "text", True), *_VERSIONED),
    "apply_recusal": (("party", "integer", True), ("target_role", "choice", True),
                      ("target", "user", False), ("target_name", "text", False),
                      ("grounds", "text", True), *_VERSIONED),
    "decide_recusal": (("application", "integer", True), ("granted", "boolean", True),
                       ("note", "text", False), *_VERSIONED),
}
#: a party's ownership mediation under the 2025 Measures: a supervisor's approval, no consent
OWNERSHIP_EXTENSION = (("days", "integer", True), ("reason", "text", True), *_VERSIONED)
# Every transition takes its legal date, a note and the version beside its own inputs.
_TRANSITION_COMMON = (("on", "date", False), ("note", "text", False), ("version", "integer", False))


@dataclass(frozen=True)
class Offer:
    """One action of a case: whether this user may take it now, and on what."""

    name: str
    kind: str
    verdict: Verdict
    transition: Transition | None = None
    targets: Any = None  # the units a routing act may go to, or the unit above
    party_id: int | None = None
    body: tuple[tuple[str, str, bool], ...] | None = None  # when the case changes what it takes

    @property
    def available(self) -> bool:
        return bool(self.verdict)

    @property
    def label(self) -> str:
        """The action's name in the current language."""
        if self.transition is not None:
            return localized(self.transition.label)
        return ACTION_LABELS.label(LABEL_OF[self.name])

    def inputs(self) -> list[dict[str, Any]]:
        """List what the act takes: a transition's declared inputs (under `data`), else its body."""
        common = [{"name": n, "type": t, "required": r} for n, t, r in
                  (_TRANSITION_COMMON if self.transition is not None
                   else self.body or INPUTS[self.name])]
        if self.transition is None:
            return common
        declared = [{"name": spec.name, "type": spec.type, "required": spec.required,
                     "label": localized(spec.label), "in": "data",
                     **({"choices": list(spec.choices)} if spec.choices else {})}
                    for spec in self.transition.inputs]
        return common + declared

    def as_dict(self) -> dict[str, Any]:
        """Shape the offer for the case JSON (`available_actions`)."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "label": self.label,
                               "available": self.available, "why_not": self.verdict.why_not(),
                               "why_not_code": None if self.verdict else
                               self.verdict.refusal.code,  # type: ignore[union-attr]
                               "because": self.verdict.because, "inputs": self.inputs()}
        if self.party_id is not None:
            out["party"] = self.party_id
        if self.available and self.targets is not None:
            units = self.targets if isinstance(self.targets, list) else [self.targets]
            out["targets"] = [{"code": u.code, "name": u.name} for u in units]
        return out


@dataclass(frozen=True)
class Offers(Sequence[Offer]):
    """Every action of one case for one user, in a stable order."""

    items: tuple[Offer, ...] = field(default_factory=tuple)

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Offer]:
        return iter(self.items)

    def find(self, name: str, kind: str | None = None,
             party: int | None = None) -> Offer | None:
        """Return the entry of `name` (of `kind`, for `party`), or None."""
        return next((o for o in self.items if o.name == name and kind in (None, o.kind)
                     and (party is None or o.party_id == party)), None)

    def allows(self, name: str, kind: str | None = None, party: int | None = None) -> bool:
        """Tell whether the user may take `name` now (the page shows its form only then)."""
        offer = self.find(name, kind, party)
        return offer is not None and offer.available

    def transitions(self) -> list[Transition]:
        """Return the transitions the user may fire now, in file order."""
        return [o.transition for o in self.items
                if o.kind == "transition" and o.available and o.transition is not None]

    def routing_targets(self) -> dict[str, Any]:
        """Map each routing act the user may take now to its targets (True when it has none)."""
        return {o.name: (True if o.targets is None else o.targets) for o in self.items
                if o.kind == "routing" and o.available}

    def as_list(self) -> list[dict[str, Any]]:
        """Shape every entry for the case JSON."""
        return [o.as_dict() for o in self.items]


def _transitions(case: Case, user: User, registry: Registry) -> list[Offer]:
    workflow = registry.get(case.workflow, case.workflow_version).workflow
    ctx = offer_context(case, user)
    return [Offer(t.trigger, "transition", may_fire(user, case, t.trigger, registry, ctx), t)
            for t in workflow.transitions_from(case.status)]


def _routing(case: Case, user: User, registry: Registry) -> list[Offer]:
    def targets(verdict: Verdict, units: Any) -> Any:
        return units() if verdict else None

    refer = routing.may_refer_up(user, case, registry)
    transfer = routing.may_transfer(user, case, registry)
    delegate = routing.may_delegate(user, case, registry)
    assist = routing.may_request_assist(user, case, registry)
    return [
        Offer("sign_for", "routing", routing.may_sign_for(user, case, registry)),
        Offer("refer_up", "routing", refer, targets=targets(refer, lambda: case.handling_unit.parent)),
        Offer("transfer", "routing", transfer,
              targets=targets(transfer, lambda: routing.transfer_targets(case))),
        Offer("delegate", "routing", delegate,
              targets=targets(delegate, lambda: routing.delegate_targets(case))),
        Offer("assign", "routing", may_assign(user, case, registry)),
        Offer("assist", "routing", assist,
              targets=targets(assist, lambda: routing.assist_targets(case))),
        Offer("recusal", "routing", may_recuse(user, case, registry)),
    ]


def _reveal(case: Case, user: User) -> list[Offer]:
    parties = [p for p in case.parties if p.id_number_enc]
    if not parties:
        return [Offer("reveal_identity", "case", refused(
            Conflict(N_("本案当事人均未登记身份证号。"), code="no_identity_number"),
            "precondition"))]
    return [Offer("reveal_identity", "case", may_reveal_identity(user, p), party_id=p.id)
            for p in parties]


def available_actions(case: Case, user: User, registry: Registry) -> Offers:
    """Return every action of the case, each judged for `user` now by its service's predicate."""
    return Offers(tuple([
        *_transitions(case, user, registry),
        *_routing(case, user, registry),
        Offer("extend", "deadline", may_extend_closure(user, case)),
        Offer("extend_mediation", "deadline", may_extend_mediation(user, case),
              body=OWNERSHIP_EXTENSION if case.ownership_mediation else None),
        *_reveal(case, user),
        Offer("upload_evidence", "case", may_upload_evidence(user, case)),
        Offer("handoff", "case", may_hand_off(user, case, handoff_purpose(case))),
        Offer("correct", "case", verdict_of(may_correct(user, case))),
        Offer("add_party", "case", verdict_of(may_add_party(user, case))),
        Offer("change_panel", "case", may_change_panel(user, case, registry)),
        Offer("apply_recusal", "case", may_apply_recusal(user, case, registry)),
        Offer("decide_recusal", "case", may_decide_recusal(user, case, registry)),
    ]))
