"""Survey frameworks as data: strands, ordered levels, statements, the answer scale and the scoring rule.

A framework is one YAML mapping in `surveys/frameworks/<id>.yaml`. Nothing about DigiLit Leicester or
DigCompEdu is in code: the scoring rule and its parameters are read from the file, because the published
DigiLit rule is not confirmed (see the `provisional` flag and the reference digest, §3.2).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field

from schooldigital.errors import UserError
from schooldigital.models.base import Id, Record, is_id, validate_one
from schooldigital.problems import Problem, Source, did_you_mean, relpath
from schooldigital.store import cache, yamlio
from schooldigital.store.files import DISK, Files

FRAMEWORKS_DIR = "surveys/frameworks"
RULES = ("cumulative_share", "highest_met", "score_bands", "self_placed")


class Level(Record):
    id: Id
    name: str
    description: str | None = None


class ScaleOption(Record):
    """One answer a respondent may give; `score` orders answers, `aliases` are other spellings accepted."""

    value: str
    label: str
    score: float
    aliases: list[str] = Field(default_factory=list)


class Statement(Record):
    id: Id
    level: str | None = None
    text: str


class Strand(Record):
    """`aliases` are other names a school's form uses for the strand, e.g. the survey's `C&S` or `ES`."""

    id: Id
    name: str
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    statements: list[Statement] = Field(default_factory=list)


class Scoring(Record):
    """How answers become one level per strand.

    - cumulative_share: highest level whose statements are affirmed at least `share` of the time, with
      every lower level also met; the floor is the lowest level.
    - highest_met: highest level met by the share rule, ignoring lower levels.
    - score_bands: mean item score in the strand compared with `cuts` (one per level above the floor).
    - self_placed: respondents chose their level per strand directly (levels CSV).
    An answer counts as affirmed when its scale score is at least `affirm_at`.
    """

    rule: Literal[RULES]  # type: ignore[valid-type]
    affirm_at: float | None = None
    share: float = Field(default=1.0, gt=0, le=1)
    cuts: list[float] = Field(default_factory=list)
    missing: Literal["invalid", "not_affirmed"] = "invalid"
    provisional: bool = False
    note: str | None = None


class Framework(Record):
    id: Id
    name: str
    version: str | None = None
    reference: str | None = None
    notice: str | None = None
    levels: list[Level] = Field(min_length=2)
    strands: list[Strand] = Field(min_length=1)
    scale: list[ScaleOption] = Field(default_factory=list)
    scoring: Scoring
    lower_levels: int = Field(default=2, ge=1)

    @cached_property
    def level_ids(self) -> list[str]:
        return [lv.id for lv in self.levels]

    @cached_property
    def strand_ids(self) -> list[str]:
        return [s.id for s in self.strands]

    @cached_property
    def statements(self) -> dict[str, tuple[Strand, Statement]]:
        return {st.id: (strand, st) for strand in self.strands for st in strand.statements}

    @cached_property
    def scale_lookup(self) -> dict[str, ScaleOption]:
        """Every accepted spelling (value, label, alias), case-folded, to its option."""
        out: dict[str, ScaleOption] = {}
        for option in self.scale:
            for spelling in (option.value, option.label, *option.aliases):
                out.setdefault(_fold(spelling), option)
        return out

    @cached_property
    def level_lookup(self) -> dict[str, int]:
        """Level id or name, case-folded, to its index (0 = lowest)."""
        out: dict[str, int] = {}
        for i, lv in enumerate(self.levels):
            out.setdefault(_fold(lv.id), i)
            out.setdefault(_fold(lv.name), i)
        return out

    @cached_property
    def strand_lookup(self) -> dict[str, str]:
        """Strand id, name or alias, loosened (`loose`), to the strand id."""
        out: dict[str, str] = {}
        for s in self.strands:
            for spelling in (s.id, s.name, *s.aliases):
                out.setdefault(loose(spelling), s.id)
        return out

    @cached_property
    def text_lookup(self) -> dict[str, str]:
        """Each statement's text, loosened, to its id: forms often copy the framework's wording verbatim."""
        out: dict[str, str] = {}
        for sid, (_, st) in self.statements.items():
            out.setdefault(loose(st.text), sid)
        return out

    @property
    def self_placed(self) -> bool:
        return self.scoring.rule == "self_placed"

    def statements_at(self, strand_id: str, level_index: int) -> list[Statement]:
        level = self.levels[level_index].id
        strand = next(s for s in self.strands if s.id == strand_id)
        return [st for st in strand.statements if st.level == level]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def loose(text: str) -> str:
    """Text compared the way a person reads it: case, spacing and punctuation ignored, `&` read as "and"."""
    words = re.sub(r"[^\w\s]", " ", text.replace("&", " and ").casefold())
    return " ".join(words.replace("_", " ").split())


def framework_path(root: Path, framework_id: str) -> Path:
    if not is_id(framework_id):
        raise UserError(f"`{framework_id[:40]}` is not a framework id (a file name in {FRAMEWORKS_DIR}, without .yaml)")
    return root / FRAMEWORKS_DIR / f"{framework_id}.yaml"


def framework_ids(root: Path) -> list[str]:
    folder = root / FRAMEWORKS_DIR
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def shipped_frameworks() -> dict[str, Path]:
    """Frameworks that come with sd (the demo school's files, package data): id -> file."""
    folder = Path(__file__).resolve().parent.parent / "data" / "demo" / FRAMEWORKS_DIR
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


def install_framework(root: Path, framework_id: str, *, replace: bool = False) -> Path:
    """Copy a shipped framework into the school's `surveys/frameworks/`; returns the file written."""
    from schooldigital.store.atomic import transaction

    shipped = shipped_frameworks()
    if framework_id not in shipped:
        raise UserError(f"sd ships no framework `{framework_id}`{did_you_mean(framework_id, shipped)}")
    target = framework_path(root, framework_id)
    if target.exists() and not replace:
        raise UserError(f"{relpath(target, root)} already exists; pass --replace to overwrite it with sd's copy")
    with transaction(root) as tx:
        tx.write(target, shipped[framework_id].read_text(encoding="utf-8"))
    return target


def load_framework(root: Path, framework_id: str, files: Files = DISK) -> tuple[Framework | None, list[Problem]]:
    """The framework `framework_id`, validated; `None` with located problems when it is unusable."""
    path = framework_path(root, framework_id)
    source = Source(relpath(path, root))
    if not files.exists(path):
        known = framework_ids(root)
        msg = f"no framework `{framework_id}`{did_you_mean(framework_id, known)}; known: {', '.join(known) or 'none'}"
        if framework_id in shipped_frameworks():
            msg += f"; add sd's copy with `sd survey frameworks --install {framework_id}`"
        else:
            msg += f"; put its file in {FRAMEWORKS_DIR}/ (`sd survey frameworks` lists the ones sd ships)"
        return None, [Problem(source, "file-missing", msg)]
    text, problems = yamlio.read_text(path, source, files.within(root))
    if text is None:
        return None, problems
    key = (source.path, framework_id, text)
    if key not in _LOADED:
        # parsed once per process and cached on disk by content: ruamel round-trip parsing is the slow part
        _LOADED[key] = cache.memo(root, "survey-framework", text, source, lambda: _parse(text, source, framework_id))
    return _LOADED[key]


_LOADED: dict[tuple[str, str, str], tuple[Framework | None, list[Problem]]] = {}


def _parse(text: str, source: Source, framework_id: str) -> tuple[Framework | None, list[Problem]]:
    raw, problems = yamlio.load_mapping(Path(source.path), source, _Text(text))
    if raw is None:
        return None, problems
    framework, problems = validate_one(Framework, raw)
    if framework is None:
        return None, problems
    problems = check_framework(framework, framework_id)
    return (None if problems else framework), problems


class _Text(Files):
    """Serves one already-read text to the YAML loader."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def read_bytes(self, path: Path) -> bytes:
        return self.text.encode("utf-8")


def check_framework(fw: Framework, expected_id: str | None = None) -> list[Problem]:
    """Rules across fields that Pydantic cannot express: unique ids, known levels, a usable scoring rule."""
    problems: list[Problem] = []

    def add(field: str, code: str, message: str) -> None:
        problems.append(Problem(fw.source_of(field), code, message))

    if expected_id and fw.id != expected_id:
        add("id", "value-invalid", f"framework id `{fw.id}` must match its file name `{expected_id}.yaml`")
    for kind, ids in (("level", fw.level_ids), ("strand", fw.strand_ids)):
        for item_id, n in Counter(ids).items():
            if n > 1:
                add(f"{kind}s", "duplicate-id", f"{kind} id `{item_id}` is used {n} times")
    seen: set[str] = set()
    scored = fw.scoring.rule in ("cumulative_share", "highest_met")
    for si, strand in enumerate(fw.strands):
        for ti, st in enumerate(strand.statements):
            where = f"strands.{si}.statements.{ti}"
            if st.id in seen:
                add(f"{where}.id", "duplicate-id", f"statement id `{st.id}` is used twice")
            seen.add(st.id)
            if st.level is not None and st.level not in fw.level_ids:
                hint = did_you_mean(st.level, fw.level_ids)
                add(f"{where}.level", "unknown-ref", f"statement `{st.id}`: unknown level `{st.level}`{hint}")
            elif st.level is None and scored:
                add(f"{where}", "missing-field", f"statement `{st.id}` needs a `level` for rule {fw.scoring.rule}")
        if scored:
            for level in fw.levels[1:]:
                if not any(st.level == level.id for st in strand.statements):
                    add(f"strands.{si}", "value-invalid", f"strand `{strand.id}` has no statements at `{level.id}`")
        elif fw.scoring.rule == "score_bands" and not strand.statements:
            add(f"strands.{si}", "value-invalid", f"strand `{strand.id}` has no statements to score")
    values = Counter(_fold(o.value) for o in fw.scale)
    for value, n in values.items():
        if n > 1:
            add("scale", "duplicate-id", f"scale value `{value}` is used {n} times")
    rule = fw.scoring.rule
    if rule != "self_placed" and not fw.scale:
        add("scale", "missing-field", f"rule {rule} needs a `scale` of answers")
    if scored and fw.scoring.affirm_at is None:
        add("scoring", "missing-field", f"rule {rule} needs `affirm_at` (the lowest score that counts as agreed)")
    if rule == "score_bands":
        cuts = fw.scoring.cuts
        if len(cuts) != len(fw.levels) - 1:
            add("scoring.cuts", "value-invalid", f"give {len(fw.levels) - 1} cuts (one per level above the lowest)")
        elif cuts != sorted(cuts):
            add("scoring.cuts", "value-invalid", "cuts must increase")
    if fw.lower_levels >= len(fw.levels):
        add("lower_levels", "value-invalid", f"lower_levels must be below the number of levels ({len(fw.levels)})")
    return problems
