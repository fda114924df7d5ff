"""The anniversary register: for any year, every round anniversary (năm chẵn: every 5
years, a rule) of Vietnam's diplomatic relations with each country, of the province's
partnerships, of its agreements and of the dated events users record. 29 February falls on
28 February in common years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.db.models.functions import Mod
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.agenda import DayOf, MonthOf, YearOf, anniversary_on
from doingoai.core.collation import sort_key
from doingoai.core.kept import Kept
from doingoai.core.registry import registry
from doingoai.core.rules import rule_value

KINDS = {
    "diplomatic_relations": _("diplomatic relations"),
    "partnership": _("partnership"),
    "agreement": _("agreement"),
    "event": _("event"),
}


@dataclass(frozen=True)
class Anniversary:
    """One round anniversary falling on ``date``."""

    date: date
    years: int
    kind: str
    title: str
    country: str | None
    url: str
    origin: date
    confirmed: bool = True

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    def as_dict(self) -> dict:
        """The API's shape (docs/api-reports.md)."""
        return {
            "date": self.date.isoformat(),
            "years": self.years,
            "kind": self.kind,
            "title": self.title,
            "country": self.country,
            "url": self.url,
        }


def in_round_years(qs, field: str, start: date, end: date, step: int):  # noqa: ANN001, ANN201
    """``qs`` narrowed to the records whose ``field`` has a round anniversary in a year of
    [start, end]: its year before ``end``'s and a multiple of ``step`` away from one of them
    (a short ``IN`` over the remainders; the years themselves made an ``IN`` of ~800 values
    whose building took 90 ms per query). ``_rounds`` then keeps the days in the span."""
    qs = qs.filter(**{f"{field}__lt": date(end.year, 1, 1)})
    remainders = {year % step for year in range(start.year, end.year + 1)}
    if len(remainders) == step:
        return qs
    return qs.annotate(_round_year=Mod(YearOf(field), step)).filter(
        _round_year__in=sorted(remainders)
    )


def in_round_days(qs, field: str, start: date, end: date, step: int):  # noqa: ANN001, ANN201
    """``in_round_years`` narrowed, for a span shorter than a year, to the days of the year
    that can fall in it: per calendar year of the span, its remainder and its month/day
    bounds (a 30-day calendar read ~40 % of the agreements, those signed in a matching
    year, to find 2). 29 February counts as 28 February in a common year. A superset of
    the matches: ``_rounds`` keeps the exact days."""
    qs = in_round_years(qs, field, start, end, step)
    if end - start >= timedelta(days=365):
        return qs
    spans = Q()
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        low, high = first.month * 100 + first.day, last.month * 100 + last.day
        if low <= 228 <= high and not _is_leap(year):  # noqa: PLR2004
            high = max(high, 229)
        spans |= Q(_round_year=year % step, _month_day__range=(low, high))
    if "_round_year" not in qs.query.annotations:
        qs = qs.annotate(_round_year=Mod(YearOf(field), step))
    return qs.annotate(_month_day=MonthOf(field) * 100 + DayOf(field)).filter(spans)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _rounds(origin: date, start: date, end: date, step: int) -> list[tuple[date, int]]:
    """The round anniversaries of ``origin`` falling in [start, end], with their years."""
    found = []
    for year in range(start.year, end.year + 1):
        years = year - origin.year
        if years <= 0 or years % step:
            continue
        day = anniversary_on(origin, year)
        if start <= day <= end:
            found.append((day, years))
    return found


def anniversaries(year: int, user) -> list[Anniversary]:  # noqa: ANN001
    """Every round anniversary of ``year`` that ``user`` may see, by date then title."""
    return anniversaries_between(date(year, 1, 1), date(year, 12, 31), user)


#: Bumped by every write of a source (a country, partner, agreement, its parties, a recorded
#: event): the lists kept on a request's user are then computed again.
_generation = 0


def _forget(**_kwargs) -> None:  # noqa: ANN003
    global _generation  # noqa: PLW0603
    _generation += 1


