"""A real `entente serve` on loopback for the API and browser tests: started, awaited, stopped."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

TOKEN = "test-token-7f3a9c0d51e2"


@dataclass
class Server:
    """A running server. Fields: url, db (its store file), token (None = read-only), log, process."""

    url: str
    db: Path
    token: str | None
    log: Path
    process: subprocess.Popen[bytes]

    def client(self, **options: object) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=120, **options)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server (and wait for it)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def free_port() -> int:
    """A TCP port free on loopback just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, log: Path, token: str | None = None) -> Server:
    """`entente serve --db db` on a free loopback port, returned once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("ENTENTE_TOKEN", "ENTENTE_DB")}
    if token:
        env["ENTENTE_TOKEN"] = token
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "entente.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
            stdout=sink, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}", db, token, log, process)
    wait_until_up(server)
    return server


def wait_until_up(server: Server, timeout: float = 90) -> None:
    """Return when the server answers; fail with its log when it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"entente serve exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            if httpx.get(server.url + "/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"entente serve did not answer within {timeout} s:\n{server.log.read_text()}")
