"""Replay a case's acts into its deadline clocks (WORKFLOWS.md §5, workflows/README.md).

Pure: the standard library, `caseflow.deadlines.*` and (for type hints) the workflow spec.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.periods import (
    DEFAULT_PERIODS,
    RULE_SET_PERIODS,
    PeriodSpec,
    citation,
    period_key,
)
from caseflow.deadlines.rules import (
    Due,
    _end,
    _finish,
    _tail,
    add_days,
    add_months,
    add_working_days,
    working_days_left,
)

if TYPE_CHECKING:
    from caseflow.workflow.spec import ClockStart, Workflow

STATUSES = ("info", "paused", "met", "missed", "running")
RECUSAL_ACTS = frozenset({"panel_named", "panel_changed", "recusal_applied", "recusal_decided"})
#: the service register's acts (caseflow/documents/serving.py) and the per-party clock the
#: registered service of each document kind starts: the respondent's reply period runs from
#: its service of the 答辩通知书 (Art. 22), each party's appeal period from its service of the
#: decision (Art. 31(5); issue 14 item 4)
SERVICE_ACTS = frozenset({"document_served", "document_service_proven"})
SERVICE_CLOCKS = {"reply_notice": "reply", "decision": "appeal"}
#: the document kinds that take effect once served on (signed by) every party, and the clock
#: that runs from that day: the 调解协议书 takes effect when the last party signs for it (Arts.
#: 35, 69: signed or sealed by the parties), and the joint application for judicial
#: confirmation is due within 30 days of its taking effect (CPL Art. 205)
EFFECTIVE_CLOCKS = {"mediation_agreement": "confirmation_application"}


class ClockError(ValueError):
    """The acts cannot be replayed: a period is missing or the dates contradict each other."""


@dataclass(frozen=True)
class Act:
    """One recorded act on a case, oldest first, as replayed from its audit events."""

    kind: str
    on: date
    trigger: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    to_status: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    """The case attributes clocks depend on."""

    received_on: date
    source: str | None = None
    procedure: str | None = None
    mediation_variant: str | None = None
    no_domicile: frozenset[int] = frozenset()  # parties without a fixed domicile in China


@dataclass(frozen=True)
class Clock:
    """One deadline clock as of the last act; its status is derived by `clock_status`."""

    kind: str
    started_on: date
    due_on: date | None
    stopped_on: date | None
    paused_since: date | None
    paused_days: int
    extended: bool
    provisional: bool
    basis: str
    basis_en: str
    info: bool = False
    party_id: int | None = None
    variant: str | None = None
    extended_days: int = 0
    source: str = ""


@dataclass
class _Run:
    """A clock being replayed (mutable).

    `excluded` holds the periods not counted in it, `[first day, end or None, kind]`: from the
    opening act's date (counted as excluded) to the closing act's date (not excluded). They
    may overlap (a public notice during an appraisal, a suspension during both): the days
    excluded are their union, so no day is excluded twice.
    """

    kind: str
    variant: str | None
    started_on: date
    party_id: int | None = None
    stopped_on: date | None = None
    excluded: list[list[Any]] = field(default_factory=list)
    extended: bool = False
    extended_days: int = 0
    extension_until: date | None = None  # an approved extension's end, before excluded days
    extension_level: int = 0
    earlier_extensions: list[tuple[int, date]] = field(default_factory=list)  # (level, until)
    due_override: date | None = None  # a due date set by the bureau or the panel
    override_note: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        return period_key(self.kind, self.variant)

    @property
    def open(self) -> bool:
        return self.stopped_on is None

    @property
    def paused_since(self) -> date | None:
        starts = [start for start, end, _ in self.excluded if end is None]
        return min(starts) if starts else None

    @property
    def paused_days(self) -> int:
        return len(excluded_days(self.excluded))

    def open_interval(self, kind: str) -> list[Any] | None:
        return next((i for i in self.excluded if i[2] == kind and i[1] is None), None)


def excluded_days(intervals: Sequence[Sequence[Any]]) -> set[date]:
    """Return the days inside the closed intervals `[first, end, kind]` (end not counted)."""
    days: set[date] = set()
    for start, end, _kind in intervals:
        if end is None:
            continue
        if end < start:
            raise ClockError(f"{_kind}: closed on {end} before it opened on {start}")
        days.update(start + timedelta(days=i) for i in range((end - start).days))
    return days


def _as_date(value: Any, what: str) -> date:
    """Accept a date or a `YYYY-MM-DD` string (data comes back from JSON)."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ClockError(f"{what}: not a date: {value!r}") from None


