"""Evaluators that read the asset register, the device models and the connectivity contracts."""

from __future__ import annotations

from typing import Any

from schooldigital import layout
from schooldigital.checks.evaluators.base import (
    LIVE_CONTRACT,
    MET,
    NO_EVIDENCE,
    NOT_APPLICABLE,
    NOT_DUE,
    NOT_MET,
    PARTLY,
    PLACEHOLDERS,
    Evidence,
    Outcome,
    coverage,
    ids,
    in_use,
    is_placeholder,
    some,
    without,
)
from schooldigital.derive import add_months
from schooldigital.models.contracts import FULL_FIBRE, INTERNET_CONNECTIONS


def _models(ev: Evidence) -> dict[str, Any]:
    return {m.id: m for m in ev.regs.models}


def _none_in_use(ev: Evidence, params: dict[str, Any], what: str) -> Outcome:
    """No such device: "not applicable" when the check allows it and the school records other devices (so
    the register is kept), else "no evidence"."""
    if params.get("not_applicable") and in_use(ev):
        return Outcome(NOT_APPLICABLE, reason=f"no {what} in use on site")
    return Outcome(NO_EVIDENCE, step=f"record the {what} in the asset register with their model")


PLURALS = {"ups": "UPS units", "storage": "storage devices", "switch": "switches", "core_switch": "core switches"}


def _label(params: dict[str, Any]) -> str:
    names = params.get("roles") or params.get("categories") or ["devices"]
    return " or ".join(PLURALS.get(n, n.replace("_", " ") + "s") for n in names)


def _selected(ev: Evidence, params: dict[str, Any]) -> list[Any]:
    """In-use assets of the check's `categories`, or whose model has one of its `roles`."""
    if "roles" in params:
        models, roles = _models(ev), set(params["roles"])
        return [a for a in in_use(ev) if (m := models.get(a.model)) is not None and m.role in roles]
    return in_use(ev, params["categories"])


def _updates_end(asset: Any, models: dict[str, Any]) -> Any:
    """When a device stops getting security updates: a console's date for it (`eol_source`), else its model's."""
    if asset.eol_source and asset.eol_date:
        return asset.eol_date
    model = models.get(asset.model)
    return model.end_of_support if model is not None else None


