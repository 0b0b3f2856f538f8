"""Audit events in plain Chinese, for the review page, the CSV export and the API.

Pure: given an event (anything with the AuditEvent attributes), the workflow registry and,
optionally, a code -> unit-name map, return one sentence. No request, no database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from caseflow.vocabulary import ACTION_LABELS as _ACTIONS
from caseflow.vocabulary import ASSIST_KIND_LABELS as _ASSIST
from caseflow.vocabulary import CHANNEL_LABELS as _CHANNELS
from caseflow.vocabulary import ROLE_LABELS as _ROLES

ACTION_LABELS = _ACTIONS.chinese
ROLE_LABELS = _ROLES.chinese
ASSIST_KINDS = _ASSIST.chinese
CHANNELS = _CHANNELS.chinese
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

    def reason(self, key: str = "reason", lead: str = "，理由：") -> str:
        text = self.get(key)
        return f"{lead}{text}" if text else ""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def summarise(data: Mapping[str, Any], limit: int = SUMMARY_CHARS) -> str:
    """Return `key=value, …` for data, cut to about `limit` characters."""
    text = "，".join(f"{k}={_text(v)}" for k, v in sorted(data.items())
                    if v not in (None, "", [], {}))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _workflows(registry: Any) -> Iterable[Any]:
    return (compiled.workflow for compiled in (registry or ()))


def transition_label(registry: Any, trigger: str, from_status: str | None,
                     to_status: str | None) -> str:
    """Return the Chinese label of `trigger`, preferring the workflow whose edge matches."""
    fallback = None
    for workflow in _workflows(registry):
        for t in workflow.transitions:
            if t.trigger != trigger:
                continue
            if from_status in t.source and t.dest == to_status:
                return t.label.zh
            fallback = fallback or t.label.zh
    return fallback or trigger


def state_label(registry: Any, name: str | None) -> str:
    """Return the Chinese label of a status (state names are shared across workflows)."""
    if not name:
        return ""
    for workflow in _workflows(registry):
        state = workflow.state(name)
        if state is not None:
            return state.label.zh
    return name


def status_change(event: Any, registry: Any) -> str:
    """Return `from → to` in Chinese, or the one status when it did not change."""
    frm = state_label(registry, event.from_status)
    to = state_label(registry, event.to_status)
    if frm and to and frm != to:
        return f"{frm} → {to}"
    return to or frm


def _legal(e: _Event) -> str:
    return f"；法定日期 {e.event.on.isoformat()}" if e.event.on else ""


def _transition(e: _Event) -> str:
    ev = e.event
    label = transition_label(e.registry, e.get("trigger"), ev.from_status, ev.to_status)
    change = status_change(ev, e.registry)
    note = e.reason("note", "；说明：")
    return f"{ev.actor} {label}：{change}{_legal(e)}{note}"


def _workflow_label(e: _Event) -> str:
    name = e.get("workflow")
    try:
        return e.registry.latest(name).workflow.label.zh if e.registry else name
    except KeyError:
        return name


def _intake(e: _Event) -> str:
    ev = e.event
    handling = f"，办案单位 {e.unit('handling_unit')}" if e.data.get("handling_unit") else ""
    return (f"{ev.actor} 收件登记 {e.get('receipt_number')}（{_workflow_label(e)}，"
            f"专利 {e.get('patent')}）{handling}{_legal(e)}")


def _move(e: _Event) -> str:
    label = ACTION_LABELS[e.event.action]
    return f"{label}：{e.unit('from_unit')} → {e.unit('to_unit')}{e.reason()}"


def _assign(e: _Event) -> str:
    lead = e.get("assignee")
    team = [u for u in e.data.get("team") or [] if u != lead]
    helpers = f"，协办 {'、'.join(map(str, team))}" if team else ""
    previous = f"（原承办人 {e.get('previous')}）" if e.data.get("previous") else ""
    return f"分派承办人 {lead}{helpers}{previous}{e.reason()}"


def _login(e: _Event) -> str:
    where = "，".join(x for x in (CHANNELS.get(e.get("channel"), e.get("channel")),
                                  e.get("client")) if x)
    return f"登录（{where}）" if where else "登录"


def _user_created(e: _Event) -> str:
    role = ROLE_LABELS.get(e.get("role"), e.get("role"))
    return f"创建用户 {e.get('user')}（{role}，{e.unit('unit')}）"


def _unit_updated(e: _Event) -> str:
    before, after = e.data.get("before") or {}, e.data.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return f"修改单位 {e.get('code')}"
    changes = [f"{k} {_text(before.get(k))} → {_text(after.get(k))}"
               for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    return f"修改单位 {e.get('code')}" + (f"：{'；'.join(changes)}" if changes else "")


def _calendar_day_set(e: _Event) -> str:
    kind = "工作日" if e.data.get("is_workday") else "休息日"
    name = f"（{e.get('name')}）" if e.data.get("name") else ""
    return f"将 {e.get('day')} 设为{kind}{name}"


def _calendar_year_loaded(e: _Event) -> str:
    notice = f"（{e.get('notice')}）" if e.data.get("notice") else ""
    return f"确认 {e.get('year')} 年工作日历已完整录入{notice}"


def _unit_created(e: _Event) -> str:
    parent = f"，上级 {e.unit('parent')}" if e.data.get("parent") else ""
    return f"创建单位 {e.get('code')} {e.get('name')}{parent}"


def _with_summary(e: _Event) -> str:
    label = ACTION_LABELS.get(e.event.action, e.event.action)
    summary = summarise(e.data)
    return f"{label}：{summary}" if summary else label


DESCRIBERS: dict[str, Describer] = {
    "transition": _transition,
    "intake": _intake,
    "refer_up": _move, "delegate": _move, "transfer": _move,
    "sign_for": lambda e: f"签收案件（{e.unit('unit')}）",
    "assign": _assign,
    "recusal": lambda e: f"申请回避{e.reason()}",
    "assist_requested": lambda e: (
        f"请求 {e.unit('to_unit')} 协查（{ASSIST_KINDS.get(e.get('kind'), e.get('kind'))}），"
        f"期限 {e.get('due_on')}"),
    "assist_done": lambda e: f"完成协查{e.reason('note', '：')}",
    "assist_declined": lambda e: f"拒绝协查{e.reason('note', '：')}",
    "extend": lambda e: f"延长结案期限（原期限 {e.get('due_before')}）{e.reason()}",
    "extend_mediation": lambda e: f"延长调解期限 {e.get('days')} 天{e.reason()}",
    "identity_revealed": lambda e: f"查看当事人 {e.get('name')} 的完整身份证号",
    "evidence_uploaded": lambda e: f"上传证据 {e.get('filename')}",
    "evidence_downloaded": lambda e: f"下载证据 {e.get('filename')}",
    "notification_created": lambda e: f"提醒 {e.get('to')}：{e.get('message')}",
    "login": _login,
    "login_failed": lambda e: f"登录失败（用户名 {e.get('username')}）",
    "login_refused_locked": lambda e: f"锁定期间尝试登录（用户名 {e.get('username')}）",
    "account_locked": lambda e: (f"连续登录失败，用户名 {e.get('username')} "
                                 f"锁定 {e.get('minutes')} 分钟"),
    "logout": lambda e: "退出登录",
    "api_token_issued": lambda e: f"签发 API 令牌，有效至 {e.get('expires_at')}（UTC）",
    "user_created": _user_created,
    "password_reset": lambda e: f"重置用户 {e.get('user')} 的密码",
    "user_activated": lambda e: f"启用用户 {e.get('user')}",
    "user_deactivated": lambda e: f"停用用户 {e.get('user')}",
    "unit_created": _unit_created,
    "unit_updated": _unit_updated,
    "calendar_day_set": _calendar_day_set,
    "calendar_day_removed": lambda e: f"删除 {e.get('day')} 的工作日历设置",
    "calendar_year_loaded": _calendar_year_loaded,
    "entrustment_created": lambda e: (f"{e.unit('from')} 委托 {e.unit('to')} 办理"
                                      f"（{e.get('valid_from')} 至 {e.get('valid_to')}）"),
    "audit_exported": lambda e: (f"导出案件审计记录（{e.get('format').upper()}，"
                                 f"{e.get('events')} 条）"),
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
