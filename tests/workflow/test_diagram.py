"""The drawn workflow diagram: laid out from the definition, every state and move on it."""

from __future__ import annotations

import re

import pytest

from caseflow.workflow.diagram import layout
from tests.factories import open_case_via_api
from tests.workflow.helpers import REGISTRY

WORKFLOWS = [compiled.workflow for compiled in REGISTRY]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.key)
def test_layout_places_every_state_and_every_move(workflow) -> None:  # type: ignore[no-untyped-def]
    diagram = layout(workflow)
    assert {n.name for n in diagram.nodes} == {s.name for s in workflow.states}
    moves = {(src, t.dest, t.trigger) for t in workflow.transitions for src in t.source
             if src != t.dest and not t.action}  # actions keep the state: not drawn
    drawn = {(a.source, a.dest, trigger) for a in diagram.arrows for trigger in a.triggers}
    assert drawn == moves
    loops = {(src, t.label) for t in workflow.transitions for src in t.source if src == t.dest}
    assert {(n.name, label) for n in diagram.nodes for label in n.loops} == loops
    for n in diagram.nodes:  # on the canvas
        assert n.x - n.w / 2 >= 0 and n.x + n.w / 2 <= diagram.width
        assert n.y - n.h / 2 >= 0 and n.y + n.h / 2 <= diagram.height
    assert len({(n.x, n.y) for n in diagram.nodes}) == len(diagram.nodes)  # no two stacked


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.key)
def test_arrows_run_from_their_source_to_their_destination(workflow) -> None:  # type: ignore[no-untyped-def]
    diagram = layout(workflow)
    at = {n.name: n for n in diagram.nodes}

    def dist(p, n):  # type: ignore[no-untyped-def]
        return (p[0] - n.x) ** 2 + (p[1] - n.y) ** 2

    for a in diagram.arrows:
        start, end = a.points[0], a.points[-1]
        assert dist(start, at[a.source]) < dist(start, at[a.dest]), a
        assert dist(end, at[a.dest]) < dist(end, at[a.source]), a


def test_layout_is_computed_once_per_loaded_version() -> None:
    workflow = REGISTRY.latest("adjudication").workflow
    assert layout(workflow) is layout(workflow)


def test_case_page_draws_the_diagram_with_the_current_state_and_next_moves(
        app, client, login, api) -> None:  # type: ignore[no-untyped-def]
    case = open_case_via_api(client, api("370982001-officer"),
                             respondents=[{"kind": "person", "name": "流程<图>"}])
    page = login("370982-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    current = re.search(r'<g class="wf-state wf-current" data-state="([a-z_]+)"', svg)
    assert current and current.group(1) == case["status"] == "received"
    assert svg.count('class="wf-state') == len(
        REGISTRY.get("adjudication", case["workflow_version"]).workflow.states)
    assert "受理" in svg and "wf-edge wf-edge-next" in svg  # the county officer may accept now
    assert "流程图" in page


def test_diagram_shows_no_next_move_to_a_user_who_may_not_act(
        app, client, login, api) -> None:  # type: ignore[no-untyped-def]
    case = open_case_via_api(client, api("370982001-officer"))
    page = login("370982001-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'data-state="received"' in svg and "wf-edge-next" not in svg


def test_diagram_speaks_english_when_chosen(app, client, login, api) -> None:  # type: ignore[no-untyped-def]
    case = open_case_via_api(client, api("370982001-officer"))
    c = login("370982-officer")
    c.post("/lang/en", data={"next": "/"})
    page = c.get(f"/cases/{case['id']}").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "Received" in svg and "Workflow diagram" in page


def test_cli_prints_the_drawn_svg_or_mermaid(app) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    svg = runner.invoke(args=["workflows", "graph", "prelitigation_mediation", "--svg"])
    assert svg.exit_code == 0 and svg.output.lstrip().startswith("<svg")
    assert svg.output.count('class="wf-state') == len(
        REGISTRY.latest("prelitigation_mediation").workflow.states)
    assert "wf-current" not in svg.output
    english = runner.invoke(args=["workflows", "graph", "adjudication", "--lang", "en"])
    assert english.exit_code == 0 and "Received" in english.output
    unknown = runner.invoke(args=["workflows", "graph", "nope"])
    assert unknown.exit_code != 0 and "unknown workflow" in unknown.output
