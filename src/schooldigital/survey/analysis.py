"""Aggregate survey figures: participation, levels per strand, headline shares, breakdowns and change.

Every share is a count over a stated denominator (`Share`), and every percentage shown is rounded half
up from the exact fraction, so a published "43%" can be checked to the respondent. Nothing here returns
a respondent id except `levels_by_respondent` (for badges and the CPD plan, never governor reports).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, is_dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from schooldigital.errors import InvalidData, UserError
from schooldigital.problems import has_errors
from schooldigital.survey.responses import Response, Round, load_round, round_ids
from schooldigital.survey.scoring import Scorer

NOT_GIVEN = "(not given)"


@dataclass(frozen=True)
class Share:
    """`count` of `total`; `value` is the exact fraction as a float, `percent()` the rounded text."""

    count: int
    total: int

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.count, self.total) if self.total else Fraction(0)

    @property
    def value(self) -> float:
        return float(self.fraction)

    def percent(self, places: int = 0) -> str:
        return percent(self.fraction, places)


def percent(value: Fraction, places: int = 0, sign: bool = False) -> str:
    """A fraction as a percentage rounded half up (not Python's half-even), e.g. 1/8 -> '13%'."""
    exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:.{places}f}"
    return ("+" + text if sign and rounded > 0 else text) if text not in ("-0", "-0.0", "-0.00") else text[1:]


@dataclass
class LevelCount:
    level_id: str
    name: str
    count: int
    share: Share


@dataclass
class StrandSummary:
    id: str
    name: str
    levels: list[LevelCount]
    top: Share
    bottom: Share
    lower: Share


@dataclass
class GroupSummary:
    name: str
    suppressed: bool
    respondents: int | None = None
    top_any: Share | None = None
    bottom_any: Share | None = None
    strand_lower: dict[str, Share] = field(default_factory=dict)


@dataclass
class StrandChange:
    id: str
    name: str
    level_pp: list[str]
    top_pp: str
    lower_pp: str
    moved_up: int = 0
    moved_down: int = 0
    same: int = 0


@dataclass
class Change:
    round_id: str
    date: str
    respondents: int
    participation: Share | None
    top_any: Share
    bottom_any: Share
    top_any_pp: str
    bottom_any_pp: str
    strands: list[StrandChange]
    repeat_respondents: int


