"""Audit events in plain language, for the review page, the CSV export and the API.

Pure: given an event (anything with the AuditEvent attributes), the workflow registry and,
optionally, code -> unit-name, username -> name and party id -> name maps, return one sentence.
The case page's history and the audit review page, CSV export and API all read events through
`describe` (the case page with `columns=True`: who, when and the status change stand in their
own columns there, so the sentence leaves them out). No request, no database: the sentence
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
    CHOICE_LABELS,
    CORRECTION_FIELD_LABELS,
    PARTY_ROLE_LABELS,
    RECUSAL_TARGET_LABELS,
    ROLE_LABELS,
    WORKFLOW_LABELS,
)

SUMMARY_CHARS = 80
#: the effect that gives a case its number: the act that fired it shows the number it gave
NUMBERING_EFFECT = "assign_case_number"

Describer = Callable[["_Event"], str]


class _Event:
    """What a describer sees: the event's fields, its parsed data and the lookups."""

    def __init__(self, event: Any, registry: Any, units: Mapping[str, str],
                 users: Mapping[str, str] | None = None,
                 parties: Mapping[int, str] | None = None, columns: bool = False,
                 cases: Mapping[int, str] | None = None,
                 workflow: tuple[str, int] | None = None) -> None:
        self.event, self.registry, self.units = event, registry, units
        self.workflow = workflow  # the case's (name, version): its transitions are read first
        self.users, self.parties, self.columns = users or {}, parties or {}, columns
        self.cases = cases or {}
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

    def user(self, username: Any) -> str:
        """A user's name where known (the username otherwise)."""
        return self.users.get(username, username) if isinstance(username, str) else _text(username)

    @property
    def actor(self) -> str:
        return self.user(self.event.actor)

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
            if from_status in t.source and t.dest_from(from_status) == to_status:
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
    return _("；法定日期 %(on)s", on=e.event.on.isoformat()) if e.event.on and not e.columns else ""


def _case_workflow(e: _Event) -> list[Any]:
    """The case's own workflow version, when the reader names it and it is loaded."""
    if e.workflow is None or e.registry is None:
        return []
    try:
        return [e.registry.get(*e.workflow).workflow]
    except (KeyError, LookupError, ValueError):
        return []


def _transition_spec(e: _Event) -> Any:
    trigger, ev = e.data.get("trigger"), e.event
    fallback = None
    for workflow in [*_case_workflow(e), *_workflows(e.registry)]:
        for t in workflow.transitions:
            if t.trigger == trigger:
                if ev.from_status in t.source and t.dest_from(ev.from_status) == ev.to_status:
                    return t
                fallback = fallback or t
    return fallback


def _value(value: Any, e: _Event) -> str:
    """An input's value as a person reads it: choices by label, parties by name."""
    if isinstance(value, list):
        return _("；").join(
            f"{e.parties.get(r.get('party'), _text(r.get('party')))} {_text(r.get('received_on'))}"
            if isinstance(r, dict) else e.user(r) if isinstance(r, str) else _text(r)
            for r in value)
    if isinstance(value, str) and value in CHOICE_LABELS:
        return CHOICE_LABELS.label(value)
    return _text(value)


def _warning(w: dict[str, Any], e: _Event) -> str:
    """A recorded warning; a confirmed duplicate is named only when the reader may see it."""
    other = w.get("duplicate_case_id")
    if w.get("code") == "duplicate_confirmed" and other in e.cases:
        return _("已确认与 %(number)s 并存。", number=e.cases[other])
    english = str(get_locale() or "").startswith("en")
    return str((english and w.get("message_en")) or w.get("message", ""))


def _warnings(e: _Event) -> list[str]:
    return [_("提示：") + _warning(w, e)
            for w in e.data.get("warnings") or [] if isinstance(w, dict)]


def _warned(e: _Event) -> str:
    """The recorded warnings after a sentence (a late hearing notice's service: postpone)."""
    return "".join(_("；") + w for w in _warnings(e))


def warned_cases(data_texts: Iterable[str]) -> set[int]:
    """Return the ids of the other cases that recorded warnings name (to look up visibly)."""
    found = set()
    for text in data_texts:
        try:
            data = json.loads(text or "{}")
        except (TypeError, ValueError):
            continue
        for w in (data.get("warnings") or []) if isinstance(data, dict) else []:
            if isinstance(w, dict) and isinstance(w.get("duplicate_case_id"), int):
                found.add(w["duplicate_case_id"])
    return found


#: where an event's data names users besides its actor (the panel, a recusal's target)
_USER_KEYS = ("panel", "before", "after", "lead", "target")


