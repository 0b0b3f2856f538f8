"""The case fields a document template may use: each a name, a label and how it is read.

Documents are official Chinese texts, so every value is written in Chinese whatever the page
language: dates as 2026年9月30日, codes by their Chinese labels. A template naming a field that
is not here does not load (caseflow/documents/catalog.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from caseflow.cases.models import Case, Party
from caseflow.deadlines.models import CaseClock
from caseflow.vocabulary import CHOICE_LABELS, PARTY_KIND_LABELS, PATENT_TYPE_LABELS


@dataclass(frozen=True)
class Facts:
    """What a field reads: the case, its clocks and its panel (names, lead first)."""

    case: Case
    clocks: Sequence[CaseClock]
    panel: Sequence[str]


@dataclass(frozen=True)
class Field:
    label: str
    read: Callable[[Facts], str]


def chinese_date(value: date | None) -> str:
    """Write a date as official documents do: 2026年9月30日 (empty when unknown)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _amount(value: Decimal | None) -> str:
    return f"{value:,.2f}元" if value is not None else ""


def _names(parties: Sequence[Party]) -> str:
    return "、".join(p.name for p in parties)


def _detail(parties: Sequence[Party]) -> str:
    lines = []
    for p in parties:
        role = "请求人" if p.role == "requester" else "被请求人"
        line = f"{role}：{p.name}（{PARTY_KIND_LABELS.chinese.get(p.kind, p.kind)}）"
        if p.credit_code:
            line += f"，统一社会信用代码：{p.credit_code}"
        if p.address:
            line += f"，地址：{p.address}"
        if p.agent_name:
            line += f"；委托代理人：{p.agent_name}"
        lines.append(line)
    return "\n".join(lines)


def _clock(kind: str) -> Callable[[Facts], str]:
    """A deadline with the sentence that says how it was counted (per party when it is)."""

    def read(facts: Facts) -> str:
        names = {p.id: p.name for p in facts.case.parties}
        rows = [c for c in facts.clocks if c.kind == kind and c.stopped_on is None] or \
            [c for c in facts.clocks if c.kind == kind]
        out = []
        for c in rows:
            who = f"{names[c.party_id]}：" if c.party_id in names else ""
            # the basis is a sentence of its own: its full stop would end up inside the bracket
            basis = f"（{c.basis.rstrip('。')}）" if c.basis else ""
            out.append(f"{who}{chinese_date(c.due_on)}{basis}")
        return "；".join(out)

    return read


def _attr(name: str) -> Callable[[Facts], str]:
    def read(facts: Facts) -> str:
        value = getattr(facts.case, name)
        if isinstance(value, date):
            return chinese_date(value)
        return "" if value is None else str(value)

    return read


def _choice(name: str) -> Callable[[Facts], str]:
    def read(facts: Facts) -> str:
        value = getattr(facts.case, name)
        return CHOICE_LABELS.chinese.get(value, value) if value else ""

    return read


_FIELDS: dict[str, Field] = {
    "case_number": Field("案号", lambda f: f.case.display_number),
    "receipt_number": Field("收件编号", _attr("receipt_number")),
    "handling_unit": Field("办案单位", lambda f: f.case.handling_unit.name),
    "requesters": Field("请求人", lambda f: _names(f.case.requesters)),
    "respondents": Field("被请求人", lambda f: _names(f.case.respondents)),
    "parties_detail": Field("当事人基本情况",
                            lambda f: _detail(f.case.requesters + f.case.respondents)),
    # stored normalised without its prefix; documents write a patent number as ZL...
    "patent_number": Field("专利号", lambda f: f"ZL{f.case.patent.number}"),
    "patent_title": Field("专利名称", lambda f: f.case.patent.title),
    "patent_type": Field("专利类型",
                         lambda f: PATENT_TYPE_LABELS.chinese.get(f.case.patent.type, "")),
    "patentee": Field("专利权人", lambda f: f.case.patent.patentee),
    "summary": Field("案情摘要", _attr("summary")),
    "claim_amount": Field("请求赔偿金额", lambda f: _amount(f.case.claim_amount)),
    "received_on": Field("收到请求日期", _attr("received_on")),
    "filed_on": Field("立案日期", _attr("filed_on")),
    "decided_on": Field("作出决定日期", _attr("decided_on")),
    "closed_on": Field("结案日期", _attr("closed_on")),
    "hearing_on": Field("口头审理日期", _attr("hearing_on")),
    "session_on": Field("调解日期", _attr("session_on")),
    "session_place": Field("调解地点", _attr("session_place")),
    "outcome": Field("处理结果", _choice("outcome")),
    "proposal_reasons": Field("合议组意见（理由）", _attr("proposal_reasons")),
    "proposal_orders": Field("合议组意见（处理决定）", _attr("proposal_orders")),
    "agreement_subject": Field("协议事项", _choice("agreement_subject")),
    "agreement_effective_on": Field("协议生效日期", _attr("agreement_effective_on")),
    "agreement_amount": Field("协议金额", lambda f: _amount(f.case.agreement_amount)),
    "court_name": Field("人民法院", _attr("court_name")),
    "court_case_number": Field("法院案号", _attr("court_case_number")),
    "ruling_number": Field("司法确认裁定书文号", _attr("ruling_number")),
    "court_return_outcome": Field("调解结果", _choice("court_return_outcome")),
    "court_return_report": Field("调解情况报告", _attr("court_return_report")),
    "panel": Field("合议组成员", lambda f: "、".join(f.panel)),
    "acceptance_due": Field("立案期限", _clock("acceptance")),
    "reply_due": Field("答辩期限", _clock("reply")),
    "closure_due": Field("办案期限", _clock("closure")),
    "appeal_due": Field("起诉期限", _clock("appeal")),
    "mediation_due": Field("调解期限", _clock("mediation")),
    "confirmation_due": Field("申请司法确认期限", _clock("confirmation_application")),
}
FIELDS: Mapping[str, Field] = MappingProxyType(_FIELDS)


def read_fields(names: Sequence[str], facts: Facts) -> dict[str, Any]:
    """Return the named fields' values for one case."""
    return {name: FIELDS[name].read(facts) for name in names}
