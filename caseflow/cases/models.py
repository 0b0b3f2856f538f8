"""The case file: cases, patents, parties, evidence, and the counters behind case numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.timeutil import utcnow
from caseflow.vocabulary import PATENT_TYPE_LABELS, WORKFLOW_LABELS


class Patent(db.Model):
    """A patent in dispute; one row per normalised number, shared by its cases."""

    __tablename__ = "patents"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    application_year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200), default="")
    patentee: Mapped[str] = mapped_column(String(200), default="")

    @property
    def type_label(self) -> str:
        return PATENT_TYPE_LABELS.label(self.type)


class Case(db.Model):
    """A dispute from the first request to the closed file."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    number: Mapped[str | None] = mapped_column(String(60), unique=True)
    workflow: Mapped[str] = mapped_column(String(40))
    workflow_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(40), index=True)
    closure_type: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(20))
    court_name: Mapped[str | None] = mapped_column(String(100))
    court_case_number: Mapped[str | None] = mapped_column(String(60))
    court_procedure: Mapped[str | None] = mapped_column(String(10))

    patent_id: Mapped[int] = mapped_column(ForeignKey("patents.id"), index=True)
    intake_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    handling_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    received_on: Mapped[date] = mapped_column(Date, index=True)
    filed_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    claim_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    summary: Mapped[str] = mapped_column(Text, default="")
    infringement_place: Mapped[str | None] = mapped_column(String(12))
    has_evaluation_report: Mapped[bool] = mapped_column(default=False)
    court_action_filed: Mapped[bool] = mapped_column(default=False)
    agreement_subject: Mapped[str | None] = mapped_column(String(20))
    agreement_effective_on: Mapped[date | None] = mapped_column(Date)
    agreement_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    ruling_number: Mapped[str | None] = mapped_column(String(60))
    court_return_outcome: Mapped[str | None] = mapped_column(String(20))
    court_return_report: Mapped[str | None] = mapped_column(Text)
    court_returned_on: Mapped[date | None] = mapped_column(Date)
    extended_on: Mapped[date | None] = mapped_column(Date)
    # --- the 2025 Measures (adjudication v2 and mediation v2; filled by workflow effects) ---
    extension_level: Mapped[int] = mapped_column(default=0)  # closure extensions approved (Art. 37)
    extended_until: Mapped[date | None] = mapped_column(Date)  # before excluded days are added
    acceptance_extended_on: Mapped[date | None] = mapped_column(Date)  # Art. 20
    open_periods: Mapped[str] = mapped_column(String(200), default="")  # kinds not counted, open
    objection_upheld: Mapped[bool] = mapped_column(default=False)  # Art. 9
    invalidation_accepted_on: Mapped[date | None] = mapped_column(Date)  # Arts. 28-29
    suspension_decision: Mapped[str | None] = mapped_column(String(12))  # suspended | declined
    hearing_on: Mapped[date | None] = mapped_column(Date)  # Art. 26 (as last set or postponed)
    proposed_outcome: Mapped[str | None] = mapped_column(String(20))  # the panel's (Art. 25)
    proposal_reasons: Mapped[str | None] = mapped_column(Text)
    proposal_orders: Mapped[str | None] = mapped_column(Text)  # Art. 31
    votes_for: Mapped[int | None] = mapped_column()
    votes_against: Mapped[int | None] = mapped_column()
    dissent: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)  # Art. 83
    published_where: Mapped[str | None] = mapped_column(String(500))
    mediation_subject: Mapped[str | None] = mapped_column(String(30))  # Art. 63
    prior_decision_ref: Mapped[str | None] = mapped_column(String(100))  # Art. 64
    grant_announced_on: Mapped[date | None] = mapped_column(Date)  # Art. 63(4)
    session_on: Mapped[date | None] = mapped_column(Date)  # Art. 66
    session_place: Mapped[str | None] = mapped_column(String(300))
    notarized_on: Mapped[date | None] = mapped_column(Date)  # Arts. 35, 69
    notary_office: Mapped[str | None] = mapped_column(String(200))
    notarial_certificate_no: Mapped[str | None] = mapped_column(String(100))
    payment_content: Mapped[bool | None] = mapped_column()
    enforcement_undertaking: Mapped[bool | None] = mapped_column()
    foreign_party: Mapped[bool] = mapped_column(default=False)
    multi_prefecture: Mapped[bool] = mapped_column(default=False)
    major: Mapped[bool] = mapped_column(default=False)
    signed_for: Mapped[bool] = mapped_column(default=True)
    routed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    patent: Mapped[Patent] = relationship(lazy="joined")
    intake_unit: Mapped[Unit] = relationship(foreign_keys=[intake_unit_id], lazy="joined")
    handling_unit: Mapped[Unit] = relationship(foreign_keys=[handling_unit_id], lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    parties: Mapped[list[Party]] = relationship(back_populates="case", order_by="Party.id",
                                                cascade="all, delete-orphan")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="case",
                                                    order_by="Evidence.id")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_handling_unit_status", "handling_unit_id", "status"),
        Index("ix_cases_handling_unit_received", "handling_unit_id", "received_on"),
    )

    @property
    def display_number(self) -> str:
        return self.number or self.receipt_number or f"#{self.id}"

    @property
    def panel_size(self) -> int | None:
        """Count the sitting panel members (None while no panel was named): guards read it."""
        from sqlalchemy import func, select
        from sqlalchemy.orm import object_session

        session = object_session(self)
        if session is None or self.id is None:
            return None
        rows = session.execute(select(func.count(), func.count(PanelMember.removed_on))
                               .where(PanelMember.case_id == self.id)).one()
        return rows[0] - rows[1] if rows[0] else None

    @property
    def under_2025_measures(self) -> bool:
        """Tell whether the case follows the 2025 Measures (version 2 of its workflow file)."""
        return self.workflow in ("adjudication", "prelitigation_mediation") and (
            self.workflow_version >= 2)

    @property
    def ownership_mediation(self) -> bool:
        """Tell whether the case is a party's mediation about ownership under the 2025
        Measures: 2 months, extended once by at most a month by its supervisor (Art. 70)."""
        return (self.workflow == "prelitigation_mediation" and self.under_2025_measures
                and self.source == "party_request" and self.mediation_subject == "ownership")

    @property
    def patent_type(self) -> str:
        return self.patent.type

    @property
    def procedure(self) -> str | None:
        return self.court_procedure

    @property
    def is_court_linked(self) -> bool:
        return self.source in ("court_assigned", "court_entrusted")

    @property
    def requesters(self) -> list[Party]:
        return [p for p in self.parties if p.role == "requester"]

    @property
    def respondents(self) -> list[Party]:
        return [p for p in self.parties if p.role == "respondent"]

    @property
    def workflow_label(self) -> str:
        return WORKFLOW_LABELS.label(self.workflow)


