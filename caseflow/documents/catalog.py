"""Document templates as data: one YAML file per kind in `documents/`, checked at start-up.

A file declares what issues the kind (workflow transitions, or an officer by hand), who it is
addressed to, the case fields and the officer's free-text fields its body uses, the legal basis
per rule set, its title and its numbering pattern (documents/README.md). `load_catalog` refuses
the whole folder with path-aware problems, as `caseflow.workflow` does for workflow files: an
unknown field, trigger, rule set or key, or a body that does not parse, stops the app.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

#: who a document is addressed to; `internal` forms go to no one (nothing to serve)
ADDRESSEES = ("requesters", "respondents", "parties", "court", "internal")
#: the values every body may use besides its declared fields (filled when it is rendered)
DOCUMENT_VALUES = frozenset({"document_number", "issued_on", "legal_basis", "addressee",
                             "unit_name"})
ROLES = frozenset({"officer", "mediator", "supervisor"})
NUMBER_KEYS = frozenset({"prefix", "year", "serial"})
NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_TOP_KEYS = {"kind", "title", "addressee", "issued_by", "workflows", "issue_roles", "number",
             "fields", "text", "legal_basis", "body", "attachments"}
_TEXT_KEYS = {"name", "label", "required", "max_length", "default_from"}
_ENV = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=False)


class CatalogError(Exception):
    """Carry every problem found in the templates folder (one line each)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Text:
    """One free-text field an officer writes into a draft (reasons, findings, orders)."""

    name: str
    label_zh: str
    label_en: str
    required: bool = False
    max_length: int = 5000
    default_from: str | None = None  # a case field whose value pre-fills the draft


@dataclass(frozen=True)
class Attachment:
    """A part printed on its own page after the body (the 回执 of a hearing notice)."""

    title: str
    body: str


@dataclass(frozen=True)
class Template:
    """One document kind, as loaded from its file."""

    kind: str
    title_zh: str
    title_en: str
    addressee: str
    transitions: frozenset[tuple[str, str]]  # (workflow, trigger) that create a draft
    by_hand: bool
    workflows: frozenset[str]
    issue_roles: frozenset[str]
    number: str
    fields: tuple[str, ...]
    texts: tuple[Text, ...]
    legal_basis: Mapping[str, str]
    body: str
    attachments: tuple[Attachment, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict)  # per rule set, when it differs
    filename: str = ""

    def title(self, rules: str) -> str:
        """Return the Chinese title under a rule set (a decision's name changed in 2025)."""
        return self.titles.get(rules, self.title_zh)

    def text(self, name: str) -> Text | None:
        return next((t for t in self.texts if t.name == name), None)


@dataclass(frozen=True)
class Catalog:
    """Every document kind, and which transitions draft which kinds."""

    templates: Mapping[str, Template]

    def get(self, kind: str) -> Template | None:
        return self.templates.get(kind)

    def drafted_by(self, workflow: str, trigger: str) -> list[Template]:
        """Return the kinds a transition drafts, in kind order."""
        return [t for k, t in sorted(self.templates.items())
                if (workflow, trigger) in t.transitions]

    def by_hand(self, workflow: str) -> list[Template]:
        """Return the kinds an officer may draft by hand on a case of this workflow."""
        return [t for k, t in sorted(self.templates.items())
                if t.by_hand and workflow in t.workflows]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.templates.values())


@dataclass(frozen=True)
class Known:
    """What the files may name: case fields, workflows with their triggers and rule sets."""

    fields: frozenset[str]
    triggers: Mapping[str, frozenset[str]]  # workflow -> triggers of any loaded version
    rules: Mapping[str, frozenset[str]]  # workflow -> rule sets of its loaded versions


def known_from(registry: Any, fields: Iterable[str]) -> Known:
    """Describe what a workflow registry and the field vocabulary offer to the templates."""
    triggers: dict[str, set[str]] = {}
    rules: dict[str, set[str]] = {}
    for wf in registry.all():
        triggers.setdefault(wf.name, set()).update(t.trigger for t in wf.transitions)
        rules.setdefault(wf.name, set()).add(wf.rules.name if wf.rules else "")
    return Known(frozenset(fields), {k: frozenset(v) for k, v in triggers.items()},
                 {k: frozenset(v) for k, v in rules.items()})


