"""The YAML files keep WORKFLOWS.md's public vocabulary: states, triggers, sources, roles;
caseflow/vocabulary.py names every other code once, in Chinese and in English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from caseflow import vocabulary
from caseflow.auth.permissions import CASE_ROLES
from caseflow.cases.identifiers import _PATENT_KINDS
from caseflow.cases.intake import PARTY_KINDS
from caseflow.workflow.spec import CLOCK_KINDS, SETTABLE, SOURCES
from tests.workflow.helpers import REGISTRY

PACKAGE = Path(vocabulary.__file__).resolve().parent
CATALOG = PACKAGE / "translations" / "en" / "LC_MESSAGES" / "messages.po"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

OFF, MED, SUP = "officer", "mediator", "supervisor"
_OPEN_ADJ = ["received", "pending_correction", "filed", "awaiting_reply", "investigating",
             "hearing_scheduled", "in_mediation", "suspended", "decision_pending", "decided"]

_OPEN_ADJ2 = [*_OPEN_ADJ[:6], "heard", *_OPEN_ADJ[6:]]
_AFTER_FILING2 = ["filed", "awaiting_reply", "investigating", "hearing_scheduled", "heard",
                  "in_mediation", "decision_pending", "decided"]

# (workflow, version) -> (initial, terminal, other states, {trigger: (sources, dest, roles)});
# an action (it keeps the state) has dest None
EXPECTED = {
    ("adjudication", 2): ("received", {"rejected", "closed", "referred"}, set(_OPEN_ADJ2), {
        "request_correction": (["received"], "pending_correction", {OFF}),
        "receive_correction": (["pending_correction"], "received", {OFF}),
        "extend_acceptance": (["received", "pending_correction"], None, {SUP}),
        "accept": (["received"], "filed", {OFF, SUP}),
        "reject": (["received", "pending_correction"], "rejected", {OFF, SUP}),
        "serve_request": (["filed"], "awaiting_reply", {OFF}),
        "extend_reply": (["awaiting_reply"], None, {OFF}),
        "receive_reply": (["awaiting_reply", "investigating"], None, {OFF}),
        "forward_reply": (["awaiting_reply", "investigating", "hearing_scheduled", "heard"], None,
                          {OFF}),
        "start_investigation": (["awaiting_reply"], "investigating", {OFF}),
        "open_period": (_AFTER_FILING2, None, {OFF, SUP}),
        "close_period": (_AFTER_FILING2, None, {OFF, SUP}),
        "record_invalidation": (_AFTER_FILING2, None, {OFF}),
        "decline_suspension": (_AFTER_FILING2, None, {SUP}),
        "schedule_hearing": (["investigating"], "hearing_scheduled", {OFF}),
        "postpone_hearing": (["hearing_scheduled"], None, {OFF}),
        "hold_hearing": (["hearing_scheduled"], "heard", {OFF}),
        "requester_absent": (["hearing_scheduled"], "closed", {OFF}),
        "submit_decision": (["investigating", "heard"], "decision_pending", {OFF}),
        "approve_decision": (["decision_pending"], "decided", {SUP}),
        "return_decision": (["decision_pending"], "investigating", {SUP}),
        "publish": (["decided", "closed"], None, {OFF, SUP}),
        "start_mediation": (["awaiting_reply", "investigating", "hearing_scheduled", "heard"],
                            "in_mediation", {OFF, MED}),
        "mediation_succeeded": (["in_mediation"], "closed", {MED, OFF}),
        "mediation_failed": (["in_mediation"], "investigating", {MED, OFF}),
        "suspend": (["filed", "awaiting_reply", "investigating", "hearing_scheduled", "heard"],
                    "suspended", {SUP}),
        "resume": (["suspended"], "investigating", {SUP, OFF}),
        "close": (["decided"], "closed", {OFF}),
        "withdraw": (_OPEN_ADJ2, "closed", {OFF}),
        "cancel": (_OPEN_ADJ2, "closed", {SUP}),
        "refer": (["received", "filed", "awaiting_reply", "investigating"], "referred", {SUP}),
    }),
    ("adjudication", 1): ("received", {"rejected", "closed", "referred"}, set(_OPEN_ADJ), {
        "request_correction": (["received"], "pending_correction", {OFF}),
        "receive_correction": (["pending_correction"], "received", {OFF}),
        "accept": (["received"], "filed", {OFF, SUP}),
        "reject": (["received", "pending_correction"], "rejected", {OFF, SUP}),
        "serve_request": (["filed"], "awaiting_reply", {OFF}),
        "start_investigation": (["awaiting_reply"], "investigating", {OFF}),
        "schedule_hearing": (["investigating"], "hearing_scheduled", {OFF}),
        "hold_hearing": (["hearing_scheduled"], "decision_pending", {OFF}),
        "requester_absent": (["hearing_scheduled"], "closed", {OFF}),
        "submit_decision": (["investigating"], "decision_pending", {OFF}),
        "approve_decision": (["decision_pending"], "decided", {SUP}),
        "return_decision": (["decision_pending"], "investigating", {SUP}),
        "start_mediation": (["awaiting_reply", "investigating", "hearing_scheduled"],
                            "in_mediation", {OFF, MED}),
        "mediation_succeeded": (["in_mediation"], "closed", {MED, OFF}),
        "mediation_failed": (["in_mediation"], "investigating", {MED, OFF}),
        "suspend": (["filed", "awaiting_reply", "investigating", "hearing_scheduled"],
                    "suspended", {SUP}),
        "resume": (["suspended"], "investigating", {SUP, OFF}),
        "close": (["decided"], "closed", {OFF}),
        "withdraw": (_OPEN_ADJ, "closed", {OFF}),
        "cancel": (_OPEN_ADJ, "closed", {SUP}),
        "refer": (["received", "filed"], "referred", {SUP}),
    }),
    ("prelitigation_mediation", 1): (
        "requested", {"not_opened", "terminated", "returned_to_court", "closed"},
        {"requested", "awaiting_statement", "consented", "mediating", "agreement_reached",
         "confirmation_applied", "confirmed", "confirmation_rejected"}, {
            "serve_request": (["requested"], "awaiting_statement", {OFF, MED}),
            "respondent_consents": (["awaiting_statement"], "consented", {OFF, MED}),
            "file": (["consented"], "mediating", {OFF, MED}),
            "respondent_declines": (["awaiting_statement"], "not_opened", {OFF, MED}),
            "sign_for": (["requested"], "mediating", {MED}),
            "reach_agreement": (["mediating"], "agreement_reached", {MED}),
            "terminate": (["mediating"], "terminated", {MED}),
            "return_to_court": (["mediating", "agreement_reached"], "returned_to_court", {MED}),
            "apply_confirmation": (["agreement_reached"], "confirmation_applied", {MED, OFF}),
            "confirm": (["confirmation_applied"], "confirmed", {MED, OFF}),
            "reject_confirmation": (["confirmation_applied"], "confirmation_rejected", {MED, OFF}),
            "remediate": (["confirmation_rejected"], "mediating", {MED}),
            "close": (["agreement_reached", "confirmed", "confirmation_rejected"], "closed",
                      {MED, OFF}),
        }),
    ("prelitigation_mediation", 2): (
        "requested", {"not_opened", "terminated", "returned_to_court", "closed"},
        {"requested", "awaiting_statement", "consented", "mediating", "agreement_reached",
         "confirmation_applied", "confirmed", "confirmation_rejected"}, {
            "serve_request": (["requested"], "awaiting_statement", {OFF, MED}),
            "respondent_consents": (["awaiting_statement"], "consented", {OFF, MED}),
            "file": (["consented"], "mediating", {OFF, MED}),
            "respondent_declines": (["awaiting_statement"], "not_opened", {OFF, MED}),
            "notify_not_opened": (["not_opened"], None, {OFF, MED}),
            "sign_for": (["requested"], "mediating", {MED}),
            "party_absent": (["mediating"], "terminated", {MED, OFF}),
            "reach_agreement": (["mediating"], "agreement_reached", {MED}),
            "notarize": (["agreement_reached", "confirmed", "closed"], None, {MED, OFF}),
            "terminate": (["mediating"], "terminated", {MED}),
            "return_to_court": (["mediating", "agreement_reached"], "returned_to_court", {MED}),
            "apply_confirmation": (["agreement_reached"], "confirmation_applied", {MED, OFF}),
            "confirm": (["confirmation_applied"], "confirmed", {MED, OFF}),
            "reject_confirmation": (["confirmation_applied"], "confirmation_rejected", {MED, OFF}),
            "remediate": (["confirmation_rejected"], "mediating", {MED}),
            "close": (["agreement_reached", "confirmed", "confirmation_rejected"], "closed",
                      {MED, OFF}),
            "copy_to_cnipa": (["closed"], None, {MED, OFF}),
        }),
    ("court_entrusted_mediation", 1): (
        "received_from_court", {"returned_to_court"},
        {"received_from_court", "mediating", "agreement_reached"}, {
            "sign_for": (["received_from_court"], "mediating", {MED}),
            "reach_agreement": (["mediating"], "agreement_reached", {MED}),
            "return_to_court": (["mediating", "agreement_reached"], "returned_to_court", {MED}),
        }),
}


def test_every_workflow_file_is_covered() -> None:
    assert sorted(c.workflow.key for c in REGISTRY) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda k: f"{k[0]}.v{k[1]}")
def test_states_match_the_public_vocabulary(name: tuple[str, int]) -> None:
    initial, terminal, open_states, _ = EXPECTED[name]
    workflow = REGISTRY.get(*name).workflow
    assert workflow.initial == initial
    assert {s.name for s in workflow.states if s.terminal} == terminal
    assert {s.name for s in workflow.states if not s.terminal} == open_states


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda k: f"{k[0]}.v{k[1]}")
def test_transitions_match_the_public_vocabulary(name: tuple[str, int]) -> None:
    table = EXPECTED[name][3]
    workflow = REGISTRY.get(*name).workflow
    assert set(workflow.triggers) == set(table)
    for t in workflow.transitions:
        sources, dest, roles = table[t.trigger]
        assert (sorted(t.source), t.dest or None, set(t.roles)) == (
            sorted(sources), dest, roles), t.trigger
        assert t.action == (dest is None), t.trigger


def test_new_names_only_add_to_the_public_vocabulary() -> None:
    """v2 renames nothing: every state and trigger of v1 is still there."""
    for name in ("adjudication", "prelitigation_mediation"):
        v1, v2 = REGISTRY.get(name, 1).workflow, REGISTRY.get(name, 2).workflow
        assert {s.name for s in v1.states} <= {s.name for s in v2.states}
        assert set(v1.triggers) <= set(v2.triggers)


def test_workflow_sources() -> None:
    assert REGISTRY.latest("adjudication").workflow.sources == ("party_request",)
    assert REGISTRY.latest("prelitigation_mediation").workflow.sources == (
        "party_request", "court_assigned")
    assert REGISTRY.latest("court_entrusted_mediation").workflow.sources == ("court_entrusted",)


@pytest.mark.parametrize("version", [1, 2])
def test_closure_types_are_set_where_the_procedure_says(version: int) -> None:
    workflow = REGISTRY.get("adjudication", version).workflow
    sets = {t.trigger: dict(t.sets) for t in workflow.transitions if t.sets}
    assert sets == {
        "requester_absent": {"closure_type": "withdrawn_deemed"},
        "mediation_succeeded": {"closure_type": "agreement"},
        "close": {"closure_type": "decision"},
        "withdraw": {"closure_type": "withdrawn"},
        "cancel": {"closure_type": "cancelled"},
    }


# --- caseflow/vocabulary.py: one label per code, in Chinese and English ------------------------

def _yaml_clock_kinds() -> set[str]:
    kinds: set[str] = set()
    for compiled in REGISTRY:
        workflow = compiled.workflow
        kinds |= {c.clock for c in workflow.initial_clocks}
        for t in workflow.transitions:
            kinds |= {c.clock for c in t.clocks.start}
            kinds |= set(t.clocks.stop) | set(t.clocks.pause) | set(t.clocks.resume)
    return kinds


def _recorded_actions() -> set[str]:
    """Every action name given as a literal to audit.record(...) anywhere in caseflow/."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "record" and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def test_every_clock_kind_has_a_label() -> None:
    kinds = _yaml_clock_kinds()
    assert kinds <= CLOCK_KINDS
    assert set(vocabulary.CLOCK_LABELS) == set(CLOCK_KINDS)


