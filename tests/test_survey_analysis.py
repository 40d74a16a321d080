"""Survey figures are exact: every headline checked to the respondent, and the published DigiLit figures
reproduced from counts inside the ranges in the reference digest (§4.4)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from fractions import Fraction
from pathlib import Path

from jsonout import payload
from schooldigital.survey.analysis import levels_by_respondent, percent, school_summary, scored_round, summarise
from schooldigital.survey.importer import import_round
from schooldigital.survey.pseudonyms import pseudonym
from survey_helpers import KEY, levels_csv, setup, write

LEVELS = ["entry", "core", "pioneer"]
# who, role, department, level in Alpha, level in Beta (0 entry, 1 core, 2 pioneer)
KNOWN = [
    ("t01", "Teacher", "KS1", 2, 2),
    ("t02", "Teacher", "KS1", 2, 1),
    ("t03", "Teacher", "KS1", 1, 1),
    ("t04", "Teacher", "KS2", 1, 0),
    ("t05", "Teacher", "KS2", 0, 0),
    ("t06", "Teacher", "KS2", 2, 0),
    ("t07", "TA", "KS1", 0, 1),
    ("t08", "TA", "KS1", 1, 1),
    ("t09", "TA", "KS2", 1, 2),
    ("t10", "TA", "KS2", 0, 0),
    ("t11", "Leader", "KS1", 2, 2),
    ("t12", "Leader", "KS2", 1, 1),
]
LATER = {"t05": (1, 0), "t10": (0, 2), "t01": (1, 2)}


def _import_known(school: Path, tmp_path: Path, rows=KNOWN, round_id: str = "2025-known", day: int = 1) -> None:
    data = [(w, r, d, [LEVELS[a], LEVELS[b]]) for w, r, d, a, b in rows]
    path = levels_csv(tmp_path / f"{round_id}.csv", ["A", "B"], data)
    import_round(school, path, round_id, framework_id="mini", kind="levels", eligible=16, date=dt.date(2025, 6, day))


def test_every_headline_figure_from_known_counts_issue_4(school: Path, tmp_path: Path) -> None:
    setup(school)
    _import_known(school, tmp_path)
    s = school_summary(school, "2025-known")
    assert s is not None
    assert (s.respondents, s.eligible_staff, s.participation.count, s.participation.percent()) == (12, 16, 12, "75")
    assert [[lv.count for lv in st.levels] for st in s.strands] == [[3, 5, 4], [4, 5, 3]]
    assert (s.top_any.count, s.top_any.total, s.top_any.percent()) == (5, 12, "42")
    assert (s.bottom_any.count, s.bottom_any.percent()) == (5, "42")
    assert s.strongest == ["Alpha"] and s.strands[0].top.count == 4
    assert s.weakest == ["Beta"] and s.strands[1].lower.count == 9 and s.strands[0].lower.count == 8
    assert s.lower_levels == ["Entry", "Core"] and s.top_level == "Pioneer" and s.bottom_level == "Entry"
    roles = {g.name: g for g in s.breakdowns["role"]}
    assert roles["TA"].suppressed and roles["Leader"].suppressed and roles["TA"].respondents is None
    teacher = roles["Teacher"]
    assert (teacher.respondents, teacher.top_any.count, teacher.bottom_any.count) == (6, 3, 3)
    assert (teacher.strand_lower["A"].count, teacher.strand_lower["B"].count) == (3, 5)
    depts = {g.name: g for g in s.breakdowns["department"]}
    assert (depts["KS1"].top_any.count, depts["KS1"].bottom_any.count) == (3, 1)
    assert (depts["KS2"].top_any.count, depts["KS2"].bottom_any.count) == (2, 4)
    assert "rounded half up to whole numbers" in s.rounding


def test_one_small_group_hides_the_next_smallest_too(school: Path, tmp_path: Path) -> None:
    setup(school)
    _import_known(school, tmp_path)
    s = summarise(scored_round(school, "2025-known"), min_group=3)
    shown = {g.name: g.suppressed for g in s.breakdowns["role"]}
    assert shown == {"Leader": True, "TA": True, "Teacher": False}


def test_year_on_year_change_and_repeat_respondents(school: Path, tmp_path: Path, sd) -> None:
    setup(school)
    _import_known(school, tmp_path)
    later = [(w, r, d, *LATER.get(w, (a, b))) for w, r, d, a, b in KNOWN]
    _import_known(school, tmp_path, later, "2026-known", day=2)
    s = school_summary(school, "2026-known", compare="2025-known")
    c = s.change
    assert c.round_id == "2025-known" and c.repeat_respondents == 12
    assert (s.top_any.count, c.top_any_pp, c.bottom_any_pp) == (6, "+8", "0")
    alpha, beta = c.strands
    assert (alpha.top_pp, alpha.lower_pp, alpha.moved_up, alpha.moved_down, alpha.same) == ("-8", "+8", 1, 1, 10)
    assert (beta.moved_up, beta.moved_down, beta.same) == (1, 0, 11)
    assert levels_by_respondent(school, "2026-known")[pseudonym("t10", KEY.encode())] == {"A": "entry", "B": "pioneer"}
    # the CLI's JSON is the library's result
    out = sd("survey", "report", "--round", "2026-known", "--compare", "2025-known", "--format", "json")
    assert out.exit_code == 0
    assert payload(out.stdout) == json.loads(json.dumps(s.to_dict(), default=str))


def test_percentages_round_half_up() -> None:
    assert percent(Fraction(1, 8)) == "13"  # Python's round() would give 12
    assert percent(Fraction(5, 12)) == "42"
    assert percent(Fraction(-1, 12), sign=True) == "-8"
    assert percent(Fraction(305, 701), 1) == "43.5"
    assert percent(Fraction(0), sign=True) == "0"


DIGILIT = ["FEO", "CS", "AF", "CCP", "ESO", "TPD"]


def _city(n: int, rules: dict[str, list[tuple[range, str]]], prefix: str = "p") -> list:
    rows = []
    for i in range(n):
        levels = []
        for strand in DIGILIT:
            level = "Developer"
            for span, name in rules.get(strand, []):
                if i in span:
                    level = name
            levels.append(level)
        rows.append((f"{prefix}{i:03d}", "Teacher", "", levels))
    return rows


def test_published_digilit_2013_and_2014_figures_are_reproduced_issue_4(school: Path, tmp_path: Path) -> None:
    """Counts chosen inside the digest's §4.4 ranges give the published rounded figures."""
    setup(school)
    y2013 = _city(
        450,
        {
            "ESO": [(range(0, 194), "Pioneer")],
            "FEO": [(range(194, 234), "Pioneer")],
            "CCP": [(range(0, 61), "Core"), (range(354, 450), "Core"), (range(300, 354), "Entry")],
            "TPD": [(range(234, 297), "Entry")],
            "CS": [(range(100, 293), "Core")],
        },
    )
    # 209 people answered both years: the 2014 ids p000-p208 are the same people
    y2014 = _city(
        701,
        {
            "ESO": [(range(0, 305), "Pioneer")],
            "FEO": [(range(305, 393), "Pioneer")],
            "CCP": [(range(400, 463), "Entry"), (range(463, 671), "Core")],
            "TPD": [(range(0, 98), "Entry")],
        },
    )
    y2014 = [(("p" if i < 209 else "q") + who[1:], *rest) for i, (who, *rest) in enumerate(y2014)]
    for rid, rows, eligible in (("2013-city", y2013, 1912), ("2014-city", y2014, None)):
        path = levels_csv(tmp_path / f"{rid}.csv", [f"{s}" for s in DIGILIT], rows)
        import_round(
            school, path, rid, framework_id="digilit-leicester", kind="levels", eligible=eligible,
            date=dt.date(int(rid[:4]), 7, 1),
        )  # fmt: skip
    s = school_summary(school, "2013-city")
    strands = {st.id: st for st in s.strands}
    assert s.participation.percent() == "24"  # 450 of 1,912
    assert s.top_any.percent() == "52" and s.bottom_any.percent() == "26"
    assert strands["ESO"].top.percent() == "43" and s.strongest == ["E-Safety and Online Identity"]
    assert strands["CS"].lower.percent() == "43"
    assert strands["CCP"].bottom.percent() == "12" and strands["CCP"].lower.percent() == "47"
    assert s.weakest == ["Communication, Collaboration and Participation"]
    s14 = school_summary(school, "2014-city", compare="previous")
    strands = {st.id: st for st in s14.strands}
    assert s14.top_any.percent() == "56" and s14.bottom_any.percent() == "23"
    assert strands["ESO"].top.percent(1) == "43.5" and strands["CCP"].lower.percent(1) == "38.7"
    assert strands["CCP"].bottom.percent() == "9"
    assert (s14.change.top_any_pp, s14.change.bottom_any_pp, s14.change.repeat_respondents) == ("+4", "-3", 209)


