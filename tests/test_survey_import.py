"""`sd survey import`: Forms exports and levels CSVs in, located errors out, nothing half-written."""

from __future__ import annotations

from pathlib import Path

from gitrepo import git_env  # noqa: F401 - a fixture
from schooldigital.survey.pseudonyms import pseudonym
from survey_helpers import KEY, MINI_HEADER, levels_csv, setup, write


def _rows(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error " in line or ": warning " in line]


def test_bad_rows_are_reported_as_file_row_column_and_nothing_is_written_issue_4(school: Path, sd, tmp_path) -> None:
    setup(school)
    export = write(
        tmp_path / "export.csv",
        [
            MINI_HEADER,
            "01/06/2026 10:00:00,a@x.uk,Teacher,KS1,Yes,Yes,No,Yes,Partly,No",
            "01/06/2026 10:05:00,b@x.uk,Teacher,KS1,Yes,Maybe,No,Yes,Yes,No",
            "01/06/2026 10:06:00,c@x.uk,TA,KS2,Yes,Yes,,Yes,Yes,No",
            "01/06/2026 10:07:00,A@X.uk ,Teacher,KS1,Yes,Yes,Yes,Yes,Yes,Yes",
            "31/02/2026 10:08:00,d@x.uk,Teacher,KS1,Yes,Yes,Yes,Yes,Yes,Yes",
        ],
        crlf=True,
    )
    result = sd("survey", "import", str(export), "--round", "r2", "--framework", "mini")
    assert result.exit_code == 2, result
    errors = [line.removeprefix(str(export)) for line in _rows(result)]
    assert [e.split(": ", 2)[:2] for e in errors] == [
        [":3:6", "error survey-answer-invalid"],
        [":4:7", "error survey-answer-missing"],
        [":5:2", "error survey-duplicate-respondent"],
        [":6:1", "error date-invalid"],
    ]
    assert "`Maybe` is not an answer on the scale" in errors[0]
    assert "already answered on row 2" in errors[2]
    assert "nothing was written" in result.stderr
    assert not (school / "surveys/rounds/r2").exists()


def test_skip_invalid_stores_good_rows_and_reports_the_rest(school: Path, sd, tmp_path) -> None:
    setup(school)
    export = write(
        tmp_path / "export.csv",
        [
            MINI_HEADER,
            "01/06/2026 10:00:00,a@x.uk,Teacher,KS1,Yes,Yes,No,Yes,Partly,No",
            "01/06/2026 10:05:00,b@x.uk,Teacher,KS1,Yes,Maybe,No,Yes,Yes,No",
            "02/06/2026 10:06:00,c@x.uk,TA,KS2,Yes,Yes,Yes,Yes,Yes,Yes",
        ],
    )
    result = sd("survey", "import", str(export), "--round", "r1", "--framework", "mini", "--skip-invalid")
    assert result.exit_code == 1, result
    assert "skipped 1 invalid row(s)" in result.stderr
    assert f"{export}:3:6: error survey-answer-invalid" in result.stderr
    stored = (school / "surveys/rounds/r1/responses.csv").read_text()
    key = KEY.encode()
    assert stored.splitlines()[0] == "respondent,role,department,A-E1,A-C1,A-P1,B-E1,B-C1,B-P1"
    assert sorted(line.split(",")[0] for line in stored.splitlines()[1:]) == sorted(
        [pseudonym("a@x.uk", key), pseudonym("c@x.uk", key)]
    )
    assert "@" not in stored
    meta = (school / "surveys/rounds/r1/round.yaml").read_text()
    assert "date: 2026-06-02" in meta and "skipped_rows: 1" in meta
    assert sd("validate").exit_code == 0


def test_microsoft_forms_export_with_bom_cp1252_and_crlf(school: Path, sd, tmp_path) -> None:
    setup(school)
    header = "ID,Start time,Completion time,Email,Name,Role,Department," + MINI_HEADER.split(",", 4)[4]
    lines = [
        header,
        "1,01/06/2026 09:00:00,01/06/2026 09:05:00,zoe@x.uk,Zoë Brontë,Teacher,KS1,Yes,Yes,Yes,Yes,Yes,No",
        "2,01/06/2026 09:00:00,01/06/2026 09:07:00,ian@x.uk,Ian Ode,Teaching assistant,Café team,Yes,No,No,No,No,No",
    ]
    for n, (bom, enc) in enumerate([(True, "utf-8"), (False, "cp1252"), (True, "cp1252")]):  # BOM+cp1252: issue 15
        export = write(tmp_path / f"ms{n}.csv", lines, crlf=True, bom=bom, encoding=enc)
        result = sd("survey", "import", str(export), "--round", f"ms{n}", "--framework", "mini")
        assert result.exit_code == 0, result
        stored = (school / f"surveys/rounds/ms{n}/responses.csv").read_text(encoding="utf-8")
        assert "Café team" in stored and "Zo" not in stored and "\r" not in stored
        assert "date: 2026-06-01" in (school / f"surveys/rounds/ms{n}/round.yaml").read_text()


def test_date_format_option_and_dry_run_writes_nothing(school: Path, sd, tmp_path) -> None:
    setup(school)
    export = write(tmp_path / "us.csv", [MINI_HEADER, "06/30/2026 10:00:00,a@x.uk,Teacher,KS1,Yes,Yes,No,Yes,No,No"])
    bad = sd("survey", "import", str(export), "--round", "us", "--framework", "mini", "--dry-run")
    assert bad.exit_code == 2 and f"{export}:2:1: error date-invalid" in bad.stderr
    ok = sd(
        "survey", "import", str(export), "--round", "us", "--framework", "mini", "--dry-run",
        "--date-format", "%m/%d/%Y %H:%M:%S",
    )  # fmt: skip
    assert ok.exit_code == 0 and "would store 1 respondents" in ok.stderr
    assert not (school / "surveys/rounds/us").exists()


def test_header_problems_unknown_statement_and_missing_column(school: Path, sd, tmp_path) -> None:
    setup(school)
    header = MINI_HEADER.replace("[B-P1] b3", "[B-P9] b3") + ",Any comments?"
    export = write(tmp_path / "h.csv", [header, "01/06/2026 10:00:00,a@x.uk,T,K,Yes,Yes,No,Yes,No,No,hello"])
    result = sd("survey", "import", str(export), "--round", "h", "--framework", "mini", "--skip-invalid")
    assert result.exit_code == 2
    assert f"{export}:1:10: error survey-unknown-statement" in result.stderr
    assert f"{export}:1:11: warning survey-column-ignored" in result.stderr
    assert f"{export}:1: error survey-statement-missing: no column for statement `B-P1`" in result.stderr
    assert not (school / "surveys/rounds/h").exists()


def test_levels_csv_unknown_strand_and_unknown_level(school: Path, sd, tmp_path) -> None:
    setup(school)
    bad_strand = levels_csv(tmp_path / "l1.csv", ["A", "Bogus"], [("t01", "Teacher", "KS1", ["Core", "Entry"])])
    result = sd("survey", "import", str(bad_strand), "--round", "l1", "--framework", "mini", "--kind", "levels")
    assert result.exit_code == 2
    assert f"{bad_strand}:1:5: error survey-unknown-strand: column `Bogus`" in result.stderr
    bad_level = levels_csv(
        tmp_path / "l2.csv",
        ["Alpha", "B"],
        [("t01", "Teacher", "KS1", ["Core", "Expert"]), ("t02", "TA", "KS1", ["pioneer", "ENTRY"])],
    )
    result = sd("survey", "import", str(bad_level), "--round", "l2", "--framework", "mini", "--kind", "levels")
    assert result.exit_code == 2
    assert f"{bad_level}:2:5: error survey-unknown-level: `Expert` is not a level of mini" in result.stderr
    good = levels_csv(tmp_path / "l3.csv", ["Alpha", "B"], [("t02", "TA", "KS1", ["pioneer", "ENTRY"])])
    result = sd(
        "survey", "import", str(good), "--round", "l3", "--framework", "mini", "--kind", "levels",
        "--date", "2026-07-01",
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert (school / "surveys/rounds/l3/responses.csv").read_text().splitlines() == [
        "respondent,role,department,A,B",
        f"{pseudonym('t02', KEY.encode())},TA,KS1,pioneer,entry",
    ]


def test_existing_round_needs_replace(school: Path, sd) -> None:
    setup(school)
    export = school / "export.csv"
    write(export, [MINI_HEADER, "01/06/2026 10:00:00,a@x.uk,T,K,Yes,Yes,No,Yes,No,No"])
    result = sd("survey", "import", str(export), "--round", "2025-summer", "--framework", "mini")
    assert result.exit_code == 2 and "pass --replace" in result.stderr


def test_demo_google_export_imports_with_the_repo_mapping(school: Path, sd) -> None:
    setup(school)
    export = Path(__file__).parent / "data/survey/riverside-2026-google.csv"
    result = sd(
        "survey", "import", str(export), "--round", "again",
        "--mapping", str(school / "surveys/mappings/riverside-google.yaml"),
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert "stored 34 respondents as round again (digilit-leicester, statements)" in result.stderr
    stored = (school / "surveys/rounds/again/responses.csv").read_text()
    demo = (school / "surveys/rounds/2026-summer/responses.csv").read_text()
    # same answers as the demo round; only the pseudonyms differ (a different key)
    assert sorted(line.split(",", 1)[1] for line in stored.splitlines()) == sorted(
        line.split(",", 1)[1] for line in demo.splitlines()
    )
    assert "More time to practise" not in stored and "riverside.example" not in stored


def test_no_typed_identifier_reaches_the_repository_issue_15(school: Path, sd, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SD_CACHE_DIR", str(school / ".cache"))  # caches are searched too
    setup(school)
    people = ["jane.smythe", "QPatelx", "Zebedee", "T0NY"]
    rows = [(who, "Teacher", "KS1", ["core", "entry"]) for who in people]
    export = levels_csv(tmp_path / "names.csv", ["A", "B"], rows)
    result = sd("survey", "import", str(export), "--round", "n1", "--framework", "mini", "--kind", "levels",
                "--date", "2026-07-01")  # fmt: skip
    assert result.exit_code == 0, result
    stored = (school / "surveys/rounds/n1/responses.csv").read_text()
    assert [line.split(",")[0] for line in stored.splitlines()[1:]] == sorted(
        pseudonym(p, KEY.encode()) for p in people
    )
    for path in school.rglob("*"):
        if path.is_file():
            body = path.read_bytes().lower()
            assert not any(p.lower().encode() in body for p in people), path
    # a staff code finds its person whatever its case
    assert sd("survey", "profile", "t0ny", "--round", "n1").exit_code == 0


def test_ids_are_pseudonyms_must_look_like_the_schools_issue_15(school: Path, sd, tmp_path) -> None:
    setup(school)
    good = levels_csv(tmp_path / "p.csv", ["A", "B"], [("r-0123456789ab", "TA", "KS1", ["core", "entry"])])
    args = ["--framework", "mini", "--kind", "levels", "--date", "2026-07-01", "--ids-are-pseudonyms"]
    assert sd("survey", "import", str(good), "--round", "p1", *args).exit_code == 0
    assert "r-0123456789ab,TA" in (school / "surveys/rounds/p1/responses.csv").read_text()
    bad = levels_csv(tmp_path / "q.csv", ["A", "B"], [("APatel", "TA", "KS1", ["core", "entry"])])
    result = sd("survey", "import", str(bad), "--round", "p2", *args)
    assert (
        result.exit_code == 2 and f"{bad}:2:1: error value-invalid: not one of the school's pseudonyms" in result.stderr
    )
    assert not (school / "surveys/rounds/p2").exists()


def test_rounds_an_older_sd_wrote_with_plain_codes_still_match_issue_15(school: Path, sd, tmp_path) -> None:
    setup(school)
    old = school / "surveys/rounds/o1"
    old.mkdir(parents=True)
    (old / "round.yaml").write_text("framework: mini\nkind: levels\ndate: 2025-07-01\n")
    (old / "responses.csv").write_text("respondent,role,department,A,B\nt01,TA,KS1,entry,entry\n")
    new = levels_csv(tmp_path / "n.csv", ["A", "B"], [("t01", "TA", "KS1", ["core", "entry"])])
    args = ["--framework", "mini", "--kind", "levels", "--date", "2026-07-01"]
    assert sd("survey", "import", str(new), "--round", "o2", *args).exit_code == 0
    assert sd("validate").exit_code == 0
    report = sd("survey", "report", "--round", "o2", "--compare", "o1", "--format", "json")
    assert '"repeat_respondents": 1' in report.stdout
    profile = sd("survey", "profile", "T01", "--round", "o2")
    assert profile.exit_code == 0 and "Alpha: Core (was Entry in o1)" in profile.stdout


def test_more_respondents_than_eligible_is_refused_issue_15(school: Path, sd, tmp_path) -> None:
    setup(school)
    rows = [(f"t{i}", "TA", "KS1", ["core", "entry"]) for i in range(3)]
    export = levels_csv(tmp_path / "e.csv", ["A", "B"], rows)
    args = ["--framework", "mini", "--kind", "levels", "--date", "2026-07-01"]
    result = sd("survey", "import", str(export), "--round", "e1", "--eligible", "2", *args)
    assert result.exit_code == 2 and "--eligible is 2 but 3 staff answered" in result.stderr
    assert not (school / "surveys/rounds/e1").exists()
    assert sd("survey", "import", str(export), "--round", "e1", "--eligible", "3", *args).exit_code == 0
    meta = school / "surveys/rounds/e1/round.yaml"
    meta.write_text(meta.read_text().replace("eligible_staff: 3", "eligible_staff: 2"))
    line = meta.read_text().splitlines().index("eligible_staff: 2") + 1
    result = sd("validate")
    assert result.exit_code == 2
    assert f"surveys/rounds/e1/round.yaml:{line}:" in result.stdout + result.stderr
    assert "eligible_staff is 2 but 3 staff answered" in result.stdout + result.stderr
    report = sd("survey", "report", "--round", "e1")
    assert report.exit_code == 2 and "eligible_staff is 2 but 3 staff answered" in report.stderr


def test_a_fresh_school_imports_the_demo_google_export_issue_15(tmp_path, sd) -> None:
    fresh = tmp_path / "oakfield"
    init = sd("init", str(fresh), "--name", "Oakfield Primary School", "--urn", "234567", "--phase", "primary")
    assert init.exit_code == 0, init
    assert (fresh / "surveys/frameworks/digilit-leicester.yaml").is_file()
    export = Path(__file__).parent / "data/survey/riverside-2026-google.csv"
    mapping = Path(__file__).parents[1] / "surveys/mappings/riverside-google.yaml"
    args = ["survey", "import", str(export), "--round", "2026-summer", "--mapping", str(mapping)]
    result = sd(*args, root=fresh)
    assert result.exit_code == 0, result
    assert "stored 34 respondents" in result.stderr
    assert sd("validate", root=fresh).exit_code == 0


def test_a_missing_framework_says_how_to_get_it_issue_15(school: Path, sd, tmp_path) -> None:
    (school / "surveys/frameworks/digilit-leicester.yaml").unlink()
    export = Path(__file__).parent / "data/survey/riverside-2026-google.csv"
    mapping = tmp_path / "m.yaml"
    mapping.write_text((school / "surveys/mappings/riverside-google.yaml").read_text())
    args = ["survey", "import", str(export), "--round", "again", "--mapping", str(mapping)]
    result = sd(*args)
    assert result.exit_code == 2
    assert "add sd's copy with `sd survey frameworks --install digilit-leicester`" in result.stderr
    listed = sd("survey", "frameworks")
    assert "digilit-leicester\tshipped with sd; add with --install" in listed.stdout
    assert sd("survey", "frameworks", "--install", "digilit-leicester").exit_code == 0
    assert "digilit-leicester\tin this school" in sd("survey", "frameworks").stdout
    assert sd(*args).exit_code == 0


DIGILIT_TEXT = {
    "FEO-E1": "I can search the web for a resource I need for a lesson.",
    "CS-E1": "I can make a simple document or slide show for a lesson.",
}


def test_level_headers_as_a_school_form_has_them_issue_15(school: Path, sd, tmp_path) -> None:
    header = [
        "Email Address",
        "Finding, Evaluating & Organising",  # & for "and"
        "C&S",  # the survey's abbreviation (an alias in the framework file)
        "Your level [Assessment and Feedback]",  # Google Forms grid
        "Your level.Communication, Collaboration and Participation",  # Microsoft Forms grid
        "ES",  # the file's id is ESO
        "technology-supported professional development",
        "Comments",
        "",  # an empty trailing column
    ]
    rows = [",".join(f'"{h}"' for h in header), "a@x.uk,Core,Entry,Pioneer,Developer,Core,Entry,great,"]
    export = write(tmp_path / "levels.csv", rows)
    args = ["--round", "g1", "--framework", "digilit-leicester", "--kind", "levels", "--date", "2026-07-01"]
    result = sd("survey", "import", str(export), *args)
    assert result.exit_code == 0, result
    assert f"{export}:1:8: warning survey-column-ignored: column `Comments` is not used" in result.stderr
    assert f"{export}:1:9: warning survey-column-ignored: column 9 has no name" in result.stderr
    assert "error" not in result.stderr
    stored = (school / "surveys/rounds/g1/responses.csv").read_text().splitlines()
    assert stored[0] == "respondent,role,department,FEO,CS,AF,CCP,ESO,TPD"
    assert stored[1].endswith(",,,core,entry,pioneer,developer,core,entry")


def test_statement_headers_verbatim_and_in_grids_issue_15(school: Path, sd, tmp_path) -> None:
    export = Path(__file__).parent / "data/survey/riverside-2026-google.csv"
    lines = export.read_text(encoding="utf-8").splitlines()
    # the demo's Google export copies the framework's statement text word for word: no mapping needed
    result = sd("survey", "import", str(export), "--round", "v1", "--dry-run")
    assert result.exit_code == 0 and "would store 34 respondents" in result.stderr, result
    assert "error" not in result.stderr
    google = lines[0].replace(DIGILIT_TEXT["FEO-E1"], f"How well does this describe you? [{DIGILIT_TEXT['FEO-E1']}]")
    microsoft = google.replace(DIGILIT_TEXT["CS-E1"], f"How well does this describe you?.{DIGILIT_TEXT['CS-E1']}")
    grid = write(tmp_path / "grid.csv", [microsoft.replace(" and ", " & "), *lines[1:]])
    result = sd("survey", "import", str(grid), "--round", "v2", "--dry-run")
    assert result.exit_code == 0 and "would store 34 respondents" in result.stderr, result


def test_problems_come_out_in_the_same_order_on_every_run_issue_15(school: Path, tmp_path) -> None:
    import os
    import subprocess
    import sys

    setup(school)
    export = write(tmp_path / "bare.csv", ["respondent,role,department,Comments", "t01,TA,KS1,x"])
    args = ["--root", str(school), "survey", "import", str(export), "--round", "b", "--framework", "mini"]
    outputs = set()
    for seed in ("1", "2", "3"):  # a set's order follows the hash seed: each run gets another
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)}
        run = subprocess.run([sys.executable, "-m", "schooldigital", *args], capture_output=True, env=env)
        assert run.returncode == 2 and run.stderr.count(b"survey-statement-missing") == 6, run.stderr
        outputs.add(run.stderr)
    assert len(outputs) == 1


def test_map_drafts_a_mapping_file_from_a_sample_export_issue_15(school: Path, sd) -> None:
    export = Path(__file__).parent / "data/survey/riverside-2026-google.csv"
    drafted = sd("survey", "map", str(export))
    assert drafted.exit_code == 0, drafted
    assert '  "I can search the web for a resource I need for a lesson.": FEO-E1' in drafted.stdout
    assert '  - "What is your role?"' in drafted.stdout and 'respondent: "Email Address"' in drafted.stdout
    mapping = school / "surveys/mappings/staff-form.yaml"
    mapping.write_text(drafted.stdout)
    assert sd("validate").exit_code == 0
    result = sd("survey", "import", str(export), "--round", "m1", "--mapping", str(mapping))
    assert result.exit_code == 0 and "warning" not in result.stderr, result