def test_every_code_of_the_public_vocabulary_has_a_label() -> None:
    choices = {c for compiled in REGISTRY for t in compiled.workflow.transitions
               for spec in t.inputs for c in spec.choices}
    roles = {r for compiled in REGISTRY for t in compiled.workflow.transitions for r in t.roles}
    assert set(vocabulary.ROLE_LABELS) == set(CASE_ROLES) | {"admin"} >= roles
    assert set(vocabulary.WORKFLOW_LABELS) == set(REGISTRY.names())
    assert set(vocabulary.SOURCE_LABELS) == set(SOURCES)
    assert set(vocabulary.CLOSURE_LABELS) == set(SETTABLE["closure_type"])
    assert choices <= set(vocabulary.CHOICE_LABELS)
    assert set(vocabulary.PATENT_TYPE_LABELS) == set(_PATENT_KINDS.values())
    assert set(vocabulary.PARTY_KIND_LABELS) == set(PARTY_KINDS)
    assert {"refer_up", "delegate", "transfer", "assist_done", "assist_declined"} \
        <= set(vocabulary.ACTION_LABELS)
    assert _recorded_actions() - {"transition"} <= set(vocabulary.ACTION_LABELS)


@pytest.mark.parametrize("table", sorted(vocabulary.TABLES))
def test_each_label_has_one_chinese_and_one_english_name(table: str) -> None:
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    labels = vocabulary.TABLES[table]
    english = {}
    for code, chinese in labels.chinese.items():
        entry = catalog.get(chinese)
        assert entry is not None and not entry.fuzzy and entry.string.strip(), (code, chinese)
        assert not CJK.search(entry.string), (code, entry.string)
        english[code] = entry.string
    assert len(set(labels.chinese.values())) == len(labels), f"two {table} codes share a name"
    assert len(set(english.values())) == len(labels), f"two {table} codes share an English name"


