"""The README cannot drift from the CLI (the idea of sqlite-utils' and datasette's test_docs).

The convention these tests enforce, on README.md's ``## Command reference`` section (from that
heading to the next ``## `` heading):

- every command and sub-command of ``claimgraph.cli.app`` has a heading of its own in the section,
  ``### `claimgraph COMMAND [SUB] ...` `` (backticks optional; words after the command path, such
  as ``PATH...`` or ``A B``, show its arguments and are not checked);
- every long option of a command (``--since``, also a secondary ``--no-x``) appears in that
  command's subsection, from its heading to the next ``###``; short forms (``-n``) may be shown
  too but are not required, and ``--help`` is documented once for all;
- the options of the top-level callback (``--db``) appear in the section's opening text, before
  the first command heading;
- no heading names a command that does not exist, and no subsection names an option its command
  does not have.

Around it: the README gives ``serve``'s real default port (read from the option), and every
``make TARGET`` it shows is a target of the Makefile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer.main

from claimgraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
REFERENCE = "## Command reference"
GENERIC = {"--help"}  # Click adds it to every command; the section's intro documents it once

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
HOST_PORT = re.compile(r"(?:127\.0\.0\.1|localhost):(\d+)")


@dataclass
class Section:
    intro: str
    commands: dict[str, str] = field(default_factory=dict)  # "actors" / "actors merge" -> its text
    unknown: list[str] = field(default_factory=list)  # headings that name no command


def walk(cmd, path: tuple[str, ...] = ()):
    """(path, command) for every command and sub-command below ``cmd``, depth first."""
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        if not sub.hidden:
            yield path + (name,), sub
            yield from walk(sub, path + (name,))


def long_options(cmd) -> list[str]:
    """Every long name of every visible option of a Click command (Typer vendors its own Click,
    so parameters are told apart by ``param_type_name``, not by class)."""
    names = []
    for p in cmd.params:
        if p.param_type_name == "option" and not getattr(p, "hidden", False):
            names += [o for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
    return names


ROOT_CMD = typer.main.get_command(app)
COMMANDS = dict(walk(ROOT_CMD))


def resolve(words: list[str]) -> str | None:
    """The command path a heading names: the longest run of words that descends the CLI tree."""
    cmd, path = ROOT_CMD, []
    for w in words:
        sub = getattr(cmd, "commands", {}).get(w)
        if sub is None:
            break
        cmd, path = sub, path + [w]
    return " ".join(path) or None


def reference(text: str) -> Section:
    start = text.find(f"\n{REFERENCE}\n")
    assert start >= 0, f"README.md has no {REFERENCE!r} section"
    body = text[start + len(REFERENCE) + 2 :]
    body = body[: m.start()] if (m := re.search(r"^## ", body, re.M)) else body
    parts = re.split(r"^### (.+)$", body, flags=re.M)
    section = Section(intro=parts[0])
    for heading, sub in zip(parts[1::2], parts[2::2]):
        words = heading.replace("`", " ").split()
        name = resolve(words[1:]) if words[:1] == ["claimgraph"] else None
        if name is None:
            section.unknown.append(heading)
        else:
            section.commands[name] = section.commands.get(name, "") + sub
    return section


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def section(readme) -> Section:
    return reference(readme)


def test_docs_cli_has_commands():
    assert len(COMMANDS) >= 10, "the walk over the Typer app found too few commands"
    assert all(long_options(c) for c in COMMANDS.values() if c.params), "no long options found"


@pytest.mark.parametrize("name", [" ".join(p) for p in COMMANDS])
def test_docs_readme_documents_command_and_options(section, name):
    assert name in section.commands, (
        f"README.md: command `claimgraph {name}` is not documented; add a `### `claimgraph {name} ...`` "
        f"heading under {REFERENCE!r}"
    )
    text = section.commands[name]
    documented = set(OPTION.findall(text))
    missing = [o for o in long_options(COMMANDS[tuple(name.split())]) if o not in documented]
    assert not missing, f"README.md: `claimgraph {name}` does not document {', '.join(missing)} under its heading"


def test_docs_readme_documents_global_options(section):
    missing = [o for o in long_options(ROOT_CMD) if o not in set(OPTION.findall(section.intro))]
    assert not missing, f"README.md: the global option(s) {', '.join(missing)} are not in the text that opens {REFERENCE!r}"


def test_docs_readme_documents_nothing_that_is_gone(section):
    assert not section.unknown, f"README.md: {REFERENCE!r} has headings that name no command: {section.unknown}"
    known_global = set(long_options(ROOT_CMD)) | GENERIC
    stale = {
        name: sorted(set(OPTION.findall(text)) - set(long_options(COMMANDS[tuple(name.split())])) - known_global)
        for name, text in section.commands.items()
    }
    stale = {k: v for k, v in stale.items() if v}
    assert not stale, f"README.md documents options that these commands do not have: {stale}"


def test_docs_readme_gives_the_real_serve_port(readme, section):
    port = next(p for p in COMMANDS[("serve",)].params if p.name == "port")
    assert isinstance(port.default, int) and port.default > 0
    assert str(port.default) in section.commands["serve"], f"README.md: `claimgraph serve` does not give its default port {port.default}"
    shown = set(HOST_PORT.findall(readme))
    assert shown == {str(port.default)}, f"README.md shows port(s) {sorted(shown)}; `serve` listens on {port.default} by default"


def make_targets() -> set[str]:
    targets = set()
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        if (m := re.match(r"^([A-Za-z0-9_.$()/ -]+?)\s*::?(?!=)", line)) and not line.startswith("\t"):
            targets.update(m[1].split())
    return targets


def readme_make_commands(text: str) -> set[str]:
    """Targets of every ``make X`` the README shows: inline code and lines of code blocks."""
    shown = set(re.findall(r"`make ([A-Za-z0-9_.-]+)[^`]*`", text))
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S):
        shown.update(re.findall(r"^(?:\$ )?make ([A-Za-z0-9_.-]+)", block, flags=re.M))
    return shown


def test_docs_readme_make_targets_exist(readme):
    shown = readme_make_commands(readme)
    assert {"demo", "test"} <= shown, "README.md should show `make demo` and `make test`"
    missing = sorted(shown - make_targets())
    assert not missing, f"README.md names make target(s) the Makefile does not have: {missing}"


def test_docs_readme_opens_with_the_two_commands(readme):
    first_block = re.search(r"^```[^\n]*\n(.*?)^```", readme, flags=re.M | re.S)[1]
    assert [line.split()[:2] for line in first_block.splitlines()] == [["make", "demo"], ["make", "test"]]
    assert readme.index(first_block) < readme.index("\n## "), "the two commands come before the first section"


# -- the checks themselves, on small hand-made READMEs -------------------------------------------
MINI = """# x

## Command reference

Global: `--db PATH`.

### `claimgraph actors`

| `-n`, `--limit N` | ... |

### claimgraph nosuch A

## Next
"""


def test_docs_reference_splits_commands_and_flags_unknown_headings():
    sec = reference(MINI)
    assert "--db" in sec.intro
    assert set(sec.commands) == {"actors"}
    assert "--limit" in sec.commands["actors"] and "Next" not in sec.commands["actors"]
    assert sec.unknown == ["claimgraph nosuch A"]


def test_docs_make_commands_come_from_code_only():
    text = "make sure you `make demo`.\n\n```\nmake test   # runs\n$ make readme\n```\n"
    assert readme_make_commands(text) == {"demo", "test", "readme"}
