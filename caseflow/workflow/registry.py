"""Load every workflow file at start-up; a broken file stops the app."""

from __future__ import annotations

from collections.abc import Mapping

from caseflow.workflow.engine import Registry
from caseflow.workflow.guards import EffectFn


class WorkflowRegistry(Registry):
    """The app's registry, with `all()` for the CLI."""

    def all(self):  # type: ignore[no-untyped-def]
        return [compiled.workflow for compiled in self]


def load_registry(directory: str, effects: Mapping[str, EffectFn]) -> WorkflowRegistry:
    """Load and validate the definitions in `directory`, resolving effects to `effects`."""
    return WorkflowRegistry.load(directory, effects=effects)  # type: ignore[return-value]
