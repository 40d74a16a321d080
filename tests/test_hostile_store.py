"""A pull request is hostile input (issue 12), store level: nothing in the repository runs, only regular files
inside the school are read, every parser is bounded, and no byte is reinterpreted or lost.

Every case asserts a clear error, the exit status, and an unchanged repository (bytes compared before/after).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gitrepo import git, git_env, make_repo  # noqa: F401 - git_env is an autouse fixture
from schooldigital.problems import Problem, Source
from schooldigital.store import cache, csvio, yamlio
from schooldigital.store.files import DISK
from schooldigital.validation import validate_school

ASSETS = "registers/assets.csv"
SUPPLIERS = "registers/suppliers.yaml"


def snapshot(root: Path) -> dict[str, object]:
    """Every entry below `root` without following links: bytes of files, targets of links, kinds of the rest.
    sd's own git-ignored `.sd-cache/` (the write lock) is left out."""
    out: dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root and ".sd-cache" in dirs:
            dirs.remove(".sd-cache")
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                out[rel] = path.read_bytes()
            elif not stat.S_ISDIR(mode):
                out[rel] = ("special", stat.S_IFMT(mode))
    return out


def codes(stderr: str) -> set[str]:
    return {line.split(": ")[1].split()[-1] for line in stderr.splitlines() if ": error " in line}


