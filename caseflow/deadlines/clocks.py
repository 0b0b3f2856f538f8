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
from caseflow.deadlines.periods import DEFAULT_PERIODS, PeriodSpec, period_key
from caseflow.deadlines.rules import (
    Due,
    add_days,
    add_months,
    add_working_days,
    paused_days_between,
    working_days_left,
)

if TYPE_CHECKING:
    from caseflow.workflow.spec import ClockStart, Workflow

STATUSES = ("info", "paused", "met", "missed", "running")
RECUSAL_ACTS = frozenset({"panel_named", "panel_changed", "recusal_applied", "recusal_decided"})


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
    """A clock being replayed (mutable)."""

    kind: str
    variant: str | None
    started_on: date
    party_id: int | None = None
    stopped_on: date | None = None
    paused_since: date | None = None
    paused_days: int = 0
    extended: bool = False
    extended_days: int = 0

    @property
    def key(self) -> str:
        return period_key(self.kind, self.variant)

    @property
    def open(self) -> bool:
        return self.stopped_on is None


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


def _due(run: _Run, periods: Mapping[str, PeriodSpec], cal: WorkCalendar) -> tuple[Due, PeriodSpec]:
    """Compute a clock's deadline and explain it, with the pause and extension notes first."""
    spec = periods.get(run.key)
    if spec is None:
        raise ClockError(f"no period configured for clock {run.key!r}")
    n = spec.n
    notes_zh: list[str] = []
    notes_en: list[str] = []
    if run.extended:
        ext = periods["closure_extension"]
        n += ext.n
        words_zh, words_en = ext.words()
        unit_zh = spec.words()[0].removeprefix(str(spec.n))
        notes_zh.append(f"经批准延长{words_zh}（自立案日起算{spec.n}+{ext.n}{unit_zh}）")
        notes_en.append(f"extended by {words_en} with approval (counted as {spec.n}+{ext.n} "
                        f"{spec.unit} from filing)")
    if run.extended_days:
        notes_zh.append(f"经双方当事人同意延长{run.extended_days}日")
        notes_en.append(f"extended by {run.extended_days} day(s) with both parties' consent")
    if run.paused_days:
        notes_zh.append(f"中止{run.paused_days}天已顺延")
        notes_en.append(f"{run.paused_days} suspended day(s) added")
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
                 periods: Mapping[str, PeriodSpec]) -> None:
        self.workflow = workflow
        self.facts = facts
        self.periods = periods
        self.status = workflow.initial
        self.runs: dict[tuple[str, int | None], _Run] = {}
        self.pending_recusals: dict[int, set[Any]] = {}

    def start(self, cs: ClockStart, act: Act, initial: bool = False) -> None:
        variant = cs.variant
        if variant is None and cs.variant_from is not None:
            variant = getattr(self.facts, cs.variant_from, None)
            if not variant:
                raise ClockError(f"clock {cs.clock!r} takes its period from the case's "
                                 f"{cs.variant_from!r}, which is not set")
        if cs.per_party is not None:
            for i, receipt in enumerate(act.data.get(cs.per_party) or ()):
                party = int(receipt["party"])
                on = _as_date(receipt["received_on"], f"{cs.per_party}[{i}].received_on")
                self.put(_Run(cs.clock, variant, on, party))
            return
        on = act.on
        if cs.from_input is not None:
            value = (getattr(self.facts, cs.from_input, None) if initial else None)
            value = value or act.data.get(cs.from_input)
            on = _as_date(value, cs.from_input) if value else act.on
        self.put(_Run(cs.clock, variant, on))

    def put(self, run: _Run) -> None:
        """Add a clock; one of the same kind (and party) is replaced and moves to the end."""
        self.runs.pop((run.kind, run.party_id), None)
        self.runs[(run.kind, run.party_id)] = run

    def open_runs(self, kind: str | None = None) -> list[_Run]:
        return [r for r in self.runs.values() if r.open and (kind is None or r.kind == kind)]

    def stop(self, run: _Run, on: date) -> None:
        if run.paused_since is not None:  # stopping ends the suspension too
            self.resume(run, on)
        run.stopped_on = on

    def resume(self, run: _Run, on: date) -> None:
        if run.paused_since is None:
            return
        if on < run.paused_since:
            raise ClockError(f"clock {run.kind!r}: resumed {on} before it was suspended")
        run.paused_days += paused_days_between(run.paused_since, on)
        run.paused_since = None

    def transition(self, act: Act) -> None:
        t = self.workflow.find(self.status, act.trigger or "")
        if t is None:
            self.status = act.to_status or self.status
            return
        self.status = act.to_status or t.dest
        for kind in t.clocks.stop:
            for run in self.open_runs(kind):
                self.stop(run, act.on)
        if self.workflow.is_terminal(self.status):
            for run in self.open_runs():
                self.stop(run, act.on)
        for kind in t.clocks.pause:
            for run in self.open_runs(kind):
                spec = self.periods.get(run.key)
                # Working-day clocks (acceptance, serve_copy, ...) ignore suspensions.
                if run.paused_since is None and spec is not None and spec.unit != "working_days":
                    run.paused_since = act.on
        for kind in t.clocks.resume:
            for run in self.open_runs(kind):
                self.resume(run, act.on)
        for cs in t.clocks.start:
            self.start(cs, act)

    def apply(self, act: Act) -> None:
        if act.kind == "intake":
            self.status = self.workflow.initial
            for cs in self.workflow.initial_clocks:
                self.start(cs, act, initial=True)
        elif act.kind == "transition":
            self.transition(act)
        elif act.kind == "extend":
            for run in self.open_runs("closure"):
                run.extended = True  # a second extension changes nothing
        elif act.kind == "extend_mediation":
            days = int(act.data.get("days", 0))
            if days < 1:
                raise ClockError(f"extend_mediation needs a positive 'days', not {days}")
            for run in self.open_runs("mediation"):
                run.extended_days += days
        elif act.kind in RECUSAL_ACTS:
            self.recusal(act)

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


def compute_clocks(workflow: Workflow, facts: CaseFacts, acts: Sequence[Act], cal: WorkCalendar,
                   periods: Mapping[str, PeriodSpec] = DEFAULT_PERIODS) -> list[Clock]:
    """Replay the acts (oldest first) and return every clock the case has had, in start order.

    Acts of other kinds are ignored, so the caller may pass every audit event it replays.
    """
    replay = _Replay(workflow, facts, periods)
    for act in acts:
        replay.apply(act)
    clocks: list[Clock] = []
    for run in replay.runs.values():
        due, spec = _due(run, periods, cal)
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