class Party(db.Model):
    """A requester or respondent; identity numbers are stored encrypted."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))  # requester | respondent
    kind: Mapped[str] = mapped_column(String(12))  # person | organization
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    id_number_masked: Mapped[str | None] = mapped_column(String(18))
    id_number_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_phone: Mapped[str | None] = mapped_column(String(40))
    agent_has_power_of_attorney: Mapped[bool] = mapped_column(default=False)
    # 「在中华人民共和国内没有固定住所」: such a respondent has 30 days to reply, not 15
    # (Measures 2025 Art. 22). Recorded, never inferred from the address (DOMAIN.md §16.20 item 5).
    no_domicile_in_china: Mapped[bool] = mapped_column(default=False, server_default=false())

    case: Mapped[Case] = relationship(back_populates="parties")


class Evidence(db.Model):
    """An uploaded file, stored outside any static folder under a generated name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="evidence")
    uploaded_by: Mapped[User] = relationship()


class NumberCounter(db.Model):
    """The last serial used for one numbering key (unit + workflow) in one year."""

    __tablename__ = "number_counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    year: Mapped[int]
    last_value: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("key", "year", name="uq_number_counters_key_year"),)


class PanelMember(db.Model):
    """One seat of a case's panel (合议组, Art. 20): position 0 is the lead (承办人)."""

    __tablename__ = "case_panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int]
    named_on: Mapped[date] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)
    removed_reason: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def lead(self) -> bool:
        return self.position == 0


class RecusalApplication(db.Model):
    """A party's application that a handler withdraw from the case (Art. 5)."""

    __tablename__ = "recusal_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    target_name: Mapped[str | None] = mapped_column(String(100))
    target_role: Mapped[str] = mapped_column(String(30))
    grounds: Mapped[str] = mapped_column(Text)
    applied_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    party: Mapped[Party] = relationship()
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def target_label(self) -> str:
        return self.target_user.name if self.target_user else (self.target_name or "")
