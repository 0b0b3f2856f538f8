"""Small helpers shared by the rooms' forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]
