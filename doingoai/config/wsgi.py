"""WSGI entry point used by gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.config.settings")
application = get_wsgi_application()

# What a worker loads at start (Django, the apps, their URL patterns: about 200,000 objects)
# lives as long as the worker, yet Python's cyclic garbage collector walked all of it again
# in every older-generation collection while pages were rendered (1.4 young collections per
# page). Frozen, it is left out of every collection: measured on list pages, 15 % less time
# per page and the slowest pages' spikes halved. The collection thresholds stay Python's: an
# export of 100,000 rows leaves ~1.4 million objects in cycles that only full collections
# free; with young collections every 20,000 allocations its worker peaked at 344-415 MB
# instead of 180-200 (docs/dev/performance.md).


def settle() -> None:
    from django.core.signals import request_finished

    from doingoai.core.memory import trim_if_grown
    from doingoai.core.warmup import warm_up

    warm_up()  # what each kind of page would build on its first request
    gc.collect()
    gc.freeze()
    # the memory a big request left free goes back to the system (doingoai/core/memory.py)
    request_finished.connect(trim_if_grown, dispatch_uid="doingoai-trim")
    trim_if_grown()


settle()

# Every request (and a streamed response's chunks) runs with ~64 KB of frame room of its own:
# on Python 3.13.0 a page rendered at a depth that crosses the end of one of the interpreter's
# 16 KB chunks of frames took a chunk from the system and gave it back for every cell
# (doingoai/core/memory.py: the organisations page 13-14 -> 10 ms under gunicorn).
from doingoai.core.memory import with_stack_room  # noqa: E402

application = with_stack_room(application)
