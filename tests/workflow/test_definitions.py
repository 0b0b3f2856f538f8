"""Loading workflow files: every broken file is refused with a path-aware message."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from caseflow.workflow import WorkflowError, load_all, load_workflow

L = {"zh": "标签", "en": "Label"}


def base() -> dict[str, Any]:
    """Return a small valid workflow: open -> working -> done."""
    return {
        "name": "demo", "version": 1, "label": {"zh": "演示", "en": "Demo"},
        "sources": ["party_request"],
        "states": [
            {"name": "open", "label": L, "initial": True, "terminal": False},
            {"name": "working", "label": L, "terminal": False},
            {"name": "done", "label": L, "terminal": True},
        ],
        "transitions": [
            {"trigger": "start", "label": L, "source": ["open"], "dest": "working",
             "roles": ["officer"],
             "inputs": [{"name": "when", "type": "date", "required": True, "label": L}],
             "clocks": {"start": [{"clock": "reply", "from": "when"}]}},
            {"trigger": "finish", "label": L, "source": ["open", "working"], "dest": "done",
             "roles": ["officer", "supervisor"], "guards": ["is_party_request"],
             "warnings": ["warn_confirmation_late"], "effects": ["record_decision"]},
        ],
    }


def write(tmp_path: Path, raw: Any, filename: str = "demo.v1.yaml") -> Path:
    path = tmp_path / filename
    path.write_text(raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True),
                    encoding="utf-8")
    return path


def errors_for(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> list[str]:
    raw = copy.deepcopy(base())
    mutate(raw)
    with pytest.raises(WorkflowError) as caught:
        load_workflow(write(tmp_path, raw))
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


def test_base_file_loads(tmp_path: Path) -> None:
    workflow = load_workflow(write(tmp_path, base()))
    assert workflow.key == ("demo", 1)
    assert workflow.initial == "open"
    start = workflow.find("open", "start")
    assert start is not None and start.clocks.start[0].from_input == "when"
    assert workflow.find("working", "finish").roles == {"officer", "supervisor"}
    assert workflow.find("done", "finish") is None


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown role", lambda r: r["transitions"][1]["roles"].append("clerk"),
     "demo.v1.yaml: transitions[1].roles[2]: unknown role 'clerk'"),
    ("admin role", lambda r: r["transitions"][0]["roles"].insert(0, "admin"),
     "demo.v1.yaml: transitions[0].roles[0]: role 'admin' never acts on cases"),
    ("no role", lambda r: r["transitions"][0].update(roles=[]),
     "demo.v1.yaml: transitions[0].roles: at least one role is needed"),
    ("unknown guard", lambda r: r["transitions"][1]["guards"].append("is_magic"),
     "demo.v1.yaml: transitions[1].guards[1]: unknown guard 'is_magic'"),
    ("unknown warning", lambda r: r["transitions"][1].update(warnings=["warn_rain"]),
     "demo.v1.yaml: transitions[1].warnings[0]: unknown warning 'warn_rain'"),
    ("unknown effect", lambda r: r["transitions"][1].update(effects=["send_fax"]),
     "demo.v1.yaml: transitions[1].effects[0]: unknown effect 'send_fax'"),
    ("unknown input type", lambda r: r["transitions"][0]["inputs"][0].update(type="colour"),
     "demo.v1.yaml: transitions[0].inputs[0].type: unknown input type 'colour'"),
    ("choice without choices", lambda r: r["transitions"][0]["inputs"][0].update(type="choice"),
     "demo.v1.yaml: transitions[0].inputs[0].choices: a choice input needs choices"),
    ("reserved input name", lambda r: r["transitions"][0]["inputs"][0].update(name="on"),
     "demo.v1.yaml: transitions[0].inputs[0].name: 'on' is reserved for the request itself"),
    ("unknown clock kind", lambda r: r["transitions"][0]["clocks"]["start"][0].update(
        clock="lunch"), "demo.v1.yaml: transitions[0].clocks.start[0].clock: "
     "unknown clock kind 'lunch'"),
    ("unknown stopped clock", lambda r: r["transitions"][1].update(clocks={"stop": ["lunch"]}),
     "demo.v1.yaml: transitions[1].clocks.stop[0]: unknown clock kind 'lunch'"),
    ("clock from a non-date", lambda r: r["transitions"][0]["clocks"]["start"][0].update(
        **{"from": "whenever"}), "demo.v1.yaml: transitions[0].clocks.start[0].from: "
     "'whenever' is not a date input"),
    ("per_party without receipts", lambda r: r["transitions"][0]["clocks"]["start"][0].update(
        per_party="when"), "demo.v1.yaml: transitions[0].clocks.start[0].per_party: "
     "'when' is not a receipts input"),
    ("mediation without variant", lambda r: r["transitions"][0]["clocks"]["start"][0].update(
        clock="mediation"), "demo.v1.yaml: transitions[0].clocks.start[0]: "
     "clock 'mediation' needs 'variant' or 'variant_from'"),
    ("unknown closure type", lambda r: r["transitions"][1].update(sets={"closure_type": "lost"}),
     "demo.v1.yaml: transitions[1].sets.closure_type: unknown closure_type 'lost'"),
    ("unknown key", lambda r: r["transitions"][0].update(colour="red"),
     "demo.v1.yaml: transitions[0].colour: unknown key 'colour'"),
    ("source not a list", lambda r: r["transitions"][0].update(source="open"),
     "demo.v1.yaml: transitions[0].source: must be a list"),
    ("unreachable state", lambda r: r["states"].append(
        {"name": "limbo", "label": L, "terminal": True}),
     "demo.v1.yaml: states[3]: state 'limbo' cannot be reached from 'open'"),
    ("dead end", lambda r: r["transitions"][1].update(source=["open"]),
     "demo.v1.yaml: states[1]: state 'working' is not terminal but has no exits"),
    ("terminal with exits", lambda r: r["transitions"].append(
        {"trigger": "reopen", "label": L, "source": ["done"], "dest": "open",
         "roles": ["officer"]}),
     "demo.v1.yaml: transitions[2].source[0]: terminal state 'done' cannot have exits ('reopen')"),
    ("duplicate trigger from one source", lambda r: r["transitions"].append(
        {"trigger": "start", "label": L, "source": ["open"], "dest": "done",
         "roles": ["officer"]}),
     "demo.v1.yaml: transitions[2].source[0]: trigger 'start' already leaves 'open' "
     "(transitions[0])"),
    ("missing zh state label", lambda r: r["states"][1].update(label={"en": "Working"}),
     "demo.v1.yaml: states[1].label.zh: missing zh label"),
    ("missing en trigger label", lambda r: r["transitions"][0].update(label={"zh": "开始"}),
     "demo.v1.yaml: transitions[0].label.en: missing en label"),
    ("missing label", lambda r: r["transitions"][1].pop("label"),
     "demo.v1.yaml: transitions[1]: missing key 'label'"),
    ("no initial state", lambda r: r["states"][0].pop("initial"),
     "demo.v1.yaml: states: no initial state (mark one with 'initial: true')"),
    ("two initial states", lambda r: r["states"][1].update(initial=True),
     "demo.v1.yaml: states[1].initial: second initial state 'working' (first: 'open')"),
    ("dest not a state", lambda r: r["transitions"][0].update(dest="nowhere"),
     "demo.v1.yaml: transitions[0].dest: unknown state 'nowhere'"),
    ("source not a state", lambda r: r["transitions"][1]["source"].append("nowhere"),
     "demo.v1.yaml: transitions[1].source[2]: unknown state 'nowhere'"),
    ("terminal not a boolean", lambda r: r["states"][2].update(terminal="yes"),
     "demo.v1.yaml: states[2].terminal: must be true or false"),
    ("unknown source", lambda r: r.update(sources=["walk_in"]),
     "demo.v1.yaml: sources[0]: unknown source 'walk_in'"),
    ("name does not match file", lambda r: r.update(version=2),
     "demo.v1.yaml: name: 'demo' version 2 must live in demo.v2.yaml"),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_broken_file_is_refused_with_its_path(tmp_path: Path, mutate: Callable[..., None],
                                              expected: str) -> None:
    assert expected in errors_for(tmp_path, mutate)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match=r"^demo\.v1\.yaml: invalid YAML: "):
        load_workflow(write(tmp_path, "name: [unclosed\n"))


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match=r"^demo\.v1\.yaml: must be a mapping$"):
        load_workflow(write(tmp_path, "- just\n- a list\n"))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def mutate(raw: dict[str, Any]) -> None:
        raw["transitions"][0]["roles"] = ["clerk"]
        raw["transitions"][1]["dest"] = "nowhere"
        raw["states"][1]["label"] = {"zh": "进行中"}

    errors = errors_for(tmp_path, mutate)
    assert "demo.v1.yaml: transitions[0].roles[0]: unknown role 'clerk'" in errors
    assert "demo.v1.yaml: transitions[1].dest: unknown state 'nowhere'" in errors
    assert "demo.v1.yaml: states[1].label.en: missing en label" in errors


def test_known_names_can_be_passed_in(tmp_path: Path) -> None:
    path = write(tmp_path, base())
    with pytest.raises(WorkflowError, match=r"guards\[0\]: unknown guard 'is_party_request'"):
        load_workflow(path, known_guards={"is_other"})
    workflow = load_workflow(path, known_guards={"is_party_request"},
                             known_warnings={"warn_confirmation_late"},
                             known_effects={"record_decision"})
    assert workflow.transitions[1].guards == ("is_party_request",)


def test_load_all_keys_by_name_and_version_and_reports_every_file(tmp_path: Path) -> None:
    write(tmp_path, base())
    second = base()
    second["version"] = 2
    write(tmp_path, second, "demo.v2.yaml")
    loaded = load_all(tmp_path)
    assert sorted(loaded) == [("demo", 1), ("demo", 2)]

    broken = base()
    broken["name"] = "other"
    broken["transitions"][0]["roles"] = ["clerk"]
    write(tmp_path, broken, "other.v1.yaml")
    (tmp_path / "zzz.v1.yaml").write_text("states: [", encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        load_all(tmp_path)
    assert "other.v1.yaml: transitions[0].roles[0]: unknown role 'clerk'" in caught.value.errors
    assert any(e.startswith("zzz.v1.yaml: invalid YAML") for e in caught.value.errors)


def test_load_all_refuses_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match="no workflow files"):
        load_all(tmp_path)


@pytest.mark.parametrize("where", ["roles", "guards", "source", "clock", "type"])
def test_odd_yaml_values_are_errors_not_crashes(tmp_path: Path, where: str) -> None:
    def mutate(raw: dict[str, Any]) -> None:
        first = raw["transitions"][0]
        if where == "clock":
            first["clocks"]["start"][0]["clock"] = {"nested": 1}
        elif where == "type":
            first["inputs"][0]["type"] = ["date"]
        else:
            first[where] = [{"nested": 1}]

    assert any(e.startswith("demo.v1.yaml: transitions[0].") for e in errors_for(tmp_path, mutate))
