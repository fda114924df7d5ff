"""The server's entry point: what a worker loads at start is built there and frozen out of
the garbage collector's reach (checked in a fresh process: freezing the test run's own
objects would change the suite)."""

import subprocess
import sys

from django.conf import settings


def _in_a_worker(code: str) -> list[str]:
    """What ``code`` prints in a fresh process that imported the WSGI entry point first."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    ).stdout.split()


def test_the_wsgi_entry_point_freezes_the_start_up_objects() -> None:
    out = _in_a_worker(
        "import gc; default = gc.get_threshold(); import doingoai.config.wsgi; "
        "print(gc.get_freeze_count(), gc.get_threshold() == default, len(gc.get_objects()))"
    )
    frozen, threshold, tracked = int(out[0]), out[1], int(out[2])
    assert threshold == "True"  # Python's own: an export's cycles need its full collections
    assert frozen > 50_000  # Django, the apps, the URL patterns
    assert tracked < frozen / 10  # nothing left for the collector to walk again


def test_a_worker_builds_every_types_classes_at_start_without_the_database() -> None:
    out = _in_a_worker(
        "import django.db.backends.utils as u\n"
        "def refuse(*a, **k): raise AssertionError('the warm-up read the database')\n"
        "u.CursorWrapper.execute = refuse\n"
        "import doingoai.config.wsgi\n"
        "from doingoai.core.registry import registry\n"
        "from doingoai.core.tables import table_for\n"
        "from doingoai.core.filters import filterset_for\n"
        "from doingoai.core.numbers import _currency_choices\n"
        "from doingoai.core.site_defaults import province_defaults\n"
        "import sys\n"
        "n = len(registry.all())\n"
        "print(table_for.cache_info().currsize >= n, filterset_for.cache_info().currsize >= n,"
        " _currency_choices.cache_info().currsize,"
        " 'vietnam_provinces' in sys.modules, province_defaults.cache_info().currsize)\n"
    )
    assert out[:2] == ["True", "True"] and int(out[2]) == len(settings.LANGUAGES), out
    # the settings record's province defaults (every page's letterhead and header): the
    # provinces package was imported by a worker's first page, 216 ms without its bytecode
    assert out[3] == "True" and int(out[4]) == 34, out


def test_a_worker_gives_back_the_memory_a_big_request_left_free() -> None:
    """After a request that left the worker much larger (a report's rows, an export), the
    free memory goes back to the system (``malloc_trim``); a small request asks nothing."""
    out = _in_a_worker(
        "import doingoai.config.wsgi\n"
        "from django.core.signals import request_finished\n"
        "from doingoai.core import memory\n"
        "before = memory.resident_mb()\n"
        # texts of a few kilobytes come from the C library's heap; one in forty kept, the
        # free pages between them stay with the library unless asked for
        "rows = [('Đoàn ' * (100 + i % 300)) + str(i) for i in range(60_000)]\n"
        "kept = rows[::40]\n"
        "grown = memory.resident_mb()\n"
        "del rows\n"
        "request_finished.send(sender=None)\n"
        "after = memory.resident_mb()\n"
        "small = memory.trim_if_grown()\n"
        "print(round(grown - before), round(grown - after), small)\n"
    )
    from doingoai.core.memory import GROWTH_MB

    grown, returned, small = int(out[0]), int(out[1]), out[2]
    assert grown > GROWTH_MB
    assert returned > grown / 2, (grown, returned)
    assert small == "False"


def test_a_big_requests_objects_in_cycles_are_freed_before_the_trim() -> None:
    """A report's DOCX leaves trees whose objects refer to one another: only a full
    collection frees them, and with the start-up objects frozen none came before the next
    big request (a worker kept +38 MB after the annual report's DOCX, and the export after it
    was measured from there). The trim after a big request collects them first."""
    out = _in_a_worker(
        "import doingoai.config.wsgi\n"
        "from django.core.signals import request_finished\n"
        "from doingoai.core import memory\n"
        "before = memory.resident_mb()\n"
        "class Node:\n"
        "    pass\n"
        "def build():\n"
        "    nodes = []\n"
        "    for i in range(150_000):\n"
        "        n = Node(); n.me = n; n.text = ('Đoàn ' * (20 + i % 60)) + str(i)\n"
        "        nodes.append(n)\n"
        "    return memory.resident_mb()\n"
        "grown = build()\n"  # every node is garbage now, each in its own cycle
        "request_finished.send(sender=None)\n"
        "after = memory.resident_mb()\n"
        "print(round(grown - before), round(grown - after))\n"
    )
    from doingoai.core.memory import GROWTH_MB

    grown, returned = int(out[0]), int(out[1])
    assert grown > GROWTH_MB
    assert returned > grown * 3 / 4, (grown, returned)
