"""Registration of core's reference record types."""

from __future__ import annotations

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R
from doingoai.core.models import (
    AdministrativeUnit,
    Country,
    ExchangeRate,
    LegalDocument,
    Organisation,
    Person,
)
from doingoai.core.registry import REFERENCE, SYSTEM, MenuLink, RecordType, registry


class CountryRecord(RecordType):
    model = Country
    area = REFERENCE
    url_slug = "countries"
    icon = "bi-globe2"
    menu_order = 10
    fields = [
        "code",
        "alpha3",
        "name_vi",
        "name_en",
        "aliases",
        "relations_date",
        "relations_confidence",
        "note",
    ]
    list_columns = ["name_vi", "name_en", "code", "relations_date", "relations_confidence"]
    filter_fields = ["relations_confidence"]
    import_key = ("code",)
    lookup_fields = ("name_vi", "name_en", "alpha3")
    autocomplete = True
    agency_views = True
    import_sample = {
        "code": "KR",
        "alpha3": "KOR",
        "name_vi": "Hàn Quốc",
        "name_en": "Korea, Republic of",
        "relations_date": "22/12/1992",
    }


class AdministrativeUnitRecord(RecordType):
    model = AdministrativeUnit
    area = REFERENCE
    url_slug = "admin-units"
    icon = "bi-map"
    menu_order = 20
    fields = ["code", "name", "division_type", "level", "period", "parent", "successors"]
    list_columns = ["name", "division_type", "level", "period", "parent", "code"]
    filter_fields = ["period", "level"]
    import_key = ("period", "level", "code")
    lookup_fields = ("name",)
    list_select_related = ["parent"]
    autocomplete = True
    agency_views = True


class OrganisationRecord(RecordType):
    model = Organisation
    area = REFERENCE
    url_slug = "organisations"
    icon = "bi-building"
    menu_order = 30
    fields = [
        "name",
        "name_en",
        "abbreviation",
        "kind",
        "country",
        "parent",
        "address",
        "phone",
        "email",
        "website",
        "contact_person",
        "note",
        "is_active",
    ]
    list_columns = ["name", "abbreviation", "kind", "country", "is_active"]
    filter_fields = ["kind", "country", "is_active"]
    import_key = ("name",)
    lookup_fields = ("name", "abbreviation")
    list_select_related = ["country"]
    autocomplete = True
    agency_views = True


class PersonRecord(RecordType):
    model = Person
    area = REFERENCE
    url_slug = "persons"
    icon = "bi-person-vcard"
    menu_order = 40
    fields = [
        "full_name",
        "sex",
        "birth_date",
        "birth_year",
        "nationality",
        "position",
        "organisation",
        "phone",
        "email",
        "id_number",
        "note",
    ]
    list_columns = ["full_name", "sex", "birth_year", "position", "organisation", "nationality"]
    #: a sort by the country's name reads and sorts every person (a million) over the join:
    #: the join is an outer one (a person may have no nationality), which neither database
    #: walks country by country; a kept copy would rewrite a million rows on a rename.
    #: The filter by nationality stays (its foreign-key index serves it).
    unsorted_columns = ("nationality",)
    filter_fields = ["sex", "nationality", "organisation"]
    import_key = ("full_name", "birth_date")
    lookup_fields = ("full_name",)
    list_select_related = ["organisation", "nationality"]
    sensitive_fields = ("id_number",)
    autocomplete = True
    agency_submits = False
    agency_views = True
    import_sample = {
        "full_name": "Đặng Văn An",
        "sex": "Nam",
        "birth_date": "15/04/1980",
        "birth_year": 1980,
        "position": "Phó Giám đốc",
    }