def test_digcompedu_framework_works_with_the_same_code_issue_4(school: Path, tmp_path: Path, sd) -> None:
    setup(school)
    _min_group(school, 1)  # a handful of respondents: show the figures anyway
    from schooldigital.survey.framework import load_framework

    fw, problems = load_framework(school, "digcompedu")
    assert fw is not None and not problems and len(fw.statements) == 22
    ids = list(fw.statements)
    header = "Timestamp,Email Address,Role,Department," + ",".join(f'"[{i}] {fw.statements[i][1].text}"' for i in ids)

    def row(n: int, scores: list[int]) -> str:
        return f"2026-05-0{n} 10:00:00,s{n}@x.uk,Teacher,KS2," + ",".join(map(str, scores))

    pe_b2 = [2, 2, 3, 3] + [4] * 18  # Professional Engagement mean 2.5 -> B2; the rest 4 -> C2
    lines = [header, row(1, [4] * 22), row(2, [0] * 22), row(3, pe_b2), row(4, ["I have tried it"] * 22)]
    export = write(tmp_path / "dce.csv", lines)
    result = sd("survey", "import", str(export), "--round", "dce", "--framework", "digcompedu")
    assert result.exit_code == 0, result
    levels = {k: v["PE"] for k, v in levels_by_respondent(school, "dce").items()}
    from schooldigital.survey.pseudonyms import pseudonym
    from survey_helpers import KEY

    key = KEY.encode()
    assert levels == {
        pseudonym("s1@x.uk", key): "C2",
        pseudonym("s2@x.uk", key): "A1",
        pseudonym("s3@x.uk", key): "B2",
        pseudonym("s4@x.uk", key): "A2",
    }
    report = sd("survey", "report", "--round", "dce")
    assert report.exit_code == 0
    header = "| Integrator | Expert | Leader | Pioneer | Newcomer or Explorer |"
    assert f"| Strand (short name used below) | Newcomer | Explorer {header}" in report.stdout
    assert "50% of respondents (2 of 4) are at Pioneer in at least one strand." in report.stdout