def forget_on_writes() -> None:
    """Connect the sources' saves and deletions to ``_forget`` (from the app's ``ready()``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from doingoai.core.models import Country
    from doingoai.partners.models import Agreement, AnniversaryEvent, Partner

    for model in (Country, Partner, Agreement, AnniversaryEvent):
        uid = f"doingoai-anniversaries-{model._meta.label_lower}"
        post_save.connect(_forget, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _forget,
        sender=Agreement.foreign_parties.through,
        dispatch_uid="doingoai-anniversaries-agreement-parties",
    )


#: The lists computed lately, per user (their rights choose the sources) and span: the
#: dashboard's inbox, agenda and card ask for the next twelve months on every visit (7,662
#: anniversaries, ~220 ms, at the stress scale). Kept a minute by each worker (a write in
#: this worker forgets them at once, another worker's within the minute: anniversaries move
#: by days), like core's other kept values.
_kept = Kept("partners-anniversaries", seconds=60, most=64)


def anniversaries_between(start: date, end: date, user) -> list[Anniversary]:  # noqa: ANN001
    """Every round anniversary falling in [start, end] that ``user`` may see, by date then
    title: one query per source whatever the span. Kept per user, span, step and language
    for a minute and forgotten by any write of a source in this worker (``_kept``)."""
    from django.utils.translation import get_language

    step = max(1, rule_value("partners.anniversary_step_years"))
    rights = (
        getattr(user, "pk", None),
        frozenset(R.user_roles(user)),
        getattr(user, "organisation_id", None),
    )
    key = (_generation, rights, start, end, step, get_language())
    return list(_kept.get(key, lambda: _compute_between(start, end, user, step)))


def _compute_between(start: date, end: date, user, step: int) -> list[Anniversary]:  # noqa: ANN001, C901
    from doingoai.core.models import Country
    from doingoai.partners.models import AGREEMENT_SIGNED, Agreement, AnniversaryEvent, Partner

    items: list[Anniversary] = []

    country_rt = registry.for_model(Country)
    if country_rt.can(user, "view"):
        for c in in_round_days(
            Country.objects.only("code", "name_vi", "relations_date", "relations_confidence"),
            "relations_date",
            start,
            end,
            step,
        ):
            for day, years in _rounds(c.relations_date, start, end, step):
                items.append(
                    Anniversary(
                        day,
                        years,
                        "diplomatic_relations",
                        gettext(
                            "%(years)s years of diplomatic relations between Viet Nam and "
                            "%(country)s"
                        )
                        % {"years": years, "country": c.name_vi},
                        c.code,
                        country_rt.url("detail", c.pk),
                        c.relations_date,
                        c.relations_confidence in ("sourced", "user"),
                    )
                )

    partner_rt = registry.for_model(Partner)
    if partner_rt.can(user, "view"):
        partners = (
            partner_rt.visible_to(user)
            .select_related(None)
            .prefetch_related(None)
            .only("name", "relation", "country", "established")
        )
        for p in in_round_days(partners, "established", start, end, step).exclude(
            status=Partner.Status.ENDED
        ):
            for day, years in _rounds(p.established, start, end, step):
                items.append(
                    Anniversary(
                        day,
                        years,
                        "partnership",
                        gettext("%(years)s years of the %(relation)s with %(partner)s")
                        % {
                            "years": years,
                            "relation": p.get_relation_display(),
                            "partner": p.name,
                        },
                        p.country_id,
                        partner_rt.url("detail", p.pk),
                        p.established,
                    )
                )

    agreement_rt = registry.for_model(Agreement)
    if agreement_rt.can(user, "view"):
        in_rounds = in_round_days(
            agreement_rt.visible_to(user).prefetch_related(None),
            "signed_on",
            start,
            end,
            step,
        ).filter(status__in=AGREEMENT_SIGNED)
        signed = list(in_rounds.values_list("pk", "title", "signed_on"))
        countries: dict[int, set] = {}
        if signed:
            # the agreements selected again by a subquery, not sent back as a list of keys
            # (joined to the partners, SQLite planned such a list as a scan of every partner
            # for each key: 1.2 s for a year's 10,000 agreements at the stress scale)
            for agreement_id, country_id in Agreement.foreign_parties.through.objects.filter(
                agreement_id__in=in_rounds.values("pk")
            ).values_list("agreement_id", "partner__country_id"):
                countries.setdefault(agreement_id, set()).add(country_id)
        for pk, title, signed_on in signed:
            for day, years in _rounds(signed_on, start, end, step):
                parties = countries.get(pk, set())
                items.append(
                    Anniversary(
                        day,
                        years,
                        "agreement",
                        gettext("%(years)s years since the signing of %(title)s")
                        % {"years": years, "title": title},
                        next(iter(parties)) if len(parties) == 1 else None,
                        agreement_rt.url("detail", pk),
                        signed_on,
                    )
                )

    event_rt = registry.for_model(AnniversaryEvent)
    if event_rt.can(user, "view"):
        events = (
            event_rt.visible_to(user)
            .select_related(None)
            .prefetch_related(None)
            .only("title", "date", "country", "confidence")
        )
        for e in in_round_days(events, "date", start, end, step):
            for day, years in _rounds(e.date, start, end, step):
                items.append(
                    Anniversary(
                        day,
                        years,
                        "event",
                        gettext("%(years)s years of %(event)s")
                        % {"years": years, "event": e.title},
                        e.country_id,
                        event_rt.url("detail", e.pk),
                        e.date,
                        e.confidence != AnniversaryEvent.Confidence.COMMON,
                    )
                )
    return sorted(items, key=lambda a: (a.date, sort_key(a.title)))