def mentioned_users(data_texts: Iterable[str]) -> set[str]:
    """Return the user names that panel and recusal events name (to show them by name)."""
    found: set[str] = set()
    for text in data_texts:
        try:
            data = json.loads(text or "{}")
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        inputs = data.get("inputs")
        for value in [data.get(k) for k in _USER_KEYS] + [
                inputs.get("panel") if isinstance(inputs, dict) else None]:
            names = value if isinstance(value, list) else [value]
            found.update(n for n in names if isinstance(n, str))
    return found


def _inputs(e: _Event) -> list[str]:
    """`label: value` for each input the act was given, labelled as its workflow names them."""
    inputs = e.data.get("inputs")
    if not isinstance(inputs, dict):
        return []
    spec = _transition_spec(e)
    out = []
    for name, value in inputs.items():
        if value in (None, "", [], {}):
            continue
        field = spec.input(name) if spec is not None else None
        out.append(f"{_pick(field.label) if field else name}{_('：')}{_value(value, e)}")
    return out


def _transition(e: _Event) -> str:
    ev = e.event
    parts = _inputs(e)
    spec = _transition_spec(e)
    if e.data.get("number") and spec is not None and NUMBERING_EFFECT in spec.effects:
        parts.append(_("立案号 %(number)s", number=e.get("number")))
    parts += _warnings(e)
    if e.data.get("note"):
        parts.append(_("说明：") + e.get("note"))
    if e.columns:
        return _("；").join(parts)
    label = transition_label(e.registry, e.get("trigger"), ev.from_status, ev.to_status)
    change = status_change(ev, e.registry)
    details = "".join(_("；") + p for p in parts)
    return _("%(actor)s %(act)s：%(change)s", actor=e.actor, act=label,
             change=change) + _legal(e) + details


def _workflow_label(e: _Event) -> str:
    name = e.get("workflow")
    try:
        return _pick(e.registry.latest(name).workflow.label) if e.registry else name
    except KeyError:
        return WORKFLOW_LABELS.label(name) if name in WORKFLOW_LABELS else name


def _intake(e: _Event) -> str:
    handling = _("，办案单位 %(unit)s", unit=e.unit("handling_unit")) \
        if e.data.get("handling_unit") else ""
    if e.columns:
        text = _("收件编号 %(receipt)s（%(workflow)s，专利 %(patent)s）",
                 receipt=e.get("receipt_number"), workflow=_workflow_label(e),
                 patent=e.get("patent"))
    else:
        text = _("%(actor)s 收件登记 %(receipt)s（%(workflow)s，专利 %(patent)s）",
                 actor=e.actor, receipt=e.get("receipt_number"), workflow=_workflow_label(e),
                 patent=e.get("patent"))
    override = _("，改变办案单位的理由：%(reason)s", reason=e.get("routing_override")) \
        if e.data.get("routing_override") else ""
    warnings = "".join(_("；") + w for w in _warnings(e))
    return text + handling + override + _legal(e) + warnings


def _move(e: _Event) -> str:
    return _("%(act)s：%(from_unit)s → %(to_unit)s", act=ACTION_LABELS.label(e.event.action),
             from_unit=e.unit("from_unit"), to_unit=e.unit("to_unit")) + e.reason()


def _assign(e: _Event) -> str:
    lead = e.data.get("assignee")
    team = [u for u in e.data.get("team") or [] if u != lead]
    helpers = _("，协办 %(team)s", team=_("、").join(map(e.user, team))) if team else ""
    previous = _("（原承办人 %(user)s）", user=e.user(e.data.get("previous"))) \
        if e.data.get("previous") else ""
    return _("分派承办人 %(user)s", user=e.user(lead) if lead else "") + helpers + previous \
        + e.reason()


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


def _names(e: _Event, key: str) -> str:
    return _("、").join(map(e.user, e.data.get(key) or []))


def _panel_named(e: _Event) -> str:
    return _("组成合议组：%(panel)s（承办人 %(lead)s）", panel=_names(e, "panel"),
             lead=e.user(e.data.get("lead")))


def _panel_changed(e: _Event) -> str:
    return _("调整合议组：%(before)s → %(after)s（承办人 %(lead)s）", before=_names(e, "before"),
             after=_names(e, "after"), lead=e.user(e.data.get("lead"))) + e.reason()


def _recusal_target(e: _Event) -> str:
    target = e.data.get("target")
    return e.user(target) if target else e.get("target_name")


def _recusal_applied(e: _Event) -> str:
    party = e.parties.get(e.data.get("party"), e.get("party"))
    return _("%(party)s 申请 %(target)s（%(role)s）回避（第 %(id)s 号）", party=party,
             target=_recusal_target(e), role=RECUSAL_TARGET_LABELS.label(e.get("target_role")),
             id=e.get("application")) + e.reason("grounds")


