"""Charts as inline SVG: no JavaScript, no network, printable, and accessible (issue 14, WCAG AA).

Every chart has a legend or direct labels, labels wrap instead of being cut off, text on a coloured bar is
drawn in whichever of black or white contrasts more with it (always at least 4.5:1), "warning" series carry
a hatch pattern as well as a colour, and every chart is followed by its data as a table in a `<details>`, so a
screen reader (and a governor printing in black and white) gets the figures, not just the title.
Returned as Markup so autoescaping keeps them intact while every label inside is escaped here.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

PALETTE = ("#1f5f8b", "#4f9fcf", "#9ccbe6", "#f2a541", "#c62828", "#6a994e", "#8d6a9f", "#5c5c5c")
INK = "#1d2731"
LABEL_CHARS = 26  # a wrapped line of a bar label, at 12px in the 180px label column
CHAR_PX = 7


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def ink_on(fill: str) -> str:
    """Black or white text, whichever reads better on `fill`."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


def _luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "", width: int = 640) -> Markup:
    """Horizontal bar chart: one labelled bar per value, the value printed after it."""
    left, pad, line = 190, 8, 14
    wrapped = [textwrap.wrap(str(label), LABEL_CHARS) or [""] for label in labels]
    rows = [max(26, 10 + line * len(w)) for w in wrapped]
    height = pad * 2 + 24 + sum(rows)
    top = max(values, default=0) or 1
    parts = [_open(width, height, title)]
    y = pad + 24
    for lines, value, row in zip(wrapped, values, rows, strict=True):
        w = (width - left - 90) * (value / top)
        parts.append(_multiline(left - 6, y + (row - line * len(lines)) / 2 + 11, lines, anchor="end"))
        parts.append(f'<rect x="{left}" y="{y + (row - 18) / 2:.1f}" width="{w:.1f}" height="18" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + row / 2 + 4:.1f}">{escape(_fmt(value, unit))}</text>')
        y += row
    parts.append("</svg>")
    table = data_table(title, ["", "Value"], [[str(lab), _fmt(v, unit)] for lab, v in zip(labels, values, strict=True)])
    return Markup("".join(parts)) + table


def stacked_bars(
    labels: Sequence[str], series: Sequence[str], values: Sequence[Sequence[float]], *, title: str, width: int = 640
) -> Markup:
    """One 100% stacked bar per label; `values[i][j]` is the share (0..1) of series j in row i."""
    left, pad, line = 190, 8, 14
    wrapped = [textwrap.wrap(str(label), LABEL_CHARS) or [""] for label in labels]
    rows = [max(28, 10 + line * len(w)) for w in wrapped]
    legend = _legend_rows([(str(s), PALETTE[j % len(PALETTE)], False) for j, s in enumerate(series)], width)
    height = pad * 2 + 24 + sum(rows) + 22 * len(legend) + 8
    span = width - left - 20
    parts = [_open(width, height, title)]
    y = pad + 24
    for i, (lines, row) in enumerate(zip(wrapped, rows, strict=True)):
        x = float(left)
        parts.append(_multiline(left - 6, y + (row - line * len(lines)) / 2 + 11, lines, anchor="end"))
        for j, share in enumerate(values[i]):
            w = span * share
            colour = PALETTE[j % len(PALETTE)]
            tip = escape(f"{series[j]}: {share * 100:.0f}%")
            parts.append(
                f'<rect x="{x:.1f}" y="{y + (row - 20) / 2:.1f}" width="{w:.1f}" height="20" fill="{colour}">'
                f"<title>{tip}</title></rect>"
            )
            if share >= 0.08:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="middle" '
                    f'style="fill:{ink_on(colour)}">{share * 100:.0f}%</text>'
                )
            x += w
        y += row
    parts.extend(_legend(legend, y + 8))
    parts.append("</svg>")
    table = data_table(
        title,
        ["", *map(str, series)],
        [[str(lab), *(f"{v * 100:.0f}%" for v in values[i])] for i, lab in enumerate(labels)],
    )
    return Markup("".join(parts)) + table


def columns(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "",
    highlight: Sequence[bool] = (),
    highlight_label: str = "",
    width: int = 640,
) -> Markup:
    """Vertical columns (spend by year); `highlight[i]` draws column i hatched in the warning colour, named in
    the legend by `highlight_label`."""
    warn = [i < len(highlight) and highlight[i] for i in range(len(labels))]
    stacks = [[(0.0, v)] if w else [(v, 0.0)] for v, w in zip(values, warn, strict=True)]
    series = ["Planned", highlight_label or "Needs attention"] if any(warn) else ["Planned"]
    return stacked_columns(labels, series, [[s[0][0], s[0][1]] for s in stacks], title=title, unit=unit, width=width)


