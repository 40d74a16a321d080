"""Write docs/cli.md, the command reference, from the command tree itself: `python -m schooldigital.cli.docs`.

Every visible command gets its help, usage, a table of its arguments and options, its examples (as a shell
block, exactly as `--help` shows them) and its exit codes. The text does not depend on the terminal, so the
file is the same on every machine; tests/test_cli_docs.py regenerates it and fails when it is out of date.
`--check` does the same from the command line (exit 1 when the file differs).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from schooldigital.cli.examples import EXAMPLES, EXIT_CODES

DEFAULT = Path("docs/cli.md")
TITLE = "# `sd` command reference"
NOTE = (
    "Generated from the command tree by `python -m schooldigital.cli.docs`; do not edit by hand. "
    "Every command also prints this with `--help`."
)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _description(text: str) -> list[str]:
    """Help paragraphs as Markdown: a Click `\\b` paragraph (kept line by line) becomes a code block."""
    text = text.split("\f")[0].strip()
    out: list[str] = []
    for para in text.split("\n\n"):
        if para.startswith("\b\n"):
            out += ["```text", *para[2:].splitlines(), "```", ""]
        elif para.strip():
            out += [" ".join(para.split()), ""]
    return out


def _usage(command: Any, ctx: Any) -> str:
    return f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}".rstrip()


def _parameters(command: Any, ctx: Any) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            name = param.metavar or (param.name or "").upper()
            rows.append((f"`{name}`", getattr(param, "help", None) or ""))
            continue
        record = param.get_help_record(ctx)
        if record:
            rows.append((f"`{record[0]}`", record[1]))
    if not rows:
        return []
    lines = ["| Argument or option | What it does |", "| --- | --- |"]
    lines += [f"| {_cell(name)} | {_cell(text)} |" for name, text in rows]
    return [*lines, ""]


def _section(command: Any, ctx: Any, path: str) -> list[str]:
    out = [f"## `{ctx.command_path}`", ""]
    out += _description(command.help or "")
    out += ["```text", f"Usage: {_usage(command, ctx)}", "```", ""]
    out += _parameters(command, ctx)
    subcommands = getattr(command, "commands", {})
    visible = [(n, c) for n, c in subcommands.items() if not c.hidden]
    if visible:
        out += ["| Command | What it does |", "| --- | --- |"]
        for name, sub in visible:
            full = f"{ctx.command_path} {name}"
            out.append(f"| [`{full}`](#{_anchor(full)}) | {_cell(sub.get_short_help_str(200))} |")
        out.append("")
    if path in EXAMPLES:
        out += ["Examples:", "", "```sh", *EXAMPLES[path], "```", ""]
    if path in EXIT_CODES:
        out += [f"Exit status: {EXIT_CODES[path]}", ""]
    return out


def _anchor(heading: str) -> str:
    """GitHub's anchor for a `## \\`sd a b\\`` heading."""
    return "".join(ch for ch in heading.lower().replace(" ", "-") if ch.isalnum() or ch in "-_")


def render(root: Any) -> str:
    """The whole reference for the click command `root` (the full `sd` tree)."""
    from typer._click import Context

    lines = [TITLE, "", NOTE, ""]

    def walk(command: Any, ctx: Any, path: str) -> None:
        nonlocal lines
        lines += _section(command, ctx, path)
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                walk(sub, Context(sub, info_name=name, parent=ctx), f"{path} {name}".strip())

    walk(root, Context(root, info_name="sd", terminal_width=80), "")
    return "\n".join(lines).rstrip() + "\n"


def current() -> str:
    import typer

    from schooldigital.cli import app

    return render(typer.main.get_command(app))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    target = Path(next((a for a in argv if not a.startswith("-")), DEFAULT))
    text = current()
    if check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        if not same:
            print(f"{target} is out of date: run `python -m schooldigital.cli.docs`", file=sys.stderr)
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