#: tables keyed by vocabulary codes whose Chinese values are not the codes' names
NOT_LABELS = {
    "caseflow/cases/numbering.py:DEFAULT_FORMATS",  # case-number formats per workflow
    "caseflow/demo.py:ROLE_NAMES",  # the demo users' names (data)
    "caseflow/routing/rules.py:WORKFLOW_ZH",  # words inside the stored routing reasons
    "caseflow/routing/views.py:MOVED",  # flash sentences after a routing move
}


def _label_tables_outside_vocabulary() -> list[str]:
    """Dict literals outside vocabulary.py that name vocabulary codes with Chinese text."""
    codes = [set(labels) for labels in vocabulary.TABLES.values()]

    def chinese(value: ast.expr) -> bool:
        if isinstance(value, ast.Call) and value.args:
            value = value.args[0]
        return isinstance(value, ast.Constant) and isinstance(value.value, str) \
            and bool(CJK.search(value.value))

    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {id(node.value): target.id for node in ast.walk(tree)
                 if isinstance(node, (ast.Assign, ast.AnnAssign))
                 for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                 if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            where = f"{path.relative_to(PACKAGE.parent)}:{names.get(id(node), node.lineno)}"
            if any(len(keys & table) >= 2 for table in codes) and where not in NOT_LABELS \
                    and any(chinese(v) for v in node.values):
                found.append(where)
    return found


def test_no_other_module_labels_the_vocabulary() -> None:
    assert not _label_tables_outside_vocabulary(), "import the labels from caseflow.vocabulary"
