"""The statutory periods behind each clock kind (DOMAIN.md §8), each with its legal source.

Configuration (`DEADLINE_PERIODS` in the app config) may override any entry through
`merge_periods`; the defaults below cite where each number comes from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

UNITS = frozenset({"working_days", "days", "months"})


@dataclass(frozen=True)
class PeriodSpec:
    """One period: n units from the trigger day, whether a rest-day end rolls, and its source.

    `roll` only matters for `days` and `months` (a working-day count always ends on a working
    day). `info` marks a period shown for information only (never met or missed).
    """

    n: int
    unit: str
    roll: bool
    source: str
    info: bool = False

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown period unit {self.unit!r}: use {sorted(UNITS)}")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"period length must be a positive integer, not {self.n!r}")
        if not isinstance(self.roll, bool) or not isinstance(self.info, bool):
            raise ValueError("'roll' and 'info' must be booleans")
        if not isinstance(self.source, str):
            raise ValueError("'source' must be a string")

    def words(self) -> tuple[str, str]:
        """Return the period in Chinese and English words, e.g. ('1个月', '1 month')."""
        zh = {"months": "个月", "days": "日", "working_days": "个工作日"}[self.unit]
        en = {"months": "month", "days": "day", "working_days": "working day"}[self.unit]
        return f"{self.n}{zh}", f"{self.n} {en}{'s' if self.n != 1 else ''}"


def period_key(kind: str, variant: str | None = None) -> str:
    """Return the key of a clock's period: the kind, or `kind:variant` for variant kinds."""
    return f"{kind}:{variant}" if variant else kind


_WD, _D, _M = "working_days", "days", "months"
#: the 2019 guide's period for deciding a recusal application (the Measures set none)
RECUSAL_DECISION_DEFAULT = 3

DEFAULT_PERIODS: Mapping[str, PeriodSpec] = MappingProxyType({
    "acceptance": PeriodSpec(5, _WD, False, (
        "T1 2015 Measures [S]（2015年专利行政执法办法）：收到请求之日起5个工作日内决定是否立案; "
        "T2 Shandong old Art. 12 [S]：收到补正材料之日起重新起算5个工作日")),
    "serve_copy": PeriodSpec(5, _WD, False, (
        "T3 2015 Measures; 重大办法 Art. 10 [S]：立案之日起5个工作日内送达请求书副本及答辩通知书")),
    "reply": PeriodSpec(15, _D, True, (
        "T4 2015 Measures [S]：被请求人收到请求书副本之日起15日内答辩")),
    "closure": PeriodSpec(3, _M, True, (
        "T7 2015 Measures [S]：立案之日起3个月内结案；公告、鉴定、中止期间不计入; "
        "2025 Measures \"≤5 months in total\" UNVERIFIED")),
    "closure_extension": PeriodSpec(1, _M, True, (
        "T7 2015 Measures [S]：经负责人批准可延长一次，不超过1个月; "
        "按立案日+(3+1)个月计算后顺延（DOMAIN.md §9 rule 6）")),
    "publication": PeriodSpec(20, _WD, False, (
        "T8 2015 Measures [S]：处理决定作出后20个工作日内公开; 2025 rule UNVERIFIED")),
    "appeal": PeriodSpec(15, _D, True, (
        "T9 Patent Law Art. 65 [V]（专利法第65条）：当事人收到处理决定之日起15日内"
        "可以提起行政诉讼")),
    "statement": PeriodSpec(15, _D, True, (
        "T12 2015 Measures [S]：被请求人收到调解请求之日起15日内提交意见陈述书")),
    "mediation_filing": PeriodSpec(5, _WD, False, (
        "T13 2015 Measures [S]：收到被请求人同意调解的意见之日起5个工作日内立案")),
    "mediation:party_request": PeriodSpec(2, _M, True, (
        "T14 SIPO notice [S], UNVERIFIED（原国家知识产权局通知）：调解自立案之日起2个月内结束，"
        "复杂案件3个月")),
    "mediation:court_assigned": PeriodSpec(30, _D, True, (
        "T15 SPC 2016 Art. 27 [V]：诉前委派调解期限30日，自调解员签收法院移交材料之日起算; "
        "期满日为休息日的顺延，为本系统约定（参照民事诉讼法第85条）")),
    "mediation:ordinary": PeriodSpec(15, _D, True, (
        "T16 SPC 2016 Art. 27 [V]：诉中委托调解，普通程序15日; "
        "期满日为休息日的顺延，为本系统约定（参照民事诉讼法第85条）")),
    "mediation:simple": PeriodSpec(7, _D, True, (
        "T16 SPC 2016 Art. 27 [V]：诉中委托调解，简易程序7日; "
        "期满日为休息日的顺延，为本系统约定（参照民事诉讼法第85条）")),
    "confirmation_application": PeriodSpec(30, _D, True, (
        "T17 CPL Art. 205 [V]（民事诉讼法第205条）：调解协议生效之日起30日内共同申请司法确认")),
    "court_review": PeriodSpec(15, _D, True, (
        "T18 2011 Art. 5; CPL Art. 187 [V]：法院受理后15日内作出是否确认的决定，可延长10日，"
        "特别程序30日内审结; 仅供参考，本系统自申请之日起算"), info=True),
    "recusal_window": PeriodSpec(3, _WD, False, (
        "M11 2025 Measures Art. 5 [M]（专利纠纷行政裁决和调解办法第五条）：「最迟在知道或者应当知道"
        "办案人员名单之日起三个工作日内提出；决定口头审理的，可以最迟在案件开始口头审理时提出；"
        "回避事由在案件开始口头审理后知道的，也可以在口头审理终结前提出。」; 自合议组组成之日起算，"
        "仅供参考"), info=True),
    "recusal_decision": PeriodSpec(RECUSAL_DECISION_DEFAULT, _WD, False, (
        "M11 2019 guide [G]（专利侵权纠纷行政裁决办案指南）：「应当自申请回避之日起3个工作日内决定是否回避」; "
        "2025 Measures Art. 5 sets no period (decided by 负责人); RECUSAL_DECISION_WORKING_DAYS")),
})