class Payload:
    """Unpickling this runs a shell command that creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def entry_name(version: bytes, kind: str, path: str, text: str) -> str:
    """The cache entry name sd computes, as anyone can compute it from the repository."""
    return hashlib.sha256(b"\0".join([version, kind.encode(), path.encode(), text.encode()])).hexdigest()


# --- 1. nothing in the repository is executable -------------------------------------------------------------


def test_committed_pickle_payloads_never_run(school: Path, sd, tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "pwned"
    text = (school / SUPPLIERS).read_text()
    payload = pickle.dumps(Payload(marker))
    # where sd 0.1 looked (.sd-cache/parse/<sha>.pickle, version 2), force-added past .gitignore ...
    old = school / ".sd-cache" / "parse" / f"{entry_name(b'2', 'yaml-records', SUPPLIERS, text)}.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(payload)
    # ... and a cache folder inside the checkout (CI pointing XDG_CACHE_HOME at the workspace), with a committed
    # key and an entry correctly signed with it at the exact current name.
    home = school / ".cache" / "schooldigital"
    (home / "parse").mkdir(parents=True)
    key = b"k" * 32
    (home / "key").write_bytes(key)
    (home / "key").chmod(0o600)
    name = entry_name(cache._VERSION, "yaml-records", SUPPLIERS, text)
    (home / "parse" / f"{name}.pickle").write_bytes(cache._MAGIC + cache._sign(key, name, payload) + payload)
    make_repo(school)
    git(school, "add", "-f", ".sd-cache", ".cache")
    git(school, "commit", "-q", "-m", "innocent-looking pull request")
    monkeypatch.delenv("SD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(school / ".cache"))
    before = snapshot(school)

    for args in (["validate"], ["check", "renewals", "--today", "2026-11-22"], ["validate"]):
        result = sd(*args)
        assert result.exit_code in (0, 1), result

    assert not marker.exists()
    assert snapshot(school) == before
    assert git(school, "status", "--porcelain") == ""


def test_forged_entry_in_the_users_cache_is_a_miss(school: Path, sd, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SD_CACHE_DIR", str(tmp_path / "cache"))
    first = sd("validate")
    text = (school / SUPPLIERS).read_text()
    entry = tmp_path / "cache" / "parse" / f"{entry_name(cache._VERSION, 'yaml-records', SUPPLIERS, text)}.pickle"
    assert entry.exists()  # the very name sd looks up
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Payload(marker))
    entry.write_bytes(cache._MAGIC + b"\0" * 32 + payload)
    before = snapshot(school)

    again = sd("validate")

    assert not marker.exists()
    assert (again.exit_code, again.stderr) == (first.exit_code, first.stderr)
    assert entry.read_bytes().startswith(cache._MAGIC) and payload not in entry.read_bytes()  # recomputed
    assert snapshot(school) == before


def test_signed_entry_may_build_only_sds_own_classes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SD_CACHE_DIR", str(tmp_path / "cache"))
    school = tmp_path / "school"
    school.mkdir()
    marker = tmp_path / "pwned"
    source = Source("registers/x.yaml")
    key = cache._secret(cache.cache_home(), school)
    assert key is not None
    name = entry_name(cache._VERSION, "k", source.path, "text")
    payload = pickle.dumps(Payload(marker))
    entry = cache.cache_home() / "parse" / f"{name}.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(cache._MAGIC + cache._sign(key, name, payload) + payload)  # as if the key had leaked

    assert cache.memo(school, "k", "text", source, lambda: "computed") == "computed"
    assert not marker.exists()


def test_cache_shared_by_two_checkouts_reads_each_ones_own_files(school: Path, sd, tmp_path: Path) -> None:
    other = tmp_path / "other-checkout"
    shutil.copytree(school, other)
    first = sd("check", "standards", "--today", "2026-11-22", root=other)  # fills the cache from `other`
    shutil.rmtree(other)

    again = sd("check", "standards", "--today", "2026-11-22")  # same content: answered from the cache

    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)
    assert "unsafe-path" not in again.stderr and again.stdout


def test_entries_unused_for_a_month_are_pruned_on_the_next_write(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SD_CACHE_DIR", str(tmp_path / "cache"))
    school = tmp_path / "school"
    school.mkdir()
    cache.memo(school, "k", "old", Source("x"), lambda: 1)
    stale = next((tmp_path / "cache" / "parse").iterdir())
    month_ago = stale.stat().st_mtime - cache.PRUNE_AFTER_S - 60
    os.utime(stale, (month_ago, month_ago))

    cache.memo(school, "k", "new", Source("x"), lambda: 2)

    assert not stale.exists() and len(list((tmp_path / "cache" / "parse").iterdir())) == 1


# --- 2. registers are regular files inside the school ---------------------------------------------------------


@pytest.mark.parametrize(
    ("register", "target"),
    [(ASSETS, "/etc/passwd"), (SUPPLIERS, "/proc/self/environ"), (ASSETS, "/proc/self/environ")],
)
def test_symlinked_register_is_refused_unread(school: Path, sd, monkeypatch, register: str, target: str) -> None:
    monkeypatch.setenv("SD_TEST_SECRET", "hunter2-ci-token")
    (school / register).unlink()
    (school / register).symlink_to(target)
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert f"{register}: error unsafe-path: not read: a register must be a regular file" in result.stderr
    assert codes(result.stderr) == {"unsafe-path"}
    for secret in ("hunter2", "root:", "PATH="):
        assert secret not in result.stderr + result.stdout
    assert snapshot(school) == before


def test_symlinked_folder_outside_the_school_is_refused(school: Path, sd, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (school / "registers").rename(outside)
    (school / "registers").symlink_to(outside)
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert "registers/suppliers.yaml: error unsafe-path:" in result.stderr
    assert snapshot(school) == before


def test_fifo_register_is_refused_without_blocking(school: Path, sd) -> None:
    (school / SUPPLIERS).unlink()
    os.mkfifo(school / SUPPLIERS)
    before = snapshot(school)

    result = sd("check", "renewals", "--today", "2026-11-22")

    assert result.exit_code == 2
    assert "registers/suppliers.yaml: error unsafe-path:" in result.stderr
    assert snapshot(school) == before


def test_symlinked_register_is_refused_by_edits_too(school: Path, sd, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text((school / ASSETS).read_text())
    (school / ASSETS).unlink()
    (school / ASSETS).symlink_to(secret)
    before, secret_before = snapshot(school), secret.read_bytes()

    result = sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hall")

    assert result.exit_code == 2
    assert "unsafe-path" in result.stderr
    assert snapshot(school) == before and secret.read_bytes() == secret_before


def test_unknown_header_is_quoted_short_and_escaped(school: Path, sd) -> None:
    path = school / ASSETS
    lines = path.read_text().splitlines(keepends=True)
    hostile = "AWS_SECRET=" + "x" * 5000 + "\x1b[31m"
    path.write_text(lines[0].rstrip("\n") + f",{hostile}\n" + "".join(line.rstrip("\n") + ",\n" for line in lines[1:]))
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    line = next(x for x in result.stderr.splitlines() if "unknown-field" in x)
    assert "unknown column `AWS_SECRET=xxxxxxxxxxxxxxxxxxxxxxxxxxxxx...`" in line
    assert "\x1b" not in result.stderr and len(line) < 600
    assert snapshot(school) == before


def test_unknown_yaml_key_and_tag_are_quoted_short(school: Path, sd) -> None:
    with (school / SUPPLIERS).open("a") as fh:
        fh.write(f"- id: k\n  name: K\n  {'TOKEN' * 40}: x\n- id: t\n  name: !<{'tag' * 100}> T\n")

    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert "unknown field `TOKENTOKENTOKENTOKENTOKENTOKENTOKENTOKEN...`" in result.stderr
    assert "tagtagtagtagtagtagtagtagtagtagtagtagtagt..." in result.stderr
    assert max(map(len, result.stderr.splitlines())) < 300
    assert snapshot(school) == before


@pytest.mark.parametrize("part", ["header", "answer"])
def test_stored_survey_round_quotes_headers_and_answers_short(school: Path, sd, part: str) -> None:
    path = school / "surveys/rounds/2026-summer/responses.csv"
    lines = path.read_text().splitlines()
    if part == "header":
        lines = [lines[0] + "," + "HEADER" * 100, *(line + "," for line in lines[1:])]
    else:
        lines[1] = lines[1].rsplit(",", 1)[0] + "," + "ANSWER" * 100
    path.write_text("\n".join(lines) + "\n")
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    shown = {"header": "column `HEADERHEADERHEADERHEADERHEADERHEADERHEAD...`", "answer": "`ANSWERANSWERANSW"}[part]
    assert shown in result.stderr
    assert "HEADER" * 8 not in result.stderr and "ANSWER" * 8 not in result.stderr
    assert snapshot(school) == before


# --- 3. bounded parsing --------------------------------------------------------------------------------------


def alias_bomb() -> str:
    lines = ["- id: bomb\n  name: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    lines += [f"  f{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    return "".join(lines)


def test_alias_bomb_fails_fast_under_a_memory_ceiling(school: Path) -> None:
    with (school / SUPPLIERS).open("a") as fh:
        fh.write(alias_bomb())
    before = snapshot(school)
    ceiling = 700 * 2**20  # unbounded, this bomb needs over 6 GB
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({ceiling}, {ceiling}))\n"
        "from schooldigital.cli import main\n"
        f"sys.argv = ['sd', '--root', {str(school)!r}, 'validate']\n"
        "main()\n"
    )

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)

    assert proc.returncode == 2, proc.stderr
    assert "registers/suppliers.yaml:" in proc.stderr and "error yaml-syntax: more than 100 aliases" in proc.stderr
    assert snapshot(school) == before


def test_alias_limits_are_configurable(school: Path, sd, monkeypatch) -> None:
    with (school / SUPPLIERS).open("a") as fh:
        fh.write("- id: a\n  name: x\n  notes: &n [a, b, c]\n- id: b\n  name: y\n  notes: *n\n")
    monkeypatch.setenv("SD_MAX_YAML_EXPANSION", "2")

    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert "error yaml-syntax: aliases expand to more than 2 values" in result.stderr
    assert snapshot(school) == before


@pytest.mark.parametrize(
    ("register", "variable"), [("registers/people.yaml", "SD_MAX_YAML_BYTES"), (ASSETS, "SD_MAX_CSV_BYTES")]
)
def test_oversized_files_are_refused_before_parsing(school: Path, sd, monkeypatch, register: str, variable: str):
    path = school / register
    limit = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"\n{[ this would be a syntax error\n")
    monkeypatch.setenv(variable, str(limit))
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert f"{register}: error file-too-large: not read: the file is larger than the limit of {limit} bytes" in (
        result.stderr
    )
    found = codes(result.stderr)
    assert variable in result.stderr and "file-too-large" in found
    assert not found & {"yaml-syntax", "csv-syntax"}  # refused before parsing
    assert snapshot(school) == before


@pytest.mark.parametrize("quoted", [True, False])
def test_long_cell_is_located_and_later_rows_are_still_checked(school: Path, sd, quoted: bool) -> None:
    path = school / ASSETS
    lines = path.read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    notes = header.index("order_ref")
    long_row = lines[1].rstrip("\n").split(",")
    long_row[notes] = f'"{"x" * 200_000}"' if quoted else "y" * 200_000
    bad_row = lines[2].rstrip("\n").split(",")
    bad_row[header.index("status")] = "melted"
    path.write_text("".join([lines[0], ",".join(long_row) + "\n", ",".join(bad_row) + "\n", *lines[3:]]))
    before = snapshot(school)

    result = sd("validate")
    edit = sd("assets", "edit", lines[5].split(",")[0], "--set", "order_ref=x")

    assert result.exit_code == 2
    assert f"{ASSETS}:2:{notes + 1}: error value-too-long: cell is 200000 characters long" in result.stderr
    assert f"{ASSETS}:3:" in result.stderr and "melted" in result.stderr  # the row after it is checked
    assert edit.exit_code == 2 and "value-too-long" in edit.stderr  # a clear refusal, not a crash
    assert snapshot(school) == before


def test_long_yaml_value_is_value_too_long(school: Path, sd) -> None:
    with (school / SUPPLIERS).open("a") as fh:
        fh.write(f"- id: long\n  name: {'z' * 20_000}\n")

    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert codes(result.stderr) == {"value-too-long"}
    assert "registers/suppliers.yaml:" in result.stderr and "z" * 50 not in result.stderr
    assert snapshot(school) == before


# --- 4. bytes are kept ---------------------------------------------------------------------------------------


def _add(sd) -> object:
    return sd("assets", "add", "--category", "laptop", "--model", "dell-latitude-3440", "--location", "hall")


def test_stray_cp1252_byte_in_utf8_is_an_error_and_nothing_is_rewritten(school: Path, sd) -> None:
    path = school / ASSETS
    lines = path.read_bytes().split(b"\n")
    notes = lines[0].split(b",").index(b"order_ref")
    row = lines[2].split(b",")
    row[notes] = "Café".encode() + b" \x93PO\x94"  # UTF-8 é, then Windows-1252 curly quotes
    lines[2] = b",".join(row)
    path.write_bytes(b"\n".join(lines))
    before = snapshot(school)

    result = sd("validate")
    added = _add(sd)

    assert result.exit_code == 2
    col = len(lines[2].split(b"\x93")[0].decode()) + 1
    assert f"{ASSETS}:3:{col}: error encoding-invalid: byte 0x93: mixed encodings" in result.stderr
    assert added.exit_code == 2 and "encoding-invalid" in added.stderr
    assert snapshot(school) == before


@pytest.mark.parametrize("register", [ASSETS, SUPPLIERS])
def test_nul_byte_is_an_error_at_its_position(school: Path, sd, register: str) -> None:
    path = school / register
    text = path.read_bytes()
    at = text.index(b"\n", text.index(b"\n") + 1) + 3  # line 3, column 3
    path.write_bytes(text[:at] + b"\0" + text[at:])
    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert f"{register}:3:3: error encoding-invalid: a NUL byte" in result.stderr
    assert snapshot(school) == before


def test_invalid_utf8_yaml_is_located(school: Path, sd) -> None:
    with (school / SUPPLIERS).open("ab") as fh:
        fh.write(b"- id: xma\n  name: XMA \xff Ltd\n")
    lines = (school / SUPPLIERS).read_bytes().count(b"\n")

    before = snapshot(school)

    result = sd("validate")

    assert result.exit_code == 2
    assert f"{SUPPLIERS}:{lines}:13: error encoding-invalid: byte 0xFF: not valid UTF-8" in result.stderr
    assert snapshot(school) == before


@pytest.mark.parametrize(
    ("cell", "message"),
    [(b"Caf\xc3\xa9 \x93PO\x94", "byte 0x93: mixed encodings"), (b"PO\x001", "a NUL byte")],
)
def test_import_refuses_mixed_bytes_and_nul(school: Path, sd, tmp_path: Path, cell: bytes, message: str) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(b"category,model,location,order_ref\nlaptop,dell-latitude-3440,hall," + cell + b"\n")
    before = snapshot(school)

    result = sd("assets", "import", str(export))

    assert result.exit_code == 2
    assert f"error encoding-invalid: {message}" in result.stderr and ":2:" in result.stderr
    assert snapshot(school) == before


def test_whole_file_cp1252_reads_but_is_never_re_encoded(school: Path, sd) -> None:
    path = school / ASSETS
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + "\n"
    path.write_bytes("".join(lines).replace("PO2019-307", "PO2019-307£", 1).encode("cp1252"))
    assert b"\xa3" in path.read_bytes()
    before = snapshot(school)

    result = sd("validate")
    added = _add(sd)

    assert "encoding-invalid" not in result.stderr
    assert added.exit_code == 2 and "Windows-1252, not UTF-8; convert it first" in added.stderr
    assert snapshot(school) == before


def test_add_and_edit_keep_every_byte_of_unchanged_rows(school: Path, sd) -> None:
    path = school / ASSETS
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    ref = header.index("order_ref")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][ref] = '"Café “PO”, kept"'  # quoted (needs it), non-ASCII
    rows[1][ref] = '"plain but quoted"'  # quoted without need: csv.writer would drop the quotes
    texts = [lines[0] + "\n"] + [",".join(r) + ("\r\n" if i == 2 else "\n") for i, r in enumerate(rows)]
    path.write_text("".join(texts), newline="")
    edited_id = rows[3][0]

    assert _add(sd).exit_code == 0
    assert sd("assets", "edit", edited_id, "--set", "order_ref=changed").exit_code == 0

    after = path.read_bytes()
    for i, text in enumerate(texts):
        if i != 4:  # the header and every row but the edited one
            assert text.encode() in after, text
    assert after.count(b"\n") == len(texts) + 1


# --- fuzzing: random bytes never raise ------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CSV_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from([b"id", b",", b'"', b"\n", b"\r", b"\0", b"\xff", b"\xe9", "é".encode(), b"x"])).map(
        b"".join
    ),
)
YAML_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.sampled_from([b"- ", b"id: ", b"&a ", b"*a", b"!!python/object ", b"[", b"{", b"\n", b"  ", b"\0", b"\xff"])
    ).map(b"".join),
)


def _all_problems(found: object) -> bool:
    return all(isinstance(p, Problem) for p in found)  # type: ignore[attr-defined]


@FUZZ
@given(raw=CSV_BYTES)
def test_csv_reader_turns_any_bytes_into_problems(raw: bytes) -> None:
    source = Source(ASSETS)
    text, _, problems = csvio.decode(raw, source)
    if text is not None:
        table, problems = csvio.parse_csv(text, source)
        columns, more = csvio.read_columns(text, source)
        assert _all_problems(more)
    assert _all_problems(problems)


@FUZZ
@given(raw=YAML_BYTES)
def test_yaml_reader_turns_any_bytes_into_problems(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "suppliers.yaml"
    path.write_bytes(raw)
    records, problems = yamlio.load_records(path, Source(SUPPLIERS), None, DISK.within(tmp_path))
    mapping, more = yamlio.load_mapping(path, Source("school.yaml"), DISK.within(tmp_path))
    assert _all_problems(problems) and _all_problems(more)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_raw=CSV_BYTES, yaml_raw=YAML_BYTES)
def test_validate_school_turns_any_bytes_into_problems(csv_raw: bytes, yaml_raw: bytes, school: Path) -> None:
    (school / ASSETS).write_bytes(csv_raw)
    (school / SUPPLIERS).write_bytes(yaml_raw)
    for models in (False, True):  # `sd validate` validates by column; edits build models
        result = validate_school(school, asset_models=models)
        assert _all_problems(result.problems)
        assert "check-crashed" not in {p.code for p in result.problems}
