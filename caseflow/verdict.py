"""The answer of a `may_*` predicate: allowed, or the refusal the service raises and the page shows.

One predicate per act decides both what a service refuses (`verdict.enforce()` raises the
refusal) and what the case page and the API offer (`bool(verdict)`, `verdict.why_not()`), so the
two can never disagree (caseflow/cases/offers.py). Nothing here needs Flask or a room.
"""

from __future__ import annotations

from typing import Literal

from caseflow.errors import DomainError

#: why an act is not available: the user's role or unit, the case's state, a missing
#: precondition (already done, nothing to act on, no target), or a workflow guard
Because = Literal["role", "scope", "state", "precondition", "guard"]


class Verdict:
    """Allowed when truthy; otherwise `refusal` is the error the service raises."""

    __slots__ = ("because", "refusal")

    def __init__(self, refusal: DomainError | None = None,
                 because: Because | None = None) -> None:
        self.refusal = refusal
        self.because = because if refusal is not None else None

    def __bool__(self) -> bool:
        return self.refusal is None

    def __repr__(self) -> str:
        return "Verdict(allowed)" if self else f"Verdict({self.because}: {self.refusal!r})"

    def enforce(self) -> None:
        """Raise the refusal, if any (the service's side of the predicate)."""
        if self.refusal is not None:
            raise self.refusal

    def why_not(self) -> str | None:
        """Return the refusal's message in the current language (None when allowed)."""
        return self.refusal.localized() if self.refusal is not None else None


ALLOWED = Verdict()


def refused(error: DomainError, because: Because) -> Verdict:
    """Return a verdict that refuses with `error`."""
    return Verdict(error, because)