def _plus_months(start: date, n: int) -> date:
    """Return the same day n months later, clamped to the month's last day (DOMAIN §9 rule 4)."""
    year, month = divmod(start.year * 12 + start.month - 1 + n, 12)
    return date(year, month + 1, min(start.day, _stdcal.monthrange(year, month + 1)[1]))


def _arithmetic(run: _Run, spec: PeriodSpec, n: int, cal: WorkCalendar) -> Due:
    """Count n units from the start, adding paused and agreed extra days, then roll."""
    if spec.unit == "working_days":
        return add_working_days(cal, run.started_on, n)
    adder = add_days if spec.unit == "days" else add_months
    if not run.extended_days:
        return adder(cal, run.started_on, n, paused_days=run.paused_days, roll=spec.roll)
    # Extra days agreed by the parties are added to the unrolled deadline, like pauses.
    base = (run.started_on + timedelta(days=n) if spec.unit == "days"
            else _plus_months(run.started_on, n)) + timedelta(days=run.paused_days)
    extra = add_days(cal, base, run.extended_days, roll=spec.roll)
    word_zh, word_en = replace(spec, n=n).words()
    p_zh = f"，加中止期间{run.paused_days}日" if run.paused_days else ""
    p_en = f", plus {run.paused_days} suspended day(s)" if run.paused_days else ""
    zh = f"自{run.started_on.isoformat()}起算{word_zh}{p_zh}，原期限届满日为{base.isoformat()}；"
    en = (f"Counted {word_en} from {run.started_on.isoformat()}{p_en}: the original period ends "
          f"{base.isoformat()}. ")
    return Due(extra.due_on, extra.provisional, zh + extra.basis, en + extra.basis_en)


_EXCLUDED_LABELS = {
    "suspension": ("中止", "suspension"), "public_notice": ("公告", "public notice"),
    "appraisal": ("检验鉴定", "appraisal"), "jurisdiction_objection": ("管辖异议",
                                                                  "jurisdiction objection"),
    "evidence_extension": ("当事人申请的延长举证期限", "evidence period extended on request"),
    "settlement": ("和解", "settlement"),
}


def _excluded_note(run: _Run) -> tuple[str, str]:
    """Say which periods were not counted and how many days they cover together."""
    closed = [i for i in run.excluded if i[1] is not None]
    kinds = list(dict.fromkeys(i[2] for i in closed))
    if kinds == ["suspension"]:
        return (f"中止{run.paused_days}天已顺延", f"{run.paused_days} suspended day(s) added")
    zh = "、".join(f"{_EXCLUDED_LABELS.get(k, (k, k))[0]}（{a.isoformat()}至{b.isoformat()}）"
                  for a, b, k in closed)
    en = "; ".join(f"{_EXCLUDED_LABELS.get(k, (k, k))[1]} ({a.isoformat()} to {b.isoformat()})"
                   for a, b, k in closed)
    return (f"不计入期限的期间：{zh}，合并计{run.paused_days}日（重叠日只计一次）已顺延",
            f"periods not counted: {en}, {run.paused_days} day(s) in all (a day counted once) "
            "added")


