"""The dated duties each kind of record gives rise to: the date rules of the module docstring in
`checks/renewals.py`, one builder per register, each adding its duties to a `renewals.Context`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from schooldigital.derive import add_months, next_audit, notice_deadline, review_due
from schooldigital.problems import Source

if TYPE_CHECKING:
    from schooldigital.checks.renewals import Context
    from schooldigital.governance import Governance
    from schooldigital.models.contracts import Contract
    from schooldigital.registers import Registers

LICENCE_TYPES = frozenset({"software_subscription", "saas_service"})


def current_term_end(contract: Contract, today: dt.date) -> tuple[dt.date, bool]:
    """(term end, stale): an auto-renewal whose `end_date` has passed, rolled forward whole terms."""
    end = contract.end_date
    assert end is not None
    if contract.renewal != "auto" or end >= today or not contract.renewal_term_months:
        return end, False
    step, k = contract.renewal_term_months, 1
    # Count from the written end date each time, so month-end dates do not drift (31 Jan → 28 Feb → 28 Mar).
    while add_months(end, k * step) < today:
        k += 1
    return add_months(end, k * step), True


def contract_items(ctx: Context, c: Contract) -> None:
    if c.status not in ("active", "notice_given", "renewing"):
        return
    if c.type == "licence_perpetual" or c.renewal == "rolling" or c.end_date is None:
        return
    common: dict[str, Any] = {"register": "contracts", "record_id": c.id, "source": c.source, "title": c.title}
    stages = c.alert_days
    if c.status != "active":
        # A decision is recorded; only the term ending without the outcome being written down is left.
        if c.end_date < ctx.today:
            outcome = (
                "set status to `terminated` (or `expired`)"
                if c.status == "notice_given"
                else "record the new `end_date` (or status `expired`)"
            )
            ctx.add(
                kind="contract-outcome",
                date=c.end_date,
                term_end=c.end_date,
                stages=stages,
                action=f"term ended {c.end_date} with status `{c.status}`: {outcome}",
                **common,
            )
        return
    if c.renewal == "auto":
        end, stale = current_term_end(c, ctx.today)
        deadline = notice_deadline(end, c.notice.days, c.notice.months) if c.notice else end
        term_start = add_months(end, -(c.renewal_term_months or 12)) if stale else c.start_date
        months = c.renewal_term_months
        action = f"give notice by {deadline} or it renews on {end} for {months} months"
        if deadline < ctx.today:
            action = f"notice deadline {deadline} passed; it renews on {end} for {months} months — "
            action += "record `status: renewing` if intended, or `notice_given` if the supplier accepted notice"
        if deadline < term_start:
            action += f" (the {c.notice} notice is longer than the term: notice was due before it began)"
        if stale:
            action += f"; `end_date` {c.end_date} has passed and it auto-renewed: update `end_date` to {end}"
        ctx.add(kind="contract-notice", date=deadline, stages=stages, action=action, stale=stale, **common)
        return
    kind = "licence-expiry" if c.type in LICENCE_TYPES else "contract-end"
    if c.renewal == "manual":
        action = f"renew or let it lapse by {c.end_date}; then record the new `end_date` or status `expired`"
    else:
        action = f"fixed term ends {c.end_date}: plan the replacement; then set status `expired` or `superseded`"
    ctx.add(kind=kind, date=c.end_date, term_end=c.end_date, stages=stages, action=action, **common)


def asset_items(ctx: Context, regs: Registers) -> None:
    models = {m.id: m for m in regs.models}
    config = regs.config
    for a in regs.assets:
        if a.archived:
            continue
        model = models.get(a.model)
        # A console's end-of-updates date for this device (`sd assets reconcile --apply`) over the model's.
        console = a.eol_date if a.eol_source else None
        eos = console or (model.end_of_support if model else None)
        due = review_due(a, model, config)
        if due is not None and a.review_due is None and due == eos:
            due = None
        audit = next_audit(a, config)
        # Most assets need nothing today: decide that before building any text (the cron path, 3,000 assets).
        if not (
            ctx.wanted(a.warranty_end, a.warranty_end, needs_decision=False)
            or ctx.wanted(eos)
            or ctx.wanted(due)
            or ctx.wanted(audit)
        ):
            continue
        label = f"{model.manufacturer} {model.name}" if model else a.model
        common: dict[str, Any] = {"register": "assets", "record_id": a.id, "source": a.source}
        title = f"{a.id} {label}"
        if a.warranty_end is not None:
            ctx.add(
                kind="warranty-end",
                date=a.warranty_end,
                title=title,
                needs_decision=False,
                group=a.model,
                group_label=label,
                term_end=a.warranty_end,
                action="extend cover or accept the risk of repair costs",
                **common,
            )
        if eos is not None:
            ctx.add(
                kind="end-of-support",
                date=eos,
                title=title,
                group=a.model,
                group_label=label,
                action=f"no security updates after {eos}{_from_console(a) if console else ''}: replace, retire or "
                "take it off the network",
                **common,
            )
        if due is not None:
            ctx.add(
                kind="replacement-due",
                date=due,
                title=title,
                group=a.model,
                group_label=label,
                action="review or replace it; record a new `review_due` to keep it, or retire it",
                **common,
            )
        if audit is not None:
            ctx.add(
                kind="audit-due",
                date=audit,
                title=title,
                group=a.location,
                group_label=a.location,
                action=f"check it is in {a.location} and record `last_audit`",
                **common,
            )


def information_items(ctx: Context, regs: Registers) -> None:
    default = regs.config.review_interval("information_assets")
    for ia in regs.information_assets:
        due = add_months(ia.last_reviewed, ia.review_interval_months or default)
        ctx.add(
            kind="information-asset-review",
            register="information_assets",
            record_id=ia.id,
            source=ia.source,
            title=ia.name,
            date=due,
            group=ia.owner,
            group_label=f"owner {ia.owner}",
            action=f"review with owner {ia.owner} (last reviewed {ia.last_reviewed}) and update `last_reviewed`",
        )


def governance_items(ctx: Context, regs: Registers, gov: Governance | None, strategy: Any) -> None:
    from schooldigital.models.governance import REVIEW_INTERVALS, REVIEW_LABELS

    interval = regs.config.review_interval
    if strategy is not None:
        last, nxt = getattr(strategy, "last_reviewed", None), getattr(strategy, "next_review", None)
        due = nxt or (add_months(last, interval("strategy")) if last else None)
        if due is not None:
            source = getattr(strategy, "source", Source("strategy/strategy.yaml"))
            ctx.add(
                kind="strategy-review",
                register="strategy",
                record_id="strategy",
                source=source,
                title="Digital technology strategy",
                date=due,
                action="review the strategy with SLT and governors; record `last_reviewed` and `next_review`",
            )
    if gov is None:
        return
    for plan in gov.continuity_plans:
        due = add_months(plan.last_reviewed, plan.review_interval_months or interval("continuity_plan"))
        ctx.add(
            kind="continuity-review",
            register="continuity_plans",
            record_id=plan.id,
            source=plan.source,
            title=plan.title,
            date=due,
            action="review and update the plan; record `last_reviewed`",
        )
        if "disaster_recovery" in plan.covers and plan.last_tested is not None:
            ctx.add(
                kind="continuity-test",
                register="continuity_plans",
                record_id=plan.id,
                source=plan.source,
                title=plan.title,
                date=add_months(plan.last_tested, interval("continuity_test")),
                action="test the disaster recovery plan; record `last_tested`",
            )
    if gov.filtering_reviews:
        annual = [r for r in gov.filtering_reviews if r.trigger == "annual"] or gov.filtering_reviews
        last = max(annual, key=lambda r: r.date)
        due = last.next_review or add_months(last.date, interval("filtering_monitoring"))
        ctx.add(
            kind="filtering-review",
            register="filtering_reviews",
            record_id=last.id,
            source=last.source,
            title="Filtering and monitoring review",
            date=due,
            key="filtering_reviews/provision/filtering-review",
            action=f"review filtering and monitoring with SLT, the DSL, IT support and a governor (last {last.date})",
        )
    latest: dict[str, Any] = {}
    for event in gov.reviews:
        if event.kind in REVIEW_INTERVALS and (event.kind not in latest or event.date > latest[event.kind].date):
            latest[event.kind] = event
    for kind, event in sorted(latest.items()):
        months = regs.config.policy.review_interval_months.get(kind, REVIEW_INTERVALS[kind])
        due = event.next_due or add_months(event.date, months)
        what = REVIEW_LABELS.get(kind, kind.replace("_", " "))
        ctx.add(
            kind="governance-review",
            register="reviews",
            record_id=event.id,
            source=event.source,
            title=f"{what.capitalize()} (every {months} months)",
            date=due,
            key=f"reviews/{kind}/governance-review",
            action=f"carry out the {what} and log it in registers/reviews.yaml (last {event.date})",
        )


def _from_console(asset: Any) -> str:
    """Where a device's own end-of-updates date came from, for the renewal's action line."""
    from schooldigital.consoles.columns import console_label

    when = f", recorded {asset.eol_checked}" if asset.eol_checked else ""
    return f" (the {console_label(asset.eol_source)} export{when})"
