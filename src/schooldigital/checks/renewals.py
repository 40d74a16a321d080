"""Every dated duty in the school's records, and which of them need attention today.

Date rules (asset-peers.md §5.2):
- Contracts: `end_date` is the end of the current term. `renewal: auto` → the action date is the notice
  deadline (term end − notice, month-end safe); if `end_date` has passed, the term is rolled forward by
  `renewal_term_months` (always counted from `end_date`, so 31 Jan never drifts to 28 Mar) and the item is
  flagged stale. `manual`/`none` → the action date is the term end. `rolling` and perpetual licences have
  no date. Only `active` contracts alert; `notice_given`/`renewing` are decisions that silence the item,
  and `expired`/`terminated`/`superseded` close it. A decided contract whose term has ended still gets one
  "record the outcome" item, so nothing stops silently.
- Assets (not retired/disposed): warranty end, vendor end of support (model date), review/replacement due
  (derive.review_due; left out when it is just the model's end of support), next audit.
- Information assets: last_reviewed + review interval. Strategy, continuity plans (review and DR test),
  filtering & monitoring, and the review log: last date + interval (settings in school.yaml).
- States: `upcoming` (with `stage`, the smallest alert stage the days left fall in, or None before the
  first stage), `due` on the action date, `overdue` after it, `ended` after the term end, `stale` for a
  rolled-forward auto-renewal that is not otherwise alerting. Overdue and ended items that need a
  decision are listed on every run; an upcoming item is listed on the first run after it enters a stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schooldigital.checks import duties
from schooldigital.derive import add_days
from schooldigital.problems import Problem, Source

if TYPE_CHECKING:
    from schooldigital.governance import Governance
    from schooldigital.registers import Registers

STATES = ("overdue", "ended", "stale", "due", "upcoming")
_STATE_ORDER = {s: i for i, s in enumerate(STATES)}

# Kind of duty -> short label used in text output.
KINDS: dict[str, str] = {
    "contract-notice": "notice deadline",
    "contract-end": "contract ends",
    "licence-expiry": "licence expires",
    "contract-outcome": "record the outcome",
    "warranty-end": "warranty ends",
    "end-of-support": "vendor support ends",
    "replacement-due": "replacement due",
    "audit-due": "audit due",
    "information-asset-review": "IAR review due",
    "strategy-review": "strategy review due",
    "continuity-review": "continuity plan review due",
    "continuity-test": "DR plan test due",
    "filtering-review": "filtering & monitoring review due",
    "governance-review": "review due",
}
# What to do about a batch of asset or information-asset items.
GROUP_ACTIONS: dict[str, str] = {
    "warranty-end": "extend cover or accept the risk of repair costs",
    "end-of-support": "replace, retire or take them off the network",
    "replacement-due": "review or replace them; record a new `review_due` to keep one, or retire it",
    "audit-due": "check each is where the register says and record `last_audit`",
    "information-asset-review": "review each with its owner and update `last_reviewed`",
}


@dataclass(frozen=True, slots=True)
class DueItem:
    """One dated duty and its state on `today`.

    `key` is stable across date changes (register/record/duty) so calendars update, never duplicate.
    `group` (assets only) is what similar items are batched by in cron output: a model or a location.
    `needs_decision` is False for facts that need no record afterwards (a warranty that has ended).
    """

    kind: str
    register: str
    record_id: str
    source: Source
    title: str
    action_date: dt.date
    term_end: dt.date | None
    state: str
    stage: int | None
    action: str
    days: int
    key: str
    stale: bool = False
    needs_decision: bool = True
    group: str | None = None
    group_label: str | None = None
    stages: tuple[int, ...] = ()

    @property
    def stage_since(self) -> dt.date | None:
        """The day the item entered its current alert stage."""
        return add_days(self.action_date, -self.stage) if self.stage is not None else None

    @property
    def alerting(self) -> bool:
        """In an alert stage or past its date with a decision still to record."""
        if self.state == "ended":
            return self.needs_decision
        return self.state != "upcoming" or self.stage is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "register": self.register,
            "id": self.record_id,
            "source": str(self.source),
            "title": self.title,
            "action_date": self.action_date.isoformat(),
            "term_end": self.term_end.isoformat() if self.term_end else None,
            "state": self.state,
            "stage": self.stage,
            "days": self.days,
            "stale": self.stale,
            "action": self.action,
            "group": self.group,
            "key": self.key,
        }


def state_of(
    action_date: dt.date, today: dt.date, stages: Sequence[int], term_end: dt.date | None = None
) -> tuple[str, int | None]:
    """(state, stage) of a duty on `today`.

    Args:
        action_date: the date the duty counts down to.
        today: the day of the run.
        stages: alert stages in days before the action date, e.g. (90, 30, 7).
        term_end: after this the state is `ended` (contracts); None for duties with no term.
    """
    days = (action_date - today).days
    if term_end is not None and today > term_end:
        return "ended", None
    if days < 0:
        return "overdue", None
    if days == 0:
        return "due", None
    within = [s for s in stages if s > 0 and days <= s]
    return "upcoming", (min(within) if within else None)


def _ago(days: int) -> str:
    n = abs(days)
    unit = "day" if n == 1 else "days"
    if days > 0:
        return f"in {n} {unit}"
    return "today" if days == 0 else f"{n} {unit} ago"


# (state, stage, action date, needs_decision) -> keep the item? Applied before an item is built, so the cron
# path does not construct 10,000 items to print 50.
Keep = Callable[[str, "int | None", dt.date, bool], bool]


@dataclass
class Context:
    today: dt.date
    default_stages: tuple[int, ...]
    keep: Keep | None = None
    items: list[DueItem] = field(default_factory=list)
    _stages: dict[tuple[int, ...] | None, tuple[int, ...]] = field(default_factory=dict)

    def stages_for(self, stages: Sequence[int] | None) -> tuple[int, ...]:
        key = tuple(stages) if stages else None
        if key not in self._stages:
            self._stages[key] = tuple(sorted(set(key or self.default_stages), reverse=True))
        return self._stages[key]

    def judge(
        self, date: dt.date, stages: tuple[int, ...], term_end: dt.date | None, stale: bool, needs_decision: bool
    ) -> tuple[str, int | None] | None:
        """(state, stage) of a duty, or None when `keep` drops it: asked before an item is built."""
        state, stage = state_of(date, self.today, stages, term_end)
        if stale and state == "upcoming" and stage is None:
            state = "stale"
        if self.keep is not None and not self.keep(state, stage, date, needs_decision):
            return None
        return state, stage

    def wanted(self, date: dt.date | None, term_end: dt.date | None = None, needs_decision: bool = True) -> bool:
        """Whether a duty on `date` with the default stages would be kept (cheap pre-check, no item built)."""
        if date is None:
            return False
        return self.judge(date, self.stages_for(None), term_end, False, needs_decision) is not None

    def add(
        self,
        *,
        kind: str,
        register: str,
        record_id: str,
        source: Source,
        title: str,
        date: dt.date,
        action: str,
        stages: Sequence[int] | None = None,
        term_end: dt.date | None = None,
        key: str | None = None,
        **extra: Any,
    ) -> DueItem | None:
        use = self.stages_for(stages)
        judged = self.judge(date, use, term_end, extra.get("stale", False), extra.get("needs_decision", True))
        if judged is None:
            return None
        state, stage = judged
        item = DueItem(
            kind=kind,
            register=register,
            record_id=record_id,
            source=source,
            title=title,
            action_date=date,
            term_end=term_end,
            state=state,
            stage=stage,
            action=action,
            days=(date - self.today).days,
            key=key or f"{register}/{record_id}/{kind}",
            stages=use,
            **extra,
        )
        self.items.append(item)
        return item


def all_duties(
    regs: Registers,
    today: dt.date,
    governance: Governance | None = None,
    strategy: Any = None,
    keep: Keep | None = None,
) -> list[DueItem]:
    """Every dated duty with its state on `today` (only those `keep` accepts, when given).

    The governance records and strategy are loaded from `regs.root` when `governance` is None.
    """
    if governance is None:
        governance, loaded, _ = load_extras(regs)
        strategy = strategy if strategy is not None else loaded
    ctx = Context(today, tuple(regs.config.policy.alert_days), keep)
    for c in regs.contracts:
        duties.contract_items(ctx, c)
    duties.asset_items(ctx, regs)
    duties.information_items(ctx, regs)
    duties.governance_items(ctx, regs, governance, strategy)
    return sort_items(ctx.items)


def sort_items(items: Iterable[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (_STATE_ORDER[i.state], i.action_date, i.kind, i.record_id))


def load_extras(regs: Registers) -> tuple[Governance, Any, list[Problem]]:
    """The governance records and the strategy (None when the school has none) for `regs`."""
    from schooldigital.governance import load_governance

    gov, problems = load_governance(regs.root, regs.files)
    strategy = None
    try:
        from schooldigital.strategy import load_strategy  # the reports engineer's loader
    except ImportError:
        return gov, None, problems
    strategy, more = load_strategy(regs.root, regs.files)
    return gov, strategy, problems + list(more)


def due_items(
    regs: Registers,
    today: dt.date,
    within_days: int | None = None,
    *,
    every_days: int | None = None,
    governance: Governance | None = None,
    strategy: Any = None,
) -> list[DueItem]:
    """The duties that need attention on `today`, most urgent first.

    Args:
        regs: the loaded registers.
        today: the day of the run.
        within_days: also list every duty whose action date is at most this many days away, even before
            its first alert stage.
        every_days: how often the caller runs (cron): an upcoming item is then listed only on the first
            run after it enters a stage, instead of on every run while in it. Overdue, due, ended and
            stale items are listed every run regardless.
        governance, strategy: already loaded records; loaded from `regs.root` when not given.

    Returns:
        The items, sorted by state (overdue first), then date.
    """
    if governance is None:
        governance, loaded, _ = load_extras(regs)
        strategy = strategy if strategy is not None else loaded
    return all_duties(regs, today, governance, strategy, selector(today, within_days, every_days))


def selector(today: dt.date, within_days: int | None, every_days: int | None) -> Keep:
    """The rule `due_items` applies (see its docstring)."""
    horizon = add_days(today, within_days) if within_days is not None else None

    def keep(state: str, stage: int | None, date: dt.date, needs_decision: bool) -> bool:
        if horizon is not None and state == "upcoming" and date <= horizon:
            return True
        if state == "ended":
            return needs_decision
        if state != "upcoming":
            return True
        if stage is None:
            return False
        if every_days is None or horizon is not None:
            return True
        # Listed on the first run on or after the day it entered this stage.
        return 0 <= (today - add_days(date, -stage)).days < every_days

    return keep


def needs_attention(items: Sequence[DueItem]) -> bool:
    return bool(items)


@dataclass(frozen=True, slots=True)
class Group:
    """Items batched for cron output: one contract, or many assets of one model/location and state."""

    items: tuple[DueItem, ...]

    @property
    def first(self) -> DueItem:
        return self.items[0]


def group_items(items: Sequence[DueItem]) -> list[Group]:
    """Asset and information-asset items of the same kind, state and stage become one group (cron output
    breaks it down by model, location or owner); every other item is a group of one. Order follows the
    first item of each group."""
    groups: dict[tuple[Any, ...], list[DueItem]] = {}
    for item in items:
        key: tuple[Any, ...] = (item.kind, item.state, item.stage) if item.group is not None else (item.key,)
        groups.setdefault(key, []).append(item)
    return [Group(tuple(g)) for g in groups.values()]
