"""The labels of the public vocabulary (WORKFLOWS.md): one name per thing, Chinese first.

Every code a user may see named — deadline kinds, roles, workflows, sources, closure types,
outcomes, patent types, party kinds, unit levels and the recorded actions that are not workflow
transitions — is labelled here and nowhere else (tests/workflow/test_vocabulary.py checks it).
Workflow states and transitions keep their labels in the YAML files.

Each table is a `Labels` mapping: `LABELS[code]` is a lazy label that reads in the current
language wherever it is shown (pages, forms, flashes); `LABELS.label(code)` is that text now, the
code itself when it is unknown; `LABELS.chinese[code]` is the Chinese text whatever the language,
for text that is stored (routing reasons, the audit trail). This module imports nothing from the
feature rooms, so any room may import it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from caseflow.i18n_markers import N_


class Labels(Mapping[str, LazyString]):
    """code -> lazy label, built from the Chinese msgids (marked `N_` so pybabel extracts them)."""

    def __init__(self, chinese: Mapping[str, str]) -> None:
        self.chinese: Mapping[str, str] = MappingProxyType(dict(chinese))
        self._lazy = {code: _l(text) for code, text in chinese.items()}

    def __getitem__(self, code: str) -> LazyString:
        return self._lazy[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lazy)

    def __len__(self) -> int:
        return len(self._lazy)

    def label(self, code: str | None) -> str:
        """Return the label of `code` in the current language (the code when unknown)."""
        if code is None:
            return ""
        return str(self._lazy[code]) if code in self._lazy else code


#: deadline kinds (WORKFLOWS.md §5); the names follow the acts they time
CLOCK_LABELS = Labels({
    "acceptance": N_("受理审查期限"), "serve_copy": N_("送达请求书副本期限"),
    "reply": N_("答辩期限"), "closure": N_("结案期限"), "statement": N_("意见陈述期限"),
    "mediation_filing": N_("调解立案期限"), "mediation": N_("调解期限"),
    "confirmation_application": N_("申请司法确认期限"), "publication": N_("处理决定公开期限"),
    "appeal": N_("起诉期限"), "court_review": N_("法院审查期限"),
    "correction": N_("补正期限"), "forward_reply": N_("转送答辩书期限"),
    "objection_decision": N_("管辖权异议决定期限"),
    "mediation_serve_copy": N_("送达调解请求书副本期限"),
    "not_opened_notice": N_("不予立案通知期限"), "cnipa_copy": N_("抄送国家知识产权局期限"),
    "recusal_window": N_("申请回避期限"), "recusal_decision": N_("回避决定期限"),
})
#: how a clock stands when read (WORKFLOWS.md §5)
CLOCK_STATUS_LABELS = Labels({
    "running": N_("进行中"), "paused": N_("已暂停"), "met": N_("按期完成"),
    "missed": N_("已超期"), "info": N_("仅供参考"),
})
ROLE_LABELS = Labels({
    "officer": N_("执法人员"), "mediator": N_("调解员"), "supervisor": N_("审核/分管领导"),
    "admin": N_("系统管理员"),
})
WORKFLOW_LABELS = Labels({
    "adjudication": N_("行政裁决"), "prelitigation_mediation": N_("诉前调解"),
    "court_entrusted_mediation": N_("诉中委托调解"),
})
SOURCE_LABELS = Labels({
    "party_request": N_("当事人申请"), "court_assigned": N_("法院诉前委派"),
    "court_entrusted": N_("法院诉中委托"),
})
PROCEDURE_LABELS = Labels({"ordinary": N_("普通程序（15 日）"), "simple": N_("简易程序（7 日）")})
CLOSURE_LABELS = Labels({
    "decision": N_("作出处理决定"), "agreement": N_("达成调解协议"), "withdrawn": N_("撤回请求"),
    "withdrawn_deemed": N_("视为撤回"), "cancelled": N_("撤销案件"),
})
#: the values a transition's `choice` inputs take (outcomes, subjects, grounds)
CHOICE_LABELS = Labels({
    "infringement": N_("构成侵权"), "no_infringement": N_("不构成侵权"),
    "damages": N_("赔偿"), "ownership": N_("权属"), "licence": N_("许可"), "other": N_("其他"),
    "invalidation": N_("专利权无效宣告请求"), "ownership_dispute": N_("权属纠纷"),
    "agreement": N_("达成协议"), "failed": N_("调解不成"),
    # the 2025 Measures
    "public_notice": N_("公告"), "appraisal": N_("检验鉴定"),
    "jurisdiction_objection": N_("管辖权异议"), "evidence_extension": N_("当事人申请的延长举证期限"),
    "settlement": N_("和解"), "dismissed": N_("异议不成立，驳回"), "upheld": N_("异议成立"),
    "invention_patent": N_("涉案专利为发明专利"),
    "evaluation_report_clean": N_("专利权评价报告未发现导致无效的缺陷"),
    "repeat_request": N_("撤回后再次提出无效宣告请求"),
    "patent_upheld": N_("已有维持专利权有效的生效决定"),
    "party_died": N_("一方当事人死亡，需等待继承人表明是否参加处理"),
    "party_incapacitated": N_("一方当事人丧失民事行为能力，尚未确定法定代理人"),
    "party_dissolved": N_("作为一方当事人的法人或其他组织终止，尚未确定权利义务承受人"),
    "force_majeure": N_("一方当事人因不可抗拒的事由不能参加处理"),
    "depends_on_other_case": N_("本案须以另一案的审理结果为依据"),
    "awaiting_instruction": N_("需等待上级部门答复"),
    "absent": N_("无正当理由拒不参加口头审理"),
    "left_without_permission": N_("未经许可中途退出口头审理"),
    "not_acceptable": N_("立案后发现不符合受理条件"), "requester_gone": N_("请求人死亡或注销，无继承人或放弃"),
    "respondent_gone": N_("被请求人死亡或注销，无遗产或无承担义务的人"),
    "outside_jurisdiction": N_("不属于本部门管辖"),
    "supplement_not_provided": N_("逾期未补充提供材料"),
    "time_limit_defence": N_("被请求人提出请求时限抗辩成立"),
    "claims_not_specified": N_("请求人未明确保护范围"), "patent_invalidated": N_("专利权被宣告无效"),
    "inventorship": N_("发明人或设计人资格"), "reward_remuneration": N_("职务发明奖励和报酬"),
    "provisional_protection_fee": N_("临时保护期使用费"), "requester": N_("请求人"),
    "respondent": N_("被请求人"), "declined": N_("被请求人不同意调解"),
    "no_statement": N_("被请求人逾期未提交意见陈述书"),
})
PATENT_TYPE_LABELS = Labels({
    "invention": N_("发明"), "utility_model": N_("实用新型"), "design": N_("外观设计"),
    "pct_invention": N_("PCT 发明"), "pct_utility_model": N_("PCT 实用新型"),
})
PARTY_KIND_LABELS = Labels({"person": N_("自然人"), "organization": N_("法人或其他组织")})
PARTY_ROLE_LABELS = Labels({"requester": N_("请求人"), "respondent": N_("被请求人")})
LEVEL_LABELS = Labels({"city": N_("市局"), "county": N_("县区局"), "station": N_("市场监管所")})
ASSIST_KIND_LABELS = Labels({
    "inspection": N_("现场勘验检查"), "evidence": N_("证据固定"), "service": N_("文书送达"),
})
CHANNEL_LABELS = Labels({"web": N_("网页"), "api": N_("API")})
#: recorded actions (audit events) that are not workflow transitions; `transition` names the
#: generic act, whose own label comes from the YAML file
ACTION_LABELS = Labels({
    "login": N_("登录"), "login_failed": N_("登录失败"),
    "login_refused_locked": N_("锁定期间尝试登录"), "account_locked": N_("用户名被锁定"),
    "logout": N_("退出登录"), "api_token_issued": N_("签发 API 令牌"),
    "user_created": N_("创建用户"), "password_reset": N_("重置密码"),
    "user_activated": N_("启用用户"), "user_deactivated": N_("停用用户"),
    "unit_created": N_("创建单位"), "unit_updated": N_("修改单位"),
    "intake": N_("收件登记"), "transition": N_("办理"), "extend": N_("延长结案期限"),
    "extend_mediation": N_("延长调解期限"), "identity_revealed": N_("查看完整身份证号"),
    "pii_rotated": N_("轮换身份证号密钥"),
    "evidence_uploaded": N_("上传证据"), "evidence_downloaded": N_("下载证据"),
    "notification_created": N_("发送期限提醒"), "calendar_day_set": N_("设置工作日历"),
    "calendar_day_removed": N_("删除工作日历设置"), "calendar_year_loaded": N_("确认全年日历"),
    "refer_up": N_("报请上级办理"), "delegate": N_("交下级办理"), "transfer": N_("移交办理"),
    "sign_for": N_("签收案件"), "assign": N_("分派承办人"), "recusal": N_("申请回避"),
    "assist_requested": N_("请求协查"), "assist_done": N_("完成协查"),
    "assist_declined": N_("拒绝协查"),
    "entrustment_created": N_("创建委托"), "entrustment_updated": N_("修改委托"),
    "setting_changed": N_("修改系统设置"), "conflict_declared": N_("申报利益冲突"),
    "conflict_removed": N_("撤销利益冲突申报"), "audit_exported": N_("导出审计记录"),
    "handoff_exported": N_("导出移交法院材料包"),
    "mail_preferences_changed": N_("修改通知设置"), "user_email_changed": N_("修改用户邮箱"),
    "mail_retried": N_("重发邮件"),
    "case_corrected": N_("更正案件信息"),
    "panel_named": N_("组成合议组"), "panel_changed": N_("调整合议组"),
    "recusal_applied": N_("登记回避申请"), "recusal_decided": N_("决定是否回避"),
    "document_drafted": N_("制作文书草稿"), "document_edited": N_("修改文书草稿"),
    "document_issued": N_("签发文书"), "document_correction_started": N_("制作文书更正版本"),
    "document_served": N_("登记文书送达"), "document_service_proven": N_("登记送达日期和送达凭证"),
    # offered on its own (cases/offers.py), recorded as a `case_corrected` event
    "add_party": N_("追加当事人"),
})
#: what a correction of the case file may change (the audit event's `before` / `after` keys);
#: not in TABLES: its codes are plain field names that any dict of party data uses
CORRECTION_FIELD_LABELS = Labels({
    "summary": N_("案情摘要"), "claim_amount": N_("请求赔偿金额"),
    "infringement_place": N_("侵权行为地"), "patent.title": N_("专利名称"),
    "patent.patentee": N_("专利权人"), "role": N_("身份"), "kind": N_("类型"),
    "name": N_("名称/姓名"), "credit_code": N_("统一社会信用代码"), "id_number": N_("身份证号码"),
    "phone": N_("联系电话"), "address": N_("地址"), "agent_name": N_("代理人"),
    "agent_phone": N_("代理人电话"), "agent_has_power_of_attorney": N_("已提交授权委托书"),
    "no_domicile_in_china": N_("在中国境内无固定住所"),
})

#: who a party may ask to withdraw (Art. 5 of the 2025 Measures)
RECUSAL_TARGET_LABELS = Labels({
    "panel_member": N_("合议组成员"), "technical_investigator": N_("技术调查官"),
    "clerk": N_("书记员"), "interpreter": N_("翻译人员"), "appraiser": N_("鉴定人"),
    "assistant": N_("辅助人员"),
})
#: how a recusal application stands
RECUSAL_STATUS_LABELS = Labels({"pending": N_("待决定"), "granted": N_("准许回避"),
                                "refused": N_("驳回申请")})

#: every table, by the name the vocabulary test reports
TABLES: Mapping[str, Labels] = MappingProxyType({
    "clock": CLOCK_LABELS, "clock_status": CLOCK_STATUS_LABELS, "role": ROLE_LABELS,
    "workflow": WORKFLOW_LABELS, "source": SOURCE_LABELS, "procedure": PROCEDURE_LABELS,
    "closure": CLOSURE_LABELS, "choice": CHOICE_LABELS, "patent_type": PATENT_TYPE_LABELS,
    "party_kind": PARTY_KIND_LABELS, "party_role": PARTY_ROLE_LABELS, "level": LEVEL_LABELS,
    "assist_kind": ASSIST_KIND_LABELS, "channel": CHANNEL_LABELS, "action": ACTION_LABELS,
    "recusal_target": RECUSAL_TARGET_LABELS, "recusal_status": RECUSAL_STATUS_LABELS,
})
