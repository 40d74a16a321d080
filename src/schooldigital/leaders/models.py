"""Records of the Digital Leaders programme, as Pydantic models (extra fields forbidden, so typos fail).

Pupil data is minimised by design: an opaque id, a short display label, year group and class, and dates.
There are deliberately no fields for names, dates of birth, UPNs, emails, photos or notes about a child.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from schooldigital.models.base import Date, Id, IdList, Record, RelativePath, TextList

STATUSES = ("applicant", "shortlisted", "appointed", "declined", "alumni")
ACTIVE = ("appointed",)
METHODS = ("letter", "video", "form", "presentation", "interview", "election", "other")
OUTCOMES = ("pending", "shortlisted", "appointed", "declined", "withdrawn")
LEAVING_REASONS = ("end_of_phase", "moved_school", "stepped_down", "other")
ACTIVITY_TYPES = (
    "drop_in",
    "assembly",
    "staff_session",
    "parent_session",
    "pupil_session",
    "blog_post",
    "club",
    "lesson_support",
    "event",
    "teachmeet",  # staff sharing short practical talks, led or supported by the leaders
    "lesson_series",  # a run of lessons the leaders co-teach with a class teacher
    "other",
)
PLAN_STATUSES = ("todo", "doing", "done", "dropped")
JOB_CATEGORIES = (
    "hardware_setup",
    "software_help",
    "equipment",
    "e_safety",
    "website_blog",
    "training",
    "filming",
    "other",
)
JOB_STATUSES = ("open", "in_progress", "done", "passed_to_it")
# A job is closed once done or handed to IT support; either is history, changed only with --correct.
JOB_CLOSED = ("done", "passed_to_it")
URGENCIES = ("low", "normal", "high", "urgent")
# An anonymous stand-in for a leader whose record was purged under the retention setting.
FORMER = "former-leader"

YEAR_RE = re.compile(r"^(\d{4})/(\d{2})$")
AcademicYear = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$")]
# Display labels are first name + initial or initials: short, no digits, no @.
Label = Annotated[str, Field(min_length=1, max_length=24, pattern=r"^[^\d@]+$")]
ShortText = Annotated[str, Field(max_length=200)]


def _to_datetime(value: object) -> object:
    """YAML gives dates for `2025-10-02` and datetimes for `2025-10-02 09:15`; both are accepted."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


DateTime = Annotated[dt.datetime, BeforeValidator(_to_datetime)]


