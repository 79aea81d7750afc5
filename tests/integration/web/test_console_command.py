"""``meetdesk console``: the application served alone, over real HTTP, stopped by Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx

from meetdesk.testing import free_port

from .api_site import PASSWORD


def _config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{tmp_path / "meetdesk.db"}"\n'
        '[privacy]\nkey_file = "master.key"\n'
        f"[console]\nsecure_cookies = false\n{extra}"
    )
    return config


def _meetdesk(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "meetdesk", "--config", str(config), *args]


def test_console_serves_the_api_until_ctrl_c(tmp_path: Path) -> None:
    config = _config(tmp_path)
    add = subprocess.run(
        _meetdesk(config, "account", "add", "root", "--role", "admin"),
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    port = free_port()
    server = subprocess.Popen(
        _meetdesk(config, "console", "--listen", f"127.0.0.1:{port}"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # printed once the socket is bound
        assert f"http://127.0.0.1:{port}/" in line, line
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            assert client.get("/api/session").status_code == 401
            signed = client.post("/api/session", json={"username": "root", "password": PASSWORD})
            assert signed.status_code == 200 and signed.json()["role"] == "admin"
            assert client.get("/api/session").json()["username"] == "root"
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_console_without_an_address_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    done = subprocess.run(
        _meetdesk(_config(tmp_path), "console"), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr == (
        "meetdesk: error: nowhere to listen: give --listen HOST:PORT or set [console] listen\n"
    )


def test_console_on_a_taken_port_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            _meetdesk(_config(tmp_path, f'listen = "127.0.0.1:{port}"\n'), "console"),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"meetdesk: error: console.listen = '127.0.0.1:{port}'")
    assert done.stderr.count("\n") == 1