class LegalDocumentRecord(RecordType):
    model = LegalDocument
    area = REFERENCE
    url_slug = "documents"
    icon = "bi-file-earmark-text"
    menu_order = 50
    fields = ["number", "kind", "issued_date", "issuer", "signer_name", "signer_title", "summary"]
    list_columns = ["number", "kind", "issued_date", "issuer", "summary"]
    filter_fields = ["kind", "issued_date"]
    import_key = ("number", "issued_date", "issuer")
    lookup_fields = ("number",)
    autocomplete = True
    agency_views = True
    import_sample = {
        "number": "240/UBND-KH",
        "issued_date": "15/04/2022",
        "issuer": "UBND tỉnh Nghệ An",
        "summary": "Về việc cử đoàn đi công tác",
    }

    def visible_to(self, user):  # noqa: ANN001, ANN201
        """A submitting agency does not see the documents of other agencies' records (a
        decision names the trip it sends): documents referenced only by records owned by
        other organisations are hidden from it; laws, decrees and its own decisions stay."""
        qs = super().visible_to(user)
        if not R.is_agency_user(user):
            return qs
        return qs.exclude(documents_of_other_agencies(user.organisation_id))


def documents_of_other_agencies(organisation_id: int | None) -> Q:
    """A condition on legal documents: referenced (by a foreign key or a document link) by
    records owned by another organisation and by none of ``organisation_id``'s own records.
    Built from subqueries, so nothing is loaded whatever the number of records."""
    from django.contrib.contenttypes.models import ContentType

    from doingoai.core.models import RecordDocument

    theirs_q, mine_q = Q(pk__in=[]), Q(pk__in=[])
    for rt in registry.all():
        if not rt.owner_field:
            continue
        manager = rt.model._default_manager
        mine = manager.filter(**{rt.owner_field: organisation_id})
        theirs = manager.exclude(**{rt.owner_field: organisation_id})
        for field in rt.model._meta.concrete_fields:
            if field.is_relation and field.related_model is LegalDocument:
                theirs_q |= Q(pk__in=theirs.values(field.attname))
                mine_q |= Q(pk__in=mine.values(field.attname))
        ct = ContentType.objects.get_for_model(rt.model)
        mine_ids = mine.annotate(key=Cast("pk", CharField())).values("key")
        links = RecordDocument.objects.filter(content_type=ct)
        theirs_q |= Q(pk__in=links.exclude(object_id__in=mine_ids).values("document_id"))
        mine_q |= Q(pk__in=links.filter(object_id__in=mine_ids).values("document_id"))
    return theirs_q & ~mine_q


class ExchangeRateRecord(RecordType):
    """Rates that convert amounts to USD and VND (core.money)."""

    model = ExchangeRate
    area = REFERENCE
    url_slug = "exchange-rates"
    icon = "bi-currency-exchange"
    menu_order = 60
    fields = ["currency", "date", "usd", "vnd", "source"]
    filter_fields = ["currency"]
    import_key = ("currency", "date")
    lookup_fields = ("currency",)
    import_sample = {
        "currency": "EUR",
        "date": "01/07/2025",
        "usd": "1,17",
        "vnd": "30.650",
        "source": "Tỷ giá trung tâm, Ngân hàng Nhà nước",
    }


def register() -> None:
    for rt in (
        CountryRecord,
        AdministrativeUnitRecord,
        OrganisationRecord,
        PersonRecord,
        LegalDocumentRecord,
        ExchangeRateRecord,
    ):
        registry.register(rt)
    system_links = [
        (_("System settings"), "site-settings", "bi-sliders", "core.change_sitesettings"),
        (_("Users"), "users", "bi-people", "core.change_user"),
        (_("Rules and legal sources"), "rules", "bi-journal-check", "core.view_rule"),
        (_("Personal data access log"), "access-log", "bi-eye", "core.view_accesslog"),
        (_("API documentation"), "api-docs", "bi-braces", None),
    ]
    for order, (label, url_name, icon, permission) in enumerate(system_links):
        registry.add_menu_link(MenuLink(SYSTEM, label, url_name, icon, permission, order * 10))
