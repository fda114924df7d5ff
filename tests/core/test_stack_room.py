"""A request's frames get room of their own (``core.memory.with_stack_room``): Python 3.13.0
keeps running functions' frames in 16 KB chunks, takes a chunk from the system when a call
does not fit and gives it back when that call returns, so a page whose cells were rendered
at a depth that crossed a chunk's end did both for every cell (478 times per organisations
page under gunicorn: 3-4 ms of 13). Measured by the minor page faults of a fresh process
(each chunk taken is a page touched for the first time)."""

import subprocess
import sys

from django.conf import settings

_CODE = """
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
    out = subprocess.run(
        [sys.executable, "-c", _CODE],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    ).stdout.split()
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
