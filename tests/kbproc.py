"""Running the real ``kb`` command in a subprocess, and a real ``kb serve`` on a free port."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

# the console script pip installed beside this interpreter, else the same entry point
_SCRIPT = Path(sys.executable).with_name("kb")
KB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c",
                                              "from kb.cli import cli; cli()"]

# Tests run as root, and root reads a chmod-000 file anyway. setpriv (util-linux) starts the
# command without the capabilities that let root ignore file permissions, so the file is
# genuinely unreadable to it; without setpriv, as root, no unreadable file can be made.
_DROP = "-dac_override,-dac_read_search"
AS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
CAN_MAKE_UNREADABLE = not AS_ROOT or SETPRIV is not None


def kb_command(*args: str, obey_permissions: bool = False) -> list[str]:
    """argv for ``kb ARGS``; with ``obey_permissions``, a root process that obeys chmod."""
    if obey_permissions and AS_ROOT and SETPRIV:
        return [SETPRIV, f"--inh-caps={_DROP}", f"--bounding-set={_DROP}", *KB, *args]
    return [*KB, *args]


def run_kb(*args: str, cwd: Path | None = None, obey_permissions: bool = False,
           timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(kb_command(*args, obey_permissions=obey_permissions), cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def kb_server(db_path: Path, log: Path) -> Iterator[str]:
    """A ``kb serve`` subprocess on 127.0.0.1; yields its base URL once it answers."""
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(kb_command("serve", "--db", str(db_path), "--port", str(port)),
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kb serve exited {proc.returncode}: {log.read_text()}")
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kb serve did not answer: {log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Debian's Chromium, driven by the Python playwright package (which never downloads a browser
# of its own here: no `playwright install`)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def find_chromium() -> str | None:
    """The Chromium binary to drive, or None where there is none."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")
