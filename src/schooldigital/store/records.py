"""Raw records: plain values read from a file, each with the line and column of every field.

This is the hand-off between the store (which knows about YAML and CSV) and the models (which know
about meaning). Keeping positions per field lets a Pydantic error on `cost.amount` point at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schooldigital.problems import Source


class ExponentFloat(float):
    """A number a file wrote with an exponent (`1.5e+3`): still a float, but a money field refuses it (issue 12),
    as it refuses `1e3` in a CSV, instead of silently reading 1500."""

    __slots__ = ()


@dataclass(slots=True)
class RawRecord:
    """One record as read: `data` holds plain Python values; `positions` maps dotted field paths to
    (line, col), both 1-based."""

    data: dict[str, Any]
    source: Source
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def source_of(self, path: tuple[str | int, ...] | str) -> Source:
        """The most precise known position for a field path such as ('cost', 'amount')."""
        parts = path.split(".") if isinstance(path, str) else [str(p) for p in path]
        while parts:
            pos = self.positions.get(".".join(parts))
            if pos:
                return self.source.at(*pos)
            parts.pop()
        return self.source
