"""`sd calendar`: an RFC 5545 feed that parses back, with UIDs that survive runs and date changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from renewals_school import contract, make_school

CONTRACTS = contract(
    "c1", title="Broadband", renewal="auto", renewal_term_months=12, notice="90 days", end_date="2027-03-31"
) + contract("c2", title="Scratch", type="software_subscription", end_date="2027-01-21", alert_days=[60, 14])
ASSETS = """\
A1,chromebook,old,deployed,room1,S1,2022-03-01,2025-03-01,2026-06-01,
A2,chromebook,old,deployed,room1,S2,2022-03-01,2025-03-01,2026-07-01,
A3,laptop,lap,deployed,room1,S3,2025-01-10,2028-01-10,2026-01-10,
"""


def _events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    assert str(cal["version"]) == "2.0" and "schooldigital" in str(cal["prodid"])
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_feed_round_trips(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    out = tmp_path / "feed.ics"
    result = sd("calendar", "--today", "2026-11-22", "--output", str(out), root=root)
    assert result.exit_code == 0, result
    data = out.read_bytes()
    assert b"\r\n" in data  # RFC 5545 line endings
    events = _events(data)
    notice = events["contracts/c1/contract-notice@100001.schooldigital"]
    assert notice["dtstart"].dt == dt.date(2026, 12, 31)  # 31 Mar − 90 days, an all-day event
    assert notice["dtend"].dt == dt.date(2027, 1, 1)
    assert str(notice["summary"]) == "notice deadline: Broadband"
    triggers = sorted(a["trigger"].dt for a in notice.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-30), dt.timedelta(days=-7)]  # the 90-day stage is already past
    licence = events["contracts/c2/licence-expiry@100001.schooldigital"]
    assert sorted(a["trigger"].dt for a in licence.walk("VALARM")) == [dt.timedelta(days=-60), dt.timedelta(days=-14)]
    # Assets are batched: one event per model for end of support, audits per location.
    eos = events["assets/old/end-of-support@100001.schooldigital"]
    assert str(eos["summary"]) == "vendor support ends: Acer C733 (2 assets)"
    assert "A1" in str(eos["description"]) and "A2" in str(eos["description"])
    assert "assets/room1/audit-due@100001.schooldigital" in events
    assert "assets/old/warranty-end@100001.schooldigital" not in events  # ended warranties are left out
    assert "assets/lap/warranty-end@100001.schooldigital" in events


def test_uids_are_stable_across_runs_and_date_changes(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    first = sd("calendar", "--today", "2026-11-22", root=root)
    again = sd("calendar", "--today", "2026-11-22", root=root)
    assert first.stdout == again.stdout  # same data, same day: same bytes

    # The contract is renewed: new end date, so a new notice deadline; the event keeps its UID.
    contracts = root / "registers/contracts.yaml"
    contracts.write_text(contracts.read_text().replace("end_date: 2027-03-31", "end_date: 2028-03-31"))
    later = sd("calendar", "--today", "2026-12-01", root=root)
    before, after = _events(first.stdout.encode()), _events(later.stdout.encode())
    assert set(before) == set(after)
    uid = "contracts/c1/contract-notice@100001.schooldigital"
    assert before[uid]["dtstart"].dt == dt.date(2026, 12, 31)
    assert after[uid]["dtstart"].dt == dt.date(2028, 1, 1)  # 2028 is a leap year


def test_invalid_data_exits_2(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=contract(end_date="2026-13-01"))
    result = sd("calendar", root=root)
    assert result.exit_code == 2 and "date-invalid" in result.stderr


def test_invalid_asset_row_leaves_the_other_events_in_the_feed(tmp_path: Path, sd) -> None:
    assets = "A1,chromebook,nomodel,deployed,room1,S1,2022-03-01,2025-03-01,2026-06-01,\n"
    root = make_school(tmp_path, contracts=contract(end_date="2027-03-31"), assets=assets)
    result = sd("calendar", "--today", "2026-12-01", root=root)
    assert result.exit_code == 2
    assert set(_events(result.stdout.encode())) == {"contracts/c1/contract-end@100001.schooldigital"}
    assert "registers/assets.csv:2:3: error unknown-ref: `model`: no model `nomodel`" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("sd: 1 invalid record(s) not checked: asset `A1`;")

    feed = tmp_path / "renewals.ics"
    feed.write_bytes(b"the last good feed")
    written = sd("calendar", "--today", "2026-12-01", "--output", str(feed), root=root)
    assert written.exit_code == 2 and f"{feed} was not written" in written.stderr
    assert feed.read_bytes() == b"the last good feed"  # a failing command changes no file


def test_demo_school_feed(sd) -> None:
    result = sd("calendar", "--today", "2026-11-22")
    events = _events(result.stdout.encode())
    assert "contracts/c003-managed-it-support/contract-notice@123456.schooldigital" in events
    assert "filtering_reviews/provision/filtering-review@123456.schooldigital" in events
    assert len(events) < 400  # batched, not one per asset per duty


def _blocks(data: bytes) -> dict[str, bytes]:
    """Each VEVENT's exact bytes by UID."""
    out = {}
    for block in data.split(b"BEGIN:VEVENT")[1:]:
        uid = block.split(b"UID:", 1)[1].split(b"\n", 1)[0]
        out[uid.decode().strip()] = block.split(b"END:VEVENT")[0]
    return out


