"""The columns of every list command, in their order: one place that `listing`, the list commands and the
tab completion of `--columns` all read. Plain tuples with no imports, so completing them loads nothing."""

from __future__ import annotations

ASSET_COLUMNS = (
    "id",
    "category",
    "model",
    "status",
    "location",
    "assigned_to",
    "purchase_date",
    "age",
    "review_due",
    "warranty_end",
)
CONTRACT_COLUMNS = ("id", "title", "supplier", "type", "renewal", "status", "end_date", "notice_by", "cost", "period")
INFO_COLUMNS = ("id", "name", "owner", "personal_data", "special_category", "risk", "last_reviewed", "next_review")
JOB_COLUMNS = ("id", "logged_at", "requested_by", "room", "category", "description", "assigned", "status", "done_at")
LEADER_COLUMNS = ("id", "display", "year", "class", "partner_class", "status", "roles", "consent")
PLAN_COLUMNS = ("id", "title", "owner", "due", "status")
QUESTION_COLUMNS = ("id", "asked_on", "question", "answered_in")
