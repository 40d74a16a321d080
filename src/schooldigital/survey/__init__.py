"""Staff digital-literacy surveys: frameworks as data, forms import, scoring, analysis, CPD plans.

Layers, as everywhere in `sd`: files under `surveys/` are read by `framework` and `responses` (with
file:line:col), `importer` turns a Google/Microsoft Forms export into a stored round, `scoring` places each
respondent at one level per strand using the framework's own rule, and `analysis`/`cpd`/`profile` turn
those levels into aggregate numbers and view data for `templates/survey.*.j2`.
"""
