"""Rendering view data to Markdown or HTML through Jinja templates.

Templates are looked up first in the school's own `templates/` folder (so a school can override any of
them by name), then in the defaults shipped with the package (the project's top-level `templates/`).
HTML is autoescaped: a `<script>` typed into a register renders as text.

Markdown has no autoescaping of its own, and Markdown viewers (GitHub, VS Code, Pandoc) pass raw HTML
through. So every value printed into a Markdown template goes through `md_escape` (Jinja's `finalize`): `<`
and `>` become `&lt;`/`&gt;` (and `&` when it would start an entity), `|` is escaped so tables hold, `[`, `]`
and backticks are escaped so a value cannot make a link or code span, and line breaks become spaces.
Templates mark deliberate Markdown with `Markup` (charts, `|md_block` for multi-paragraph text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from schooldigital.markdown import escape
from schooldigital.render import charts

Format = Literal["md", "html"]
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith((".html.j2", ".svg.j2", ".html", ".svg"))  # type: ignore[union-attr]


_ENVS: dict[tuple[str, str], jinja2.Environment] = {}


def environment(root: Path | None = None, fmt: Format = "html") -> jinja2.Environment:
    """A Jinja environment for one school: its overrides first, then the shipped defaults.

    Args:
        root: the school repository (its `templates/` folder overrides any default by name), or None.
        fmt: `md` environments escape every printed value for Markdown (see the module docstring).
    """
    search = [str(root / "templates")] if root and (root / "templates").is_dir() else []
    key = (search[0] if search else "", fmt)
    if key in _ENVS:
        return _ENVS[key]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES)]),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=md_escape if fmt == "md" else None,
    )
    env.globals["charts"] = charts
    env.filters["money"] = money
    env.filters["pct"] = pct
    env.filters["date"] = long_date
    env.filters["md_block"] = md_block
    env.filters["css_string"] = css_string
    env.filters["upper_first"] = lambda v: str(v)[:1].upper() + str(v)[1:]
    _ENVS[key] = env
    return env


def render(root: Path | None, name: str, fmt: Format, view: Mapping[str, Any]) -> str:
    """Render template `<name>.<fmt>.j2` (e.g. `strategy.html.j2`) with `view` as its context."""
    return environment(root, fmt).get_template(f"{name}.{fmt}.j2").render(**view)


def md_escape(value: Any) -> Any:
    """A value made inert for Markdown (schooldigital.markdown.escape); markup and numbers pass as they are."""
    if isinstance(value, Markup) or value is None or isinstance(value, int | float):
        return value
    return escape(str(value))


def md_block(value: Any) -> Markup:
    """Multi-paragraph text for Markdown: each paragraph escaped, blank lines between them kept."""
    paragraphs = re.split(r"\n\s*\n", str(value or "").strip())
    return Markup("\n\n".join(md_escape(p) for p in paragraphs if p.strip()))


def long_date(value: Any) -> str:
    """`22 November 2026`; `-` when there is no date (the one date style of every report)."""
    from schooldigital.reports.common import long_date as one_style

    return one_style(value)


def css_string(value: Any) -> Markup:
    """A quoted CSS string (for the print footer in `<style>`, where HTML entities are not decoded): every
    character outside plain text is a CSS escape, so no value can end the string or the style element."""
    out = "".join(ch if ch.isalnum() or ch in " .,:;-'()&" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{out}"')


def money(value: Any) -> str:
    """£1,234 for whole pounds, £1,234.50 otherwise."""
    if value is None:
        return "-"
    amount = float(value)
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


def pct(value: float | None, places: int = 0) -> str:
    """A share (0..1) as a percentage with the stated rounding."""
    return "-" if value is None else f"{value * 100:.{places}f}%"
