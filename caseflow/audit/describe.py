"""Audit events in plain language, for the review page, the CSV export and the API.

Pure: given an event (anything with the AuditEvent attributes), the workflow registry and,
optionally, a code -> unit-name map, return one sentence. No request, no database: the sentence
is in the current locale (Chinese by default and outside a request; English when the page or API
caller chose it), through the catalogue like any page text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from caseflow.vocabulary import (
    ACTION_LABELS,
    ASSIST_KIND_LABELS,
    CHANNEL_LABELS,
    CORRECTION_FIELD_LABELS,
    PARTY_ROLE_LABELS,
    ROLE_LABELS,
)

SUMMARY_CHARS = 80

Describer = Callable[["_Event"], str]


class _Event:
    """What a describer sees: the event's fields, its parsed data and the lookups."""

    def __init__(self, event: Any, registry: Any, units: Mapping[str, str]) -> None:
        self.event, self.registry, self.units = event, registry, units
        try:
            data = json.loads(event.data or "{}")
        except (TypeError, ValueError):
            data = {}
        self.well_formed = isinstance(data, dict)
        self.data: dict[str, Any] = data if isinstance(data, dict) else {"value": data}

    def get(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        return default if value is None or value == "" else _text(value)

    def unit(self, key: str) -> str:
        code = self.data.get(key)
        return self.units.get(code, code) if isinstance(code, str) else _text(code)

    def reason(self, key: str = "reason", lead: str | None = None) -> str:
        text = self.get(key)
        return (_("，理由：") if lead is None else lead) + text if text else ""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def summarise(data: Mapping[str, Any], limit: int = SUMMARY_CHARS) -> str:
    """Return `key=value, …` for data, cut to about `limit` characters."""
    text = _("，").join(f"{k}={_text(v)}" for k, v in sorted(data.items())
                    if v not in (None, "", [], {}))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pick(label: Any) -> str:
    """The Chinese or English text of a workflow label, for the current locale."""
    return label.en if str(get_locale() or "").startswith("en") else label.zh


def _workflows(registry: Any) -> Iterable[Any]:
    return (compiled.workflow for compiled in (registry or ()))


def transition_label(registry: Any, trigger: str, from_status: str | None,
                     to_status: str | None) -> str:
    """Return the label of `trigger`, preferring the workflow whose edge matches."""
    fallback = None
    for workflow in _workflows(registry):
        for t in workflow.transitions:
            if t.trigger != trigger:
                continue
            if from_status in t.source and t.dest == to_status:
                return _pick(t.label)
            fallback = fallback or _pick(t.label)
    return fallback or trigger


def state_label(registry: Any, name: str | None) -> str:
    """Return the label of a status (state names are shared across workflows)."""
    if not name:
        return ""
    for workflow in _workflows(registry):
        state = workflow.state(name)
        if state is not None:
            return _pick(state.label)
    return name


def status_change(event: Any, registry: Any) -> str:
    """Return `from → to`, or the one status when it did not change."""
    frm = state_label(registry, event.from_status)
    to = state_label(registry, event.to_status)
    if frm and to and frm != to:
        return f"{frm} → {to}"
    return to or frm


def _legal(e: _Event) -> str:
    return _("；法定日期 %(on)s", on=e.event.on.isoformat()) if e.event.on else ""


def _transition(e: _Event) -> str:
    ev = e.event
    label = transition_label(e.registry, e.get("trigger"), ev.from_status, ev.to_status)
    change = status_change(ev, e.registry)
    note = e.reason("note", _("；说明："))
    return _("%(actor)s %(act)s：%(change)s", actor=ev.actor, act=label,
             change=change) + _legal(e) + note


def _workflow_label(e: _Event) -> str:
    name = e.get("workflow")
    try:
        return _pick(e.registry.latest(name).workflow.label) if e.registry else name
    except KeyError:
        return name


def _intake(e: _Event) -> str:
    ev = e.event
    handling = _("，办案单位 %(unit)s", unit=e.unit("handling_unit")) \
        if e.data.get("handling_unit") else ""
    return _("%(actor)s 收件登记 %(receipt)s（%(workflow)s，专利 %(patent)s）",
             actor=ev.actor, receipt=e.get("receipt_number"), workflow=_workflow_label(e),
             patent=e.get("patent")) + handling + _legal(e)


def _move(e: _Event) -> str:
    return _("%(act)s：%(from_unit)s → %(to_unit)s", act=ACTION_LABELS.label(e.event.action),
             from_unit=e.unit("from_unit"), to_unit=e.unit("to_unit")) + e.reason()


def _assign(e: _Event) -> str:
    lead = e.get("assignee")
    team = [u for u in e.data.get("team") or [] if u != lead]
    helpers = _("，协办 %(team)s", team=_("、").join(map(str, team))) if team else ""
    previous = _("（原承办人 %(user)s）", user=e.get("previous")) if e.data.get("previous") else ""
    return _("分派承办人 %(user)s", user=lead) + helpers + previous + e.reason()


def _login(e: _Event) -> str:
    where = _("，").join(x for x in (CHANNEL_LABELS.label(e.get("channel") or None),
                                     e.get("client")) if x)
    return _("登录（%(where)s）", where=where) if where else _("登录")


def _user_created(e: _Event) -> str:
    return _("创建用户 %(user)s（%(role)s，%(unit)s）", user=e.get("user"),
             role=ROLE_LABELS.label(e.get("role") or None), unit=e.unit("unit"))


def _unit_updated(e: _Event) -> str:
    before, after = e.data.get("before") or {}, e.data.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return _("修改单位 %(code)s", code=e.get("code"))
    changes = [f"{k} {_text(before.get(k))} → {_text(after.get(k))}"
               for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    text = _("修改单位 %(code)s", code=e.get("code"))
    return text + (_("：") + _("；").join(changes) if changes else "")


def _calendar_day_set(e: _Event) -> str:
    name = _("（%(name)s）", name=e.get("name")) if e.data.get("name") else ""
    if e.data.get("is_workday"):
        return _("将 %(day)s 设为工作日", day=e.get("day")) + name
    return _("将 %(day)s 设为休息日", day=e.get("day")) + name


def _calendar_year_loaded(e: _Event) -> str:
    notice = _("（%(name)s）", name=e.get("notice")) if e.data.get("notice") else ""
    return _("确认 %(year)s 年工作日历已完整录入", year=e.get("year")) + notice


def _unit_created(e: _Event) -> str:
    parent = _("，上级 %(unit)s", unit=e.unit("parent")) if e.data.get("parent") else ""
    return _("创建单位 %(code)s %(name)s", code=e.get("code"), name=e.get("name")) + parent


def _short(value: Any, limit: int = 40) -> str:
    text = _("（空）") if value in (None, "") else _text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _correct(e: _Event) -> str:
    """更正案件信息: the fields with their old and new values (identity numbers masked)."""
    before, after = e.data.get("before"), e.data.get("after")
    op = e.data.get("op")
    if op in ("add", "remove"):
        party = (after if op == "add" else before) or {}
        text = _("追加当事人 %(name)s（%(role)s）", name=party.get("name"),
                 role=PARTY_ROLE_LABELS.label(party.get("role"))) if op == "add" else \
            _("删除当事人 %(name)s（%(role)s）", name=party.get("name"),
              role=PARTY_ROLE_LABELS.label(party.get("role")))
        return text + e.reason()
    before, after = before or {}, after or {}
    changes = _("；").join(
        f"{CORRECTION_FIELD_LABELS.label(k)} {_short(before.get(k))} → {_short(after.get(k))}"
        for k in after)
    if e.data.get("target") == "party":
        head = _("更正当事人 %(name)s", name=e.get("name"))
    else:
        head = ACTION_LABELS.label("case_corrected")
    return head + _("：") + changes + e.reason()


def _with_summary(e: _Event) -> str:
    label = ACTION_LABELS.label(e.event.action)
    summary = summarise(e.data)
    return _("%(act)s：%(summary)s", act=label, summary=summary) if summary else label


DESCRIBERS: dict[str, Describer] = {
    "transition": _transition,
    "intake": _intake,
    "refer_up": _move, "delegate": _move, "transfer": _move,
    "sign_for": lambda e: _("签收案件（%(unit)s）", unit=e.unit("unit")),
    "assign": _assign,
    "case_corrected": _correct,
    "recusal": lambda e: _("申请回避") + e.reason(),
    "assist_requested": lambda e: _(
        "请求 %(unit)s 协查（%(kind)s），期限 %(due)s", unit=e.unit("to_unit"),
        kind=ASSIST_KIND_LABELS.label(e.get("kind") or None), due=e.get("due_on")),
    "assist_done": lambda e: _("完成协查") + e.reason("note", _("：")),
    "assist_declined": lambda e: _("拒绝协查") + e.reason("note", _("：")),
    "extend": lambda e: _("延长结案期限（原期限 %(due)s）", due=e.get("due_before")) + e.reason(),
    "extend_mediation": lambda e: _("延长调解期限 %(days)s 天", days=e.get("days")) + e.reason(),
    "identity_revealed": lambda e: _("查看当事人 %(name)s 的完整身份证号", name=e.get("name")),
    "evidence_uploaded": lambda e: _("上传证据 %(file)s", file=e.get("filename")),
    "evidence_downloaded": lambda e: _("下载证据 %(file)s", file=e.get("filename")),
    "notification_created": lambda e: _("提醒 %(user)s：%(message)s", user=e.get("to"),
                                        message=e.get("message")),
    "login": _login,
    "login_failed": lambda e: _("登录失败（用户名 %(user)s）", user=e.get("username")),
    "login_refused_locked": lambda e: _("锁定期间尝试登录（用户名 %(user)s）",
                                        user=e.get("username")),
    "account_locked": lambda e: _("连续登录失败，用户名 %(user)s 锁定 %(minutes)s 分钟",
                                  user=e.get("username"), minutes=e.get("minutes")),
    "logout": lambda e: _("退出登录"),
    "api_token_issued": lambda e: _("签发 API 令牌，有效至 %(until)s（UTC）",
                                    until=e.get("expires_at")),
    "user_created": _user_created,
    "password_reset": lambda e: _("重置用户 %(user)s 的密码", user=e.get("user")),
    "user_activated": lambda e: _("启用用户 %(user)s", user=e.get("user")),
    "user_deactivated": lambda e: _("停用用户 %(user)s", user=e.get("user")),
    "unit_created": _unit_created,
    "unit_updated": _unit_updated,
    "calendar_day_set": _calendar_day_set,
    "calendar_day_removed": lambda e: _("删除 %(day)s 的工作日历设置", day=e.get("day")),
    "calendar_year_loaded": _calendar_year_loaded,
    "entrustment_created": lambda e: _(
        "%(from_unit)s 委托 %(to_unit)s 办理（%(start)s 至 %(end)s）", from_unit=e.unit("from"),
        to_unit=e.unit("to"), start=e.get("valid_from"), end=e.get("valid_to")),
    "audit_exported": lambda e: _("导出案件审计记录（%(format)s，%(events)s 条）",
                                  format=e.get("format").upper(), events=e.get("events")),
}


def describe(event: Any, registry: Any, units: Mapping[str, str] | None = None) -> str:
    """Return the event as one plain-Chinese sentence (unknown actions: label + data)."""
    view = _Event(event, registry, units or {})
    describer = DESCRIBERS.get(event.action) if view.well_formed else None
    try:
        return (describer or _with_summary)(view)
    except (AttributeError, KeyError, TypeError, ValueError):
        # A row written by an older version with another data shape still reads.
        return _with_summary(view)