def test_events_are_byte_identical_when_an_unrelated_record_moves(tmp_path: Path, sd) -> None:
    """Issue 13: file line numbers in descriptions changed every event below an edit."""
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    before = _blocks(sd("calendar", "--today", "2026-11-22", root=root).stdout.encode())
    contracts = root / "registers/contracts.yaml"
    contracts.write_text(contract("c0", end_date="2030-01-01") + contracts.read_text())  # every line moves down
    assets = root / "registers/assets.csv"
    header, *rows = assets.read_text().splitlines(keepends=True)
    assets.write_text(header + "".join(reversed(rows)))
    after = _blocks(sd("calendar", "--today", "2026-11-22", root=root).stdout.encode())
    assert set(after) - set(before) == {"contracts/c0/contract-end@100001.schooldigital"}
    assert {uid: after[uid] for uid in before} == before


def test_a_moved_date_gets_the_next_sequence(tmp_path: Path, sd) -> None:
    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    out = tmp_path / "feed.ics"
    sd("calendar", "--today", "2026-11-22", "--output", str(out), root=root)
    uid = "contracts/c1/contract-notice@100001.schooldigital"
    assert "sequence" not in _events(out.read_bytes())[uid]  # 0, the default
    unchanged = out.read_bytes()
    sd("calendar", "--today", "2026-11-22", "--output", str(out), root=root)
    assert out.read_bytes() == unchanged  # same data: same bytes, SEQUENCE not bumped
    contracts = root / "registers/contracts.yaml"
    for n, year in enumerate(("2028", "2029"), start=1):
        text = contracts.read_text()
        contracts.write_text(text.replace(f"end_date: {int(year) - 1}-03-31", f"end_date: {year}-03-31"))
        sd("calendar", "--today", "2026-11-22", "--output", str(out), root=root)
        events = _events(out.read_bytes())
        assert events[uid]["sequence"] == n
        assert "sequence" not in events["contracts/c2/licence-expiry@100001.schooldigital"]  # its date held


def test_json_names_the_events_and_the_file_written_issue_21(tmp_path: Path, sd) -> None:
    from jsonout import payload

    root = make_school(tmp_path, contracts=CONTRACTS, assets=ASSETS)
    out = tmp_path / "feed.ics"
    result = sd("calendar", "--today", "2026-11-22", "--output", str(out), "--format", "json", root=root)
    assert result.exit_code == 0, result
    data = payload(result.stdout, "calendar")
    events = {e["uid"]: (e["date"], e["sequence"]) for e in data["events"]}
    assert events == {uid: (str(e["dtstart"].dt), 0) for uid, e in _events(out.read_bytes()).items()}
    assert data["files"] == [str(out)] and data["problems"] == []