def _from_base(cal: WorkCalendar, base: date, extra: int, roll: bool, zh: str, en: str) -> Due:
    """Add `extra` days to an unrolled base date, roll, and finish the explanation."""
    unrolled = base + timedelta(days=extra)
    due, r_zh, r_en, f = _tail(cal, base, unrolled, roll)
    if extra:
        zh += f"，加{extra}日为{f(unrolled)}"
        en += f", plus {extra} day(s): {f(unrolled)}"
    return _finish(cal, base, due, zh + _end(r_zh, due), en + _end(r_en, due, "en"))


#: how the basis names an approved closure extension: (first, further) × (zh, en)
_EXTENSION_WORDS = {False: ("经负责人批准延长", "extended with the head's approval"),
                    True: ("经上一级管理专利工作的部门批准继续延长",
                           "further extended with the approval of the department above")}


def _due(run: _Run, periods: Mapping[str, PeriodSpec], cal: WorkCalendar) -> tuple[Due, PeriodSpec]:
    """Compute a clock's deadline and explain it, with the pause and extension notes first."""
    spec = periods.get(run.key)
    if spec is None:
        raise ClockError(f"no period configured for clock {run.key!r}")
    if run.due_override is not None:
        zh, en = run.override_note or ("", "")
        return Due(run.due_override, not cal.is_covered(run.due_override),
                   f"{zh}至{run.due_override.isoformat()}。",
                   f"{en} {run.due_override.isoformat()}."), spec
    n = spec.n
    notes_zh: list[str] = []
    notes_en: list[str] = []
    if run.extended and run.extension_until is None:
        ext = periods.get(f"{run.kind}_extension")
        if ext is None:
            raise ClockError(f"no extension period configured for clock {run.kind!r}")
        n += ext.n
        words_zh, words_en = ext.words()
        unit_zh = spec.words()[0].removeprefix(str(spec.n))
        since_zh, since_en = ("自立案日起算", " from filing") if run.kind == "closure" else ("", "")
        notes_zh.append(f"经批准延长{words_zh}（{since_zh}{spec.n}+{ext.n}{unit_zh}）")
        notes_en.append(f"extended by {words_en} with approval (counted as {spec.n}+{ext.n} "
                        f"{spec.unit.replace('_', ' ')}{since_en})")
    if run.extended_days:
        notes_zh.append(f"经双方当事人同意延长{run.extended_days}日")
        notes_en.append(f"extended by {run.extended_days} day(s) with both parties' consent")
    if run.paused_days:
        zh_note, en_note = _excluded_note(run)
        notes_zh.append(zh_note)
        notes_en.append(en_note)
    for level, until in run.earlier_extensions:
        notes_zh.append(f"{_EXTENSION_WORDS[level > 1][0]}至{until.isoformat()}")
        notes_en.append(f"{_EXTENSION_WORDS[level > 1][1]} to {until.isoformat()}")
    if run.extension_until is not None:
        level_zh, level_en = _EXTENSION_WORDS[run.extension_level > 1]
        due = _from_base(cal, run.extension_until, run.paused_days, spec.roll,
                         f"{level_zh}至{run.extension_until.isoformat()}（自立案日起算，未加不计入期间）",
                         f"{level_en} to {run.extension_until.isoformat()} (from filing, before "
                         "periods not counted)")
    else:
        due = _arithmetic(run, spec, n, cal)
    if not notes_zh:
        return due, spec
    zh = "；".join(notes_zh) + "。" + due.basis
    en = "; ".join(notes_en)
    en = en[:1].upper() + en[1:] + ". " + due.basis_en
    return Due(due.due_on, due.provisional, zh, en), spec


