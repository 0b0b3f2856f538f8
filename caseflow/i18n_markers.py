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
    N_("市局"), N_("县区局"), N_("市场监管所"),
    N_("执法人员"), N_("调解员"), N_("审核/分管领导"), N_("系统管理员"),
    # patent types, closure types, procedures (caseflow/cases/models.py)
    N_("发明"), N_("实用新型"), N_("外观设计"), N_("PCT 发明"), N_("PCT 实用新型"),
    N_("作出处理决定"), N_("达成调解协议"), N_("撤回请求"), N_("视为撤回"), N_("撤销案件"),
    N_("行政裁决"), N_("诉前调解"), N_("诉中委托调解"),
    # assist tasks (caseflow/routing/assist.py)
    N_("现场勘验检查"), N_("证据固定"), N_("文书送达"),
    # deadline kinds (caseflow/deadlines/sweep.py)
    N_("受理审查期限"), N_("送达请求书副本期限"), N_("答辩期限"), N_("结案期限"),
    N_("意见陈述期限"), N_("调解立案期限"), N_("调解期限"), N_("司法确认申请期限"),
    N_("公开期限"), N_("起诉期限"), N_("法院审查期限"),
    # home page counts (caseflow/main/views.py)
    N_("我的在办案件"), N_("我的即将到期"), N_("本单位已逾期"), N_("待签收"), N_("待办协查"),
]
