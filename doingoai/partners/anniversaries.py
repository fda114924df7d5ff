"""The anniversary register: for any year, every round anniversary (năm chẵn: every 5
years, a rule) of Vietnam's diplomatic relations with each country, of the province's
partnerships, of its agreements and of the dated events users record. 29 February falls on
28 February in common years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models.functions import ExtractYear, Mod
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doingoai.core.agenda import anniversary_on
from doingoai.core.collation import sort_key
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
    return qs.annotate(_round_year=Mod(ExtractYear(field), step)).filter(
        _round_year__in=sorted(remainders)
    )


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


def anniversaries_between(start: date, end: date, user) -> list[Anniversary]:  # noqa: ANN001, C901
    """Every round anniversary falling in [start, end] that ``user`` may see, by date then
    title: one query per source whatever the span."""
    from doingoai.core.models import Country
    from doingoai.partners.models import AGREEMENT_SIGNED, Agreement, AnniversaryEvent, Partner

    step = max(1, rule_value("partners.anniversary_step_years"))
    items: list[Anniversary] = []

    country_rt = registry.for_model(Country)
    if country_rt.can(user, "view"):
        for c in in_round_years(
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
        for p in in_round_years(
            partner_rt.visible_to(user), "established", start, end, step
        ).exclude(status=Partner.Status.ENDED):
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
                        p.get_absolute_url(),
                        p.established,
                    )
                )

    agreement_rt = registry.for_model(Agreement)
    if agreement_rt.can(user, "view"):
        for a in (
            in_round_years(agreement_rt.visible_to(user), "signed_on", start, end, step)
            .filter(status__in=AGREEMENT_SIGNED)
            .prefetch_related("foreign_parties")
        ):
            for day, years in _rounds(a.signed_on, start, end, step):
                countries = {p.country_id for p in a.foreign_parties.all()}
                items.append(
                    Anniversary(
                        day,
                        years,
                        "agreement",
                        gettext("%(years)s years since the signing of %(title)s")
                        % {"years": years, "title": a.title},
                        next(iter(countries)) if len(countries) == 1 else None,
                        a.get_absolute_url(),
                        a.signed_on,
                    )
                )

    event_rt = registry.for_model(AnniversaryEvent)
    if event_rt.can(user, "view"):
        for e in in_round_years(event_rt.visible_to(user), "date", start, end, step):
            for day, years in _rounds(e.date, start, end, step):
                items.append(
                    Anniversary(
                        day,
                        years,
                        "event",
                        gettext("%(years)s years of %(event)s")
                        % {"years": years, "event": e.title},
                        e.country_id,
                        e.get_absolute_url(),
                        e.date,
                        e.confidence != AnniversaryEvent.Confidence.COMMON,
                    )
                )
    return sorted(items, key=lambda a: (a.date, sort_key(a.title)))
