"""The server's entry point: what a worker loads at start is built there and frozen out of
the garbage collector's reach, and each request runs with frame room of its own (checked in
a fresh process: freezing the test run's own objects would change the suite)."""

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


_ROOM_CODE = """
import resource
import doingoai.config.wsgi as entry
from doingoai.core import memory

def descend(n):
    return 0 if n == 0 else descend(n - 1) + 1

def repeat(n, reps):
    for _ in range(reps):
        descend(n)

def faults(function, *args):
    start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function(*args)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start

repeat(300, 50)
memory.in_stack_room(repeat, 300, 50)
plain = faults(repeat, 300, 400) / 400
room = faults(memory.in_stack_room, repeat, 300, 400) / 400
print(round(plain, 2), round(room, 2), entry.application.__name__)
"""


def test_calls_in_the_room_take_no_chunk_of_frames_from_the_system() -> None:
    """A request's frames get room of their own (``core.memory.with_stack_room``): Python
    3.13.0 keeps running functions' frames in 16 KB chunks, takes a chunk from the system when
    a call does not fit and gives it back when that call returns, so a page whose cells were
    rendered at a depth that crossed a chunk's end did both for every cell (478 times per
    organisations page under gunicorn: 3-4 ms of 13). Counted in minor page faults (each
    chunk taken is a page touched for the first time)."""
    out = _in_a_worker(_ROOM_CODE)
    plain, room, name = float(out[0]), float(out[1]), out[2]
    # 300 calls deep (~36 KB of frames) crosses a chunk's end: on a Python that gives the
    # chunk back at once, each descent takes one (or more) and touches a fresh page
    if sys.version_info[:3] == (3, 13, 0):
        assert plain >= 0.9, plain
    assert room < 0.1, (plain, room)
    assert name == "roomy"  # the server's entry point runs every request in the room


def test_a_streamed_response_is_produced_in_the_room_and_closed() -> None:
    from doingoai.core import memory

    closed = []

    class Streamed:
        streaming = True

        def __iter__(self):  # noqa: ANN204
            yield b"a"
            yield b"b"

        def close(self) -> None:
            closed.append(True)

    class Plain(list):
        streaming = False

    def app(environ, start_response):  # noqa: ANN001, ANN202
        return Streamed() if environ["stream"] else Plain([b"x"])

    roomy = memory.with_stack_room(app)
    body = roomy({"stream": True}, None)
    assert list(body) == [b"a", b"b"]
    body.close()
    assert closed == [True]
    plain = roomy({"stream": False}, None)
    assert isinstance(plain, Plain) and list(plain) == [b"x"]  # handed over as it is