class _Replay:
    """Apply acts one by one to the clocks of one case."""

    def __init__(self, workflow: Workflow, facts: CaseFacts,
                 periods: Mapping[str, PeriodSpec],
                 options: Mapping[str, Any] | None = None) -> None:
        self.workflow = workflow
        self.facts = facts
        self.periods = periods
        self.options = options or {}
        self.status = workflow.initial
        self.runs: dict[tuple[str, int | None], _Run] = {}
        self.pending_recusals: dict[int, set[Any]] = {}
        self.served: dict[tuple[str, int], date] = {}  # (clock, party) -> registered service
        self.effective: dict[str, date] = {}  # clock -> its document's registered effect
        self.signed: dict[int, dict[int, date]] = {}  # document -> party -> registered service

    def variant_of(self, cs: ClockStart, party: int | None) -> str | None:
        if cs.variant is not None or cs.variant_from is None:
            return cs.variant
        if cs.variant_from == "party_domicile":
            return "no_domicile" if party in self.facts.no_domicile else None
        variant = getattr(self.facts, cs.variant_from, None)
        if not variant:
            raise ClockError(f"clock {cs.clock!r} takes its period from the case's "
                             f"{cs.variant_from!r}, which is not set")
        return variant

    def start(self, cs: ClockStart, act: Act, initial: bool = False) -> None:
        facts = {"source": self.facts.source, "procedure": self.facts.procedure,
                 "mediation_variant": self.facts.mediation_variant}
        if not cs.applies({**facts, **act.data}):
            return
        if cs.per_party is not None:
            for i, receipt in enumerate(act.data.get(cs.per_party) or ()):
                party = int(receipt["party"])
                on = _as_date(receipt["received_on"], f"{cs.per_party}[{i}].received_on")
                on = self.served.get((cs.clock, party), on)  # the register, when it has one
                self.put(_Run(cs.clock, self.variant_of(cs, party), on, party))
            return
        on = act.on
        if cs.from_input is not None:
            value = (getattr(self.facts, cs.from_input, None) if initial else None)
            value = value or act.data.get(cs.from_input)
            on = _as_date(value, cs.from_input) if value else act.on
            on = self.effective.get(cs.clock, on)  # the register, when it has the day
        party = _party(act, cs.party)
        run = _Run(cs.clock, self.variant_of(cs, party), on, party)
        if cs.due_from is not None and act.data.get(cs.due_from):
            run.due_override = _as_date(act.data[cs.due_from], cs.due_from)
            run.override_note = ("期限由本部门书面指定", "Period set by the bureau in writing: due")
        self.put(run)

    def put(self, run: _Run) -> None:
        """Add a clock; one of the same kind (and party) is replaced and moves to the end."""
        self.runs.pop((run.kind, run.party_id), None)
        self.runs[(run.kind, run.party_id)] = run

    def open_runs(self, kind: str | None = None, party: int | None = None) -> list[_Run]:
        return [r for r in self.runs.values() if r.open and (kind is None or r.kind == kind)
                and (party is None or r.party_id == party)]

    def stop(self, run: _Run, on: date) -> None:
        for interval in run.excluded:  # stopping ends every period not counted too
            if interval[1] is None:
                self.close(run, interval, on)
        run.stopped_on = on

    @staticmethod
    def close(run: _Run, interval: list[Any], on: date) -> None:
        if on < interval[0]:
            raise ClockError(f"clock {run.kind!r}: {interval[2]} ended {on} before it began "
                             f"{interval[0]}")
        interval[1] = on

    def excludable(self, run: _Run) -> bool:
        spec = self.periods.get(run.key)
        # Working-day clocks (acceptance, serve_copy, ...) ignore suspensions.
        return spec is not None and spec.unit != "working_days"

    def exclude(self, kinds: Sequence[str], what: Any, on: date, opening: bool) -> None:
        if not what:
            return
        for kind in kinds:
            for run in self.open_runs(kind):
                current = run.open_interval(str(what))
                if opening and current is None and self.excludable(run):
                    run.excluded.append([on, None, str(what)])
                elif not opening and current is not None:
                    self.close(run, current, on)

    def stop_on(self, kind: str, act: Act) -> date:
        """The day an act meets a clock: for `serve_copy`, dispatch or receipt (a setting)."""
        receipts = act.data.get("receipts")
        if kind == "serve_copy" and self.options.get("serve_copy_met_by") == "receipt" and receipts:
            return max(_as_date(r["received_on"], "receipts") for r in receipts)
        return act.on

    def transition(self, act: Act) -> None:
        t = self.workflow.find(self.status, act.trigger or "")
        if t is None:
            self.status = act.to_status or self.status
            return
        self.status = act.to_status or t.dest_from(self.status)
        clocks = t.clocks
        for kind in clocks.stop:
            for run in self.open_runs(kind):
                self.stop(run, self.stop_on(kind, act))
        for limited in clocks.stop_if:
            if limited.applies(act.data):
                for run in self.open_runs(limited.clock, _party(act, limited.party)):
                    self.stop(run, act.on)
        if self.workflow.is_terminal(self.status) and not t.action:
            for run in self.open_runs():
                if run.kind not in clocks.keep:
                    self.stop(run, act.on)
        self.exclude(clocks.pause, "suspension", act.on, opening=True)
        self.exclude(clocks.resume, "suspension", act.on, opening=False)
        self.exclude(clocks.exclude_open, act.data.get("kind"), act.on, opening=True)
        self.exclude(clocks.exclude_close, act.data.get("kind"), act.on, opening=False)
        for kind in clocks.extend:
            for run in self.open_runs(kind):
                run.extended = True
        for move in clocks.extend_to:
            if move.applies(act.data) and move.until and act.data.get(move.until):
                for run in self.open_runs(move.clock, _party(act, move.party)):
                    run.due_override = _as_date(act.data[move.until], move.until)
                    run.override_note = ("合议组决定延长期限", "Extended by the panel's decision to")
        for cs in clocks.start:
            if (cs.clock == "acceptance" and act.trigger == "receive_correction"
                    and not self.options.get("correction_restarts_acceptance", True)):
                continue  # Art. 16: 及时立案; the 5-working-day restart is a local policy
            self.start(cs, act)

    def extend(self, act: Act) -> None:
        """Apply an approved closure extension (2015: one month; 2025: level 1 or 2, `until`)."""
        until = act.data.get("until")
        for run in self.open_runs("closure"):
            run.extended = True  # a second 2015 extension changes nothing
            if until:
                if run.extension_until is not None:  # the basis names every approval
                    run.earlier_extensions.append((run.extension_level, run.extension_until))
                run.extension_until = _as_date(until, "until")
                run.extension_level = int(act.data.get("level") or 1)

    def apply(self, act: Act) -> None:
        if act.kind == "intake":
            self.status = self.workflow.initial
            for cs in self.workflow.initial_clocks:
                self.start(cs, act, initial=True)
        elif act.kind == "transition":
            self.transition(act)
        elif act.kind == "extend":
            self.extend(act)
        elif act.kind == "extend_mediation":
            days = int(act.data.get("days", 0))
            if days < 1:
                raise ClockError(f"extend_mediation needs a positive 'days', not {days}")
            for run in self.open_runs("mediation"):
                run.extended_days += days
        elif act.kind in RECUSAL_ACTS:
            self.recusal(act)
        elif act.kind in SERVICE_ACTS and self.options.get("service_drives_clocks"):
            self.service(act)

    def service(self, act: Act) -> None:
        """A registered service date of a party: its clock runs from it (a clock already
        started from a typed receipt date starts again from the registered one)."""
        kind = str(act.data.get("kind"))
        clock = SERVICE_CLOCKS.get(kind)
        party, served_on = act.data.get("party"), act.data.get("served_on")
        if kind in EFFECTIVE_CLOCKS and party is not None and served_on:
            self.took_effect(act, int(party), _as_date(served_on, "served_on"))
        if clock is None or party is None or not served_on:
            return
        party, on = int(party), _as_date(served_on, "served_on")
        self.served[(clock, party)] = on
        run = self.runs.get((clock, party))
        if run is not None and run.open:
            run.started_on = on

    def took_effect(self, act: Act, party: int, on: date) -> None:
        """A party's registered service of a document that takes effect once every party is
        served: when the last is, its clock runs from the latest of their days."""
        clock = EFFECTIVE_CLOCKS[str(act.data.get("kind"))]
        parties = {int(p) for p in act.data.get("parties") or ()}
        served = self.signed.setdefault(int(act.data.get("document") or 0), {})
        served[party] = on
        if not parties or not parties <= served.keys():
            return
        self.effective[clock] = max(served[p] for p in parties)
        run = self.runs.get((clock, None))
        if run is not None and run.open:
            run.started_on = self.effective[clock]

    def recusal(self, act: Act) -> None:
        """The 3-working-day window from the panel's naming (Art. 5, info) and, per applying
        party, the decision on its applications (3 WD from the earliest still pending, [G])."""
        if act.kind in ("panel_named", "panel_changed"):
            self.put(_Run("recusal_window", None, act.on))
            return
        party, application = int(act.data["party"]), act.data["application"]
        pending = self.pending_recusals.setdefault(party, set())
        if act.kind == "recusal_applied":
            if not pending:
                self.put(_Run("recusal_decision", None, act.on, party))
            pending.add(application)
            return
        pending.discard(application)
        if not pending:
            for run in self.open_runs("recusal_decision"):
                if run.party_id == party:
                    self.stop(run, act.on)


