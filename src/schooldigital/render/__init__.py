"""Rendering view data to Markdown or HTML through Jinja templates.

Templates are looked up first in the school's own `templates/` folder (so a school can override any of
them by name), then in the defaults shipped with the package (the project's top-level `templates/`).
HTML is autoescaped: a `<script>` typed into a register renders as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import jinja2

from schooldigital.render import charts

Format = Literal["md", "html"]
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith((".html.j2", ".svg.j2", ".html", ".svg"))  # type: ignore[union-attr]


def environment(root: Path | None = None) -> jinja2.Environment:
    """A Jinja environment for one school: its overrides first, then the shipped defaults."""
    search = [str(root / "templates")] if root and (root / "templates").is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES)]),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["charts"] = charts
    env.filters["money"] = money
    env.filters["pct"] = pct
    return env


def render(root: Path | None, name: str, fmt: Format, view: Mapping[str, Any]) -> str:
    """Render template `<name>.<fmt>.j2` (e.g. `strategy.html.j2`) with `view` as its context."""
    return environment(root).get_template(f"{name}.{fmt}.j2").render(**view)


def money(value: Any) -> str:
    """£1,234 for whole pounds, £1,234.50 otherwise."""
    if value is None:
        return "-"
    amount = float(value)
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


def pct(value: float | None, places: int = 0) -> str:
    """A share (0..1) as a percentage with the stated rounding."""
    return "-" if value is None else f"{value * 100:.{places}f}%"
