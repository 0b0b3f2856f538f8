"""Read and validate an intake request (the same dict from the API and the intake page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from caseflow.cases import identifiers as ids
from caseflow.i18n_markers import N_, Message

WORKFLOWS = ("adjudication", "prelitigation_mediation", "court_entrusted_mediation")
PARTY_KINDS = ("person", "organization")
LIMITS = {
    "name": 200,
    "address": 300,
    "phone": 40,
    "title": 200,
    "patentee": 200,
    "summary": 5000,
    "court_name": 100,
    "court_case_number": 60,
    "agent_name": 100,
    "reason": 500,
}
MAX_PARTIES = 20
#: what a pre-litigation mediation may be about (Art. 63 of the 2025 Measures; WORKFLOWS.md §6.2)
MEDIATION_SUBJECTS = ("damages", "ownership", "inventorship", "reward_remuneration",
                      "provisional_protection_fee", "licence", "other")


@dataclass
class PartyInput:
    role: str
    kind: str
    name: str
    credit_code: str | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    agent_name: str | None = None
    agent_phone: str | None = None
    agent_has_power_of_attorney: bool = False
    no_domicile_in_china: bool = False  # Art. 22: 30 days to reply instead of 15


@dataclass
class IntakeInput:
    workflow: str
    received_on: date
    patent_number: str
    patent_type: str
    patent_title: str = ""
    patentee: str = ""
    intake_unit: str | None = None
    handling_unit: str | None = None
    routing_reason: str = ""
    source: str | None = None
    court_name: str | None = None
    court_case_number: str | None = None
    court_procedure: str | None = None
    requesters: list[PartyInput] = field(default_factory=list)
    respondents: list[PartyInput] = field(default_factory=list)
    infringement_place: str | None = None
    claim_amount: Decimal | None = None
    summary: str = ""
    has_evaluation_report: bool = False
    court_action_filed: bool = False
    confirm_duplicate: bool = False
    foreign_party: bool = False
    multi_prefecture: bool = False
    major: bool = False
    # pre-litigation mediation: what it is about (Art. 63), the handling decision a request about
    # damages alone relies on (Art. 64), when the grant was announced (Art. 63(4))
    subject: str | None = None
    prior_decision_ref: str | None = None
    grant_announced_on: date | None = None


class _Reader:
    """Collects field errors and warnings while reading the request."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.warnings: list[dict[str, str]] = []

    def text(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        limit: int | None = None,
    ) -> str:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.errors[path] = N_("必填。")
            return ""
        if not isinstance(value, str):
            self.errors[path] = N_("须为文本。")
            return ""
        value = value.strip()
        limit = limit or LIMITS.get(key, 200)
        if required and not value:
            self.errors[path] = N_("必填。")
        elif len(value) > limit:
            self.errors[path] = Message(N_("不能超过 %(n)s 个字符。"), {"n": limit})
        elif any(ord(c) < 32 and c not in "\r\n\t" for c in value):
            self.errors[path] = N_("包含不可见的控制字符。")
        return value

    def flag(self, obj: dict[str, Any], key: str, path: str) -> bool:
        value = obj.get(key, False)
        if value in (True, False, "true", "false", "on", "y", "", None):
            return value in (True, "true", "on", "y")
        self.errors[path] = N_("须为 true 或 false。")
        return False

    def on_date(self, key: str, today: date) -> date:
        value = self.data.get(key)
        if not value:
            self.errors[key] = N_("必填，格式 YYYY-MM-DD。")
            return today
        try:
            parsed = (
                date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            )
        except ValueError:
            parsed = None
        if parsed is None:
            self.errors[key] = N_("日期格式应为 YYYY-MM-DD。")
            return today
        if parsed > today:
            self.errors[key] = N_("收到请求的日期不能晚于今天。")
        elif parsed.year < 2000:
            self.errors[key] = N_("日期过早。")
        return parsed

    def optional_date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value in (None, ""):
            return None
        try:
            parsed = (
                date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            )
        except ValueError:
            parsed = None
        if parsed is None or parsed.year < 1985:
            self.errors[key] = N_("日期格式应为 YYYY-MM-DD。")
            return None
        return parsed

    def money(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.errors[key] = N_("金额须为数字（元）。")
            return None
        if not amount.is_finite() or amount < 0 or amount > Decimal("1e12"):
            self.errors[key] = N_("金额须在 0 至 1 万亿元之间。")
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.errors[key] = N_("金额最多保留两位小数。")  # refused, never rounded
            return None
        return amount.quantize(Decimal("0.01"))

    def party(self, raw: Any, role: str, path: str) -> PartyInput | None:
        if not isinstance(raw, dict):
            self.errors[path or "_"] = N_("当事人信息格式错误。")
            return None

        def at(key: str) -> str:
            return f"{path}.{key}" if path else key

        kind = raw.get("kind") or "person"
        if kind not in PARTY_KINDS:
            self.errors[at("kind")] = N_("类型须为自然人（person）或组织（organization）。")
        party = PartyInput(role=role, kind=kind, name=self.text(raw, "name", at("name"),
                                                                 required=True))
        if code := self.text(raw, "credit_code", at("credit_code"), limit=30):
            check = ids.check_credit_code(code)
            if not check.ok:
                self.errors[at("credit_code")] = check.refusal(N_("统一社会信用代码有误。"))
            else:
                party.credit_code = check.value
                if check.warning:
                    self.warnings.append({"code": "credit_code_check", "field": at("credit_code"),
                                          "message": check.warning,
                                          "message_en": check.warning_en or check.warning})
        if number := self.text(raw, "id_number", at("id_number"), limit=30):
            check = ids.check_id_number(number)
            if not check.ok:
                self.errors[at("id_number")] = check.refusal(N_("身份证号码有误。"))
            else:
                party.id_number = check.value
        for key in ("phone", "agent_phone"):
            if phone := self.text(raw, key, at(key), limit=40):
                check = ids.check_phone(phone)
                if not check.ok:
                    self.errors[at(key)] = check.refusal(N_("电话号码有误。"))
                else:
                    setattr(party, key, check.value)
        party.address = self.text(raw, "address", at("address")) or None
        party.agent_name = self.text(raw, "agent_name", at("agent_name")) or None
        party.agent_has_power_of_attorney = self.flag(
            raw, "agent_has_power_of_attorney", at("agent_has_power_of_attorney"))
        party.no_domicile_in_china = self.flag(raw, "no_domicile_in_china",
                                               at("no_domicile_in_china"))
        return party

    def place(self, obj: dict[str, Any], key: str) -> str | None:
        place = self.text(obj, key, key, limit=12)
        if place and not (place.isdigit() and len(place) in (6, 9)):
            self.errors[key] = N_("侵权行为地须为 6 位行政区划代码。")
        return place or None

    def parties(self, key: str, role: str) -> list[PartyInput]:
        raw = self.data.get(key)
        if not isinstance(raw, list) or not raw:
            self.errors[key] = (
                N_("至少填写一名请求人。") if role == "requester" else N_("至少填写一名被请求人。")
            )
            return []
        if len(raw) > MAX_PARTIES:
            self.errors[key] = Message(N_("最多 %(n)s 名。"), {"n": MAX_PARTIES})
            return []
        parsed = [self.party(item, role, f"{key}[{i}]") for i, item in enumerate(raw)]
        return [p for p in parsed if p is not None]


def parse_intake(
    data: Any, today: date
) -> tuple[IntakeInput | None, dict[str, str], list[dict[str, str]]]:
    """Validate an intake request; return the input, field errors and warnings."""
    if not isinstance(data, dict):
        return None, {"_": N_("请求体须为 JSON 对象。")}, []
    r = _Reader(data)
    workflow = data.get("workflow")
    if workflow not in WORKFLOWS:
        r.errors["workflow"] = (
            N_("程序须为 adjudication、prelitigation_mediation 或 court_entrusted_mediation。")
        )
    received_on = r.on_date("received_on", today)
    patent = data.get("patent") if isinstance(data.get("patent"), dict) else None
    if patent is None:
        r.errors["patent.number"] = N_("请填写专利号。")
        patent = {}
    check = ids.check_patent_number(
        r.text(patent, "number", "patent.number", required=True, limit=30), today=today
    )
    if "patent.number" not in r.errors and not check.ok:
        r.errors["patent.number"] = check.refusal(N_("专利号有误。"))
    inp = IntakeInput(
        workflow=workflow or "",
        received_on=received_on,
        patent_number=check.value,
        patent_type=check.kind or "",
        patent_title=r.text(patent, "title", "patent.title"),
        patentee=r.text(patent, "patentee", "patent.patentee"),
        intake_unit=r.text(data, "intake_unit", "intake_unit", limit=12) or None,
        handling_unit=r.text(data, "handling_unit", "handling_unit", limit=12) or None,
        routing_reason=r.text(data, "routing_reason", "routing_reason", limit=500),
        requesters=r.parties("requesters", "requester"),
        respondents=r.parties("respondents", "respondent"),
        claim_amount=r.money("claim_amount"),
        summary=r.text(data, "summary", "summary"),
        has_evaluation_report=r.flag(data, "has_evaluation_report", "has_evaluation_report"),
        court_action_filed=r.flag(data, "court_action_filed", "court_action_filed"),
        confirm_duplicate=r.flag(data, "confirm_duplicate", "confirm_duplicate"),
        foreign_party=r.flag(data, "foreign_party", "foreign_party"),
        multi_prefecture=r.flag(data, "multi_prefecture", "multi_prefecture"),
        major=r.flag(data, "major", "major"),
    )
    inp.infringement_place = r.place(data, "infringement_place")
    _read_source_and_court(r, data, inp)
    _read_mediation_subject(r, data, inp)
    if r.errors:
        return None, r.errors, r.warnings
    return inp, {}, r.warnings


def _read_source_and_court(r: _Reader, data: dict[str, Any], inp: IntakeInput) -> None:
    if inp.workflow == "prelitigation_mediation":
        inp.source = data.get("source") or "party_request"
        if inp.source not in ("party_request", "court_assigned"):
            r.errors["source"] = N_("来源须为 party_request 或 court_assigned。")
    elif inp.workflow == "court_entrusted_mediation":
        inp.source = "court_entrusted"
    court = data.get("court")
    if inp.source in ("court_assigned", "court_entrusted"):
        if not isinstance(court, dict):
            r.errors["court"] = N_("法院委派或委托的案件须填写法院名称和案号。")
            return
        inp.court_name = r.text(court, "name", "court.name", required=True)
        inp.court_case_number = r.text(court, "case_number", "court.case_number", required=True)
        if inp.source == "court_entrusted":
            inp.court_procedure = court.get("procedure")
            if inp.court_procedure not in ("ordinary", "simple"):
                r.errors["court.procedure"] = N_("审理程序须为 ordinary（普通）或 simple（简易）。")
    elif court not in (None, {}):
        r.errors["court"] = N_("只有法院委派或委托的调解案件才填写法院信息。")


def _read_mediation_subject(r: _Reader, data: dict[str, Any], inp: IntakeInput) -> None:
    """The subject of a pre-litigation mediation (damages unless said otherwise) and what the
    2025 Measures ask a request to carry with it; the service judges those under the rule set
    the new case follows (`open_case`)."""
    keys = ("subject", "prior_decision_ref", "grant_announced_on")
    if inp.workflow != "prelitigation_mediation":
        for key in keys:
            if data.get(key) not in (None, ""):
                r.errors[key] = N_("只有诉前调解案件填写调解事项。")
        return
    inp.subject = data.get("subject") or "damages"
    if inp.subject not in MEDIATION_SUBJECTS:
        r.errors["subject"] = Message(N_("调解事项须为 %(choices)s 之一。"),
                                      {"choices": "、".join(MEDIATION_SUBJECTS)})
    inp.prior_decision_ref = r.text(data, "prior_decision_ref", "prior_decision_ref",
                                    limit=100) or None
    inp.grant_announced_on = r.optional_date("grant_announced_on")
    if inp.grant_announced_on and inp.grant_announced_on > inp.received_on:
        r.errors["grant_announced_on"] = N_("授权公告日不能晚于收到请求的日期。")


def parse_party(raw: Any, role: str) -> tuple[PartyInput | None, dict[str, str],
                                             list[dict[str, str]]]:
    """Validate one party as intake does (field errors keyed by field name); return
    the party (None on any error), the errors and the warnings (credit-code check)."""
    r = _Reader(raw if isinstance(raw, dict) else {})
    party = r.party(raw, role, "")
    return (None if r.errors else party), r.errors, r.warnings


#: what a correction of the case file may change besides its parties (API: PATCH /cases/<id>)
CASE_FIELDS = ("summary", "claim_amount", "infringement_place", "patent.title", "patent.patentee")


def parse_case_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate the case fields a correction names, as intake does; return {field: value}."""
    r = _Reader(data)
    clean: dict[str, Any] = {}
    for key in data:
        if key not in ("summary", "claim_amount", "infringement_place", "patent"):
            r.errors[str(key)] = N_("该项不能更正。")
    if "summary" in data:
        clean["summary"] = r.text(data, "summary", "summary")
    if "claim_amount" in data:
        clean["claim_amount"] = r.money("claim_amount")
    if "infringement_place" in data:
        clean["infringement_place"] = r.place(data, "infringement_place")
    patent = data.get("patent")
    if patent is not None and not isinstance(patent, dict):
        r.errors["patent"] = N_("须为 JSON 对象。")
    elif isinstance(patent, dict):
        for key in patent:
            if key not in ("title", "patentee"):
                r.errors[f"patent.{key}"] = N_("该项不能更正。")
        for key in ("title", "patentee"):
            if key in patent:
                clean[f"patent.{key}"] = r.text(patent, key, f"patent.{key}")
    return clean, r.errors
