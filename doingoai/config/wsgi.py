"""WSGI entry point used by gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.config.settings")
application = get_wsgi_application()

# What a worker loads at start (Django, the apps, their URL patterns: about 200,000 objects)
# lives as long as the worker, yet Python's cyclic garbage collector walked all of it again
# and again while pages were rendered (1.4 young collections per page, a full one every few
# hundred). Frozen, it is left out of every collection; young collections then run less
# often. Measured on list pages: 15-20 % less time per page, the slowest pages' spikes halved
# (docs/dev/performance.md).
GC_THRESHOLD = (20_000, 50, 100)


def settle() -> None:
    from doingoai.core.warmup import warm_up

    warm_up()  # what each kind of page would build on its first request
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


settle()