def _console_evidence(devices: list[Any]) -> list[str]:
    """Which devices' dates came from a console export, which console and when (issue 17)."""
    from schooldigital.consoles.columns import console_label

    by: dict[tuple[str, Any], list[Any]] = {}
    for a in devices:
        if a.eol_source and a.eol_date:
            by.setdefault((a.eol_source, a.eol_checked), []).append(a)
    return [
        f"end of updates from the {console_label(source)} export"
        + (f" recorded {day}" if day else "")
        + f": {some(ids(found))}"
        for (source, day), found in sorted(by.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    ]


def devices_supported(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = in_use(ev, params["categories"])
    if not devices:
        return _none_in_use(ev, params, _label(params))
    models = _models(ev)
    unsupported = [a for a in devices if (end := _updates_end(a, models)) and end < ev.today]
    unknown = [a for a in devices if not _updates_end(a, models)]
    evidence, steps = [f"{len(devices)} in use", *_console_evidence(devices)], []
    if unsupported:
        evidence.append(f"past vendor end of support: {some(ids(unsupported))}")
        steps.append(f"replace or retire the {len(unsupported)} unsupported devices (`sd check renewals --detail`)")
    expired, no_warranty = [], []
    if params.get("warranty"):
        expired = [a for a in devices if a.warranty_end is not None and a.warranty_end < ev.today]
        no_warranty = [a for a in devices if a.warranty_end is None]
        if expired:
            evidence.append(f"past `warranty_end`: {some(ids(expired))}")
            steps.append(f"renew the warranty or plan the replacement of {some(ids(expired))}")
    bad = {a.id for a in [*unsupported, *expired]}
    good = [a for a in without(devices, unknown, no_warranty) if a.id not in bad]
    if bad:
        return Outcome(NOT_MET, evidence, "; ".join(steps), records=ids(good), failing=sorted(bad))
    if unknown:
        step = f"record `end_of_support` for the models of {len(unknown)} devices in {layout.MODELS}"
        return Outcome(PARTLY, evidence, step, records=ids(good), failing=ids(unknown))
    if no_warranty:
        step = f"record `warranty_end` for {some(ids(no_warranty))}"
        return Outcome(PARTLY, evidence, step, records=ids(good), failing=ids(no_warranty))
    return Outcome(MET, evidence, records=ids(devices))


def support_dates_recorded(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = in_use(ev, params["categories"])
    if not devices:
        return Outcome(NO_EVIDENCE, step="record devices in the asset register")
    models = _models(ev)
    used = sorted({a.model for a in devices})
    missing = [mid for mid in used if not (mid in models and models[mid].end_of_support)]
    evidence = [f"{len(used) - len(missing)} of {len(used)} models in use have `end_of_support`"]
    step = f"add `end_of_support` to {some(missing)} in {layout.MODELS}"
    if not missing:
        return Outcome(MET, evidence, records=used)
    ok = [m for m in used if m not in missing]
    return Outcome(PARTLY if ok else NOT_MET, evidence, step, records=ok, failing=missing)


def assets_have_fields(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = in_use(ev, params["categories"])
    if not devices:
        return Outcome(NO_EVIDENCE, step="record devices in the asset register")
    placeholders = frozenset(p.lower() for p in params.get("placeholders", PLACEHOLDERS))
    gaps = [a for a in devices if any(is_placeholder(getattr(a, f), placeholders) for f in params["fields"])]
    evidence = [f"{len(devices) - len(gaps)} of {len(devices)} devices complete"]
    fields = ", ".join(f"`{f}`" for f in params["fields"])
    ok = without(devices, gaps)
    return coverage(ok, gaps, evidence, f"record {fields} for {some(ids(gaps))} (a placeholder such as N/A is not one)")


def device_minimums(ev: Evidence, params: dict[str, Any]) -> Outcome:
    since = params["since"]
    support, warranty = params["support_years"], params["warranty_years"]
    models = _models(ev)
    bought = [a for a in in_use(ev, list(support)) if a.purchase_date and a.purchase_date >= since]
    if not bought:
        return Outcome(NO_EVIDENCE, step=f"no devices bought since {since} to check")
    short = []
    for a in bought:
        m = models.get(a.model)
        eos = m.end_of_support if m else None
        if eos is None or eos < add_months(a.purchase_date, 12 * support[a.category]):
            short.append(a)
        elif a.warranty_end is None or a.warranty_end < add_months(a.purchase_date, 12 * warranty[a.category]):
            short.append(a)
    evidence = [f"{len(bought) - len(short)} of {len(bought)} devices bought since {since} meet them"]
    ok = without(bought, short)
    step = f"check support and warranty terms before buying; short or unknown: {some(ids(short))}"
    if not short:
        return Outcome(MET, evidence, records=ids(ok))
    return Outcome(PARTLY if ok else NOT_MET, evidence, step, records=ids(ok), failing=ids(short))


def disposal_evidence(ev: Evidence, params: dict[str, Any]) -> Outcome:
    disposed = [a for a in ev.regs.assets if a.status == "disposed"]
    if not disposed:
        return Outcome(NO_EVIDENCE, step="record disposals with `sd assets dispose` when devices leave")
    missing = [
        a
        for a in disposed
        if not (a.disposal_date and a.disposal_method and not is_placeholder(a.disposal_certificate))
    ]
    evidence = [f"{len(disposed) - len(missing)} of {len(disposed)} disposals with certificates"]
    ok = [a for a in disposed if a not in missing]
    return coverage(
        ok, missing, evidence, f"file the WEEE/data-destruction certificate reference for {some(ids(missing))}"
    )


def _meets(model: Any, fact: str, wanted: Any) -> bool | None:
    """Whether a model meets one requirement: None when the fact is not recorded."""
    value = getattr(model, fact, None) if model is not None else None
    if value is None:
        return None
    if wanted is True:
        return bool(value)
    return bool(value >= wanted)


def _replacement_due(asset: Any, models: dict[str, Any]) -> Any:
    """When a device is due for replacement: its own `eol_date`, else its model's vendor end of support."""
    model = models.get(asset.model)
    return asset.eol_date or (model.end_of_support if model is not None else None)


def model_requirements(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """Every device in use (by model `role` or asset `category`) meets the technical facts in `require`.

    With `at_upgrade`, a device that falls short but is not yet due for replacement is "not due yet" until
    its `eol_date` (else its model's `end_of_support`); with `supported`, a device past support fails.
    """
    devices = _selected(ev, params)
    if not devices:
        return _none_in_use(ev, params, _label(params))
    models, require = _models(ev), params["require"]
    ok, short, unknown = [], [], []
    for a in devices:
        m = models.get(a.model)
        answers = [_meets(m, fact, wanted) for fact, wanted in require.items()]
        if params.get("supported") and m is not None and m.end_of_support and m.end_of_support < ev.today:
            answers.append(False)
        (short if False in answers else unknown if None in answers else ok).append(a)
    facts = ", ".join(f"`{f}`" + ("" if w is True else f" >= {w}") for f, w in require.items())
    evidence = [f"{len(ok)} of {len(devices)} meet {facts}"]
    due_later = []
    if params.get("at_upgrade"):
        due_later = [a for a in short if (end := _replacement_due(a, models)) is not None and end >= ev.today]
    overdue = without(short, due_later)
    if overdue:
        step = f"replace or upgrade {some(ids(overdue))} ({facts} in {layout.MODELS})"
        return Outcome(NOT_MET if not ok else PARTLY, evidence, step, records=ids(ok), failing=ids(overdue))
    if unknown:
        step = f"record {facts} for {some(sorted({a.model for a in unknown}))} in {layout.MODELS}"
        return Outcome(
            PARTLY if ok or due_later else NO_EVIDENCE, evidence, step, records=ids(ok), failing=ids(unknown)
        )
    if due_later:
        due = min(_replacement_due(a, models) for a in due_later)  # type: ignore[type-var]
        step = f"meet it when {some(ids(due_later))} are replaced (first due {due})"
        return Outcome(NOT_DUE, evidence, step, records=ids(ok), failing=ids(due_later), due=due)
    return Outcome(MET, evidence, records=ids(ok))


def roles_in_use(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """At least one device in use whose model has one of `roles` (firewall, UPS...), within vendor support."""
    devices = _selected(ev, params)
    if not devices:
        if any(m.role for m in ev.regs.models):
            step = f"no {_label(params)} in use: buy one or record it (model `role` in {layout.MODELS})"
            return Outcome(NOT_MET, step=step)
        return Outcome(NO_EVIDENCE, step=f"record the {_label(params)} in use (model `role` in {layout.MODELS})")
    models = _models(ev)
    past = [a for a in devices if (m := models.get(a.model)) and m.end_of_support and m.end_of_support < ev.today]
    ok = without(devices, past)
    evidence = [f"{len(devices)} in use" + (f", past vendor support: {some(ids(past))}" if past else "")]
    if not past:
        return Outcome(MET, evidence, records=ids(ok))
    step = f"replace {some(ids(past))}: past vendor support"
    return Outcome(PARTLY if ok else NOT_MET, evidence, step, records=ids(ok), failing=ids(past))


def devices_in_location_kind(ev: Evidence, params: dict[str, Any]) -> Outcome:
    devices = in_use(ev, params["categories"])
    if not devices:
        return _none_in_use(ev, params, _label(params))
    kinds = {loc.id: loc.kind for loc in ev.regs.locations}
    ok = [a for a in devices if kinds.get(a.location) in params["kinds"]]
    short = without(devices, ok)
    evidence = [f"{len(ok)} of {len(devices)} in a {' or '.join(k.replace('_', ' ') for k in params['kinds'])}"]
    return coverage(ok, short, evidence, f"move {some(ids(short))} to a dedicated, locked server room")


def _lines(ev: Evidence) -> list[Any]:
    return [c for c in ev.regs.contracts if c.type == "connectivity" and c.status in LIVE_CONTRACT]


def _speed(ev: Evidence, params: dict[str, Any]) -> tuple[float, float] | None:
    """The (download, upload) Mbps the school's phase needs, or None when the check sets no speeds."""
    speeds = params.get("speeds")
    if not speeds:
        return None
    down, up = speeds.get(ev.regs.config.phase, speeds["default"])
    return float(down), float(up)


def _mbps(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def full_fibre(ev: Evidence, params: dict[str, Any]) -> Outcome:
    """A leased line or FTTP at the speed the school's phase needs; a slower or copper line is "not due yet"
    until its contract ends."""
    lines = [c for c in _lines(ev) if c.connection in INTERNET_CONNECTIONS or c.connection is None]
    if not lines:
        return Outcome(NO_EVIDENCE, step=f"record the broadband contract in {layout.CONTRACTS} (`connection`)")
    need = _speed(ev, params)
    evidence = [
        f"{c.id} ({c.connection or 'line type not recorded'}"
        + (f", {_mbps(c.download_mbps)}/{_mbps(c.upload_mbps)} Mbps" if need else "")
        + ")"
        for c in lines
    ]
    fibre = [c for c in lines if c.connection in FULL_FIBRE]
    fast = [c for c in fibre if need is None or (c.download_mbps or 0) >= need[0] and (c.upload_mbps or 0) >= need[1]]
    if fast:
        return Outcome(MET, evidence, records=ids(fast))
    unknown = [c for c in lines if c.connection is None]
    if unknown:
        step = f"record the kind of line (`connection`) of {some(ids(unknown))}"
        return Outcome(NO_EVIDENCE, evidence, step, failing=ids(unknown))
    unmeasured = [c for c in fibre if c.download_mbps is None or c.upload_mbps is None]
    if need and unmeasured:
        step = f"record `download_mbps` and `upload_mbps` of {some(ids(unmeasured))} (needed: {need[0]:g}/{need[1]:g})"
        return Outcome(PARTLY, evidence, step, records=ids(unmeasured), failing=ids(unmeasured))
    wanted = "full fibre" + (f" of at least {need[0]:g}/{need[1]:g} Mbps" if need else "")
    ends = [c.end_date for c in lines if c.end_date is not None]
    if ends and min(ends) >= ev.today:
        step = f"move to {wanted} when the contract ends ({min(ends)}), or sooner if it is available"
        return Outcome(NOT_DUE, evidence, step, failing=ids(lines), due=min(ends))
    return Outcome(NOT_MET, evidence, f"move to {wanted} (a leased line or FTTP)", failing=ids(lines))


def connectivity_backup(ev: Evidence, params: dict[str, Any]) -> Outcome:
    lines = _lines(ev)
    if not lines:
        return Outcome(NO_EVIDENCE, step=f"record the broadband contract(s) in {layout.CONTRACTS}")
    evidence = [f"{c.id} ({c.connection or 'line type not recorded'})" for c in lines]
    internet = [c for c in lines if c.connection in INTERNET_CONNECTIONS]
    unknown = [c for c in lines if c.connection is None]
    wanted = params["min_connections"]
    if len(internet) >= wanted and len({c.connection for c in internet}) >= wanted:
        return Outcome(MET, evidence, records=ids(internet))
    if unknown and len(lines) >= wanted:
        step = f"record the kind of line (`connection`, e.g. fttp, leased_line) of {some(ids(unknown))}"
        return Outcome(PARTLY, evidence, step, records=ids(internet), failing=ids(unknown))
    step = "add a second internet connection of a different type (e.g. FTTP plus leased line) with automatic failover"
    return Outcome(NOT_MET, evidence, step, failing=ids(without(lines, internet)))
