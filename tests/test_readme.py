"""The README's examples are what the commands print (datasette-style docs check).

Every ```console block line starting with "$ kg " is run from the project root
against the build that `make test` made (kg build is deterministic, so the
build example rewrites identical files), and its stdout+stderr must equal the
lines shown under it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).with_name("kg"))


def examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, lines = None, []
        for line in block.splitlines():
            if line.startswith("$ kg "):
                if command:
                    out.append((command, "\n".join(lines)))
                command, lines = line[2:], []
            elif command:
                lines.append(line)
        if command:
            out.append((command, "\n".join(lines)))
    return out


def test_readme_has_examples():
    commands = [c for c, _ in examples()]
    assert "kg build" in commands and len(commands) >= 8


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example(command, expected):
    args = shlex.split(command)
    run = subprocess.run([KG, *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)
    got = (run.stdout + run.stderr).rstrip("\n")
    got = "\n".join(line.rstrip() for line in got.splitlines() if not line.startswith("kg: warning:"))
    assert got == expected.rstrip("\n")
