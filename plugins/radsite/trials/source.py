"""Where a record comes from: the ClinicalTrials.gov API v2 over HTTP, or a saved JSON file."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from radsite.trials.record import RecordError

API = "https://clinicaltrials.gov/api/v2"
TIMEOUT = 30  # seconds for each wait on the server
TOTAL_S = 120  # seconds for the whole answer
MAX_RECORD_BYTES = 20_000_000  # a study record is about 100 KB; more is no record, and must not fill the memory


def _capped(data: bytes, where: str) -> bytes:
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(where, f"is over {MAX_RECORD_BYTES:,} bytes, which no study record is; check the source")
    return data


def api_base() -> str:
    """`RADSITE_CTGOV_API` points the importer at another server (the tests' loopback one)."""
    return os.environ.get("RADSITE_CTGOV_API", API).rstrip("/")


def fetch(nct_id: str, base: str | None = None) -> tuple[bytes, str]:
    url = f"{base or api_base()}/studies/{nct_id}?format=json"
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "radsite-trials"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return _read_within(response, url), url
    except urllib.error.HTTPError as e:
        hint = "check the NCT id" if e.code == 404 else "try again later"
        raise RecordError(url, f"ClinicalTrials.gov answered HTTP {e.code} ({e.reason}); {hint}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise RecordError(url, f"could not reach ClinicalTrials.gov ({reason}); use --from-file with a saved record") from None


def _read_within(response: Any, url: str) -> bytes:
    """The answer, read in pieces: TIMEOUT bounds each wait, this bounds the whole (a server that
    sends a byte now and then would otherwise hold the import for hours)."""
    deadline, parts, size = time.monotonic() + TOTAL_S, [], 0
    while piece := response.read1(1 << 16):
        parts.append(piece)
        size += len(piece)
        if size > MAX_RECORD_BYTES:
            return _capped(b"".join(parts), url)
        if time.monotonic() > deadline:
            raise RecordError(url, f"ClinicalTrials.gov sent the record too slowly (more than {TOTAL_S} s); "
                                   "try again later, or use --from-file with a saved record")  # fmt: skip
    return b"".join(parts)


def read_file(path: Path) -> tuple[bytes, str]:
    try:
        with open(path, "rb") as file:
            return _capped(file.read(MAX_RECORD_BYTES + 1), str(path)), str(path)
    except OSError as e:
        raise RecordError(str(path), f"cannot read the file ({e.strerror})") from None
