"""Benchmarks: build data at a given scale, then time the hot pages and endpoints.

    .venv/bin/python bench/run.py --scale 50 [--requests 30] [--database-url postgres://...]

Data goes to a scratch directory (``/tmp/doingoai-bench-<scale>``, reused across runs). Each
scenario sends a bounded number of requests through Django's test client in-process (server
work only, no network) and the results (p50/p95 in ms, queries per request) are appended to
bench/results.md. Never part of ``make test``."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data_dir = Path(f"/tmp/doingoai-bench-{args.scale}")
    data_dir.mkdir(exist_ok=True)
    os.environ["DOINGOAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.config.settings")
    if args.database_url:
        os.environ["DOINGOAI_DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from doingoai.core.models import Person, User
    from doingoai.core.registry import registry

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=args.scale, verbosity=0)
    seeded = time.perf_counter() - started
    client = Client()
    client.force_login(User.objects.get(username="chuyenvien"))
    scenarios: list[tuple[str, str]] = [
        ("dashboard", "/"),
        ("search page", "/search/?q=nguyen van"),
        ("search API", "/api/v1/search/?q=dang"),
    ]
    for rt in registry.all():
        obj = rt.model._default_manager.order_by("pk").last()
        scenarios.append((f"list {rt.key}", rt.url("list")))
        scenarios.append((f"list {rt.key} filtered", rt.url("list") + "?q=a&sort=-pk"))
        if obj is not None:
            scenarios.append((f"detail {rt.key}", rt.url("detail", obj.pk)))
        scenarios.append((f"API {rt.key}", f"/api/v1/{rt.model._meta.app_label}/{rt.url_slug}/"))
    year = datetime.now().year
    scenarios.append(
        ("report API (year)", f"/api/v1/reports/?from={year - 1}-01-01&to={year - 1}-12-31")
    )
    rows = []
    for name, url in scenarios:
        client.get(url)  # warm
        timings, queries = [], 0
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                status = client.get(url).status_code
                timings.append((time.perf_counter() - t0) * 1000)
            queries = len(captured)
            if status >= 400:
                raise SystemExit(f"{name}: HTTP {status} for {url}")
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        rows.append((name, statistics.median(timings), p95, queries))
    header = (
        f"\n## {datetime.now():%Y-%m-%d %H:%M} — scale {args.scale}, "
        f"{connection.vendor}, {Person.objects.count():,} persons, "
        f"seed {seeded:.1f} s, {args.requests} requests each\n\n"
        "| scenario | p50 ms | p95 ms | queries |\n| --- | ---: | ---: | ---: |\n"
    )
    table = "".join(f"| {n} | {p50:.1f} | {p95:.1f} | {q} |\n" for n, p50, p95, q in rows)
    with open(ROOT / "bench" / "results.md", "a", encoding="utf-8") as out:
        out.write(header + table)
    print(header + table)


if __name__ == "__main__":
    main()