def load_catalog(directory: str | Path, known: Known) -> Catalog:
    """Load and check every `*.yaml` in `directory`; raise CatalogError naming each problem."""
    folder = Path(directory)
    errors: list[str] = []
    templates: dict[str, Template] = {}
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise CatalogError([f"{folder}: no document templates (*.yaml)"])
    for path in files:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            errors.append(f"{path.name}: cannot be read ({type(err).__name__})")
            continue
        problems: list[str] = []
        template = _template(raw, path.name, known, problems)
        errors += [f"{path.name}: {p}" for p in problems]
        if template is None:
            continue
        if template.kind in templates:
            errors.append(f"{path.name}: kind {template.kind!r} is already defined in "
                          f"{templates[template.kind].filename}")
        templates[template.kind] = template
    if errors:
        raise CatalogError(errors)
    return Catalog(MappingProxyType(templates))


def _label(value: Any, where: str, problems: list[str]) -> tuple[str, str]:
    if isinstance(value, dict) and isinstance(value.get("zh"), str) and \
            isinstance(value.get("en"), str) and value["zh"] and value["en"]:
        return value["zh"], value["en"]
    problems.append(f"{where}: needs a label {{zh: ..., en: ...}}")
    return "", ""


def _strings(value: Any, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: must be a list of names")
        return []
    return value


def _template(raw: Any, filename: str, known: Known, problems: list[str]) -> Template | None:
    if not isinstance(raw, dict):
        problems.append("must be a mapping")
        return None
    for key in sorted(set(raw) - _TOP_KEYS):
        problems.append(f"unknown key {key!r}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not NAME.match(kind):
        problems.append("kind: must be a lower-case name (a-z, 0-9, _)")
        return None
    if filename != f"{kind}.yaml":
        problems.append(f"kind {kind!r} must live in {kind}.yaml")
    title_zh, title_en = _label(raw.get("title"), "title", problems)
    addressee = raw.get("addressee")
    if addressee not in ADDRESSEES:
        problems.append(f"addressee: must be one of {', '.join(ADDRESSEES)}")
    workflows = _strings(raw.get("workflows"), "workflows", problems)
    for name in workflows:
        if name not in known.triggers:
            problems.append(f"workflows: unknown workflow {name!r}")
    transitions, by_hand = _issued_by(raw.get("issued_by"), set(workflows), known, problems)
    roles = _strings(raw.get("issue_roles"), "issue_roles", problems)
    if not roles or set(roles) - ROLES:
        problems.append(f"issue_roles: name one or more of {', '.join(sorted(ROLES))}")
    number = _number(raw.get("number"), problems)
    fields_ = _strings(raw.get("fields"), "fields", problems)
    for name in fields_:
        if name not in known.fields:
            problems.append(f"fields: unknown case field {name!r}")
    texts = _texts(raw.get("text"), set(fields_), known, problems)
    basis, titles = _basis(raw.get("legal_basis"), set(workflows), known, problems)
    body = raw.get("body")
    if not isinstance(body, str) or not body.strip():
        problems.append("body: must be the document's text")
        body = ""
    attachments = _attachments(raw.get("attachments"), problems)
    usable = set(fields_) | {t.name for t in texts} | DOCUMENT_VALUES
    for where, source in [("body", body)] + [(f"attachments[{i}]", a.body)
                                             for i, a in enumerate(attachments)]:
        _check_body(where, source, usable, known, problems)
    if problems:
        return None
    return Template(kind=kind, title_zh=title_zh, title_en=title_en, addressee=addressee,
                    transitions=frozenset(transitions), by_hand=by_hand,
                    workflows=frozenset(workflows), issue_roles=frozenset(roles), number=number,
                    fields=tuple(fields_), texts=tuple(texts),
                    legal_basis=MappingProxyType(basis), body=body,
                    attachments=tuple(attachments), titles=MappingProxyType(titles),
                    filename=filename)


def _issued_by(raw: Any, workflows: set[str], known: Known,
               problems: list[str]) -> tuple[set[tuple[str, str]], bool]:
    if not isinstance(raw, dict) or set(raw) - {"transitions", "by_hand"}:
        problems.append("issued_by: must be {transitions: [workflow.trigger, ...], by_hand: "
                        "true|false}")
        return set(), False
    by_hand = raw.get("by_hand", False)
    if not isinstance(by_hand, bool):
        problems.append("issued_by.by_hand: must be true or false")
        by_hand = False
    found: set[tuple[str, str]] = set()
    for item in _strings(raw.get("transitions"), "issued_by.transitions", problems):
        name, _, trigger = item.partition(".")
        if name not in workflows:
            problems.append(f"issued_by.transitions: {item!r} names a workflow not in "
                            "`workflows`")
        elif trigger not in known.triggers.get(name, ()):
            problems.append(f"issued_by.transitions: unknown trigger {item!r}")
        else:
            found.add((name, trigger))
    if not found and not by_hand:
        problems.append("issued_by: names no transition and is not issued by hand")
    return found, by_hand


def _number(raw: Any, problems: list[str]) -> str:
    if not isinstance(raw, str) or "{serial}" not in raw:
        problems.append("number: must be a pattern with {serial} (and {prefix}, {year})")
        return ""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(raw) if f is not None}
    except ValueError:
        problems.append("number: is not a valid pattern")
        return ""
    if names - NUMBER_KEYS:
        problems.append(f"number: unknown placeholder(s) {sorted(names - NUMBER_KEYS)}; "
                        "use {prefix}, {year}, {serial}")
    return raw


def _texts(raw: Any, fields_: set[str], known: Known, problems: list[str]) -> list[Text]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append("text: must be a list of free-text fields")
        return []
    out: list[Text] = []
    for i, item in enumerate(raw):
        where = f"text[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        for key in sorted(set(item) - _TEXT_KEYS):
            problems.append(f"{where}: unknown key {key!r}")
        name = item.get("name")
        if not isinstance(name, str) or not NAME.match(name) or name in fields_ or \
                name in DOCUMENT_VALUES or name in {t.name for t in out}:
            problems.append(f"{where}.name: must be a new lower-case name")
            continue
        zh, en = _label(item.get("label"), f"{where}.label", problems)
        required, max_length = item.get("required", False), item.get("max_length", 5000)
        if not isinstance(required, bool):
            problems.append(f"{where}.required: must be true or false")
        if not isinstance(max_length, int) or isinstance(max_length, bool) or \
                not 1 <= max_length <= 20000:
            problems.append(f"{where}.max_length: must be 1 to 20000")
        default_from = item.get("default_from")
        if default_from is not None and default_from not in known.fields:
            problems.append(f"{where}.default_from: unknown case field {default_from!r}")
        out.append(Text(name, zh, en, bool(required), max_length if isinstance(max_length, int)
                        else 5000, default_from))
    return out


def _basis(raw: Any, workflows: set[str], known: Known,
           problems: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Read `legal_basis: {rule set: text}` (or `{rule set: {basis, title}}`)."""
    if not isinstance(raw, dict):
        problems.append("legal_basis: must map each rule set to the articles it cites")
        return {}, {}
    every = set().union(*(known.rules.get(w, frozenset()) for w in workflows)) if workflows \
        else set()
    basis: dict[str, str] = {}
    titles: dict[str, str] = {}
    for rules, value in raw.items():
        if rules not in set().union(*known.rules.values()):
            problems.append(f"legal_basis: unknown rule set {rules!r}")
            continue
        if isinstance(value, dict) and set(value) <= {"basis", "title"} and \
                isinstance(value.get("basis"), str):
            basis[rules] = value["basis"]
            if isinstance(value.get("title"), str):
                titles[rules] = value["title"]
        elif isinstance(value, str) and value.strip():
            basis[rules] = value
        else:
            problems.append(f"legal_basis.{rules}: must be the text cited (or {{basis, title}})")
    for rules in sorted(every - basis.keys()):
        problems.append(f"legal_basis: no basis for rule set {rules!r}, which a case of "
                        "its workflows follows")
    return basis, titles


def _attachments(raw: Any, problems: list[str]) -> list[Attachment]:
    if raw is None:
        return []
    out = []
    if not isinstance(raw, list):
        problems.append("attachments: must be a list of {title, body}")
        return []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) != {"title", "body"} or \
                not all(isinstance(v, str) and v.strip() for v in item.values()):
            problems.append(f"attachments[{i}]: must be {{title, body}}")
            continue
        out.append(Attachment(item["title"], item["body"]))
    return out


def _check_body(where: str, source: str, usable: set[str], known: Known,
                problems: list[str]) -> None:
    try:
        parsed = _ENV.parse(source)
    except TemplateSyntaxError as err:
        problems.append(f"{where}: line {err.lineno}: {err.message}")
        return
    for name in sorted(meta.find_undeclared_variables(parsed) - usable):
        what = "a case field not listed in `fields`" if name in known.fields else \
            "unknown field"
        problems.append(f"{where}: {what} {name!r}")


def compile_body(source: str):  # type: ignore[no-untyped-def]
    """Compile a checked body for rendering (sandboxed; a missing value is an error)."""
    return _ENV.from_string(source)
