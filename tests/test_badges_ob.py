"""Open Badges issue 5: issued badges pass the IMS reference validator (offline), bake/unbake, revocation.

The validator (`openbadges` 1.1.2, dev extra) fetches every document over HTTP; here `responses` serves the
files `sd badges issue` wrote, under the school's badges URL, plus the OB v2 JSON-LD context the package
ships, so nothing leaves the machine (an unregistered URL raises ConnectionError). Two shims let the 2017-era
package import on Python 3.11: `collections.Mapping` aliases (pytz 2017.2) and, because pycryptodome 3.6.6
(pinned by openbadges) is Python-2 syntax when built by a modern setuptools, an import stand-in for
`Crypto.PublicKey.RSA` (only signed badges use it; these are hosted) with every other `Crypto` module made
to fail with ImportError so python-jose falls back to its pure-Python `rsa` backend.
"""

from __future__ import annotations

import collections
import collections.abc
import hashlib
import importlib.abc
import importlib.machinery
import io
import json
import sys
import types
from pathlib import Path

import pytest

from jsonout import payload
from schooldigital.badges import bake, ob

BASE = "https://www.example.sch.uk/digital/badges"
EMAILS = {"dl-2025-01": "Amira.K@pupils.example.org", "dl-2025-03": "priya.s@pupils.example.org"}