@dataclass
class SurveySummary:
    round_id: str
    date: str
    framework_id: str
    framework_name: str
    provisional: bool
    scoring_rule: str
    levels: list[str]
    top_level: str
    bottom_level: str
    lower_levels: list[str]
    respondents: int
    eligible_staff: int | None
    participation: Share | None
    strands: list[StrandSummary]
    top_any: Share
    bottom_any: Share
    strongest: list[str]
    weakest: list[str]
    breakdowns: dict[str, list[GroupSummary]]
    change: Change | None
    min_group: int
    decimals: int
    rounding: str
    change_note: str | None = None  # why a requested change section is absent

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, Share):
        return {"count": value.count, "total": value.total, "share": value.value}
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(getattr(value, k)) for k in asdict(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Scored:
    """A round with each respondent's level index per strand (strand order of the framework)."""

    round: Round
    levels: list[list[int]]

    @property
    def responses(self) -> list[Response]:
        return self.round.responses


def scored_round(root: Path, round_id: str) -> Scored:
    rnd, problems = load_round(root, round_id)
    if rnd is None or has_errors(problems):
        raise InvalidData(problems)
    scorer = Scorer(rnd.framework, rnd.meta.kind)
    order = rnd.framework.strand_ids
    levels = []
    for r in rnd.responses:
        by_strand = scorer.levels(r.answers)
        levels.append([by_strand[s] for s in order])
    return Scored(rnd, levels)


def levels_by_respondent(root: Path, round_id: str) -> dict[str, dict[str, str]]:
    """Respondent -> strand id -> level id, for one round (for Digital Leaders badges and CPD)."""
    scored = scored_round(root, round_id)
    fw = scored.round.framework
    return {
        r.respondent: {s: fw.levels[i].id for s, i in zip(fw.strand_ids, row, strict=True)}
        for r, row in zip(scored.responses, scored.levels, strict=True)
    }


def rounds_by_date(root: Path) -> list[str]:
    """Every round, oldest first by its `date` (then id): names like 2026-spring and 2026-autumn do not sort."""
    return [rid for _, rid in dated_rounds(root)]


def dated_rounds(root: Path) -> list[tuple[str, str]]:
    """(ISO date, round id) of every round, oldest first; an unreadable round.yaml sorts first (validate says why)."""
    from schooldigital.models.base import validate_one
    from schooldigital.problems import Source, relpath
    from schooldigital.store import yamlio
    from schooldigital.store.files import DISK
    from schooldigital.survey.responses import META_FILE, RoundMeta, round_dir

    keyed = []
    for rid in round_ids(root):
        path = round_dir(root, rid) / META_FILE
        raw, _ = yamlio.load_mapping(path, Source(relpath(path, root)), DISK.within(root))
        meta, _ = validate_one(RoundMeta, raw) if raw is not None else (None, [])
        keyed.append((meta.date.isoformat() if meta else "", rid))
    return sorted(keyed)


def resolve_round(root: Path, round_id: str | None) -> str | None:
    """The named round, or the latest one by date, or None when there is none."""
    ids = rounds_by_date(root)
    if round_id is None:
        return ids[-1] if ids else None
    return round_id


def school_summary(root: Path, round_id: str | None = None, compare: str | None = None) -> SurveySummary | None:
    """The school's aggregate survey figures for a round (default: the latest), or None with no survey.

    `compare` names an earlier round for year-on-year change; `"previous"` means the round before.
    """
    from schooldigital.registers import load_config

    rid = resolve_round(root, round_id)
    if rid is None:
        return None
    config, problems = load_config(root)
    if config is None:
        raise InvalidData(problems)
    settings = config.survey
    current = scored_round(root, rid)
    summary = summarise(current, settings.min_group, settings.decimals)
    if compare == "previous":
        earlier = [i for day, i in dated_rounds(root) if day and day < summary.date]
        if not earlier:
            summary.change_note = f"No change is shown: no round is dated before {rid} ({summary.date})."
            return summary
        compare = earlier[-1]
    if compare:
        if compare == rid:
            raise UserError(f"--compare {compare} is the round being reported; name an earlier round")
        other = scored_round(root, compare)
        when = other.round.meta.date.isoformat()
        if when >= summary.date:
            msg = f"--compare {compare} is dated {when}, not before {rid} ({summary.date}); name an earlier round"
            raise UserError(msg)
        from schooldigital.survey.pseudonyms import normaliser

        summary.change = compare_rounds(current, other, settings.decimals, normaliser(root))
    return summary


def summarise(scored: Scored, min_group: int = 5, decimals: int = 0) -> SurveySummary:
    rnd, fw = scored.round, scored.round.framework
    n, top, lower_n = len(scored.levels), len(fw.levels) - 1, fw.lower_levels
    strands = _strands(scored, list(range(n)))
    eligible = rnd.meta.eligible_staff
    places = "whole numbers" if decimals == 0 else f"{decimals} decimal place{'s' if decimals > 1 else ''}"
    summary = SurveySummary(
        round_id=rnd.id,
        date=rnd.meta.date.isoformat(),
        framework_id=fw.id,
        framework_name=fw.name,
        provisional=fw.scoring.provisional,
        scoring_rule="self_placed" if rnd.meta.kind == "levels" else fw.scoring.rule,
        levels=[lv.name for lv in fw.levels],
        top_level=fw.levels[top].name,
        bottom_level=fw.levels[0].name,
        lower_levels=[lv.name for lv in fw.levels[:lower_n]],
        respondents=n,
        eligible_staff=eligible,
        participation=Share(n, eligible) if eligible else None,
        strands=strands,
        top_any=Share(sum(1 for row in scored.levels if top in row), n),
        bottom_any=Share(sum(1 for row in scored.levels if 0 in row), n),
        strongest=_argmax(strands, lambda s: s.top.fraction),
        weakest=_argmax(strands, lambda s: s.lower.fraction),
        breakdowns={
            "role": _breakdown(scored, "role", min_group),
            "department": _breakdown(scored, "department", min_group),
        },
        change=None,
        min_group=min_group,
        decimals=decimals,
        rounding=(
            f"Percentages are counts divided by the {n} respondents, rounded half up to {places}; "
            "rows may not add to exactly 100."
        ),
    )
    return summary


def _strands(scored: Scored, rows: list[int]) -> list[StrandSummary]:
    fw = scored.round.framework
    n, top, lower_n = len(rows), len(fw.levels) - 1, fw.lower_levels
    out = []
    for si, strand in enumerate(fw.strands):
        counts = Counter(scored.levels[r][si] for r in rows)
        levels = [LevelCount(lv.id, lv.name, counts[i], Share(counts[i], n)) for i, lv in enumerate(fw.levels)]
        lower = sum(counts[i] for i in range(lower_n))
        out.append(
            StrandSummary(strand.id, strand.name, levels, Share(counts[top], n), Share(counts[0], n), Share(lower, n))
        )
    return out


def _argmax(strands: list[StrandSummary], key: Any) -> list[str]:
    best = max(key(s) for s in strands)
    return [s.name for s in strands if key(s) == best]


def _breakdown(scored: Scored, attr: str, min_group: int) -> list[GroupSummary]:
    """Groups by role or department; groups under `min_group` are hidden, and when only one group would
    be hidden the next smallest is hidden too, so it cannot be worked out from the total."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(scored.responses):
        groups.setdefault(getattr(r, attr) or NOT_GIVEN, []).append(i)
    small = {g for g, rows in groups.items() if len(rows) < min_group}
    if len(small) == 1 and len(groups) > 1:
        shown = sorted((len(rows), g) for g, rows in groups.items() if g not in small)
        small.add(shown[0][1])
    fw = scored.round.framework
    top = len(fw.levels) - 1
    out = []
    for name in sorted(groups):
        rows = groups[name]
        if name in small:
            out.append(GroupSummary(name, True))
            continue
        strands = _strands(scored, rows)
        out.append(
            GroupSummary(
                name,
                False,
                len(rows),
                Share(sum(1 for i in rows if top in scored.levels[i]), len(rows)),
                Share(sum(1 for i in rows if 0 in scored.levels[i]), len(rows)),
                {s.id: s.lower for s in strands},
            )
        )
    return out


def _pp(new: Share, old: Share, places: int) -> str:
    return percent(new.fraction - old.fraction, places, sign=True)


def compare_rounds(current: Scored, earlier: Scored, decimals: int = 0, same: Any = None) -> Change:
    """Change from `earlier` to `current`, in percentage points, plus the repeat respondents' moves.

    `same` maps a stored id to the one to match on (an older round's plain staff code to its pseudonym)."""
    same = same or (lambda who: who)
    fw, old_fw = current.round.framework, earlier.round.framework
    if fw.id != old_fw.id or fw.level_ids != old_fw.level_ids or fw.strand_ids != old_fw.strand_ids:
        raise UserError(f"rounds {current.round.id} and {earlier.round.id} use different frameworks; cannot compare")
    now, before = summarise(current, 1, decimals), summarise(earlier, 1, decimals)
    index = {same(r.respondent): i for i, r in enumerate(earlier.responses)}
    ids = [same(r.respondent) for r in current.responses]
    repeat = [(i, index[who]) for i, who in enumerate(ids) if who in index]
    strands = []
    for si, (s_now, s_old) in enumerate(zip(now.strands, before.strands, strict=True)):
        change = StrandChange(
            s_now.id,
            s_now.name,
            [_pp(a.share, b.share, decimals) for a, b in zip(s_now.levels, s_old.levels, strict=True)],
            _pp(s_now.top, s_old.top, decimals),
            _pp(s_now.lower, s_old.lower, decimals),
        )
        for i, j in repeat:
            delta = current.levels[i][si] - earlier.levels[j][si]
            if delta > 0:
                change.moved_up += 1
            elif delta < 0:
                change.moved_down += 1
            else:
                change.same += 1
        strands.append(change)
    return Change(
        round_id=earlier.round.id,
        date=earlier.round.meta.date.isoformat(),
        respondents=before.respondents,
        participation=before.participation,
        top_any=before.top_any,
        bottom_any=before.bottom_any,
        top_any_pp=_pp(now.top_any, before.top_any, decimals),
        bottom_any_pp=_pp(now.bottom_any, before.bottom_any, decimals),
        strands=strands,
        repeat_respondents=len(repeat),
    )
