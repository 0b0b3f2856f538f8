"""The frozen shapes a workflow file is loaded into, and the vocabulary it may use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "CASE_ROLES",
    "CLOCK_KINDS",
    "CLOCK_VARIANTS",
    "INPUT_TYPES",
    "SETTABLE",
    "SOURCES",
    "VARIANT_ATTRIBUTES",
    "ClockSpec",
    "ClockStart",
    "InputSpec",
    "Label",
    "State",
    "Transition",
    "Workflow",
]

# `admin` is a real role but never acts on cases, so no transition may name it.
CASE_ROLES = frozenset({"officer", "mediator", "supervisor"})
INPUT_TYPES = frozenset({"date", "text", "choice", "money", "boolean", "ruling_number", "receipts",
                         "usernames"})
CLOCK_KINDS = frozenset({
    "acceptance", "serve_copy", "reply", "closure", "statement", "mediation_filing", "mediation",
    "confirmation_application", "publication", "appeal", "court_review",
    "recusal_window", "recusal_decision",  # started by the panel and recusal acts (Art. 5)
})
# Kinds whose period depends on a variant, and the variants the deadlines module knows.
CLOCK_VARIANTS = {"mediation": frozenset({"party_request", "court_assigned", "ordinary", "simple"})}
# Case attributes a clock may take its variant from (`variant_from`).
VARIANT_ATTRIBUTES = frozenset({"source", "procedure"})
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
    (a literal) or `variant_from` names the case attribute that holds it.
    """

    clock: str
    from_input: str | None = None
    per_party: str | None = None
    variant: str | None = None
    variant_from: str | None = None


@dataclass(frozen=True)
class ClockSpec:
    """List the clocks an act starts, stops, pauses and resumes."""

    start: tuple[ClockStart, ...] = ()
    stop: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    resume: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.start or self.stop or self.pause or self.resume)


def _frozen_map(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Transition:
    """Describe one trigger from a list of source states to one destination."""

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
