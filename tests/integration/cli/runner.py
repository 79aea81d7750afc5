"""Running the command line inside the test process.

A subprocess per command costs a second of interpreter start and imports, and the CLI
suites run several hundred commands; running ``meetdesk.cli.main`` in-process with its
output captured gives the same exit status, stdout and stderr in a few milliseconds.
``test_cli.py`` keeps one test that goes through ``python -m meetdesk`` for real, so the
entry point itself stays covered.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout

from meetdesk.cli import main


def run_cli(
    args: Sequence[str], *, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``main(args)`` with stdout and stderr captured, under ``env`` if given, reading
    ``stdin`` (if given) as its standard input."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = _exit_status(exc, err)
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["meetdesk", *args], code, out.getvalue(), err.getvalue())


def _exit_status(exc: SystemExit, err: io.StringIO) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    err.write(f"{exc.code}\n")
    return 1