def stacked_columns(
    labels: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float]],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
) -> Markup:
    """Vertical columns split into parts: `values[i][j]` is series j in column i. The second series is the
    warning one (red, hatched); the column total is printed above each column."""
    hatch = "hatch-" + hashlib.sha1(title.encode()).hexdigest()[:8]  # one id per chart: ids are page-wide
    legend = _legend_rows([(s, _colour(j), j == 1) for j, s in enumerate(series)], width)
    height, top_pad, bottom = 250 + 22 * len(legend), 40, 40 + 22 * len(legend)
    n = max(len(labels), 1)
    slot = (width - 20) / n
    bar_w = min(slot * 0.7, 80)
    peak = max((sum(v) for v in values), default=0) or 1
    span = height - top_pad - bottom
    parts = [_open(width, height, title), _hatch_def(hatch)]
    base = height - bottom
    parts.append(f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#5b6670"/>')
    for i, lab in enumerate(labels):
        x = 10 + i * slot + (slot - bar_w) / 2
        y = float(base)
        for j, value in enumerate(values[i][: len(series)]):
            h = span * (value / peak)
            if h > 0:
                fill = f"url(#{hatch})" if j == 1 else _colour(j)
                tip = escape(f"{lab}, {series[j]}: {_fmt(value, unit)}")
                parts.append(
                    f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}" '
                    f'stroke="{_colour(j)}"><title>{tip}</title></rect>'
                )
            y -= h
        cx = x + bar_w / 2
        total = sum(values[i][: len(series)])
        parts.append(f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle">{escape(_fmt(total, unit))}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle">{escape(str(lab))}</text>')
    parts.extend(_legend(legend, base + 28, hatch))
    parts.append("</svg>")
    rows = [[str(lab), *(_fmt(v, unit) for v in values[i][: len(series)])] for i, lab in enumerate(labels)]
    if len(series) > 1:
        rows = [[*r, _fmt(sum(values[i][: len(series)]), unit)] for i, r in enumerate(rows)]
    headers = ["", *series, "Total"] if len(series) > 1 else ["", *series]
    return Markup("".join(parts)) + data_table(title, headers, rows)


def status_bar(counts: Sequence[tuple[str, int, str]], *, title: str, width: int = 640) -> Markup:
    """One bar split by status, e.g. standards met / partly / not met; `counts` is (label, count, colour).
    The legend names each part with its count, so the bar never relies on colour alone."""
    total = sum(c for _, c, _ in counts) or 1
    legend = _legend_rows([(f"{name} ({count})", colour, False) for name, count, colour in counts], width)
    height, left, span = 70 + 22 * len(legend), 10, width - 20
    parts = [_open(width, height, title)]
    x = float(left)
    for name, count, colour in counts:
        w = span * count / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="28" width="{w:.1f}" height="26" fill="{colour}" stroke="#ffffff">'
                f"<title>{escape(f'{name}: {count}')}</title></rect>"
            )
            if w > 24:
                ink = ink_on(colour)
                parts.append(f'<text x="{x + w / 2:.1f}" y="46" text-anchor="middle" style="fill:{ink}">{count}</text>')
        x += w
    parts.extend(_legend(legend, 66))
    parts.append("</svg>")
    return Markup("".join(parts)) + data_table(title, ["Status", "Count"], [[n, str(c)] for n, c, _ in counts])


def data_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Markup:
    """The chart's figures as a table, folded in a `<details>` on screen (open in print)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' if h else "<td></td>" for h in headers)
    cell = lambda k, c: f'<th scope="row">{escape(c)}</th>' if k == 0 else f"<td>{escape(c)}</td>"  # noqa: E731
    body = "".join("<tr>" + "".join(cell(k, c) for k, c in enumerate(r)) + "</tr>" for r in rows)
    return Markup(
        f'<details class="chart-data"><summary>Chart data: {escape(title)}</summary>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def _colour(j: int) -> str:
    return PALETTE[4] if j == 1 else PALETTE[0] if j == 0 else PALETTE[j % len(PALETTE)]


def _hatch_def(hatch: str) -> str:
    return (
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#c62828"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>'
    )


def _legend_rows(items: Sequence[tuple[str, str, bool]], width: int) -> list[list[tuple[str, str, bool]]]:
    """Legend entries packed into rows that fit the width (never cut off)."""
    rows: list[list[tuple[str, str, bool]]] = [[]]
    used = 10
    for item in items:
        need = 16 + CHAR_PX * len(item[0]) + 14
        if rows[-1] and used + need > width:
            rows.append([])
            used = 10
        rows[-1].append(item)
        used += need
    return rows


def _legend(rows: list[list[tuple[str, str, bool]]], top: float, hatch: str = "") -> list[str]:
    parts = []
    for r, row in enumerate(rows):
        x, y = 10.0, top + 22 * r
        for text, colour, hatched in row:
            fill = f"url(#{hatch})" if hatched else colour
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{fill}" stroke="{colour}"/>')
            parts.append(f'<text x="{x + 16:.1f}" y="{y + 11}">{escape(text)}</text>')
            x += 16 + CHAR_PX * len(text) + 14
    return parts


def _multiline(x: float, y: float, lines: Sequence[str], *, anchor: str) -> str:
    spans = "".join(f'<tspan x="{x}" dy="{0 if k == 0 else 14}">{escape(text)}</tspan>' for k, text in enumerate(lines))
    return f'<text x="{x}" y="{y:.1f}" text-anchor="{anchor}">{spans}</text>'


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)} (figures in the table below)"><title>{escape(title)}</title>'
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>'
    )


def _fmt(value: float, unit: str) -> str:
    if unit == "£":
        return f"£{value:,.0f}"
    return f"{value:,.0f}{unit}" if value == int(value) else f"{value:,.1f}{unit}"
