"""Small helpers shared by the rooms' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices; lazy labels stay lazy (they are read
    in the page's language when the form is drawn, not when the module is imported)."""
    return [SelectChoice(str(value), label) for value, label in pairs]
