"""The partner profile: everything done with a partner across the areas of work (records of
any module linked to it through core record links, and the agreements it is a party to), by
year, with counts per kind of record and a timeline. No module is imported: the other ends
are found through the registry."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from doingoai.core.registry import registry

#: Entries of the timeline shown at most (the counts cover them all).
TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class Activity:
    """One record done with the partner, dated by its type's report date."""

    day: date | None
    kind: str
    title: str
    url: str


def _date_of(obj, path: str | None) -> date | None:  # noqa: ANN001
    value = obj
    for part in (path or "").split("__"):
        if not part or value is None:
            return None
        value = getattr(value, part, None)
    return value if isinstance(value, date) else None


def linked_activities(obj, user, extra: dict[int, set[str]] | None = None) -> list[Activity]:  # noqa: ANN001
    """The records ``user`` may see that are linked to ``obj`` through core record links (in
    either direction), plus ``extra`` ({content type id: ids}), newest first; one query per
    linked type. The other ends are found through the registry: no module is imported."""
    from doingoai.core.models import RecordLink

    ct = ContentType.objects.get_for_model(type(obj))
    pk = str(obj.pk)
    ends: dict[int, set[str]] = defaultdict(set)
    for s_ct, s_id, t_ct, t_id in RecordLink.objects.filter(
        Q(source_type=ct, source_id=pk) | Q(target_type=ct, target_id=pk)
    ).values_list("source_type_id", "source_id", "target_type_id", "target_id"):
        if s_ct == ct.id and s_id == pk:
            ends[t_ct].add(t_id)
        else:
            ends[s_ct].add(s_id)
    for ct_id, ids in (extra or {}).items():
        ends[ct_id] |= ids
    found: list[Activity] = []
    for ct_id, ids in ends.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not registry.is_registered(model) or not ids:
            continue
        rt = registry.for_model(model)
        if not rt.can(user, "view"):
            continue
        for other in rt.visible_to(user).filter(pk__in=ids):
            found.append(
                Activity(
                    _date_of(other, rt.report_date_field),
                    str(rt.label),
                    str(other),
                    rt.url("detail", other.pk),
                )
            )
    return sorted(found, key=lambda a: (a.day or date.min, a.title), reverse=True)


def partner_activities(partner, user) -> list[Activity]:  # noqa: ANN001
    """The records ``user`` may see that are linked to ``partner`` or that it is a party to
    (agreements), newest first."""
    agreement_ct = ContentType.objects.get_for_model(registry.get("partners.agreement").model)
    ids = {str(i) for i in partner.agreements.values_list("pk", flat=True)}
    return linked_activities(partner, user, {agreement_ct.id: ids})


def profile(partner, user) -> dict[str, Any]:  # noqa: ANN001
    """The profile panel's context: counts per kind, by year (newest first), the timeline."""
    return summary(partner_activities(partner, user))


def implementation(agreement, user) -> dict[str, Any]:  # noqa: ANN001
    """An agreement's implementation: the activities under it (delegations, conferences, aid,
    events of any module linked to it), counted by year and kind, with a timeline."""
    return summary(linked_activities(agreement, user))


def summary(activities: list[Activity]) -> dict[str, Any]:
    """Counts per kind, by year (newest first, the undated last), and the timeline."""
    kinds = sorted({a.kind for a in activities})
    by_year: dict[Any, Counter] = defaultdict(Counter)
    for a in activities:
        by_year[a.day.year if a.day else None][a.kind] += 1
    years = sorted((y for y in by_year if y is not None), reverse=True)
    if None in by_year:
        years.append(None)
    return {
        "kinds": kinds,
        "totals": [sum(1 for a in activities if a.kind == k) for k in kinds],
        "years": [(y, [by_year[y][k] for k in kinds], sum(by_year[y].values())) for y in years],
        "timeline": activities[:TIMELINE_LIMIT],
        "count": len(activities),
    }
