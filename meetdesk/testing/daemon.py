"""Running the real daemon as a child process, for end-to-end and crash tests.

The process is the installed ``meetdesk run`` with a given config; ``kill()`` sends
SIGKILL (a crash, nothing gets to clean up) and ``stop()`` SIGTERM (graceful).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from meetdesk.settings import load_settings, parse_listen


class DaemonProcess:
    def __init__(self, config: Path, log: Path) -> None:
        self.config, self.log = config, log
        self.proc: subprocess.Popen[bytes] | None = None
        settings = load_settings(config)
        self.host, self.port = parse_listen(settings.mail.inbound.smtp_listen, "smtp_listen")

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run another ``meetdesk`` command against the same config."""
        return subprocess.run(
            [sys.executable, "-m", "meetdesk", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def start(self, timeout: float = 30, failpoints: str = "") -> None:
        """Start and wait until the SMTP listener answers; ``failpoints`` arms crashes."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "MEETDESK_FAILPOINTS": failpoints}
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "meetdesk", "--config", str(self.config), "run"],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"daemon exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"daemon did not start listening in {timeout}s:\n{self.tail()}")

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM and wait: the graceful path."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout)
        self.proc = None
        return code

    def wait_exit(self, timeout: float = 60) -> int:
        """Wait for the process to end by itself (a failpoint fired)."""
        assert self.proc is not None
        code = self.proc.wait(timeout)
        self.proc = None
        return code

    def kill(self) -> None:
        """SIGKILL: the crash path."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
