"""The date rules of `sd check renewals` (asset-peers §5.2), each pinned on fixed dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from renewals_school import contract, day, info_asset, make_school
from schooldigital.checks.renewals import DueItem, all_duties, due_items, state_of
from schooldigital.registers import load_registers


def _regs(root: Path):  # type: ignore[no-untyped-def]
    regs, problems = load_registers(root)
    assert regs is not None and not [p for p in problems if p.severity == "error"], problems
    return regs


def _items(tmp_path: Path, today: str, **school: str) -> list[DueItem]:
    return all_duties(_regs(make_school(tmp_path, **school)), day(today))


def _one(tmp_path: Path, today: str, **school: str) -> DueItem:
    items = _items(tmp_path, today, **school)
    assert len(items) == 1, items
    return items[0]


# --- states and stages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "stage"),
    [
        ("2026-09-01", "upcoming", None),  # 121 days before: not yet in a stage
        ("2026-10-02", "upcoming", 90),  # 90 days before: enters the 90-day stage
        ("2026-12-01", "upcoming", 30),
        ("2026-12-24", "upcoming", 7),
        ("2026-12-31", "due", None),
        ("2027-01-01", "ended", None),  # manual: action date is the term end, after it the term has ended
    ],
)
def test_states_and_default_stages_from_school_yaml(tmp_path: Path, today: str, state: str, stage: int | None) -> None:
    item = _one(tmp_path, today, contracts=contract(end_date="2026-12-31"))
    assert (item.kind, item.action_date, item.state, item.stage) == ("contract-end", day("2026-12-31"), state, stage)


def test_per_item_alert_days_override_the_default(tmp_path: Path) -> None:
    item = _one(tmp_path, "2026-11-01", contracts=contract(end_date="2026-12-31", alert_days=[120, 60, 14]))
    assert (item.state, item.stage) == ("upcoming", 60)  # default stages would say 90


def test_school_policy_alert_days_are_the_default(tmp_path: Path) -> None:
    school = 'name: T\nurn: "100001"\nphase: primary\npolicy:\n  alert_days: [14]\n'
    item = _one(tmp_path, "2026-11-01", contracts=contract(end_date="2026-12-31"), school=school)
    assert (item.state, item.stage) == ("upcoming", None)


def test_state_of_with_no_stages() -> None:
    assert state_of(day("2027-01-10"), day("2027-01-01"), ()) == ("upcoming", None)
    assert state_of(day("2027-01-01"), day("2027-01-02"), (7,)) == ("overdue", None)


# --- contracts ----------------------------------------------------------------------------------------------


def _auto(**fields: object) -> str:
    base: dict[str, object] = {"renewal": "auto", "renewal_term_months": 12, "notice": "90 days"}
    return contract(**{**base, **fields})


def test_auto_renewal_counts_down_to_the_notice_deadline(tmp_path: Path) -> None:
    item = _one(tmp_path, "2026-09-01", contracts=_auto(end_date="2026-12-31"))
    assert item.kind == "contract-notice"
    assert item.action_date == day("2026-10-02")  # 31 Dec − 90 days
    assert item.term_end is None and not item.stale
    assert "give notice by 2026-10-02 or it renews on 2026-12-31 for 12 months" in item.action


@pytest.mark.parametrize(
    ("end", "deadline"),
    [
        ("2027-03-31", "2027-02-28"),  # month end: 31 Mar − 1 month = 28 Feb
        ("2028-03-31", "2028-02-29"),  # leap year
        ("2027-05-31", "2027-04-30"),
    ],
)
def test_notice_in_months_is_month_end_safe(tmp_path: Path, end: str, deadline: str) -> None:
    item = _one(tmp_path, "2026-12-01", contracts=_auto(end_date=end, notice="1 month"))
    assert item.action_date == day(deadline)


def test_auto_renewal_past_end_is_rolled_forward_and_stale(tmp_path: Path) -> None:
    contracts = _auto(start_date="2025-01-01", end_date="2026-01-31", notice="30 days")
    item = _one(tmp_path, "2026-06-15", contracts=contracts)
    assert item.stale and item.state == "stale"  # no alert stage yet, but the record needs updating
    assert item.action_date == day("2027-01-01")  # next term ends 2027-01-31; − 30 days
    assert "update `end_date` to 2027-01-31" in item.action


def test_roll_forward_counts_from_the_written_end_so_month_ends_do_not_drift(tmp_path: Path) -> None:
    # Monthly term from 31 Jan: 28 Feb, 31 Mar (not 28 Mar), 30 Apr ...
    item = _one(tmp_path, "2026-03-15", contracts=_auto(end_date="2026-01-31", renewal_term_months=1, notice="0 days"))
    assert item.action_date == day("2026-03-31") and item.stale


def test_roll_forward_from_a_leap_day(tmp_path: Path) -> None:
    contracts = _auto(start_date="2027-03-01", end_date="2028-02-29", notice="30 days")
    item = _one(tmp_path, "2028-03-01", contracts=contracts)
    assert item.stale
    assert item.action_date == day("2029-02-28") - dt.timedelta(days=30)  # 29 Feb 2028 + 12 months = 28 Feb 2029


def test_stale_and_overdue_together(tmp_path: Path) -> None:
    # end_date passed and the rolled term's notice deadline has passed too: overdue, flagged stale.
    item = _one(tmp_path, "2027-12-15", contracts=_auto(end_date="2026-12-31"))
    assert (item.state, item.stale, item.action_date) == ("overdue", True, day("2027-10-02"))


def test_notice_period_longer_than_the_term(tmp_path: Path) -> None:
    contracts = _auto(start_date="2026-01-01", end_date="2026-12-31", notice="13 months")
    item = _one(tmp_path, "2026-06-01", contracts=contracts)
    assert item.action_date == day("2025-11-30")  # before the term even began
    assert item.state == "overdue"
    assert "notice is longer than the term" in item.action


@pytest.mark.parametrize(
    "fields",
    [
        {"renewal": "rolling", "end_date": None},
        {"type": "licence_perpetual", "end_date": None},
        {"type": "licence_perpetual", "end_date": "2026-12-31"},
        {"status": "terminated"},
        {"status": "expired"},
        {"status": "superseded"},
    ],
)
def test_contracts_with_no_date_or_closed_have_no_duty(tmp_path: Path, fields: dict[str, object]) -> None:
    assert _items(tmp_path, "2026-12-31", contracts=contract(**fields)) == []


def test_overdue_is_reported_on_every_run_until_a_decision_issue_3(tmp_path: Path) -> None:
    root = make_school(tmp_path, contracts=_auto(end_date="2026-12-31"))
    regs = _regs(root)
    for offset in range(0, 80, 7):
        today = day("2026-10-03") + dt.timedelta(days=offset)
        items = due_items(regs, today, every_days=1)
        assert [(i.record_id, i.state) for i in items] == [("c1", "overdue")], today


@pytest.mark.parametrize("status", ["notice_given", "renewing"])
def test_a_recorded_decision_silences_the_overdue_item(tmp_path: Path, status: str) -> None:
    regs = _regs(make_school(tmp_path, contracts=_auto(end_date="2026-12-31", status=status)))
    assert due_items(regs, day("2026-11-01"), every_days=1) == []
    assert all_duties(regs, day("2026-11-01")) == []


def test_a_new_end_date_silences_the_overdue_item(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, contracts=_auto(end_date="2027-12-31")))
    assert due_items(regs, day("2026-11-01"), every_days=1) == []


@pytest.mark.parametrize(("status", "hint"), [("notice_given", "`terminated`"), ("renewing", "new `end_date`")])
def test_decided_contract_past_its_end_asks_for_the_outcome(tmp_path: Path, status: str, hint: str) -> None:
    item = _one(tmp_path, "2027-01-05", contracts=_auto(end_date="2026-12-31", status=status))
    assert (item.kind, item.state) == ("contract-outcome", "ended")
    assert hint in item.action


def test_manual_licence_is_a_licence_expiry_and_none_is_a_contract_end(tmp_path: Path) -> None:
    contracts = contract("lic", type="software_subscription") + contract("fix", renewal="none")
    items = {i.record_id: i for i in _items(tmp_path, "2026-12-31", contracts=contracts)}
    assert items["lic"].kind == "licence-expiry" and "renew or let it lapse" in items["lic"].action
    assert items["fix"].kind == "contract-end" and "plan the replacement" in items["fix"].action


def test_ended_manual_contract_repeats_until_recorded(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, contracts=contract(end_date="2026-12-31")))
    for today in ("2027-01-01", "2027-03-01", "2028-01-01"):
        assert [i.state for i in due_items(regs, day(today), every_days=1)] == ["ended"]


# --- cron listing rules -------------------------------------------------------------------------------------


def test_upcoming_is_listed_once_per_stage_with_every(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, contracts=contract(end_date="2026-12-31")))
    listed = [
        d
        for offset in range(0, 120)
        if due_items(regs, (d := day("2026-09-15") + dt.timedelta(days=offset)), every_days=1)
    ]
    # Enters the 90, 30 and 7-day stages, is due on the day, then ends and repeats every day after.
    assert listed[:4] == [day("2026-10-02"), day("2026-12-01"), day("2026-12-24"), day("2026-12-31")]
    assert listed[4:] == [day("2027-01-01") + dt.timedelta(days=n) for n in range(len(listed) - 4)]


def test_weekly_cron_does_not_miss_a_stage(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, contracts=contract(end_date="2026-12-31")))
    # Entered the 30-day stage on 1 Dec (a Tuesday); a weekly run on the following Monday still lists it.
    assert due_items(regs, day("2026-12-07"), every_days=7)
    assert not due_items(regs, day("2026-12-08"), every_days=7)
    assert due_items(regs, day("2026-12-08"))  # without every_days: every item in a stage


def test_within_lists_everything_up_to_the_horizon(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, contracts=contract(end_date="2027-06-30")))
    assert due_items(regs, day("2026-11-22"), 200) == []
    [item] = due_items(regs, day("2026-11-22"), 220)
    assert (item.state, item.stage) == ("upcoming", None)


# --- assets and information assets -------------------------------------------------------------------------


ASSETS = """\
A1,laptop,lap,deployed,room1,S1,2025-01-10,2028-01-10,2026-01-10,
A2,chromebook,old,deployed,room1,S2,2022-03-01,2025-03-01,2025-12-01,
A3,chromebook,old,disposed,room1,S3,2022-03-01,2025-03-01,2024-01-01,
A4,laptop,lap,in_stock,room1,S4,2019-01-31,2022-01-31,2026-06-30,2027-01-31
"""


def test_asset_duties(tmp_path: Path) -> None:
    items = _items(
        tmp_path, "2026-11-22", assets=ASSETS.replace("A3,chromebook,old,disposed", "A3,chromebook,old,disposed")
    )
    got = {(i.record_id, i.kind): (i.action_date, i.state) for i in items}
    assert got == {
        ("A1", "warranty-end"): (day("2028-01-10"), "upcoming"),
        ("A1", "replacement-due"): (day("2030-01-10"), "upcoming"),  # purchase + model lifecycle 60 months
        ("A1", "audit-due"): (day("2027-01-10"), "upcoming"),
        ("A1", "end-of-support"): (day("2030-06-30"), "upcoming"),
        ("A2", "warranty-end"): (day("2025-03-01"), "ended"),
        ("A2", "end-of-support"): (day("2026-06-01"), "overdue"),  # replacement = end of support: one item
        ("A2", "audit-due"): (day("2026-12-01"), "upcoming"),
        ("A4", "warranty-end"): (day("2022-01-31"), "ended"),
        ("A4", "replacement-due"): (day("2027-01-31"), "upcoming"),  # explicit review_due: a recorded decision
        ("A4", "audit-due"): (day("2027-06-30"), "upcoming"),
        ("A4", "end-of-support"): (day("2030-06-30"), "upcoming"),
    }  # A3 is disposed: nothing


def test_ended_warranty_is_not_repeated_but_end_of_support_is(tmp_path: Path) -> None:
    regs = _regs(make_school(tmp_path, assets=ASSETS))
    items = due_items(regs, day("2026-11-22"), every_days=1)
    assert [(i.record_id, i.kind, i.state) for i in items] == [("A2", "end-of-support", "overdue")]


def test_information_asset_review_default_and_own_interval(tmp_path: Path) -> None:
    infos = info_asset("i1", "2025-11-30") + info_asset("i2", "2026-02-28", interval=6)
    items = {i.record_id: i for i in _items(tmp_path, "2026-11-22", infos=infos)}
    assert items["i1"].action_date == day("2026-11-30") and items["i1"].stage == 30
    assert items["i2"].action_date == day("2026-08-28") and items["i2"].state == "overdue"


def test_governance_review_dates(tmp_path: Path) -> None:
    extra = {
        "registers/continuity-plans.yaml": (
            "- id: p1\n  title: BC/DR\n  covers: [business_continuity, disaster_recovery]\n  owner: bob\n"
            "  covers_digital: true\n  last_reviewed: 2025-11-30\n  last_tested: 2025-10-31\n"
        ),
        "registers/filtering-monitoring.yaml": (
            "- id: f1\n  date: 2025-12-15\n  reviewers: [bob, dee]\n"
            "- id: f2\n  date: 2026-06-01\n  trigger: new_technology\n  reviewers: [dee]\n"
        ),
        "registers/reviews.yaml": "- id: r1\n  kind: contracts_termly\n  date: 2026-07-31\n  by: [bob]\n",
    }
    items = {(i.kind, i.record_id): i for i in _items(tmp_path, "2026-11-22", extra=extra)}
    assert items["continuity-review", "p1"].action_date == day("2026-11-30")
    assert items["continuity-test", "p1"].action_date == day("2026-10-31")
    # A trigger review does not reset the annual one.
    assert items["filtering-review", "f1"].action_date == day("2026-12-15")
    assert items["governance-review", "r1"].action_date == day("2026-11-30")  # termly = 4 months
    assert items["governance-review", "r1"].key == "reviews/contracts_termly/governance-review"


def test_keys_do_not_contain_dates(tmp_path: Path) -> None:
    items = _items(tmp_path, "2026-11-22", contracts=_auto(end_date="2026-12-31"), assets=ASSETS)
    assert {i.key for i in items} >= {"contracts/c1/contract-notice", "assets/A1/warranty-end"}
    assert not any(any(ch.isdigit() for ch in i.key.split("/")[-1]) for i in items)
