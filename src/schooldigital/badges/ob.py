"""Open Badges 2.0 JSON-LD documents, in the exact shapes the IMS reference validator (openbadges 1.1.2) accepts.

Recipients are identified by a hashed email: `sha256$` + hex(SHA-256(email + salt)), the salt appended
with no separator, and a random salt per assertion. The email is trimmed and lower-cased first (the
validator does not normalise the address it is given, so a verifier must type it the same way).
No names appear in any of these documents: hosted JSON is public.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

CONTEXT = "https://w3id.org/openbadges/v2"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_identity(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()


def timestamp(day: dt.date) -> str:
    """Midnight UTC on the day, with a zone designator (the validator rejects naive datetimes)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).isoformat()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class Urls:
    """Where each document is hosted, under the school's badges URL."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    @property
    def issuer(self) -> str:
        return f"{self.base}/issuer.json"

    def badge(self, badge_id: str) -> str:
        return f"{self.base}/classes/{badge_id}.json"

    def assertion(self, award_id: str) -> str:
        return f"{self.base}/assertions/{award_id}.json"

    def image(self, award_id: str, ext: str) -> str:
        return f"{self.base}/assertions/{award_id}.{ext}"


def issuer(urls: Urls, name: str, url: str, email: str) -> dict[str, Any]:
    return {"@context": CONTEXT, "type": "Issuer", "id": urls.issuer, "name": name, "url": url, "email": email}


def badge_class(urls: Urls, badge: Any, png: bytes) -> dict[str, Any]:
    """A BadgeClass from a `leaders/badges.yaml` definition; the image is embedded as a PNG data URI."""
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": urls.badge(badge.id),
        "name": badge.name,
        "description": badge.description,
        "image": data_uri(png),
        "criteria": {"narrative": badge.criteria},
        "issuer": urls.issuer,
    }
    if badge.tags:
        doc["tags"] = list(badge.tags)
    if badge.alignment:
        doc["alignment"] = [
            {
                "targetName": a.target_name,
                "targetUrl": a.target_url,
                **({"targetFramework": a.target_framework} if a.target_framework else {}),
                **({"targetCode": a.target_code} if a.target_code else {}),
            }
            for a in badge.alignment
        ]
    return doc


def assertion(urls: Urls, award: Any, email: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": urls.assertion(award.id),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.salt,
            "identity": hash_identity(email, award.salt),
        },
        "badge": urls.badge(award.badge),
        "issuedOn": timestamp(award.awarded_on),
        "verification": {"type": "hosted"},
        "image": urls.image(award.id, "png"),
    }
    if award.evidence:
        doc["narrative"] = award.evidence
    if award.expires_on:
        doc["expires"] = timestamp(award.expires_on)
    return doc


def revoked(urls: Urls, award: Any, reason: str | None = None) -> dict[str, Any]:
    """What a revoked hosted assertion is replaced with (a static host cannot answer 410 Gone)."""
    doc: dict[str, Any] = {"@context": CONTEXT, "type": "Assertion", "id": urls.assertion(award.id), "revoked": True}
    if reason or award.revocation_reason:
        doc["revocationReason"] = reason or award.revocation_reason
    return doc
