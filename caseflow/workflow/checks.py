"""Read a parsed workflow file into frozen definitions, collecting path-aware errors."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from caseflow.workflow.graph_checks import check_graph
from caseflow.workflow.spec import (
    CASE_ROLES,
    CLOCK_KINDS,
    CLOCK_VARIANTS,
    INPUT_TYPES,
    OPTIONAL_VARIANTS,
    RULE_SETS,
    SETTABLE,
    SOURCES,
    VARIANT_ATTRIBUTES,
    ClockSpec,
    ClockStart,
    ClockStop,
    InputSpec,
    Label,
    RuleSet,
    State,
    Transition,
    Workflow,
)

__all__ = ["read_workflow"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Names the transition request itself uses: an input may not shadow them.
_RESERVED_INPUTS = frozenset({"on", "note", "trigger", "version", "data"})
_TOP_KEYS = {"name", "version", "label", "sources", "states", "transitions", "initial_clocks",
             "rules"}
_OPTIONAL_TOP = {"initial_clocks", "rules"}
_RULES_KEYS = {"name", "label", "in_force"}
_STATE_KEYS = {"name", "label", "terminal", "initial"}
_TRANSITION_KEYS = {"trigger", "label", "source", "dest", "roles", "guards", "warnings", "inputs",
                    "note_required", "sets", "effects", "clocks", "action"}
_INPUT_KEYS = {"name", "type", "required", "choices", "label"}
_CLOCK_KEYS = {"start", "stop", "pause", "resume", "extend", "extend_to", "exclude_open",
               "exclude_close", "keep"}
_START_KEYS = {"clock", "from", "per_party", "variant", "variant_from", "party", "when",
               "due_from"}
_STOP_KEYS = {"clock", "party", "when", "until"}


def _member(value: Any, names: Collection[str]) -> bool:
    return isinstance(value, str) and value in names


def _input_of_type(inputs: dict[str, InputSpec], name: Any, kind: str) -> bool:
    return isinstance(name, str) and name in inputs and inputs[name].type == kind


class _Reader:
    """Turn raw YAML data into definitions; every problem lands in `errors`."""

    def __init__(self, filename: str, known: dict[str, Collection[str]]) -> None:
        self.filename = filename
        self.known = known
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        where = f"{self.filename}: {path}: " if path else f"{self.filename}: "
        self.errors.append(where + message)

    # -- small shapes ------------------------------------------------------------------------
    def mapping(self, raw: Any, path: str, allowed: set[str], required: set[str]) -> dict | None:
        if not isinstance(raw, dict):
            self.error(path, "must be a mapping")
            return None
        for key in raw:
            if key not in allowed:
                self.error(f"{path}.{key}" if path else str(key), f"unknown key '{key}'")
        for key in sorted(required - raw.keys()):
            self.error(path, f"missing key '{key}'")
        return raw

    def name(self, raw: Any, path: str) -> str:
        if not isinstance(raw, str) or not _NAME.match(raw):
            self.error(path, f"{raw!r} is not a lower_snake_case name")
            return ""
        return raw

    def label(self, raw: Any, path: str) -> Label:
        if not isinstance(raw, dict):
            self.error(path, "missing zh/en label")
            return Label("", "")
        texts = []
        for lang in ("zh", "en"):
            text = raw.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.error(f"{path}.{lang}", f"missing {lang} label")
                text = ""
            texts.append(text.strip())
        for key in raw.keys() - {"zh", "en"}:
            self.error(f"{path}.{key}", f"unknown key '{key}'")
        return Label(*texts)

    def flag(self, raw: Any, path: str, default: bool) -> bool:
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.error(path, "must be true or false")
            return default
        return raw

    def names(self, raw: Any, path: str, known: Collection[str] | None = None,
              what: str = "name") -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(path, "must be a list")
            return ()
        out: list[str] = []
        for i, item in enumerate(raw):
            if not isinstance(item, str):
                self.error(f"{path}[{i}]", f"{item!r} is not a {what}")
            elif what == "role" and item == "admin":
                self.error(f"{path}[{i}]", "role 'admin' never acts on cases")
            elif known is not None and item not in known:
                self.error(f"{path}[{i}]", f"unknown {what} {item!r}")
            elif known is None and self.name(item, f"{path}[{i}]") == "":
                continue
            elif item in out:
                self.error(f"{path}[{i}]", f"{what} {item!r} listed twice")
            else:
                out.append(item)
        return tuple(out)

    # -- parts -------------------------------------------------------------------------------
    def state(self, raw: Any, path: str) -> State | None:
        if self.mapping(raw, path, _STATE_KEYS, {"name", "label", "terminal"}) is None:
            return None
        return State(name=self.name(raw.get("name"), f"{path}.name"),
                     label=self.label(raw.get("label"), f"{path}.label"),
                     terminal=self.flag(raw.get("terminal"), f"{path}.terminal", False),
                     initial=self.flag(raw.get("initial"), f"{path}.initial", False))

    def input(self, raw: Any, path: str) -> InputSpec | None:
        if self.mapping(raw, path, _INPUT_KEYS, {"name", "type", "label"}) is None:
            return None
        name = self.name(raw.get("name"), f"{path}.name")
        if name in _RESERVED_INPUTS:
            self.error(f"{path}.name", f"'{name}' is reserved for the request itself")
        kind = raw.get("type")
        if not _member(kind, INPUT_TYPES):
            self.error(f"{path}.type", f"unknown input type {kind!r}")
        choices: tuple[str, ...] = ()
        if kind == "choice":
            choices = self.names(raw.get("choices"), f"{path}.choices", what="choice")
            if not choices:
                self.error(f"{path}.choices", "a choice input needs choices")
        elif "choices" in raw:
            self.error(f"{path}.choices", f"only a choice input has choices, not {kind!r}")
        return InputSpec(name=name, type=str(kind), label=self.label(raw.get("label"),
                         f"{path}.label"), required=self.flag(raw.get("required"),
                         f"{path}.required", False), choices=choices)

    def clock_start(self, raw: Any, path: str, inputs: dict[str, InputSpec] | None) -> ClockStart:
        """Read one `start` entry; `inputs` is None for `initial_clocks` (case fields)."""
        if self.mapping(raw, path, _START_KEYS, {"clock"}) is None:
            return ClockStart(clock="")
        kind = raw.get("clock")
        if not _member(kind, CLOCK_KINDS):
            self.error(f"{path}.clock", f"unknown clock kind {kind!r}")
        start = ClockStart(clock=str(kind), from_input=raw.get("from"),
                           per_party=raw.get("per_party"), variant=raw.get("variant"),
                           variant_from=raw.get("variant_from"), party=raw.get("party"),
                           when=self.when(raw.get("when"), f"{path}.when", inputs),
                           due_from=raw.get("due_from"))
        if start.party is not None and (inputs is None
                                        or not _input_of_type(inputs, start.party, "party")):
            self.error(f"{path}.party", f"{start.party!r} is not a party input")
        if start.due_from is not None and (inputs is None or not _input_of_type(
                inputs, start.due_from, "date")):
            self.error(f"{path}.due_from", f"{start.due_from!r} is not a date input")
        if start.from_input is not None:
            if inputs is None:
                self.name(start.from_input, f"{path}.from")
            elif not _input_of_type(inputs, start.from_input, "date"):
                self.error(f"{path}.from", f"{start.from_input!r} is not a date input")
        if start.per_party is not None:
            if inputs is None or not (_input_of_type(inputs, start.per_party, "receipts") or
                                      _input_of_type(inputs, start.per_party,
                                                     "respondent_receipts")):
                self.error(f"{path}.per_party", f"{start.per_party!r} is not a receipts input")
            if start.from_input is not None:
                self.error(path, "give either 'from' or 'per_party', not both")
        variants = CLOCK_VARIANTS.get(start.clock)
        if start.variant is not None and start.variant_from is not None:
            self.error(path, "give either 'variant' or 'variant_from', not both")
        elif variants is None and (start.variant or start.variant_from):
            self.error(path, f"clock {kind!r} has no variants")
        elif (variants is not None and start.variant is None and start.variant_from is None
              and start.clock not in OPTIONAL_VARIANTS):
            self.error(path, f"clock {kind!r} needs 'variant' or 'variant_from'")
        elif variants is not None and start.variant is not None and not _member(start.variant,
                                                                                 variants):
            self.error(f"{path}.variant", f"unknown variant {start.variant!r}")
        elif start.variant_from is not None and not _member(start.variant_from,
                                                             VARIANT_ATTRIBUTES):
            self.error(f"{path}.variant_from", f"unknown case attribute {start.variant_from!r}")
        return start

    def clock_starts(self, raw: Any, path: str,
                     inputs: dict[str, InputSpec] | None) -> tuple[ClockStart, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(path, "must be a list")
            return ()
        return tuple(self.clock_start(item, f"{path}[{i}]", inputs) for i, item in enumerate(raw))

    def when(self, raw: Any, path: str, inputs: dict[str, InputSpec] | None) -> dict[str, str]:
        """Read `when: {input: value}`: each input declared, each value a choice of it."""
        if raw is None:
            return {}
        if not isinstance(raw, dict) or not raw:
            self.error(path, "must be a non-empty mapping of input names to values")
            return {}
        for name, value in raw.items():
            spec = (inputs or {}).get(name)
            if spec is None and name in VARIANT_ATTRIBUTES:
                continue  # a case attribute (source, mediation_variant, ...)
            if spec is None:
                self.error(f"{path}.{name}", f"unknown input {name!r}")
            elif spec.type == "choice" and value not in spec.choices:
                self.error(f"{path}.{name}", f"{value!r} is not a choice of {name!r}")
            elif spec.type not in ("choice", "boolean"):
                self.error(f"{path}.{name}", "only choice and boolean inputs may be matched")
        return {str(k): str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in raw.items()}

    def clock_stop(self, raw: Any, path: str, inputs: dict[str, InputSpec]) -> ClockStop:
        if self.mapping(raw, path, _STOP_KEYS, {"clock"}) is None:
            return ClockStop(clock="")
        kind = raw.get("clock")
        if not _member(kind, CLOCK_KINDS):
            self.error(f"{path}.clock", f"unknown clock kind {kind!r}")
        stop = ClockStop(clock=str(kind), party=raw.get("party"),
                         when=self.when(raw.get("when"), f"{path}.when", inputs),
                         until=raw.get("until"))
        if stop.party is not None and not _input_of_type(inputs, stop.party, "party"):
            self.error(f"{path}.party", f"{stop.party!r} is not a party input")
        if stop.until is not None and not _input_of_type(inputs, stop.until, "date"):
            self.error(f"{path}.until", f"{stop.until!r} is not a date input")
        return stop

    def clocks(self, raw: Any, path: str, inputs: dict[str, InputSpec]) -> ClockSpec:
        if raw is None or self.mapping(raw, path, _CLOCK_KEYS, set()) is None:
            return ClockSpec()
        stops = raw.get("stop")
        plain = [s for s in stops if isinstance(s, str)] if isinstance(stops, list) else stops
        limited = ([(i, s) for i, s in enumerate(stops) if isinstance(s, dict)]
                   if isinstance(stops, list) else [])
        lists = {key: self.names(raw.get(key), f"{path}.{key}", CLOCK_KINDS, "clock kind")
                 for key in ("pause", "resume", "extend", "exclude_open", "exclude_close",
                             "keep")}
        extend_to = raw.get("extend_to")
        if extend_to is not None and not isinstance(extend_to, list):
            self.error(f"{path}.extend_to", "must be a list")
            extend_to = []
        moves = tuple(self.clock_stop(item, f"{path}.extend_to[{i}]", inputs)
                      for i, item in enumerate(extend_to or ()))
        for i, move in enumerate(moves):
            if move.until is None:
                self.error(f"{path}.extend_to[{i}]", "missing key 'until'")
        if (lists["exclude_open"] or lists["exclude_close"]) and not _input_of_type(
                inputs, "kind", "choice"):
            self.error(path, "excluding a period needs a choice input 'kind'")
        return ClockSpec(
            start=self.clock_starts(raw.get("start"), f"{path}.start", inputs),
            stop=self.names(plain, f"{path}.stop", CLOCK_KINDS, "clock kind"),
            stop_if=tuple(self.clock_stop(item, f"{path}.stop[{i}]", inputs)
                          for i, item in limited),
            extend_to=moves, **lists)

    def sets(self, raw: Any, path: str) -> dict[str, str]:
        if raw is None or self.mapping(raw, path, set(SETTABLE), set()) is None:
            return {}
        for key, value in raw.items():
            if key in SETTABLE and not _member(value, SETTABLE[key]):
                self.error(f"{path}.{key}", f"unknown {key} {value!r}")
        return {k: v for k, v in raw.items() if k in SETTABLE}

    def transition(self, raw: Any, path: str) -> Transition | None:
        action = self.flag(raw.get("action") if isinstance(raw, dict) else None,
                           f"{path}.action", False)
        needed = {"trigger", "label", "source", "roles"} | (set() if action else {"dest"})
        if self.mapping(raw, path, _TRANSITION_KEYS, needed) is None:
            return None
        if action and "dest" in raw:
            self.error(f"{path}.dest", "an action stays in its state: it has no 'dest'")
        inputs = self.inputs(raw.get("inputs"), f"{path}.inputs")
        roles = self.names(raw.get("roles"), f"{path}.roles", CASE_ROLES, "role")
        if not roles and "roles" in raw:
            self.error(f"{path}.roles", "at least one role is needed")
        source = self.names(raw.get("source"), f"{path}.source", what="state")
        if not source and "source" in raw:
            self.error(f"{path}.source", "at least one source state is needed")
        return Transition(
            trigger=self.name(raw.get("trigger"), f"{path}.trigger"),
            label=self.label(raw.get("label"), f"{path}.label"),
            source=source,
            dest="" if action else self.name(raw.get("dest"), f"{path}.dest"),
            roles=frozenset(roles),
            guards=self.names(raw.get("guards"), f"{path}.guards", self.known["guards"], "guard"),
            warnings=self.names(raw.get("warnings"), f"{path}.warnings",
                                self.known["warnings"], "warning"),
            inputs=tuple(inputs.values()),
            note_required=self.flag(raw.get("note_required"), f"{path}.note_required", False),
            sets=self.sets(raw.get("sets"), f"{path}.sets"),
            effects=self.names(raw.get("effects"), f"{path}.effects",
                               self.known["effects"], "effect"),
            clocks=self.clocks(raw.get("clocks"), f"{path}.clocks", inputs),
            action=action,
        )

    def inputs(self, raw: Any, path: str) -> dict[str, InputSpec]:
        if raw is None:
            return {}
        if not isinstance(raw, list):
            self.error(path, "must be a list")
            return {}
        out: dict[str, InputSpec] = {}
        for i, item in enumerate(raw):
            spec = self.input(item, f"{path}[{i}]")
            if spec is not None and spec.name in out:
                self.error(f"{path}[{i}].name", f"input {spec.name!r} declared twice")
            elif spec is not None:
                out[spec.name] = spec
        return out

    def rules(self, raw: Any) -> RuleSet | None:
        """Read `rules: {name, label, in_force}`: the legal rule set this version follows."""
        if raw is None or self.mapping(raw, "rules", _RULES_KEYS, _RULES_KEYS) is None:
            return None
        name = raw.get("name")
        if not _member(name, RULE_SETS):
            self.error("rules.name", f"unknown rule set {name!r}: use {sorted(RULE_SETS)}")
        in_force = raw.get("in_force")
        text = in_force.isoformat() if hasattr(in_force, "isoformat") else str(in_force)
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            self.error("rules.in_force", f"{in_force!r} is not a date (YYYY-MM-DD)")
        return RuleSet(name=str(name), label=self.label(raw.get("label"), "rules.label"),
                       in_force=text)

    def items(self, raw: Any, path: str, read: Any) -> list:
        if not isinstance(raw, list) or not raw:
            self.error(path, "must be a non-empty list")
            return []
        return [read(item, f"{path}[{i}]") for i, item in enumerate(raw)]


def read_workflow(raw: Any, filename: str,
                  known: dict[str, Collection[str]]) -> tuple[Workflow | None, list[str]]:
    """Read a `yaml.safe_load` result; return the workflow (None on error) and the errors."""
    reader = _Reader(filename, known)
    if reader.mapping(raw, "", _TOP_KEYS, _TOP_KEYS - _OPTIONAL_TOP) is None:
        return None, reader.errors
    name = reader.name(raw.get("name"), "name")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reader.error("version", f"{version!r} is not a positive integer")
    elif name and filename and filename != f"{name}.v{version}.yaml":
        reader.error("name", f"'{name}' version {version} must live in {name}.v{version}.yaml")
    states = reader.items(raw.get("states"), "states", reader.state)
    transitions = reader.items(raw.get("transitions"), "transitions", reader.transition)
    workflow = Workflow(
        name=name, version=version if isinstance(version, int) else 0,
        label=reader.label(raw.get("label"), "label"),
        sources=reader.names(raw.get("sources"), "sources", SOURCES, "source"),
        states=tuple(s for s in states if s is not None),
        transitions=tuple(t for t in transitions if t is not None),
        initial_clocks=reader.clock_starts(raw.get("initial_clocks"), "initial_clocks", None),
        rules=reader.rules(raw.get("rules")),
        filename=filename,
    )
    if not workflow.sources and "sources" in raw:
        reader.error("sources", "at least one source is needed")
    if len(workflow.states) == len(states) and len(workflow.transitions) == len(transitions):
        reader.errors.extend(f"{filename}: {msg}" for msg in check_graph(workflow))
    return (None if reader.errors else workflow), reader.errors