_M81 = "《专利纠纷行政裁决和调解办法》（国家知识产权局令第81号）"


_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_ARTICLE = re.compile(r"第([一二三四五六七八九十百零]+)条")


def _article_number(zh: str) -> int:
    """Read a Chinese article number (一 … 九十九, 一百 …) as an int."""
    total, digit = 0, 0
    for c in zh:
        if c == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif c == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = _NUMERALS[c]
    return total + digit


def _zh_number(n: int) -> str:
    """Write 1-999 in Chinese numerals as article numbers are written (第二百零五条)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and units:
        out += "零"
    return out + (digits[units] if units else "")


#: laws a period's source cites by English short name and article: (zh name, en name)
_LAWS = {"2025 Measures": ("《专利纠纷行政裁决和调解办法》", "Measures for the Administrative "
                           "Adjudication and Mediation of Patent Disputes (CNIPA Decree No. 81)"),
         "Patent Law": ("《中华人民共和国专利法》", "Patent Law"),
         "CPL": ("《中华人民共和国民事诉讼法》", "Civil Procedure Law"),
         "SPC 2016": ("《最高人民法院关于人民法院特邀调解的规定》",
                      "SPC Provisions on Specially Invited Mediation (2016)")}
_CITED = re.compile(r"^[A-Z]\d+ (2025 Measures|Patent Law|CPL|SPC 2016) Art\. (\d+)")


def citation(spec: PeriodSpec) -> tuple[str, str] | None:
    """Name the rules a period comes from, in the words an officer cites (zh, en): the articles
    of the 2025 Measures, the 2015 Measures, or the law a court-linked period follows; None when
    the source is a guide or a setting of this system."""
    if _M81 in spec.source:
        articles = list(dict.fromkeys(_ARTICLE.findall(spec.source.split(_M81, 1)[1])))
        if articles:
            zh_name, en_name = _LAWS["2025 Measures"]
            return (f"依据：{zh_name}" + "、".join(f"第{a}条" for a in articles) + "。",
                    f"Basis: {en_name}, "
                    + ", ".join(f"Art. {_article_number(a)}" for a in articles) + ".")
    if (cited := _CITED.match(spec.source)) is not None:
        zh_name, en_name = _LAWS[cited.group(1)]
        n = int(cited.group(2))
        return f"依据：{zh_name}第{_zh_number(n)}条。", f"Basis: {en_name}, Art. {n}."
    if "2015 Measures" in spec.source.split("：", 1)[0]:
        return ("依据：《专利行政执法办法》（2015年）。",
                "Basis: Measures for Patent Administrative Enforcement (2015).")
    return None


def _art(article: str, zh: str) -> str:
    return f"{_M81}{article}：{zh}"


def _from_2015(key: str, source: str) -> PeriodSpec:
    return replace(DEFAULT_PERIODS[key], source=source)


#: The periods of the 2025 Measures (DOMAIN.md §16.3), for workflow versions that follow them.
PERIODS_2025: Mapping[str, PeriodSpec] = MappingProxyType({
    "acceptance": PeriodSpec(5, _WD, False, "M3 " + _art(
        "第二十条", "「应当自收到请求书之日起五个工作日内立案并通知请求人……应当自收到请求书之日起"
        "五个工作日内通知请求人不予立案，说明理由。」")),
    "acceptance_extension": PeriodSpec(5, _WD, False, "M3 " + _art(
        "第二十条", "「经管理专利工作的部门负责人批准，立案期限可以延长五个工作日。」")),
    "correction": PeriodSpec(15, _D, True, "M4 " + _art(
        "第十六条", "「以书面形式一次性全面告知请求人应当补正的材料和期限。」期限由本部门指定"
        "（办法未规定天数；15日仅为表单的建议值）")),
    "serve_copy": PeriodSpec(5, _WD, False, "M6 " + _art(
        "第二十二条", "「应当自立案之日起五个工作日内将请求书及其附件的副本送达被请求人」")),
    "reply": PeriodSpec(15, _D, True, "M7 " + _art(
        "第二十二条", "「要求其自收到之日起十五日内提交答辩书」")),
    "reply:no_domicile": PeriodSpec(30, _D, True, "M7 " + _art(
        "第二十二条", "「被请求人在中华人民共和国内没有固定住所的，应当自收到之日起三十日内提交答辩书」")),
    "forward_reply": PeriodSpec(5, _WD, False, "M8 " + _art(
        "第二十二条", "「被请求人提交答辩书的，管理专利工作的部门应当自收到之日起五个工作日内将答辩书"
        "副本送达请求人。」")),
    "objection_decision": PeriodSpec(5, _WD, False, "M10 " + _art(
        "第九条", "「应当自收到管辖权异议书之日起五个工作日内作出决定」")),
    "closure": PeriodSpec(3, _M, True, "M14 " + _art(
        "第三十七条", "「应当自立案之日起三个月内结案。」「中止、公告、检验鉴定、管辖异议和当事人申请的"
        "延长举证期限与和解期间不计入前款案件处理期限。」")),
    "closure_extension": PeriodSpec(1, _M, True, "M14 " + _art(
        "第三十七条", "「经批准延长的期限，最长不超过一个月。」（负责人批准）")),
    "closure_extension_2": PeriodSpec(2, _M, True, "M14 " + _art(
        "第三十七条", "「经上一级管理专利工作的部门批准继续延期的，应当同时确定不超过两个月的延长期限。」")),
    "publication": PeriodSpec(20, _WD, False, "M18 " + _art(
        "第八十三条", "「应当自作出之日起二十个工作日内依法公开」；应当删除或者遮盖涉及国家秘密、商业秘密、"
        "个人隐私以及其他不宜公开的信息")),
    "appeal": _from_2015("appeal", "M20 专利法第65条；" + _art(
        "第三十一条第（五）项", "行政裁决书载明「不服行政裁决提起行政诉讼的途径和期限」：收到之日起15日内")),
    "statement": PeriodSpec(15, _D, True, "M24 " + _art(
        "第六十五条", "「要求其自收到之日起十五日内提交意见陈述书」")),
    "mediation_serve_copy": PeriodSpec(5, _WD, False, "M23 " + _art(
        "第六十五条", "「应当在收到调解请求书后制作陈述意见通知书，连同请求书副本于五个工作日内送达"
        "被请求人」")),
    "mediation_filing": PeriodSpec(5, _WD, False, "M25 " + _art(
        "第六十六条", "「应当自收到意见陈述书之日起五个工作日内立案，并通知请求人和被请求人进行调解的"
        "时间和地点」")),
    "not_opened_notice": PeriodSpec(5, _WD, False, "M26 " + _art(
        "第六十六条", "「不予立案，并在期限届满或者收到意见陈述书之日起五个工作日内通知请求人」")),
    "mediation:ownership": PeriodSpec(2, _M, True, "M27 " + _art(
        "第七十条", "「管理专利工作的部门调解专利权权属纠纷，应当在两个月内结案。」（自立案之日起算，"
        "为本系统约定）")),
    "mediation_extension:ownership": PeriodSpec(1, _M, True, "M27 " + _art(
        "第七十条", "「案件特别复杂需要延长期限的，应当由管理专利工作的部门负责人批准，经批准延长的期限，"
        "最长不超过一个月。」")),
    "mediation:party_request": _from_2015("mediation:party_request", (
        "T14 not from the Measures: 办法对权属纠纷以外的调解未规定期限；本系统默认自立案之日起2个月，"
        "可在 DEADLINE_PERIODS 中调整（原国家知识产权局通知 [S], UNVERIFIED）")),
    "mediation:court_assigned": DEFAULT_PERIODS["mediation:court_assigned"],
    "mediation:ordinary": DEFAULT_PERIODS["mediation:ordinary"],
    "mediation:simple": DEFAULT_PERIODS["mediation:simple"],
    "cnipa_copy": PeriodSpec(5, _WD, False, "M28 " + _art(
        "第七十条", "「管理专利工作的部门应当自结案之日起五个工作日内将相关文书抄送至国务院专利行政部门」")),
    "confirmation_application": _from_2015("confirmation_application", (
        "T17 CPL Art. 205 [V]（民事诉讼法第205条）：调解协议生效之日起30日内共同申请司法确认；"
        "《专利纠纷行政裁决和调解办法》未规定司法确认；调解协议书经各方当事人签名或者盖章生效"
        "（办法第三十五条、第六十九条），送达登记有各方当事人签收日期的，自其中最晚一日起算")),
    "court_review": DEFAULT_PERIODS["court_review"],
    "recusal_window": DEFAULT_PERIODS["recusal_window"],  # Art. 5 (applies to both)
    "recusal_decision": DEFAULT_PERIODS["recusal_decision"],
})

#: rule set (a workflow file's `rules.name`) -> its periods
RULE_SET_PERIODS: Mapping[str, Mapping[str, PeriodSpec]] = MappingProxyType({
    "measures_2015": DEFAULT_PERIODS,
    "court_mediation": DEFAULT_PERIODS,
    "measures_2025": PERIODS_2025,
})

_FIELDS = tuple(f.name for f in fields(PeriodSpec))


def _spec(key: str, base: PeriodSpec | None, raw: Mapping[str, Any] | PeriodSpec) -> PeriodSpec:
    """Apply one override (a whole PeriodSpec or some of its fields) to the default."""
    if isinstance(raw, PeriodSpec):
        return raw
    if not isinstance(raw, Mapping):
        raise ValueError(f"DEADLINE_PERIODS[{key!r}] must be a mapping of {list(_FIELDS)}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise ValueError(f"DEADLINE_PERIODS[{key!r}]: unknown field(s) {unknown}")
    if base is None:
        raise ValueError(f"DEADLINE_PERIODS: unknown period {key!r}; "
                         f"known: {sorted(DEFAULT_PERIODS)}")
    try:
        return replace(base, **dict(raw))
    except ValueError as exc:
        raise ValueError(f"DEADLINE_PERIODS[{key!r}]: {exc}") from None


def merge_periods(overrides: Mapping[str, Mapping[str, Any] | PeriodSpec] | None,
                  rule_set: str | None = None) -> dict[str, PeriodSpec]:
    """Return the periods of a rule set (the 2015 ones by default) with `overrides` applied.

    An override names a period key (`reply`) and applies to every rule set that has it, or a
    rule set and a key (`measures_2025.reply`) and applies to that one only. Unknown keys and
    fields are refused.
    """
    base = RULE_SET_PERIODS.get(rule_set or "measures_2015", DEFAULT_PERIODS)
    merged = dict(base)
    known = {k for table in RULE_SET_PERIODS.values() for k in table}
    for key, raw in (overrides or {}).items():
        scope, _, name = key.rpartition(".") if "." in key else ("", "", key)
        if scope and scope not in RULE_SET_PERIODS:
            raise ValueError(f"DEADLINE_PERIODS: unknown rule set {scope!r} in {key!r}")
        if scope and scope != (rule_set or "measures_2015"):
            continue
        if name not in base:
            if name in known or scope:
                continue  # a period of another rule set
            raise ValueError(f"DEADLINE_PERIODS: unknown period {key!r}; known: {sorted(known)}")
        merged[name] = _spec(key, base[name], raw)
    if merged["closure_extension"].unit != merged["closure"].unit:
        raise ValueError("DEADLINE_PERIODS: 'closure_extension' must use the unit of 'closure'")
    return merged
