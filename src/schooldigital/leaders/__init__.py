"""Digital Leaders: the pupil team that helps run a school's technology, kept as plain files in `leaders/`.

Files (every one a YAML list of records, validated like the registers, with file:line problems):
`roster.yaml` (the leaders), `applications.yaml`, `meetings.yaml`, `activities.yaml`, `plan.yaml`,
`jobs.yaml` (the jobs/requests log), `badges.yaml` (Open Badge definitions), `awards.yaml` (badges awarded),
`history.yaml` (anonymous counts left after alumni are purged) and `jobs-import.yaml` (one mapping:
Forms CSV header -> job field). Pupils are identified by an opaque local id and a short display label only;
any id -> email mapping for badges lives in the git-ignored `.sd-local/recipients.yaml`.
"""
