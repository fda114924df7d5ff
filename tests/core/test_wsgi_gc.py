"""The server's entry point freezes what a worker loads at start out of the garbage
collector's reach (checked in a separate process: freezing the test run's own objects would
change the suite)."""

import subprocess
import sys

from django.conf import settings


def test_the_wsgi_entry_point_freezes_the_start_up_objects() -> None:
    code = (
        "import gc, doingoai.config.wsgi as w; "
        "print(gc.get_freeze_count(), gc.get_threshold() == w.GC_THRESHOLD, len(gc.get_objects()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    ).stdout.split()
    frozen, threshold, tracked = int(out[0]), out[1], int(out[2])
    assert threshold == "True"
    assert frozen > 50_000  # Django, the apps, the URL patterns
    assert tracked < frozen / 10  # nothing left for the collector to walk again
