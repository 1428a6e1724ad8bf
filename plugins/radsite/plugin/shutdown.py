"""A clean end for `mkdocs serve` on SIGTERM, as on Ctrl-C: no temporary folder left behind.

SIGTERM (what `kill`, systemd, Docker and editors' task runners send) ends Python at once by
default: MkDocs' `finally` blocks never run, so its `mkdocs_*` folder and RadSite's staging and
old-site folders stay in the temp directory. Raising KeyboardInterrupt instead takes the path
Ctrl-C takes: MkDocs stops its server, calls `on_shutdown` and deletes its folder; `leftovers`
then removes what a build interrupted midway had started.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import threading
from pathlib import Path
from types import FrameType

from radsite.publish.staging import OLD

_server_pid: int | None = None  # the `mkdocs serve` process; its forked children keep the default


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _server_pid:  # a forked render or check: end as SIGTERM ends it by default
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt(f"signal {signum}")


def terminate_like_interrupt() -> None:
    """SIGTERM ends the process the way Ctrl-C does (only the main thread may install it)."""
    global _server_pid
    if threading.current_thread() is threading.main_thread():
        _server_pid = os.getpid()
        signal.signal(signal.SIGTERM, _interrupt)


def remove_leftovers(site_dir: Path | None, staging: Path | None) -> None:
    """Delete this process's staging folder and the replaced sites it had not deleted yet.

    Only this process's: another build of the same site may be staging beside it right now.
    """
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    if site_dir is None:
        return
    site_dir = Path(site_dir)
    ours = re.compile(re.escape(f"{site_dir.name}{OLD}-{os.getpid()}-") + r"\d+")
    for folder in site_dir.parent.glob(glob.escape(site_dir.name) + OLD + "-*"):
        if ours.fullmatch(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
