"""Load every workflow file at start-up; a broken file stops the app."""

from __future__ import annotations

from caseflow.workflow.engine import Registry


class WorkflowRegistry(Registry):
    """The app's registry, with `all()` for the CLI."""

    def all(self):  # type: ignore[no-untyped-def]
        return [compiled.workflow for compiled in self]


def load_registry(directory: str) -> WorkflowRegistry:
    """Load and validate the definitions in `directory`."""
    return WorkflowRegistry.load(directory)
