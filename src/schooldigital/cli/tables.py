"""Every list command's rows: a table fitted to the terminal, plain aligned text in a pipe, JSON or CSV.

On a terminal the things a person types next or compares (ids, dates, money, statuses) are never cut:
their columns are as wide as their longest value. Other columns wrap down to a minimum width, and the
least important (the last in the list) are left out when even that does not fit, said in one dim line on
stderr. Piped output is `listing.plain_table`, unchanged, so scripts see the same bytes whatever the terminal.

Imports only the stdlib and typer at module level (Rich is loaded only when a table is drawn).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from schooldigital.cli.common import interactive
from schooldigital.cli.output import Format, console, emit_json
from schooldigital.errors import UserError

Row = dict[str, Any]


def columns_option(names: Sequence[str]) -> Any:
    """The `--columns` option of a list command whose columns are `names`: Tab offers the names not yet
    chosen after the last comma (`id,mo<TAB>` -> `id,model`)."""

    def offer(incomplete: str) -> list[str]:
        done, _, partial = incomplete.rpartition(",")
        chosen = set(done.split(","))
        head = f"{done}," if done else ""
        return [head + name for name in names if name.startswith(partial) and name not in chosen]

    return Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="A,B,C",
            help="Only these columns, in this order (comma-separated), in every format.",
            show_default=False,
            autocompletion=offer,
        ),
    ]


# Columns kept whole by name: what identifies a record, its state, and money.
KEY_NAMES = frozenset({"id", "status", "cost", "amount"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\Z")
_MONEY = re.compile(r"-?\d+\.\d{2}\Z")
GAP = 2  # spaces between columns, as in the plain table
TEXT_MIN = 12  # a wrapped column is never narrower than this (or its longest value, if shorter)


@dataclass
class Col:
    name: str
    cells: list[str]
    key: bool
    natural: int  # widest cell or header
    minimum: int  # narrowest it may be drawn


def choose(columns: Sequence[str], wanted: str | None) -> list[str]:
    """The columns `--columns a,b,c` names, in that order; every column when it is not given."""
    if not wanted:
        return list(columns)
    from schooldigital.problems import did_you_mean

    chosen = [c.strip() for c in wanted.split(",") if c.strip()]
    if not chosen:
        raise UserError(f"--columns names no column; columns: {', '.join(columns)}")
    for name in chosen:
        if name not in columns:
            raise UserError(
                f"--columns: no column `{name}`{did_you_mean(name, list(columns))}; columns: {', '.join(columns)}"
            )
    return chosen


def _is_key(name: str, values: Sequence[Any]) -> bool:
    """Ids, statuses and money by name; dates and money by every value present looking like one."""
    if name in KEY_NAMES or name.endswith("_id"):
        return True
    present = [v for v in values if v not in (None, "", [])]
    return bool(present) and all(
        isinstance(v, dt.date) or (isinstance(v, str) and (_DATE.match(v) or _MONEY.match(v))) for v in present
    )


def _columns(columns: Sequence[str], rows: Sequence[Row]) -> list[Col]:
    """Each column's cells and widths, in terminal cells (a wide character counts two)."""
    from rich.cells import cell_len

    from schooldigital.listing import text

    out = []
    for name in columns:
        values = [r.get(name) for r in rows]
        cells = [text(v) for v in values]
        natural = max([cell_len(name), *(cell_len(c) for c in cells)])
        key = _is_key(name, values)
        longest_word = max([cell_len(name), *(cell_len(w) for c in cells for w in c.split())])
        minimum = natural if key else min(natural, max(TEXT_MIN, min(longest_word, 20)))
        out.append(Col(name, cells, key, natural, minimum))
    return out


def fit(cols: list[Col], width: int) -> tuple[list[Col], dict[str, int], list[str]]:
    """The columns to draw, each one's width, and the names left out so the table fits `width`.

    Drops the last non-key column until every key column is whole and every other column at its minimum;
    then gives the room left to the remaining columns, first come first served, up to their natural width.
    Call it when `keys_fit`: the key columns alone must fit.
    """
    shown = list(cols)
    hidden: list[str] = []

    def need(cs: list[Col]) -> int:
        return sum(c.minimum for c in cs) + GAP * (len(cs) - 1)

    while need(shown) > width and any(not c.key for c in shown):
        drop = next(c for c in reversed(shown) if not c.key)
        shown.remove(drop)
        hidden.insert(0, drop.name)
    widths = {c.name: c.minimum for c in shown}
    spare = width - need(shown)
    for c in shown:
        extra = max(0, min(spare, c.natural - widths[c.name]))
        widths[c.name] += extra
        spare -= extra
    hidden.sort(key=[c.name for c in cols].index)
    return shown, widths, hidden


def keys_fit(cols: list[Col], width: int) -> bool:
    """Whether the key columns, whole, fit side by side in `width`."""
    keys = [c.natural for c in cols if c.key]
    return sum(keys) + GAP * (len(keys) - 1) <= width


def print_table(columns: Sequence[str], rows: Sequence[Row]) -> None:
    """A table for a person at a terminal: key columns whole, the rest wrapped or left out (said on stderr);
    each row as a record of `name  value` lines when even the key columns cannot stand side by side."""
    from rich.table import Table

    out = console()
    cols = _columns(columns, rows)
    if not keys_fit(cols, out.width):
        _print_records(cols, len(rows))
        return
    shown, widths, hidden = fit(cols, out.width)
    table = Table(box=None, pad_edge=False, padding=(0, GAP // 2), header_style="bold", show_edge=False)
    for c in shown:
        whole = widths[c.name] >= c.natural
        table.add_column(
            c.name,
            width=widths[c.name],
            no_wrap=c.key and whole,
            overflow="fold",
            justify="right" if c.key and c.cells and all(_MONEY.match(v) or v == "-" for v in c.cells) else "left",
        )
    for i in range(len(rows)):
        table.add_row(*(c.cells[i] for c in shown))
    out.print(table)
    if hidden:
        console(stderr=True).print(
            f"hidden: {', '.join(hidden)} (use --columns or a wider terminal)",
            style="dim",
            markup=False,
            soft_wrap=True,
        )


def _print_records(cols: list[Col], count: int) -> None:
    """Each row as lines of `column  value`, a blank line between rows, as `psql -x` does on a narrow terminal:
    every value whole, long ones wrapped under themselves. Said once on stderr."""
    from rich.table import Table

    grid = Table.grid(padding=(0, GAP))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for i in range(count):
        if i:
            grid.add_row("", "")
        for c in cols:
            grid.add_row(c.name, c.cells[i])
    console().print(grid)
    console(stderr=True).print(
        "shown as records: the table is wider than the terminal (use --columns or a wider terminal)",
        style="dim",
        markup=False,
        soft_wrap=True,
    )


def print_rows(columns: Sequence[str], rows: list[Row], fmt: Format, wanted: str | None = None) -> None:
    """Rows as a table (fitted on a terminal, aligned plain text otherwise), JSON, or spreadsheet-safe CSV."""
    from schooldigital.listing import csv_cells, plain_table

    columns = choose(columns, wanted)
    if fmt is Format.json:
        emit_json([{c: r.get(c) for c in columns} for r in rows] if wanted else rows)
    elif fmt is Format.csv:
        from schooldigital.store.csvio import render_csv

        typer.echo(render_csv(columns, csv_cells(columns, rows), safe=True), nl=False)
    elif interactive():
        print_table(columns, rows)
    elif rows:
        typer.echo(plain_table(columns, rows))
