"""Draw a workflow as a mermaid state diagram, straight from its definition."""

from __future__ import annotations

from dataclasses import dataclass

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout
from grandalf.routing import route_with_lines

from caseflow.workflow.spec import Label, Transition, Workflow

__all__ = ["Arrow", "Diagram", "Node", "graph_mermaid", "layout"]


def _text(label: Label, lang: str) -> str:
    # Mermaid has no escaping inside quoted names or edge labels: keep the text plain.
    text = label.zh if lang == "zh" else label.en
    return text.replace('"', "'").replace(":", "：").replace(";", "；")


def graph_mermaid(workflow: Workflow, lang: str = "zh") -> str:
    """Return a mermaid `stateDiagram-v2` text with the labels in `lang` ('zh' or 'en')."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{_text(s.label, lang)}" as {s.name}' for s in workflow.states]
    lines.append(f"    [*] --> {workflow.initial}")
    for t in workflow.transitions:  # actions keep the state: they are not edges
        lines += [f"    {src} --> {t.dest} : {_text(t.label, lang)}" for src in t.source
                  if not t.action]
    lines += [f"    {s.name} --> [*]" for s in workflow.states if s.terminal]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# The drawn diagram (case page): a layered layout by grandalf, rendered as inline SVG by
# templates/workflow/_diagram.html. Positions depend only on the definition, so they are
# computed once per loaded workflow version.

_NODE_H = 34.0
_LAYOUT_CACHE: dict[int, tuple[Workflow, Diagram]] = {}


@dataclass(frozen=True)
class Node:
    """A state placed on the canvas (x, y: its centre)."""

    name: str
    label: Label
    x: float
    y: float
    w: float
    h: float
    terminal: bool
    initial: bool
    loops: tuple[Label, ...]


@dataclass(frozen=True)
class Arrow:
    """Every transition from one state to another, drawn as one polyline."""

    source: str
    dest: str
    labels: tuple[Label, ...]
    triggers: tuple[str, ...]
    points: tuple[tuple[float, float], ...]

    @property
    def path(self) -> str:
        """The SVG path data of the polyline."""
        first, *rest = self.points
        return f"M{first[0]:.1f},{first[1]:.1f}" + "".join(f" L{x:.1f},{y:.1f}" for x, y in rest)

    @property
    def middle(self) -> tuple[float, float]:
        """Where the label goes: the middle of the polyline's middle segment."""
        i = (len(self.points) - 1) // 2
        (x1, y1), (x2, y2) = self.points[i], self.points[min(i + 1, len(self.points) - 1)]
        return (x1 + x2) / 2, (y1 + y2) / 2


@dataclass(frozen=True)
class Diagram:
    """A laid-out workflow: the canvas size, its states and its arrows."""

    width: float
    height: float
    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]


def _text_width(text: str) -> float:
    # 13 px type: CJK characters are about one em wide, Latin ones about half.
    return sum(13.0 if ord(ch) > 0x2E7F else 7.0 for ch in text)


class _Box:
    """The size grandalf lays out (it sets `xy` on it)."""

    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)


class _Route:
    """Receives the routed points of an edge from grandalf."""

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []

    def setpath(self, pts: list[tuple[float, float]]) -> None:
        self.points = [(float(x), float(y)) for x, y in pts]


def layout(workflow: Workflow) -> Diagram:
    """Lay the workflow out in layers from its initial state (cached per loaded version)."""
    cached = _LAYOUT_CACHE.get(id(workflow))
    if cached is not None and cached[0] is workflow:
        return cached[1]
    diagram = _layout(workflow)
    if len(_LAYOUT_CACHE) > 64:
        _LAYOUT_CACHE.clear()
    _LAYOUT_CACHE[id(workflow)] = (workflow, diagram)
    return diagram


def _layout(workflow: Workflow) -> Diagram:
    vertices = {s.name: Vertex(s.name) for s in workflow.states}
    for s in workflow.states:
        width = max(_text_width(s.label.zh), _text_width(s.label.en)) + 28
        vertices[s.name].view = _Box(width, _NODE_H)
    grouped: dict[tuple[str, str], list[Transition]] = {}
    loops: dict[str, list[Label]] = {}
    for t in (t for t in workflow.transitions if not t.action):
        for src in t.source:
            if src == t.dest:
                loops.setdefault(src, []).append(t.label)
            else:
                grouped.setdefault((src, t.dest), []).append(t)
    edges = {}
    for (src, dest) in grouped:
        edge = Edge(vertices[src], vertices[dest])
        edge.view = _Route()
        edges[(src, dest)] = edge
    graph = Graph(list(vertices.values()), list(edges.values()))
    for component in graph.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = 28, 64
        sugiyama.route_edge = route_with_lines
        roots = [vertices[workflow.initial]] if vertices[workflow.initial] in component.sV else []
        sugiyama.init_all(roots=roots or None)
        sugiyama.draw(4)
    boxes = [v.view for v in vertices.values()]
    left = min(b.xy[0] - b.w / 2 for b in boxes) - 24
    top = min(b.xy[1] - b.h / 2 for b in boxes) - 16
    right = max(b.xy[0] + b.w / 2 for b in boxes) + 24
    bottom = max(b.xy[1] + b.h / 2 for b in boxes) + 16
    nodes = tuple(Node(s.name, s.label, vertices[s.name].view.xy[0] - left,
                       vertices[s.name].view.xy[1] - top, vertices[s.name].view.w, _NODE_H,
                       s.terminal, s.name == workflow.initial, tuple(loops.get(s.name, ())))
                  for s in workflow.states)
    arrows = tuple(_arrow(src, dest, grouped[(src, dest)], edge.view.points, vertices, left, top)
                   for (src, dest), edge in edges.items())
    return Diagram(right - left, bottom - top, nodes, arrows)


def _arrow(src: str, dest: str, transitions: list[Transition], points: list[tuple[float, float]],
           vertices: dict, left: float, top: float) -> Arrow:  # type: ignore[type-arg]
    a, b = vertices[src].view, vertices[dest].view
    pts = points or [a.xy, b.xy]

    def near(p: tuple[float, float], box: _Box) -> float:
        return (p[0] - box.xy[0]) ** 2 + (p[1] - box.xy[1]) ** 2

    if near(pts[0], b) < near(pts[0], a):  # an edge grandalf reversed to break a cycle
        pts = list(reversed(pts))
    return Arrow(src, dest, tuple(t.label for t in transitions),
                 tuple(t.trigger for t in transitions),
                 tuple((x - left, y - top) for x, y in pts))
