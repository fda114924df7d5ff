"""A worker gives back the memory a big request left free.

Python and the C library keep the memory a request freed for the next ones (a report's
tables, an export's rows, a page of anniversaries): a worker that served the dashboard,
reports and exports held 221-243 MB before its next export, against 124 MB fresh, though
the objects it still kept came to ~30 MB. After a request that left the worker's anonymous
memory :data:`GROWTH_MB` larger than after the last trim, the C library is asked to return
its free pages to the system (``malloc_trim``; glibc only, a no-op elsewhere). Before it,
the garbage collector frees the request's objects that only refer to one another: a report's
DOCX (python-docx's and lxml's trees) left them, and with the start-up objects frozen
(``config/wsgi.py``) no full collection came before the next big request: a worker kept
+38 MB after the annual report's DOCX and +20 MB after the term report's, and the export
that followed was measured from there (255 MB). Reading the size costs one read of
``/proc/self/statm`` per request (~10 µs); the collection and the trim, a few milliseconds,
only after such a request.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os

#: Growth (MB) of the worker's resident memory since the last trim that asks for one.
GROWTH_MB = 24

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_state = {"after_trim": None}


def _libc_trim():  # noqa: ANN202
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_trim = _libc_trim()


def resident_mb() -> float | None:
    """This process's resident memory less its file pages (MB), or None off Linux."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            fields = statm.read().split()
    except OSError:
        return None
    return (int(fields[1]) - int(fields[2])) * _PAGE / (1024 * 1024)


def trim_if_grown(sender=None, **kwargs) -> bool:  # noqa: ANN001, ANN003
    """``request_finished``: give back the free memory when the worker grew by
    :data:`GROWTH_MB` since the last time; True when it did."""
    if _trim is None:
        return False
    now = resident_mb()
    if now is None:
        return False
    last = _state["after_trim"]
    if last is not None and now - last < GROWTH_MB:
        return False
    gc.collect()
    _trim(0)
    _state["after_trim"] = resident_mb()
    return last is not None


#: Room (in pointer-sized slots: 8 bytes each) given to a request's frames. Python keeps
#: the frames of running functions in chunks of 16 KB, allocated from the system when a call
#: does not fit in the current one and given back as soon as that call returns (CPython before
#: the fix of gh-142183; 3.13.0 here): a page whose cells are rendered at a depth that crosses
#: a chunk's end asked the system for a chunk and gave it back for every cell (478 times per
#: organisations page under gunicorn, where its own frames put the boundary there: 3-4 ms of
#: 13, while the same page served by wsgiref, from a shallower stack, missed it).
STACK_ROOM_SLOTS = 8192


def _in_room(function, *args):  # noqa: ANN001, ANN002, ANN202
    return function(*args)


# The frame of _in_room is made STACK_ROOM_SLOTS larger (an evaluation stack it never uses):
# pushing it takes a new chunk big enough for it and as much again (128 KB), and every frame
# the call makes goes after it, in that room; the chunk is given back once, when it returns.
_in_room.__code__ = _in_room.__code__.replace(
    co_stacksize=_in_room.__code__.co_stacksize + STACK_ROOM_SLOTS
)


def in_stack_room(function, *args):  # noqa: ANN001, ANN002, ANN201
    """``function(*args)`` with ~64 KB of frame room of its own (:data:`STACK_ROOM_SLOTS`):
    no call it makes less deep than that allocates and frees a chunk of frames."""
    return _in_room(function, *args)


class _RoomyIterable:
    """A streamed response's chunks, each produced in the room (an export's rows are
    written while the server iterates the response, outside the application's call)."""

    def __init__(self, response) -> None:  # noqa: ANN001
        self.response = response
        self.chunks = iter(response)

    def __iter__(self):  # noqa: ANN204
        return self

    def __next__(self) -> bytes:
        return _in_room(next, self.chunks)

    def close(self) -> None:
        self.response.close()


def with_stack_room(application):  # noqa: ANN001, ANN201
    """The WSGI ``application`` with each request (and a streamed response's chunks) run in
    :func:`in_stack_room`. A file response is handed over as it is (the server sends the
    file itself)."""

    def roomy(environ, start_response):  # noqa: ANN001, ANN202
        response = _in_room(application, environ, start_response)
        if getattr(response, "streaming", False) and not hasattr(response, "file_to_stream"):
            return _RoomyIterable(response)
        return response

    return roomy