def _party(act: Act, name: str | None) -> int | None:
    """Return the party id an act's `party` input names (None when the clock is not per party)."""
    if name is None:
        return None
    value = act.data.get(name)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        raise ClockError(f"{name}: not a party id: {value!r}") from None


def compute_clocks(workflow: Workflow, facts: CaseFacts, acts: Sequence[Act], cal: WorkCalendar,
                   periods: Mapping[str, PeriodSpec] | None = None,
                   options: Mapping[str, Any] | None = None) -> list[Clock]:
    """Replay the acts (oldest first) and return every clock the case has had, in start order.

    Acts of other kinds are ignored, so the caller may pass every audit event it replays.
    `options` carries the settings the law leaves open (`serve_copy_met_by`: `dispatch` or
    `receipt`; `correction_restarts_acceptance`: bool).
    """
    if periods is None:  # the periods of the rule set the workflow version follows
        periods = RULE_SET_PERIODS.get(workflow.rules.name if workflow.rules else "",
                                       DEFAULT_PERIODS)
    replay = _Replay(workflow, facts, periods, options)
    for act in acts:
        replay.apply(act)
    clocks: list[Clock] = []
    for run in replay.runs.values():
        due, spec = _due(run, periods, cal)
        cited = citation(spec)
        if cited is not None:
            due = replace(due, basis=f"{due.basis}{cited[0]}",
                          basis_en=f"{due.basis_en} {cited[1]}")
        clocks.append(Clock(
            kind=run.kind, started_on=run.started_on, due_on=due.due_on,
            stopped_on=run.stopped_on, paused_since=run.paused_since,
            paused_days=run.paused_days, extended=run.extended, provisional=due.provisional,
            basis=due.basis, basis_en=due.basis_en, info=spec.info, party_id=run.party_id,
            variant=run.variant, extended_days=run.extended_days, source=spec.source))
    return clocks


def clock_status(clock: Clock, today: date) -> str:
    """Return 'info', 'paused', 'met', 'missed' or 'running' (WORKFLOWS.md §5)."""
    if clock.info:
        return "info"
    if clock.stopped_on is not None:
        return "met" if clock.due_on is None or clock.stopped_on <= clock.due_on else "missed"
    if clock.paused_since is not None:
        return "paused"
    if clock.due_on is not None and today > clock.due_on:
        return "missed"
    return "running"


def days_left(clock: Clock, cal: WorkCalendar, today: date) -> int | None:
    """Return the working days left (negative once overdue); None unless the clock is running
    or overdue and open (stopped, info and paused clocks have no meaningful count)."""
    if clock.info or clock.stopped_on or clock.paused_since or clock.due_on is None:
        return None
    return working_days_left(cal, today, clock.due_on)
