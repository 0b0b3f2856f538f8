"""The frozen shapes a workflow file is loaded into, and the vocabulary it may use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "CASE_ROLES",
    "CLOCK_KINDS",
    "CLOCK_VARIANTS",
    "EXCLUDED_KINDS",
    "OPTIONAL_VARIANTS",
    "INPUT_TYPES",
    "SETTABLE",
    "SOURCES",
    "VARIANT_ATTRIBUTES",
    "RULE_SETS",
    "ClockSpec",
    "ClockStart",
    "ClockStop",
    "RuleSet",
    "InputSpec",
    "Label",
    "State",
    "Transition",
    "Workflow",
]

# `admin` is a real role but never acts on cases, so no transition may name it.
CASE_ROLES = frozenset({"officer", "mediator", "supervisor"})
INPUT_TYPES = frozenset({"date", "text", "choice", "money", "boolean", "ruling_number", "receipts",
                         "party", "integer", "respondent_receipts", "usernames"})
CLOCK_KINDS = frozenset({
    "acceptance", "serve_copy", "reply", "closure", "statement", "mediation_filing", "mediation",
    "confirmation_application", "publication", "appeal", "court_review",
    # the 2025 Measures (WORKFLOWS.md §6)
    "correction", "forward_reply", "objection_decision", "mediation_serve_copy",
    "not_opened_notice", "cnipa_copy", "recusal_window", "recusal_decision",
})
# Kinds whose period depends on a variant, and the variants the deadlines module knows.
CLOCK_VARIANTS = {
    "mediation": frozenset({"party_request", "court_assigned", "ordinary", "simple", "ownership"}),
    "reply": frozenset({"no_domicile"}),
}
# Kinds whose variant may be absent (the plain period applies).
OPTIONAL_VARIANTS = frozenset({"reply"})
# Case attributes a clock may take its variant from (`variant_from`); `party_domicile` reads the
# party of a per-party clock (`no_domicile` when it has no fixed domicile in China, Art. 22).
VARIANT_ATTRIBUTES = frozenset({"source", "procedure", "mediation_variant", "party_domicile"})
# Kinds of period not counted in the closure period (Art. 37), opened and closed by actions.
EXCLUDED_KINDS = frozenset({"suspension", "public_notice", "appraisal", "jurisdiction_objection",
                            "evidence_extension", "settlement"})
# The rule sets a workflow version may follow: each has its own table of periods.
RULE_SETS = frozenset({"measures_2015", "measures_2025", "court_mediation"})
SOURCES = frozenset({"party_request", "court_assigned", "court_entrusted"})
# Case attributes a transition may set, with their allowed values.
SETTABLE = {
    "closure_type": frozenset({"decision", "agreement", "withdrawn", "withdrawn_deemed",
                               "cancelled"}),
}


@dataclass(frozen=True)
class Label:
    """Hold a Chinese and an English label."""

    zh: str
    en: str


@dataclass(frozen=True)
class RuleSet:
    """Name the legal rules a workflow version follows (shown on every case that uses it)."""

    name: str
    label: Label
    in_force: str  # ISO date the rules took effect


@dataclass(frozen=True)
class State:
    """Describe one state of a workflow."""

    name: str
    label: Label
    terminal: bool = False
    initial: bool = False


@dataclass(frozen=True)
class InputSpec:
    """Describe one input a transition takes in `data`."""

    name: str
    type: str
    label: Label
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClockStart:
    """Say which clock an act starts and from which date.

    `from_input` names a date input of the act (None: the act's `on` date); for `initial_clocks`
    it names a field of the new case (e.g. `received_on`). `per_party` names a `receipts` input:
    one clock per party, each from that party's `received_on`. `variant` picks the period
    (a literal) or `variant_from` names the case attribute that holds it. `party` names a
    `party` input: one clock for that party. `when` starts the clock only when the act's inputs
    have the given values. `due_from` names a date input that is the due date itself (a period
    the bureau sets, e.g. the correction period of Art. 16).
    """

    clock: str
    from_input: str | None = None
    per_party: str | None = None
    variant: str | None = None
    variant_from: str | None = None
    party: str | None = None
    when: Mapping[str, str] = field(default_factory=lambda: _frozen_map(), hash=False,
                                    compare=False)
    due_from: str | None = None

    def applies(self, data: Mapping[str, object]) -> bool:
        """Tell whether the act's inputs (and the case facts among them) match `when`."""
        return all(_text(data.get(k)) == v for k, v in self.when.items())


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@dataclass(frozen=True)
class ClockStop:
    """Stop (or, under `extend_to`, re-date) a clock only for a party or on given input values.

    `party` names a `party` input; `when` maps input names to the values that apply; `until`
    names the date input that becomes the new due date (`extend_to` only).
    """

    clock: str
    party: str | None = None
    when: Mapping[str, str] = field(default_factory=lambda: _frozen_map(), hash=False,
                                    compare=False)
    until: str | None = None

    def applies(self, data: Mapping[str, object]) -> bool:
        """Tell whether the act's inputs match `when`."""
        return all(_text(data.get(k)) == v for k, v in self.when.items())


def _frozen_map(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class ClockSpec:
    """List the clocks an act starts, stops, pauses, resumes, extends and excludes from.

    `stop_if` holds stops limited to a party or to input values. `extend` lengthens a running
    clock by its `<kind>_extension` period; `extend_to` moves a clock's due date to a date input.
    `exclude_open` / `exclude_close` open and close a period not counted in the named clocks;
    its kind is the act's `kind` input (one of EXCLUDED_KINDS).
    """

    start: tuple[ClockStart, ...] = ()
    stop: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    resume: tuple[str, ...] = ()
    stop_if: tuple[ClockStop, ...] = ()
    extend: tuple[str, ...] = ()
    extend_to: tuple[ClockStop, ...] = ()
    exclude_open: tuple[str, ...] = ()
    exclude_close: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()  # clocks a closing act leaves running (publication, Art. 83)

    def __bool__(self) -> bool:
        return any((self.start, self.stop, self.pause, self.resume, self.stop_if, self.extend,
                    self.extend_to, self.exclude_open, self.exclude_close, self.keep))


@dataclass(frozen=True)
class Transition:
    """Describe one trigger from a list of source states to one destination.

    An action (`action: true` in the file) has no destination: the case stays where it is.
    """

    trigger: str
    label: Label
    source: tuple[str, ...]
    dest: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    inputs: tuple[InputSpec, ...] = ()
    note_required: bool = False
    sets: Mapping[str, str] = field(default_factory=_frozen_map, hash=False, compare=False)
    effects: tuple[str, ...] = ()
    clocks: ClockSpec = ClockSpec()
    action: bool = False

    def dest_from(self, status: str) -> str:
        """Return the state the case is in after firing from `status`."""
        return status if self.action else self.dest

    def input(self, name: str) -> InputSpec | None:
        """Return the input called `name`, if the transition takes one."""
        return next((spec for spec in self.inputs if spec.name == name), None)


@dataclass(frozen=True)
class Workflow:
    """Hold one validated workflow version."""

    name: str
    version: int
    label: Label
    sources: tuple[str, ...]
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial_clocks: tuple[ClockStart, ...] = ()
    rules: RuleSet | None = None
    filename: str = ""
    _states: Mapping[str, State] = field(init=False, repr=False, compare=False, hash=False)
    _index: Mapping[tuple[str, str], Transition] = field(
        init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        states = {state.name: state for state in self.states}
        index = {(src, t.trigger): t for t in self.transitions for src in t.source}
        object.__setattr__(self, "_states", MappingProxyType(states))
        object.__setattr__(self, "_index", MappingProxyType(index))

    @property
    def key(self) -> tuple[str, int]:
        """Return the (name, version) pair that identifies this definition."""
        return (self.name, self.version)

    @property
    def initial(self) -> str:
        """Return the name of the initial state."""
        return next(state.name for state in self.states if state.initial)

    @property
    def triggers(self) -> tuple[str, ...]:
        """Return every trigger name once, in file order."""
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    def state(self, name: str) -> State | None:
        """Return the state called `name`, or None."""
        return self._states.get(name)

    def is_terminal(self, name: str) -> bool:
        """Tell whether `name` is a terminal state (unknown names are not)."""
        state = self._states.get(name)
        return bool(state and state.terminal)

    def find(self, status: str, trigger: str) -> Transition | None:
        """Return the transition `trigger` fires from `status`, or None."""
        return self._index.get((status, trigger))

    def transitions_from(self, status: str) -> list[Transition]:
        """Return the transitions leaving `status`, in file order."""
        return [t for t in self.transitions if status in t.source]

    def trigger_label(self, trigger: str) -> Label | None:
        """Return the label of `trigger`, or None when the workflow has no such trigger."""
        return next((t.label for t in self.transitions if t.trigger == trigger), None)
