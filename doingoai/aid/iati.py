"""Export of aid items in the IATI activity standard, version 2.03 (iati-activities XML).

The fields that apply: identifier, titles, description, participating organisations
(donors as funding, the implementing agency as implementing), activity status and dates,
recipient country, locations, sectors with percentages (OECD DAC 5-digit, vocabulary 1), the
committed budget, and the transactions (the commitment as *incoming commitment*, type 11;
each disbursement as *incoming funds*, type 1, from its donor). The reporting organisation
is the department (a secondary reporter: it reports aid that others fund); its IATI
identifier is the setting ``DOINGOAI_IATI_ORG_REF`` (default ``VN-PROV-<province code>``,
to be replaced by the identifier the department registers with IATI).

The XML is checked in the tests against ``tests/aid/data/iati-activities-2.03-subset.xsd``,
a transcription of the schema's elements used here."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from lxml import etree

from doingoai.aid.models import AidItem, AidStatus

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Workflow status → IATI ActivityStatus (1 pipeline/identification, 2 implementation,
#: 4 closed, 5 cancelled).
ACTIVITY_STATUS = {
    AidStatus.PROPOSED: "1",
    AidStatus.APPROVED: "1",
    AidStatus.IMPLEMENTING: "2",
    AidStatus.COMPLETED: "4",
    AidStatus.CANCELLED: "5",
}
#: IATI OrganisationRole.
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
#: IATI TransactionType.
INCOMING_FUNDS, INCOMING_COMMITMENT = "1", "11"
#: IATI OrganisationType of a Vietnamese provincial agency: government.
GOVERNMENT = "10"


def org_ref() -> str:
    """The department's IATI organisation identifier."""
    configured = getattr(settings, "IATI_ORG_REF", "") or os.environ.get("DOINGOAI_IATI_ORG_REF")
    return configured or f"VN-PROV-{settings.PROVINCE_CODE}"


def identifier(item: AidItem) -> str:
    """``<reporting org ref>-<item code or id>``: globally unique, stable."""
    return f"{org_ref()}-{item.code or item.pk}"


def _narratives(parent: etree._Element, vi: str, en: str = "") -> None:
    if vi:
        etree.SubElement(parent, "narrative", {XML_LANG: "vi"}).text = vi
    if en:
        etree.SubElement(parent, "narrative", {XML_LANG: "en"}).text = en


def _iso(value) -> str:  # noqa: ANN001
    return value.isoformat()


def _money(value) -> str:  # noqa: ANN001
    return f"{value:.2f}"


def activities(items: Iterable[AidItem], agency_name: str = "") -> etree._Element:
    """The ``iati-activities`` element for ``items`` (prefetch donors, agency, localities,
    sectors and disbursements with their donors)."""
    from doingoai.core.models import SiteSettings

    reporting_name = agency_name or SiteSettings.load().agency_name
    now = timezone.now().replace(microsecond=0)
    root = etree.Element(
        "iati-activities", {"version": "2.03", "generated-datetime": now.isoformat()}
    )
    for item in items:
        root.append(activity(item, reporting_name, now))
    return root


def activity(item: AidItem, reporting_name: str, now: datetime) -> etree._Element:
    updated = (item.updated_at or now).replace(microsecond=0)
    act = etree.Element(
        "iati-activity",
        {
            XML_LANG: "vi",
            "default-currency": item.committed_currency,
            "last-updated-datetime": updated.isoformat(),
            "hierarchy": "1",
        },
    )
    etree.SubElement(act, "iati-identifier").text = identifier(item)
    reporting = etree.SubElement(
        act, "reporting-org", {"ref": org_ref(), "type": GOVERNMENT, "secondary-reporter": "1"}
    )
    _narratives(reporting, reporting_name)
    _narratives(etree.SubElement(act, "title"), item.title, item.title_en)
    if item.description:
        _narratives(etree.SubElement(act, "description", {"type": "1"}), item.description)
    for donor in item.donors.all():
        attrs = {"role": ROLE_FUNDING, "type": donor.kind}
        if donor.iati_ref:
            attrs["ref"] = donor.iati_ref
        _narratives(etree.SubElement(act, "participating-org", attrs), donor.name)
    implementing = etree.SubElement(
        act, "participating-org", {"role": ROLE_IMPLEMENTING, "type": GOVERNMENT}
    )
    _narratives(implementing, str(item.agency))
    etree.SubElement(act, "activity-status", {"code": ACTIVITY_STATUS[item.status]})
    started = item.status in (AidStatus.IMPLEMENTING, AidStatus.COMPLETED)
    if item.start:
        etree.SubElement(
            act, "activity-date", {"type": "2" if started else "1", "iso-date": _iso(item.start)}
        )
    if item.end:
        ended = item.status == AidStatus.COMPLETED
        etree.SubElement(
            act, "activity-date", {"type": "4" if ended else "3", "iso-date": _iso(item.end)}
        )
    if not item.start and not item.end:
        day = item.approved_on or item.created_at.date()
        etree.SubElement(act, "activity-date", {"type": "1", "iso-date": _iso(day)})
    etree.SubElement(act, "recipient-country", {"code": "VN", "percentage": "100"})
    for unit in item.localities.all():
        location = etree.SubElement(act, "location", {"ref": f"VN-{unit.period}-{unit.code}"})
        etree.SubElement(location, "location-reach", {"code": "1"})
        _narratives(etree.SubElement(location, "name"), unit.name)
    for sector in item.sectors.all():
        etree.SubElement(
            act,
            "sector",
            {"vocabulary": "1", "code": sector.code, "percentage": f"{sector.percentage:g}"},
        )
    if item.start and item.end:
        budget = etree.SubElement(act, "budget", {"type": "1", "status": "2"})
        etree.SubElement(budget, "period-start", {"iso-date": _iso(item.start)})
        etree.SubElement(budget, "period-end", {"iso-date": _iso(item.end)})
        etree.SubElement(
            budget,
            "value",
            {
                "currency": item.committed_currency,
                "value-date": _iso(item.approved_on or item.start),
            },
        ).text = _money(item.committed_amount)
    if item.approved_on:
        _transaction(
            act,
            INCOMING_COMMITMENT,
            item.approved_on,
            item.committed_amount,
            item.committed_currency,
            None,
            ref=f"{identifier(item)}-C",
        )
    for d in item.disbursements.all():
        _transaction(
            act,
            INCOMING_FUNDS,
            d.date,
            d.amount,
            d.currency,
            d.donor,
            ref=f"{identifier(item)}-{d.pk}",
        )
    return act


def _transaction(act, kind, day, amount, currency, donor, ref) -> None:  # noqa: ANN001
    transaction = etree.SubElement(act, "transaction", {"ref": ref})
    etree.SubElement(transaction, "transaction-type", {"code": kind})
    etree.SubElement(transaction, "transaction-date", {"iso-date": _iso(day)})
    etree.SubElement(
        transaction, "value", {"currency": currency, "value-date": _iso(day)}
    ).text = _money(amount)
    if donor is not None:
        attrs = {"type": donor.kind}
        if donor.iati_ref:
            attrs["ref"] = donor.iati_ref
        _narratives(etree.SubElement(transaction, "provider-org", attrs), donor.name)


def export_queryset(queryset) -> bytes:  # noqa: ANN001
    """The XML document (UTF-8, with declaration) for a queryset of items."""
    items = queryset.select_related("agency").prefetch_related(
        "donors", "localities", "sectors", "disbursements__donor"
    )
    root = activities(items)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