def test_rounds_are_ordered_by_date_not_name_issue_15(school: Path, tmp_path: Path, sd) -> None:
    shutil.rmtree(setup(school) / "rounds")  # only the two rounds below
    for rid, month in (("2026-spring", 3), ("2026-autumn", 10)):
        path = levels_csv(tmp_path / f"{rid}.csv", ["A", "B"], [(f"t0{month}", "Teacher", "KS1", ["core", "entry"])])
        import_round(school, path, rid, framework_id="mini", kind="levels", eligible=4, date=dt.date(2026, month, 1))
    _min_group(school, 1)  # one respondent a round: show the figures anyway
    out = sd("survey", "report", "--compare", "previous")
    assert out.exit_code == 0, out
    assert "survey 2026-autumn" in out.stdout and "## Change since 2026-spring (2026-03-01)" in out.stdout
    assert "| Respondents | 1 | 1 | +0 |" in out.stdout
    assert out.stdout.count("Strongest strand") == 1  # a tie is one line, not one per strand
    assert "- Strongest strand: none; every strand has 0% at Pioneer (0)." in out.stdout
    alone = sd("survey", "report", "--round", "2026-spring", "--compare", "previous")
    assert alone.exit_code == 0 and "no round is dated before 2026-spring (2026-03-01)" in alone.stdout
    html = sd("survey", "report", "--round", "2026-spring", "--compare", "previous", "--format", "html")
    assert "no round is dated before 2026-spring" in html.stdout
    _min_group(school, 5)
    for fmt in ("md", "html"):  # one respondent: below min_group (5), participation only (issue 15)
        few = sd("survey", "report", "--format", fmt).stdout
        assert "Fewer than 5 staff responded, so only participation is shown" in few and "Strand" not in few
    reverse = sd("survey", "report", "--round", "2026-spring", "--compare", "2026-autumn")
    assert reverse.exit_code == 2 and "dated 2026-10-01, not before 2026-spring" in reverse.stderr


def _min_group(school: Path, n: int) -> None:
    path = school / "school.yaml"
    text = path.read_text().split("\nsurvey:")[0]
    path.write_text(text.rstrip("\n") + f"\nsurvey:\n  min_group: {n}\n")