def _recusal_decided(e: _Event) -> str:
    if e.data.get("granted"):
        text = _("准许 %(target)s 回避（第 %(id)s 号申请）", target=_recusal_target(e),
                 id=e.get("application"))
        if e.data.get("removed_from_panel"):
            text += _("，退出合议组")
    else:
        text = _("驳回对 %(target)s 的回避申请（第 %(id)s 号）", target=_recusal_target(e),
                 id=e.get("application"))
    return text + e.reason("note")


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
    "panel_named": _panel_named, "panel_changed": _panel_changed,
    "recusal_applied": _recusal_applied, "recusal_decided": _recusal_decided,
    "pii_rotated": lambda e: _(
        "轮换身份证号密钥：%(total)s 个身份证号改用新密钥加密（其中 %(older)s 个原用旧密钥）",
        total=e.get("identity_numbers", "0"), older=e.get("from_older_key", "0")),
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
    "document_drafted": lambda e: _("制作文书草稿：%(title)s", title=e.get("title")),
    "document_edited": lambda e: _("修改文书草稿（%(kind)s）", kind=e.get("kind")),
    "document_issued": lambda e: _("签发文书 %(number)s（第 %(revision)s 版）",
                                   number=e.get("number"), revision=e.get("revision")),
    "document_correction_started": lambda e: _("制作文书 %(number)s 的更正版本（第 %(revision)s 版）",
                                               number=e.get("number"),
                                               revision=e.get("revision")),
    "document_served": lambda e: _("登记文书 %(number)s 送达 %(name)s（发出日期 %(sent_on)s）",
                                   number=e.get("number"), name=e.get("name"),
                                   sent_on=e.get("sent_on")) + _warned(e),
    "document_service_proven": lambda e: _("登记文书 %(number)s 于 %(served_on)s 送达 %(name)s"
                                           "（送达凭证 #%(proof)s）", number=e.get("number"),
                                           served_on=e.get("served_on"), name=e.get("name"),
                                           proof=e.get("proof")) + _warned(e),
    "notification_created": lambda e: _("提醒 %(user)s：%(message)s", user=e.user(e.get("to")),
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
    "user_email_changed": lambda e: _("将用户 %(user)s 的邮箱设为 %(email)s", user=e.get("user"),
                                      email=e.get("email") or "—"),
    "mail_retried": lambda e: _("重发邮件 %(message_id)s 至 %(to)s", message_id=e.get("message_id"),
                                to=e.get("to")),
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
    "handoff_exported": lambda e: _(
        "导出移交法院材料包（%(purpose)s，%(files)s 个文件，SHA-256 %(sha)s）",
        purpose=_("司法确认") if e.get("purpose") == "confirmation" else _("退回法院"),
        files=e.get("files"), sha=str(e.get("sha256") or "")[:12]),
    "audit_exported": lambda e: _("导出案件审计记录（%(format)s，%(events)s 条）",
                                  format=e.get("format").upper(), events=e.get("events")),
}


def operation_label(event: Any, registry: Any) -> str:
    """Return what was done, in a word or two: the transition's label or the action's."""
    if event.action == "transition":
        try:
            trigger = json.loads(event.data or "{}").get("trigger") or ""
        except (AttributeError, TypeError, ValueError):
            trigger = ""
        return transition_label(registry, trigger, event.from_status, event.to_status)
    return ACTION_LABELS.label(event.action)


def describe(event: Any, registry: Any, units: Mapping[str, str] | None = None, *,
             users: Mapping[str, str] | None = None, parties: Mapping[int, str] | None = None,
             cases: Mapping[int, str] | None = None, columns: bool = False,
             workflow: tuple[str, int] | None = None) -> str:
    """Return the event as one plain sentence in the page language (unknown: label + data).

    `users` and `parties` name people instead of usernames and party ids, `cases` the other
    cases a warning points at that the reader may see (id -> number); `columns` leaves out
    who, the legal date and the status change, shown beside the sentence on the case page;
    `workflow` (name, version) reads a transition's inputs in the case's own workflow version.
    """
    view = _Event(event, registry, units or {}, users, parties, columns, cases, workflow)
    describer = DESCRIBERS.get(event.action) if view.well_formed else None
    try:
        text = (describer or _with_summary)(view)
        # Beside its columns the sentence starts the cell: "Ground: …", "Note: …".
        return text[:1].upper() + text[1:] if columns else text
    except (AttributeError, KeyError, TypeError, ValueError):
        # A row written by an older version with another data shape still reads.
        return _with_summary(view)