class _NoPyCrypto(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name in ("Crypto", "Crypto.PublicKey", "Crypto.PublicKey.RSA"):
            return importlib.machinery.ModuleSpec(name, self, is_package=name != "Crypto.PublicKey.RSA")
        if name.startswith("Crypto."):
            raise ImportError(f"{name} is unavailable (pycryptodome 3.6.6 does not import on Python 3)")
        return None

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        module = types.ModuleType(spec.name)
        if spec.name.endswith(".RSA"):

            def import_key(*args, **kwargs):  # type: ignore[no-untyped-def]
                raise NotImplementedError("signed badges are not exercised in these tests")

            module.import_key = module.importKey = import_key  # type: ignore[attr-defined]
        return module

    def exec_module(self, module):  # type: ignore[no-untyped-def]
        pass


def _verifier():  # type: ignore[no-untyped-def]
    for name in ("Mapping", "MutableMapping", "Iterable", "Sequence", "Callable", "MutableSet", "Set"):
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    if "openbadges" not in sys.modules:
        try:
            import Crypto.Util.number  # noqa: F401
        except SyntaxError:
            for key in [k for k in sys.modules if k == "Crypto" or k.startswith("Crypto.")]:
                del sys.modules[key]
            sys.meta_path.insert(0, _NoPyCrypto())
    from openbadges import verify
    from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

    return verify, OPENBADGES_CONTEXT_V2_DICT


def _verify(folder: Path, badge_input, recipient: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """Run the reference validator with HTTP served from the publish folder."""
    import responses

    verify, context = _verifier()
    types_ = {".json": "application/ld+json", ".png": "image/png", ".svg": "image/svg+xml"}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.GET, "https://w3id.org/openbadges/v2", json=context, content_type="application/ld+json")
        for path in folder.rglob("*"):
            if path.is_file():
                url = f"{BASE}/{path.relative_to(folder).as_posix()}"
                mock.add(responses.GET, url, body=path.read_bytes(), content_type=types_[path.suffix])
        profile = {"email": [recipient]} if recipient else None
        return verify(badge_input, recipient_profile=profile)["report"]  # type: ignore[no-any-return]


def _awards(school: Path, recipient: str) -> list[str]:
    """The recipient's award ids, read as YAML: a random id such as 24987e631659 looks like a number, so the
    writer quotes it."""
    from ruamel.yaml import YAML

    awards = YAML(typ="safe").load((school / "leaders/awards.yaml").read_text())
    return [str(a["id"]) for a in awards if a["recipient"] == recipient]


@pytest.fixture
def issued(school: Path, sd) -> Path:  # type: ignore[no-untyped-def]
    local = school / ".sd-local"
    local.mkdir()
    (local / "recipients.yaml").write_text("".join(f"{k}: {v}\n" for k, v in EMAILS.items()))
    result = sd("badges", "issue")
    assert result.exit_code == 1, result  # some awards have no email or consent: reported, exit 1
    assert "4 assertion(s) published" in result.stdout, result  # Amira: 2 badges, Priya: 2 badges
    return school / "out/badges"


def test_identity_hash_matches_the_ob3_test_vector_issue_5() -> None:
    expected = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert ob.hash_identity("a@example.com", "Kosher") == expected
    assert ob.hash_identity("  A@Example.com ", "Kosher") == expected  # trimmed and lower-cased first


def test_issued_badges_pass_the_reference_validator_offline_issue_5(school: Path, issued: Path) -> None:
    award_id = _awards(school, "dl-2025-01")[0]
    text = (issued / f"assertions/{award_id}.json").read_text()
    report = _verify(issued, text, recipient="amira.k@pupils.example.org")
    assert report["valid"], report["messages"]
    assert report["errorCount"] == 0 and report["openBadgesVersion"] == "2.0"

    wrong = _verify(issued, text, recipient="someone.else@pupils.example.org")
    assert not wrong["valid"]
    assert any(m["name"] == "VERIFY_RECIPIENT_IDENTIFIER" for m in wrong["messages"])


def test_no_names_or_emails_in_public_json_issue_5(school: Path, issued: Path) -> None:
    for path in issued.rglob("*.json"):
        text = path.read_text().lower()
        assert "pupils.example.org" not in text and "amira" not in text and "priya" not in text, path
    award_id = _awards(school, "dl-2025-01")[0]
    recipient = json.loads((issued / f"assertions/{award_id}.json").read_text())["recipient"]
    assert recipient["hashed"] is True and recipient["type"] == "email" and len(recipient["salt"]) == 32
    expected = "sha256$" + hashlib.sha256(("amira.k@pupils.example.org" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == expected


def test_baked_png_and_svg_unbake_to_the_same_assertion_issue_5(school: Path, issued: Path, sd) -> None:
    award_id = _awards(school, "dl-2025-03")[0]
    hosted = json.loads((issued / f"assertions/{award_id}.json").read_text())
    png = (issued / f"assertions/{award_id}.png").read_bytes()
    svg = (issued / f"assertions/{award_id}.svg").read_text()
    assert json.loads(bake.unbake(png) or "") == hosted
    assert json.loads(bake.unbake_svg(svg) or "") == hosted
    assert '<openbadges:assertion verify="' + hosted["id"] + '">' in svg
    # The CLI shows the same, and the bakery used by the reference validator reads our PNG too.
    result = sd("badges", "unbake", str(issued / f"assertions/{award_id}.svg"))
    assert json.loads(result.stdout) == hosted
    _verifier()
    from openbadges_bakery import unbake as bakery_unbake

    assert json.loads(bakery_unbake(io.BytesIO(png))) == hosted
    report = _verify(issued, io.BytesIO(png), recipient="priya.s@pupils.example.org")
    assert report["valid"], report["messages"]


def test_rebaking_replaces_the_chunk_and_cdata_end_is_safe_issue_5() -> None:
    from schooldigital.badges.images import badge_png

    png = bake.bake_png(bake.bake_png(badge_png("Test"), '{"a": 1}'), '{"a": 2}')
    assert png.count(b"iTXtopenbadges") == 1 and bake.unbake(png) == '{"a": 2}'
    tricky = '{"narrative": "a ]]> b"}'
    assert bake.unbake_svg(bake.bake_svg(badge_png("Test"), tricky, "https://x.example/a.json")) == tricky


def test_revocation_is_published_and_fails_verification_issue_5(school: Path, issued: Path, sd) -> None:
    award_id = _awards(school, "dl-2025-01")[0]
    before = (issued / f"assertions/{award_id}.json").read_text()
    result = sd("badges", "revoke", award_id, "--reason", "Awarded in error", "--on", "2026-11-20")
    assert result.exit_code == 0, result
    sd("badges", "issue")
    doc = json.loads((issued / f"assertions/{award_id}.json").read_text())
    assert doc["revoked"] is True and doc["revocationReason"] == "Awarded in error"
    assert not (issued / f"assertions/{award_id}.png").exists()
    report = _verify(issued, before, recipient="amira.k@pupils.example.org")
    # openbadges 1.1.2 has no hosted-revocation check of its own, but the stripped revoked body (all the spec
    # requires) no longer carries a recipient or badge, so the copy a pupil holds stops verifying.
    assert not report["valid"]
    assert any("recipient" in m["result"] for m in report["messages"]), report["messages"]
    again = sd("badges", "revoke", award_id, "--reason", "twice")
    assert again.exit_code == 2 and "already revoked" in again.stderr


def test_staff_badge_and_consent_rules_issue_5(school: Path, sd) -> None:
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("wpat: w.patel@example.org\ndl-2026-03: x@pupils.example.org\n")
    result = sd("badges", "issue", "--json")
    out = payload(result.stdout)
    staff_award = _awards(school, "wpat")[0]
    assert staff_award in out["published"]
    no_consent = _awards(school, "dl-2026-03")[0]
    assert "no publication consent" in out["skipped"][no_consent]
    badge = json.loads((school / "out/badges/classes/digilit-pioneer.json").read_text())
    assert badge["alignment"][0]["targetFramework"] == "DigiLit Leicester"
    assert badge["image"].startswith("data:image/png;base64,")


def test_define_and_award_then_issue_validates_issue_5(school: Path, sd) -> None:
    result = sd(
        "badges",
        "define",
        "coder",
        "--name",
        "Digital Leader: Coder",
        "--description",
        "Ran a coding club session.",
        "--criteria",
        "Planned and ran a *Scratch* session for a partner class.",
    )
    assert result.exit_code == 0, result
    doc = json.loads(result.stdout)
    assert doc["type"] == "BadgeClass" and doc["id"] == f"{BASE}/classes/coder.json"
    assert (school / "leaders/badges/coder.png").read_bytes().startswith(b"\x89PNG")
    assert sd("badges", "award", "dl-2025-01", "coder", "--on", "2026-11-20").exit_code == 0
    dup = sd("badges", "award", "dl-2025-01", "coder", "--on", "2026-11-21")
    assert dup.exit_code == 2 and "already holds" in dup.stderr
    unknown = sd("badges", "award", "dl-2025-01", "codr")
    assert unknown.exit_code == 2 and "did you mean `coder`" in unknown.stderr
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("dl-2025-01: amira.k@pupils.example.org\n")
    sd("badges", "issue")
    award_id = _awards(school, "dl-2025-01")[-1]
    folder = school / "out/badges"
    report = _verify(folder, (folder / f"assertions/{award_id}.json").read_text(), "amira.k@pupils.example.org")
    assert report["valid"], report["messages"]


def test_badges_go_to_the_right_people_and_public_text_is_checked_issue_16(school: Path, sd) -> None:
    awards = school / "leaders/awards.yaml"
    before = awards.read_bytes()
    narrative = sd("badges", "define", "x-badge", "--name", "X", "--description", "For Amira K", "--criteria", "C")
    assert narrative.exit_code == 2 and "--description is published" in narrative.stderr
    assert not (school / "leaders/badges/x-badge.png").exists()
    staff_to_pupil = sd("badges", "award", "dl-2026-01", "digilit-pioneer", "--on", "2026-11-20")
    assert staff_to_pupil.exit_code == 2
    assert "`digilit-pioneer` is a staff badge but `dl-2026-01` is a Digital Leader (a pupil)" in staff_to_pupil.stderr
    pupil_to_staff = sd("badges", "award", "wpat", "digital-leader", "--on", "2026-11-20")
    assert pupil_to_staff.exit_code == 2
    assert "`digital-leader` is a pupils' badge but `wpat` is a member of staff" in pupil_to_staff.stderr
    future = sd("badges", "award", "dl-2026-01", "technician", "--on", "2099-01-01")
    assert future.exit_code == 2 and "--on 2099-01-01 is in the future" in future.stderr
    named = sd("badges", "award", "dl-2026-01", "technician", "--evidence", "Helped Amira K and Josh Turner")
    assert named.exit_code == 2
    assert "Refused: `Amira K`, `Josh Turner`" in named.stderr
    email = sd("badges", "award", "dl-2026-01", "technician", "--evidence", "Ask ms.p@example.org")
    assert email.exit_code == 2 and "`ms.p@example.org`" in email.stderr
    expiry = sd("badges", "award", "dl-2026-01", "technician", "--on", "2026-11-20", "--expires", "2026-11-01")
    assert expiry.exit_code == 2 and "must be after the award date" in expiry.stderr
    assert awards.read_bytes() == before
    award_id = _awards(school, "dl-2025-01")[0]
    reason = sd("badges", "revoke", award_id, "--reason", "Amira K moved school")
    assert reason.exit_code == 2 and "Refused: `Amira K`" in reason.stderr
    assert awards.read_bytes() == before
    # A name typed into awards.yaml by hand is caught before anything is published.
    awards.write_text(awards.read_text().replace("  badge: ", "  evidence: Well done Amira K\n  badge: ", 1))
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("".join(f"{k}: {v}\n" for k, v in EMAILS.items()))
    issued = sd("badges", "issue")
    assert issued.exit_code == 2 and "nothing published" in issued.stderr and "`Amira K`" in issued.stderr
    assert not (school / "out/badges").exists()


def test_expiring_revoked_and_withdrawn_badges_issue_16(school: Path, sd) -> None:
    (school / ".sd-local").mkdir()
    (school / ".sd-local/recipients.yaml").write_text("".join(f"{k}: {v}\n" for k, v in EMAILS.items()))
    ok = sd("badges", "award", "dl-2025-03", "technician", "--on", "2026-11-20", "--expires", "2099-08-31")
    assert ok.exit_code == 0, ok
    expiring = _awards(school, "dl-2025-03")[-1]
    old = sd("badges", "award", "dl-2025-03", "e-safety-champion", "--on", "2025-11-20", "--expires", "2026-06-30")
    assert old.exit_code == 0, old
    expired = _awards(school, "dl-2025-03")[-1]
    assert sd("badges", "issue").exit_code in (0, 1)
    folder = school / "out/badges"
    doc = json.loads((folder / f"assertions/{expiring}.json").read_text())
    assert doc["expires"] == "2099-08-31T00:00:00+00:00"
    report = _verify(folder, json.dumps(doc), recipient="priya.s@pupils.example.org")
    assert report["valid"], report["messages"]
    lapsed = _verify(folder, (folder / f"assertions/{expired}.json").read_text(), "priya.s@pupils.example.org")
    assert not lapsed["valid"]
    assert any("expired on 2026-06-30" in m["result"] for m in lapsed["messages"]), lapsed["messages"]

    revoked = _awards(school, "dl-2025-03")[0]
    assert sd("badges", "revoke", revoked, "--reason", "Awarded in error", "--on", "2026-11-21").exit_code == 0
    # Amira's consent is withdrawn: her published badges are taken down too.
    amira = _awards(school, "dl-2025-01")
    roster = school / "leaders/roster.yaml"
    text = roster.read_text()
    start = text.index("display: Amira K")
    end = text.index("consent_on: 2025-09-17", start)
    withdrawn = text[start:end].replace("publish_consent: yes", "publish_consent: no")
    roster.write_text(text[:start] + withdrawn + text[end:])
    result = sd("badges", "issue", "--json")
    out = payload(result.stdout)
    assert out["revoked"] == [revoked] and sorted(out["withdrawn"]) == sorted(amira)
    for award_id in [revoked, *amira]:
        assert not (folder / f"assertions/{award_id}.png").exists()
        assert not (folder / f"assertions/{award_id}.svg").exists()
        assert json.loads((folder / f"assertions/{award_id}.json").read_text())["revoked"] is True
    gone = json.loads((folder / f"assertions/{amira[0]}.json").read_text())
    assert gone["revocationReason"] == "Publication consent withdrawn"
    still = _verify(folder, (folder / f"assertions/{expiring}.json").read_text(), "priya.s@pupils.example.org")
    assert still["valid"], still["messages"]
