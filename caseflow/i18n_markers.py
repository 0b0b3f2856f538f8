"""Strings shown through a variable (labels, service messages), marked so pybabel extracts them.

Nothing here needs Flask: services, the workflow engine and the CLI mark their messages with `N_`
(a no-op) and build a `Message` when a text takes values; pages and the API translate at display
time with `caseflow.errors.localize`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(text: str) -> str:  # noqa: N802  (the conventional gettext_noop name)
    return text


class Message(str):
    """The Chinese text of a message that remembers how to translate it.

    It *is* the formatted Chinese string, so services, tests, logs and the audit trail use it
    as a plain `str`; it also keeps its msgid and values (translated, then formatted, at display)
    or, for texts that come with their own English (workflow guards, identifier checks), that
    English. Values that are themselves a `Message` (or a `Listing` of them) are translated too.
    """

    msgid: str
    params: dict[str, Any]
    english: str | None

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None, *,
                english: str | None = None) -> Message:
        values = dict(params or {})
        self = super().__new__(cls, msgid % values if values else msgid)
        self.msgid, self.params, self.english = msgid, values, english
        return self


class Listing(tuple):  # type: ignore[type-arg]
    """Messages shown one after another as one value, separated by "；" in Chinese."""

    def __str__(self) -> str:
        return "；".join(self)


MARKED = [
    # home page counts (caseflow/main/views.py)
    N_("我的在办案件"), N_("我的即将到期"), N_("本单位已逾期"), N_("待签收"), N_("待办协查"),
    N_("待签发文书"), N_("待送达文书"),
]
