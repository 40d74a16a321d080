"""What `sd badges` does: define badges, award them, publish hosted Open Badges, revoke them.

Definitions and awards are records in `leaders/badges.yaml` and `leaders/awards.yaml` (validated like every
register). Emails never enter the repository: `issue` reads them from the git-ignored
`.sd-local/recipients.yaml` (`id: email` lines), or for staff from `email` in registers/people.yaml, and
publishes only a salted hash. A pupil's assertion is published only with publication consent recorded in
the roster; an award whose recipient has no email, or no consent, is skipped and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schooldigital.badges import bake, images, ob
from schooldigital.errors import UserError
from schooldigital.leaders import models as m
from schooldigital.leaders import store
from schooldigital.leaders.privacy import Roster, refused_words
from schooldigital.leaders.store import Created, Written, set_field
from schooldigital.models.base import is_id
from schooldigital.problems import did_you_mean, relpath
from schooldigital.store.atomic import atomic_write, atomic_write_bytes, transaction


def define(
    root: Path,
    badge_id: str,
    name: str,
    description: str,
    criteria: str,
    image: Path | None = None,
    tags: list[str] | None = None,
    staff: bool = False,
    alignment: dict[str, str] | None = None,
) -> tuple[list[Path], str, dict[str, Any]]:
    """Add a badge definition; with no image, draw one. Returns the BadgeClass JSON it will publish."""
    if not is_id(badge_id):
        # Checked before the id names a file: `../../x` must create nothing anywhere (issue 12).
        raise UserError(
            f"`{badge_id[:40]}` is not a badge id; use letters, digits, `.`, `_` and `-`, e.g. `web-safety`"
        )
    target = image
    drawn = None
    if target is None:
        target = root / store.FOLDER / "badges" / f"{badge_id}.png"
        if not target.exists():
            drawn = target
            atomic_write_bytes(target, images.badge_png(name), root)
    try:
        with store.editing(root) as ed:
            if badge_id in {b.id for b in ed.data.badges}:
                raise UserError(f"badge `{badge_id}` is already defined in {store.BADGES}")
            check_public(ed.data, "--description", description)
            check_public(ed.data, "--criteria", criteria)
            values: dict[str, Any] = {
                "id": badge_id,
                "name": name,
                "description": description,
                "criteria": criteria,
                "image": relpath(target, root) if target.is_absolute() else str(target),
                "tags": tags or [],
                "staff": staff or None,
            }
            item = ed.append(store.BADGES, values)
            if alignment:
                from ruamel.yaml.comments import CommentedMap, CommentedSeq

                item["alignment"] = CommentedSeq([CommentedMap(alignment)])
    except BaseException:
        if drawn is not None:
            drawn.unlink(missing_ok=True)
        raise
    data = store.load_valid(root)
    badge = next(b for b in data.badges if b.id == badge_id)
    written = ed.written + ([Path(relpath(drawn, root))] if drawn else [])
    return written, f"badges: define {badge_id}", ob.badge_class(_urls(root), badge, image_bytes(root, badge.image))


def award(
    root: Path,
    recipient: str,
    badge_id: str,
    on: dt.date,
    evidence: str | None = None,
    expires: dt.date | None = None,
) -> Created:
    with store.editing(root) as ed:
        award_id = add_award(ed, recipient, badge_id, on, evidence, expires)
    return Created(ed.written, f"badges: award {badge_id} to {recipient} ({award_id})", award_id)


def check_public(ed_or_data: Any, what: str, text: str | None) -> None:
    """Refuse text bound for public JSON that names a pupil or holds an email or UPN, saying which words."""
    if not text:
        return
    words = refused_words(text, Roster.of(x.display for x in ed_or_data.roster))
    if words:
        raise UserError(
            f"{what} is published for anyone to read; it must not name pupils or hold personal data. "
            f"Refused: {', '.join(f'`{w}`' for w in words)}"
        )


def add_award(
    ed: store.Editor,
    recipient: str,
    badge_id: str,
    on: dt.date,
    evidence: str | None = None,
    expires: dt.date | None = None,
) -> str:
    """Append one award inside an edit (with a new id and a random salt); returns the award id."""
    today = dt.date.today()
    if on > today:
        raise UserError(f"--on {on} is in the future (today is {today}); a badge is awarded once earned")
    if expires is not None and expires <= on:
        raise UserError(f"--expires {expires} must be after the award date {on}")
    check_public(ed.data, "--evidence", evidence)
    if badge_id not in {b.id for b in ed.data.badges}:
        hint = did_you_mean(badge_id, [b.id for b in ed.data.badges])
        raise UserError(f"no badge `{badge_id}` in {store.BADGES}{hint}; define it with sd badges define")
    dup = [a for a in ed.data.awards if a.recipient == recipient and a.badge == badge_id and not a.revoked_on]
    if dup:
        raise UserError(f"`{recipient}` already holds `{badge_id}` (award {dup[0].id})")
    award_id = secrets.token_hex(6)
    values = {"id": award_id, "badge": badge_id, "recipient": recipient, "awarded_on": on}
    ed.append(store.AWARDS, {**values, "salt": secrets.token_hex(16), "evidence": evidence, "expires_on": expires})
    return award_id


def revoke(root: Path, award_id: str, reason: str, on: dt.date) -> Written:
    with store.editing(root) as ed:
        check_public(ed.data, "--reason", reason)
        item = ed.record(store.AWARDS, award_id)
        if item.get("revoked_on"):
            raise UserError(f"award `{award_id}` was already revoked on {item['revoked_on']}")
        set_field(item, "revoked_on", on)
        set_field(item, "revocation_reason", reason)
    return ed.written, f"badges: revoke {award_id}"


@dataclass
class IssueResult:
    folder: Path
    published: list[str] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # consent withdrawn: published as revoked, images removed
    skipped: dict[str, str] = field(default_factory=dict)  # award id -> why
    files: list[Path] = field(default_factory=list)


def _settings(root: Path) -> tuple[Any, ob.Urls]:
    from schooldigital.registers import load_config

    config, _ = load_config(root)
    if config is None:
        raise UserError("school.yaml is invalid; run sd validate")
    return config, _urls(root, config)


def _urls(root: Path, config: Any = None) -> ob.Urls:
    if config is None:
        from schooldigital.registers import load_config

        config, _ = load_config(root)
    base = config.leaders.badges_url if config else None
    if not base and config and config.base_url:
        base = config.base_url.rstrip("/") + "/badges"
    if not base:
        raise UserError("set `base_url:` (or `leaders: badges_url:`) in school.yaml: hosted badges need an address")
    return ob.Urls(base)


def recipients(root: Path) -> dict[str, str]:
    """id -> email from the local file plus staff emails from people.yaml (the local file wins)."""
    from schooldigital import layout
    from schooldigital.models.lookups import Person
    from schooldigital.registers import load_yaml_register

    out = {p.id: p.email for p in load_yaml_register(root, layout.PEOPLE, Person).records if p.email}
    out.update(local_recipients(root))
    return out


def local_recipients(root: Path) -> dict[str, str]:
    """id -> email from the git-ignored `.sd-local/recipients.yaml` only (empty when there is no such file)."""
    from schooldigital.problems import Source
    from schooldigital.store import yamlio
    from schooldigital.store.files import DISK

    path = root / store.RECIPIENTS
    if not path.exists():
        return {}
    raw, problems = yamlio.load_mapping(path, Source(store.RECIPIENTS), DISK.within(root))
    if raw is None:
        raise UserError(f"{problems[0]}")
    return {str(k): str(v) for k, v in raw.data.items() if v}


def issue(root: Path) -> IssueResult:
    """Write the issuer, every BadgeClass, and a hosted assertion plus baked PNG and SVG per award."""
    config, urls = _settings(root)
    if not config.leaders.issuer_email:
        raise UserError("set `leaders: issuer_email:` in school.yaml (the school's public contact for badges)")
    data = store.load_valid(root)
    _check_published_text(data)
    emails = recipients(root)
    folder = root / config.leaders.publish_dir
    today = dt.date.today()
    result = IssueResult(folder)
    leaders = {x.id: x for x in data.roster}
    pngs: dict[str, bytes] = {}

    def put(rel: str, content: str | bytes) -> None:
        path = folder / rel
        if isinstance(content, bytes):
            atomic_write_bytes(path, content, root)
        else:
            atomic_write(path, content, root)
        result.files.append(path)

    with transaction(root):  # the write lock: no award changes while publishing
        url = config.base_url or urls.base
        pngs.update({badge.id: image_bytes(root, badge.image) for badge in data.badges})  # refused before any write
        put("issuer.json", _json(ob.issuer(urls, config.name, url, config.leaders.issuer_email)))
        for badge in data.badges:
            put(f"classes/{badge.id}.json", _json(ob.badge_class(urls, badge, pngs[badge.id])))
        for award in data.awards:
            leader = leaders.get(award.recipient)
            withdrawn = leader is not None and not leader.publish_consent and not award.revoked_on
            if award.revoked_on or (withdrawn and (folder / "assertions" / f"{award.id}.json").exists()):
                # Revoked, or published before consent was withdrawn: the hosted copy says revoked and the
                # baked images (which carry the badge) are taken down.
                reason = None if award.revoked_on else "Publication consent withdrawn"
                put(f"assertions/{award.id}.json", _json(ob.revoked(urls, award, reason)))
                for ext in ("png", "svg"):
                    (folder / "assertions" / f"{award.id}.{ext}").unlink(missing_ok=True)
                (result.revoked if award.revoked_on else result.withdrawn).append(award.id)
                continue
            why = _why_not(award, leaders, emails)
            if why is None and award.awarded_on > today:
                why = f"awarded on {award.awarded_on}, in the future; a verifier refuses it until that day"
            if why:
                result.skipped[award.id] = why
                continue
            doc = ob.assertion(urls, award, emails[award.recipient])
            text = _json(doc)
            put(f"assertions/{award.id}.json", text)
            put(f"assertions/{award.id}.png", bake.bake_png(pngs[award.badge], text))
            put(f"assertions/{award.id}.svg", bake.bake_svg(pngs[award.badge], text, doc["id"]))
            result.published.append(award.id)
    return result


def _check_published_text(data: store.LeadersData) -> None:
    """Every text that goes into public JSON, checked before any file is written."""
    roster = Roster.of(x.display for x in data.roster)
    refused: list[str] = []
    texts = [(f"badge `{b.id}` {name}", getattr(b, name)) for b in data.badges for name in ("description", "criteria")]
    texts += [(f"award `{a.id}` evidence", a.evidence) for a in data.awards]
    texts += [(f"award `{a.id}` revocation reason", a.revocation_reason) for a in data.awards]
    for what, text in texts:
        words = refused_words(text or "", roster)
        if words:
            refused.append(f"{what}: {', '.join(f'`{w}`' for w in words)}")
    if refused:
        raise UserError(
            "nothing published: public badge text must not name pupils or hold personal data; refused "
            + "; ".join(refused)
        )


def _why_not(award: m.Award, leaders: dict[str, m.Leader], emails: dict[str, str]) -> str | None:
    if award.recipient == m.FORMER:
        return "the recipient's record was purged; the published assertion (if any) is left as it is"
    leader = leaders.get(award.recipient)
    if leader is not None and not leader.publish_consent:
        return f"no publication consent recorded for {award.recipient} in {store.ROSTER}"
    if award.recipient not in emails:
        return f"no email for {award.recipient} in {store.RECIPIENTS} (git-ignored; add `{award.recipient}: address`)"
    return None


def image_bytes(root: Path, image: str) -> bytes:
    """A badge image's bytes, only from a regular file inside the school: a pull request must not make
    `sd badges issue` publish `/etc/passwd` (or a link to it) as a badge image (issue 12)."""
    from schooldigital.store.files import read_regular

    try:  # checked on the open file, so nothing swapped in after a check is read
        return read_regular(root / image, root.resolve())
    except OSError:
        raise UserError(
            f"{image}: a badge image must be a regular file inside the school repository (not a link)"
        ) from None


def _json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def unbake_file(path: Path) -> dict[str, Any] | str:
    """The assertion baked into a PNG or SVG (parsed JSON, or the bare URL for a link-only bake)."""
    text = bake.unbake(path.read_bytes())
    if text is None:
        raise UserError(f"{path} carries no Open Badge")
    try:
        return json.loads(text)  # type: ignore[no-any-return]
    except ValueError:
        return text