def academic_year(day: dt.date) -> str:
    """The English school year a day falls in: 1 September to 31 August, written `2025/26`."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(year: str) -> dt.date:
    match = YEAR_RE.match(year)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"`{year}` is not an academic year; write it like 2026/27")
    return dt.date(int(match[1]), 9, 1)


class Training(Record):
    module: ShortText
    completed_on: Date


class Leader(Record):
    id: Id
    display: Label
    year_group: int = Field(ge=0, le=14)
    class_: Id | None = Field(default=None, alias="class")
    partner_class: Id | None = None
    partner_teacher: Id | None = None  # staff id (registers/people.yaml) of the partner class's teacher
    roles: TextList = Field(default_factory=list)
    status: Literal[STATUSES] = "applicant"  # type: ignore[valid-type]
    applied_on: Date | None = None
    appointed_on: Date | None = None
    left_on: Date | None = None
    leaving_reason: Literal[LEAVING_REASONS] | None = None  # type: ignore[valid-type]
    training: list[Training] = Field(default_factory=list)
    publish_consent: bool = False
    consent_on: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    model_config = Record.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _dates(self) -> Leader:
        if self.status == "appointed" and self.appointed_on is None:
            raise ValueError("`appointed_on` is required when status is appointed")
        if self.status == "alumni" and self.left_on is None:
            raise ValueError("`left_on` is required when status is alumni")
        if self.publish_consent and self.consent_on is None:
            raise ValueError("`consent_on` is required when publish_consent is yes (the date the form was signed)")
        return self


class Application(Record):
    id: Id
    leader: Id
    year: AcademicYear
    method: Literal[METHODS]  # type: ignore[valid-type]
    submitted_on: Date
    outcome: Literal[OUTCOMES] = "pending"  # type: ignore[valid-type]
    decided_on: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Meeting(Record):
    id: Id
    date: Date
    attendees: IdList = Field(default_factory=list)
    staff: IdList = Field(default_factory=list)
    agenda: TextList = Field(default_factory=list)
    actions: TextList = Field(default_factory=list)
    # Pupil voice (issue 14): ideas and feedback the team brought from their partner classes, in their words,
    # with no pupil named; the governors' report quotes them.
    voice: TextList = Field(default_factory=list)
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Activity(Record):
    id: Id
    date: Date
    type: Literal[ACTIVITY_TYPES]  # type: ignore[valid-type]
    title: ShortText
    audience: ShortText | None = None
    room: Id | None = None
    leaders: IdList = Field(default_factory=list)
    minutes: int | None = Field(default=None, ge=0, le=1440)
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class PlanItem(Record):
    id: Id
    title: ShortText
    owner: Id | None = None
    due: Date | None = None
    status: Literal[PLAN_STATUSES] = "todo"  # type: ignore[valid-type]
    done_on: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Job(Record):
    id: Id
    logged_at: DateTime
    requested_by: Annotated[str, Field(min_length=1, max_length=24)]  # staff id, initials, role or class
    urgency: Literal[URGENCIES] | None = None  # type: ignore[valid-type]
    room: ShortText | None = None
    category: Literal[JOB_CATEGORIES] = "other"  # type: ignore[valid-type]
    description: Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
    assigned: IdList = Field(default_factory=list)
    status: Literal[JOB_STATUSES] = "open"  # type: ignore[valid-type]
    done_at: DateTime | None = None
    minutes: int | None = Field(default=None, ge=0, le=1440)
    import_key: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _done(self) -> Job:
        if self.status == "done" and self.done_at is None:
            raise ValueError("`done_at` is required when status is done")
        return self


class Alignment(Record):
    target_name: ShortText
    target_url: str
    target_framework: ShortText | None = None
    target_code: ShortText | None = None


class BadgeDef(Record):
    id: Id
    name: ShortText
    description: Annotated[str, Field(max_length=1000)]
    criteria: Annotated[str, Field(min_length=1, max_length=4000)]
    image: RelativePath  # a .png, path relative to the school root; baked SVGs embed it
    tags: TextList = Field(default_factory=list)
    alignment: list[Alignment] = Field(default_factory=list)
    staff: bool = False  # a badge for staff (e.g. a DigiLit level) rather than pupils
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Award(Record):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]{4,40}$")]
    badge: Id
    recipient: Id
    awarded_on: Date
    salt: Annotated[str, Field(pattern=r"^[0-9a-f]{16,64}$")]
    evidence: ShortText | None = None
    expires_on: Date | None = None
    revoked_on: Date | None = None
    revocation_reason: ShortText | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class HistoryEntry(Record):
    """One rollover into a new school year: anonymous counts only, kept after alumni records are purged."""

    year: AcademicYear  # the year rolled over into
    rolled_on: Date
    leavers: int = Field(default=0, ge=0)  # leaders who left at the end of the previous year
    purged: int = Field(default=0, ge=0)  # alumni records reduced to these counts by the retention setting
    forced: ShortText | None = None  # why it ran outside the window (sd leaders rollover --force REASON)


class Selection(Record):
    """A selection panel: who sat on it (staff and current leaders) and which applicants it chose."""

    id: Id
    held_on: Date
    year: AcademicYear
    panel: IdList = Field(min_length=1)  # staff ids (people.yaml) and leader ids
    chosen: IdList = Field(default_factory=list)  # applicants it chose; `sd leaders appoint` appoints them
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it


class Question(Record):
    """One question from the e-safety question box: its text only, never who asked.

    A question that raises a safeguarding concern is passed to the DSL at once and nothing of it is kept
    here but the day and the flag (so the box's counts stay honest).
    """

    id: Id
    asked_on: Date
    question: ShortText | None = None
    passed_to_dsl: bool = False  # a safeguarding concern, handed to the designated safeguarding lead
    answered_in: ShortText | None = None  # which assembly or newsletter answered it
    answered_on: Date | None = None
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _kept(self) -> Question:
        if self.passed_to_dsl and (self.question or self.answered_in):
            raise ValueError(
                "a safeguarding question is passed to the DSL; keep no text or answer of it here, only the flag"
            )
        if not self.passed_to_dsl and not self.question:
            raise ValueError("`question` is required (the question's text, never who asked it)")
        return self


IDEA_STATUSES = ("new", "planned", "done", "not_now")


class Idea(Record):
    """An idea from the pupils' ideas form: the idea and, at most, the class it came from."""

    id: Id
    received_on: Date
    idea: Annotated[str, Field(min_length=1, max_length=200)]
    from_class: Id | None = None  # a class code, never a pupil
    status: Literal[IDEA_STATUSES] = "new"  # type: ignore[valid-type]
    plan_item: Id | None = None  # the action-plan item that took it up
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it
