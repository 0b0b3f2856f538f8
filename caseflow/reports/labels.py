"""What each figure is called and how it is counted, as shown on the dashboard and exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.templating import localized
from caseflow.vocabulary import CLOSURE_LABELS
from caseflow.workflow.engine import Registry

#: figure -> (label, how it is counted); the same table as the docstring of reports.kpis
FIGURES: dict[str, tuple[Any, Any]] = {
    "received": (_l("收到请求"), _l("收件日期在统计期间内的案件。")),
    "accepted": (_l("受理/立案"), _l("上述案件中已立案（有立案日期）的。")),
    "refused": (_l("不予受理/不予启动"), _l("上述案件中状态为“不予受理”或“不予启动”的。")),
    "accepted_within_limit_rate": (_l("按期受理率"), _l("已立案且有受理审查期限的案件中，受理审查期限在届满日当日或之前停止的比例。")),
    "accepted_within_5wd": (_l("五个工作日内立案"), _l("已立案且受理审查期限在届满日当日或之前停止的案件中，立案期限未经延长的（收到请求书之日起五个工作日内立案）。")),
    "accepted_within_extended": (_l("延长期限内立案"), _l("已立案且受理审查期限在届满日当日或之前停止的案件中，立案期限经负责人批准延长五个工作日的（第二十条）；与“五个工作日内立案”之和为按期受理的案件数。")),
    "closed": (_l("结案"), _l("结案日期（进入任一终结状态之日）在统计期间内的案件。")),
    "closed_by_type": (_l("按结案方式"), _l("结案案件按结案方式分列；未记录结案方式的按终结状态分列。")),
    "on_time": (_l("按期结案"), _l("有结案期限（行政裁决）的结案案件中，结案期限在届满日当日或之前停止的；届满日已计入经批准的延长和不计入期限的期间（中止、公告、检验鉴定等）。")),
    "on_time_rate": (_l("按期结案率"), _l("按期结案数 ÷ 有结案期限的结案案件数。")),
    "net_days_mean": (_l("平均净办案天数"), _l("有立案日期的结案案件：结案日 − 立案日 − 结案期限不计入的天数（中止，以及公告、检验鉴定、管辖权异议、当事人申请延长举证期限、和解期间，重叠的日子只计一次；无结案期限的按 0 计），自然日。")),
    "net_days_median": (_l("净办案天数中位数"), _l("同上，取中位数。")),
    "mediation_concluded": (_l("调解结束"), _l("统计期间内调解成功的事件加上终止调解、调解不成、调解中退回法院且结果为调解不成的事件；被请求人不同意调解而未启动的不计入。")),
    "mediation_succeeded": (_l("调解成功"), _l("统计期间内“达成调解协议”“调解成功”以及调解中退回法院且结果为达成协议的事件。")),
    "mediation_success_rate": (_l("调解成功率"), _l("调解成功 ÷ 调解结束。")),
    "decisions": (_l("作出处理决定"), _l("统计期间内批准处理决定的事件。")),
    "infringement_established": (_l("认定侵权"), _l("上述处理决定中结果为“构成侵权”的。")),
    "infringement_established_rate": (_l("侵权成立率"), _l("认定侵权 ÷ 作出处理决定。")),
    "confirmations_applied": (_l("申请司法确认"), _l("统计期间内申请司法确认的事件。")),
    "confirmations_confirmed": (_l("司法确认有效"), _l("统计期间内司法确认有效的事件。")),
    "court_linked_received": (_l("收到法院委派/委托"), _l("收件日期在统计期间内、来源为法院诉前委派或诉中委托的案件。")),
    "court_linked_returned": (_l("退回法院"), _l("统计期间内退回法院（报告调解结果）的事件。")),
    "overdue_open": (_l("在办超期案件"), _l("未终结的案件中，有未停止、未中止、非仅供参考的期限已过届满日的（截至今日）。")),
    "near_deadline_open": (_l("在办临近期限案件"), _l("未终结的案件中，有正在计算的期限已用去起算日至届满日的 80% 且尚未超期的（截至今日）。")),
    "provisional_open": (_l("期限暂定的在办案件"), _l("未终结的案件中，有未停止的期限为暂定日期的（截至今日）。")),
}
RATES = {"accepted_within_limit_rate", "on_time_rate", "mediation_success_rate",
         "infringement_established_rate"}
DAYS = {"net_days_mean", "net_days_median"}


def closure_label(key: str, registry: Registry) -> str:
    """Name a closed_by_type key: a closure type, else the terminal state's label."""
    if key in CLOSURE_LABELS:
        return CLOSURE_LABELS.label(key)
    if key == "closed":  # a workflow whose `close` sets no closure type
        return _("结案（未记录结案方式）")
    for compiled in registry:
        state = compiled.workflow.state(key)
        if state is not None:
            return localized(state.label)
    return key


def shown(key: str, value: Any) -> str:
    """Format a figure for people: rates as percentages, days with one decimal."""
    if value is None:
        return "—"
    if key in RATES:
        return f"{value * 100:.1f}%"
    if key in DAYS:
        return f"{value:.1f}"
    return str(value)


def figure_label(key: str, registry: Registry) -> str:
    """Name any figure with a case list, including `closed_by_type.<key>`."""
    if key.startswith("closed_by_type."):
        return _("结案方式：%(kind)s",
                 kind=closure_label(key.removeprefix("closed_by_type."), registry))
    return str(FIGURES[key][0]) if key in FIGURES else key


def figure_rows(kpis: Mapping[str, Any], registry: Registry) -> list[dict[str, Any]]:
    """Return the figures as table rows, closed_by_type expanded after `closed`."""
    rows: list[dict[str, Any]] = []
    for key, (label, help_text) in FIGURES.items():
        if key == "closed_by_type":
            for kind, count in kpis[key].items():
                rows.append({"key": f"closed_by_type.{kind}", "value": count,
                             "label": figure_label(f"closed_by_type.{kind}", registry),
                             "shown": str(count), "help": str(help_text)})
            continue
        rows.append({"key": key, "label": str(label), "value": kpis[key],
                     "shown": shown(key, kpis[key]), "help": str(help_text)})
    return rows
