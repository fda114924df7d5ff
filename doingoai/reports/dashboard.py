"""What the dashboard shows, by role: this year's figures against last year's and against the
plan's targets, chart data (by month, by country, by area), the next 30 days, the inbox."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

from doingoai.core import roles as R
from doingoai.core.agenda import agenda
from doingoai.core.inbox import LIMIT, cut_at_limit, tasks_for
from doingoai.core.panels import dashboard_panels
from doingoai.core.sections import sections
from doingoai.reports.assembly import Report, assemble, indicators
from doingoai.reports.kept import kept_today, kept_value
from doingoai.reports.periods import make_period

#: The permission that opens the province-wide figures (leaders, specialists, read-only).
CAN_VIEW_FIGURES = "reports.view_issuedreport"


def sees_figures(user) -> bool:  # noqa: ANN001
    """Submitting agencies see their inbox and their own upcoming items only."""
    return user.has_perm(CAN_VIEW_FIGURES) and not R.is_agency_user(user)


def key_figures(this_year: Report, last_year: Report) -> list[dict[str, Any]]:
    """One card per indicator of the registered sections, then the manual targets."""
    targets = {t.indicator: t for t in this_year.targets}
    links = {f"{s.key}.{f.path}": f.url for s in this_year.sections for f in s.figures}
    cards = [
        {
            "indicator": indicator,
            "label": label.split(": ", 1)[-1],
            "value": this_year.value(indicator),
            "url": links.get(indicator),
            "previous": last_year.value(indicator),
            "target": targets.get(indicator),
        }
        for indicator, label in indicators()
    ]
    cards += [
        {
            "indicator": "manual",
            "label": t.label,
            "value": t.achieved,
            "url": None,
            "previous": None,
            "target": t,
        }
        for t in this_year.targets
        if t.indicator == "manual"
    ]
    return cards


def charts(year: int, this_year: Report) -> dict[str, Any]:
    """Chart data: up to two indicators by month (this year and last), the first indicator that
    breaks down by country (top 10), and each section's leading figures (by area)."""
    current, previous = make_period("year", year).period, make_period("year", year - 1).period
    data: dict[str, Any] = {
        "months": [f"{m:02d}" for m in range(1, 13)],
        "series": [],
        "countries": {"label": "", "labels": [], "values": []},
        "areas": {"labels": [], "values": []},
    }
    for section in sections():
        if not section.indicators:
            continue
        first = section.indicators[0]
        leaf = first.path.rsplit(".", 1)[-1]
        for indicator in section.indicators:
            if indicator is first or indicator.path.rsplit(".", 1)[-1] == leaf:
                data["areas"]["labels"].append(str(indicator.label))
                data["areas"]["values"].append(this_year.value(f"{section.key}.{indicator.path}"))
        if not section.explore:
            continue
        for indicator in [i for i in section.indicators if "month" in i.dimensions][:2]:
            for period in (current, previous):
                # last year's series is a finished period's: kept like its figures
                by_month = dict(
                    kept_value(
                        period,
                        f"month:{section.key}:{indicator.path}",
                        lambda p=period, i=indicator, s=section: s.explore(p, i.path, "month"),
                    )
                )
                data["series"].append(
                    {
                        "label": f"{indicator.label} {period.start.year}",
                        "values": [
                            by_month.get(f"{m:02d}/{period.start.year}", 0) for m in range(1, 13)
                        ],
                    }
                )
        by_country = next((i for i in section.indicators if "country" in i.dimensions), None)
        if by_country and not data["countries"]["labels"]:
            rows = section.explore(current, by_country.path, "country")[:10]
            data["countries"] = {
                "label": f"{by_country.label} {year}",
                "labels": [name for name, _value in rows],
                "values": [value for _name, value in rows],
            }
    return data


#: The "next 30 days" card shows this many items (the calendars show them all).
UPCOMING_SHOWN = 15


def dashboard(user, today: date) -> dict[str, Any]:  # noqa: ANN001
    """The dashboard's context for ``user`` on ``today``."""
    tasks = tasks_for(user)
    context: dict[str, Any] = {
        "tasks": tasks,
        # past a kind's limit the badge says "at least" (inbox.LIMIT)
        "tasks_more": cut_at_limit(tasks),
        "tasks_limit": LIMIT,
        "upcoming": agenda(user, today, today + timedelta(days=30), limit=UPCOMING_SHOWN),
        "year": today.year,
        "previous_year": today.year - 1,
        "panels": dashboard_panels(user, today),
    }
    if sees_figures(user):
        context.update(province_figures(today))
    return context


#: How long the province-wide figures are reused at most (every role that sees figures sees
#: the same ones): kept for every worker in the database and in each process, per day and
#: language, and computed again as soon as a change of any record has been committed
#: (``reports.kept.kept_today``); this limit bounds what a change the signals do not see (a
#: raw load) or the passing hours leave stale. 0 recomputes them on every request.
FIGURES_SECONDS = 600
#: Part of the key: a release that changes what the figures hold does not read older ones.
FIGURES_NAME = "dashboard:1"


def province_figures(today: date) -> dict[str, Any]:
    """This year's and last year's figures with the charts (two reports and the series):
    computed once for every worker while nothing changes (one indexed query to check)."""
    seconds = getattr(settings, "DASHBOARD_FIGURES_SECONDS", FIGURES_SECONDS)
    return kept_today(today, FIGURES_NAME, lambda: _compute_figures(today), seconds)


def _compute_figures(today: date) -> dict[str, Any]:
    this_year = assemble(make_period("year", today.year))
    last_year = assemble(make_period("year", today.year - 1))
    return {"kpis": key_figures(this_year, last_year), "charts": charts(today.year, this_year)}
