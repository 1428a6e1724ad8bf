"""The source checks without the PHI guard: the child process of bench_privacy's comparison build.

python -m bench.privacy_child JOB   (started by bench_privacy._ChecksWithoutGuard, never by hand)
"""

from __future__ import annotations

import pickle
import sys

from radsite.derive.patient import assess
from radsite.source_checks import SourceChecks


def main(job: str) -> None:
    with open(job, "rb") as f:
        content, settings, today = pickle.load(f)[:3]
    quality = assess(content, settings, today)
    sys.stdout.buffer.write(pickle.dumps(SourceChecks(quality.findings, [], quality.grades)))


if __name__ == "__main__":
    main(sys.argv[1])
