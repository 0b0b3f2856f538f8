"""Draw a workflow as a mermaid state diagram, straight from its definition."""

from __future__ import annotations

from caseflow.workflow.spec import Label, Workflow

__all__ = ["graph_mermaid"]


def _text(label: Label, lang: str) -> str:
    # Mermaid has no escaping inside quoted names or edge labels: keep the text plain.
    text = label.zh if lang == "zh" else label.en
    return text.replace('"', "'").replace(":", "：").replace(";", "；")


def graph_mermaid(workflow: Workflow, lang: str = "zh") -> str:
    """Return a mermaid `stateDiagram-v2` text with the labels in `lang` ('zh' or 'en')."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{_text(s.label, lang)}" as {s.name}' for s in workflow.states]
    lines.append(f"    [*] --> {workflow.initial}")
    for t in workflow.transitions:
        lines += [f"    {src} --> {t.dest} : {_text(t.label, lang)}" for src in t.source]
    lines += [f"    {s.name} --> [*]" for s in workflow.states if s.terminal]
    return "\n".join(lines) + "\n"
