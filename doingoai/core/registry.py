"""The record-type registry: one ``RecordType`` per model declares what the record contract
needs (fields, columns, filters, import key, roles, workflow); views, URLs, API, menu, search,
import/export and permissions follow from it. See docs/dev/adding-a-record-type.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from doingoai.core import roles as R

if TYPE_CHECKING:
    from doingoai.core.workflow import Workflow


#: Reversed URLs of the types' views split around a record's id (``RecordType.url``).
_URL_PARTS: dict[tuple, tuple[str, ...]] = {}
_MARK = 987654321987


@dataclass(frozen=True)
class Area:
    """A menu section: an area of work (or the reference data).

    ``group_name`` names the area's specialist group in Vietnamese ("Chuyên viên - <name>"):
    a plain string, stable whatever the label's translation, since it is stored in the
    database; the slug stands in when it is not given (system check W007 asks for it)."""

    slug: str
    label: str | Promise
    icon: str
    order: int
    group_name: str = ""

    @property
    def group(self) -> str:
        """The stable name of the area's specialist group (without the role prefix)."""
        return self.group_name or self.slug


@dataclass(frozen=True)
class MenuLink:
    """An extra menu entry (a dashboard, a calendar ...) shown when ``permission`` is held
    and, if given, ``enabled()`` is true (a module a setting turns off)."""

    area: Area
    label: str | Promise
    url_name: str
    icon: str
    permission: str | None = None
    order: int = 100
    enabled: Callable[[], bool] | None = None


class RecordType:
    """Declaration of one record type. Subclass, set attributes, register from ``apps.py``.

    Required: ``model``, ``area``, ``fields``. Everything else has a working default.
    """

    model: ClassVar[type[models.Model]]
    area: ClassVar[Area]
    #: The type's part of its URLs (``/<app>/<url_slug>/``); the model's name by default.
    url_slug: ClassVar[str] = ""
    fields: ClassVar[list[str]] = []
    list_columns: ClassVar[list[str]] = []
    filter_fields: ClassVar[list[str]] = []
    detail_fields: ClassVar[list[str]] = []
    io_fields: ClassVar[list[str]] = []
    api_fields: ClassVar[list[str]] = []
    import_key: ClassVar[tuple[str, ...]] = ()
    lookup_fields: ClassVar[tuple[str, ...]] = ()
    ordering: ClassVar[list[str]] = []
    list_select_related: ClassVar[list[str]] = []
    #: Column → the stored columns its sort uses (``{"full_name": ("name_folded", "id")}``):
    #: one index serves the sort, no collation over the whole table.
    sort_keys: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: List columns shown but not offered as a sort: a sort no index can serve at the
    #: type's size (``tests/core/test_indexes.py`` asks every other column for its index).
    unsorted_columns: ClassVar[tuple[str, ...]] = ()
    list_prefetch_related: ClassVar[list[str]] = []
    owner_field: ClassVar[str | None] = None
    #: The date that places a record in a report period (closed periods guard it).
    report_date_field: ClassVar[str | None] = None
    agency_submits: ClassVar[bool] = False
    agency_views: ClassVar[bool] = False
    sensitive_fields: ClassVar[tuple[str, ...]] = ()
    autocomplete: ClassVar[bool] = False
    workflow: ClassVar[Workflow | None] = None
    #: Workflow moves the edit form offers beside Save ("save and send"), when the user
    #: may make them from the record's state.
    form_transitions: ClassVar[tuple[str, ...]] = ()
    #: (latitude, longitude) field names when the records have a place (core.places): the
    #: list then offers a map of the filtered records.
    map_fields: ClassVar[tuple[str, str] | None] = None
    #: Types (by key, "*" for any) whose records this one may be linked to (core.links).
    links_to: ClassVar[list[str]] = []
    detail_panels: ClassVar[list[str]] = []
    searchable: ClassVar[bool] = True
    importable: ClassVar[bool] = True
    menu: ClassVar[bool] = True
    menu_order: ClassVar[int] = 100
    icon: ClassVar[str] = "bi-list"
    specialist_area_actions: ClassVar[tuple[str, ...]] = R.ALL_ACTIONS
    #: Hand-written classes replacing the generated ones (each layer builds the generated
    #: class on first use: ``forms.form_for``, ``tables.table_for``, ``filters.filterset_for``,
    #: ``api.serializer_for``).
    form_class: ClassVar[type | None] = None
    #: Classes mixed in before the generated form (stage-dependent fields, locked fields
    #: ...): the generated form keeps every core behaviour and adds theirs.
    form_mixins: ClassVar[tuple[type, ...]] = ()
    table_class: ClassVar[type | None] = None
    filterset_class: ClassVar[type | None] = None
    serializer_class: ClassVar[type | None] = None

    # --- identity -------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    def url_name(self, view: str) -> str:
        return f"rec:{self.key}-{view}"

    def url(self, view: str, *args: Any) -> str:
        """``reverse()`` of the type's view; a record's link (an integer id) is written from
        a pattern reversed once per view (a list page asked reverse() for ~70 links)."""
        args = [a for a in args if a is not None]
        if len(args) > 1 or (args and type(args[0]) is not int):
            return reverse(self.url_name(view), args=args)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        key = (self.key, view, len(args), get_script_prefix(), urlconf)
        parts = _URL_PARTS.get(key)
        if parts is None:
            if args:
                parts = tuple(reverse(self.url_name(view), args=[_MARK]).split(str(_MARK)))
                if len(parts) != 2:  # the marker is not a plain slot: no shortcut
                    return reverse(self.url_name(view), args=args)
            else:
                parts = (reverse(self.url_name(view)),)
            _URL_PARTS[key] = parts
        return f"{parts[0]}{args[0]}{parts[1]}" if args else parts[0]

    def perm(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    # --- permissions and scoping ----------------------------------------------------------
    def role_actions(self) -> dict[str, tuple[str, ...]]:
        """What each role may do with this type (groups are synced from this)."""
        is_reference = self.area.slug == "reference"
        grants: dict[str, tuple[str, ...]] = {
            R.ADMIN: R.ALL_ACTIONS,
            R.LEADER: ("view", "change") if self.workflow else ("view",),
            R.SPECIALIST: R.ALL_ACTIONS if is_reference else ("view",),
            R.READONLY: ("view",),
        }
        if self.agency_submits:
            grants[R.AGENCY] = ("view", "add", "change")
        elif self.agency_views:
            grants[R.AGENCY] = ("view",)
        return grants

    def can(self, user, action: str) -> bool:
        return user.is_authenticated and user.has_perm(self.perm(action))

    def base_queryset(self) -> models.QuerySet:
        qs = self.model._default_manager.all()
        if self.list_select_related:
            qs = qs.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            qs = qs.prefetch_related(*self.list_prefetch_related)
        if self.ordering:
            qs = qs.order_by(*self.ordering)
        return qs

    def visible_to(self, user) -> models.QuerySet:
        """The one scoping hook: every list, detail, export, search and API queryset."""
        qs = self.base_queryset()
        if not self.can(user, "view"):
            return qs.none()
        if self.owner_field and R.is_agency_user(user):
            if user.organisation_id is None:
                return qs.none()
            return qs.filter(**{self.owner_field: user.organisation_id})
        return qs

    def owner_of(self, obj: models.Model) -> Any:
        """The id of the organisation owning ``obj`` (``owner_field`` may span relations;
        None when a link on the way no longer exists)."""
        if not self.owner_field:
            return None
        from doingoai.core.snapshots import owner_value

        return owner_value(obj, self.owner_field)

    def can_object(self, user, action: str, obj: models.Model | None) -> bool:
        """The one object-permission hook: may ``user`` do ``action`` (view, add, change,
        delete) to ``obj``? Every view, API call, import row, export, trash, restore,
        attachment, document and workflow move asks it. ``user=None`` is the system itself
        (seeds, commands). A type that narrows ``visible_to`` narrows this too."""
        if user is None:
            return True
        if not self.can(user, action):
            return False
        if obj is None or not (self.owner_field and R.is_agency_user(user)):
            return True
        return user.organisation_id is not None and self.owner_of(obj) == user.organisation_id

    def history_visible_to(self, user) -> models.QuerySet:
        """Historical rows (of live and deleted records) ``user`` may see: the history
        counterpart of ``visible_to``, used by the history, trash and restore paths."""
        history = self.model.history.all()
        if not self.can(user, "view"):
            return history.none()
        if not (self.owner_field and R.is_agency_user(user)):
            return history
        if user.organisation_id is None:
            return history.none()
        first, _sep, rest = self.owner_field.partition("__")
        if not rest:
            return history.filter(**{f"{first}_id": user.organisation_id})
        related = self.model._meta.get_field(first).related_model
        owned = related._default_manager.filter(**{rest: user.organisation_id}).values("pk")
        return history.filter(**{f"{first}_id__in": owned})

    def can_see_sensitive(self, user) -> bool:
        return user.has_perm(R.SENSITIVE_PERMISSION)

    def get_io_fields(self) -> list[str]:
        return self.io_fields or self.fields

    def get_detail_fields(self) -> list[str]:
        return self.detail_fields or self.fields

    def get_api_fields(self) -> list[str]:
        return self.api_fields or self.fields

    def get_list_columns(self) -> list[str]:
        return self.list_columns or self.fields[:5]

    def get_lookup_fields(self) -> tuple[str, ...]:
        return self.lookup_fields or self.model.search_fields[:1]

    # --- hooks a type may override --------------------------------------------------------
    def before_save(self, obj: models.Model, *, user, form=None, creating: bool) -> None:
        """Called inside the save transaction before ``obj.save()``."""

    def after_save(self, obj: models.Model, *, user, form=None, creating: bool) -> None:
        """Called inside the save transaction after ``obj.save()`` and m2m/formsets."""

    def formsets(self, request, obj) -> list:
        """Inline formsets (child rows) edited with the record."""
        return []

    def detail_context(self, request, obj) -> dict[str, Any]:
        """Extra context for this type's detail panels."""
        return {}


class Menu(list):
    """A menu: its areas, each ``{"area": Area, "items": [{"label", "url", "icon"}]}``; kept
    by the registry per set of permissions and language, with what is built from it once
    (``html``: the sidebar's pieces, ``core.templatetags.doingoai.sidebar_menu``)."""

    html: list | None = None


class Registry:
    """All registered record types, areas and menu links."""

    def __init__(self) -> None:
        self._types: dict[str, RecordType] = {}
        self._by_model: dict[type, RecordType] = {}
        self._links: list[MenuLink] = []
        self._grants: dict[str, set[tuple[str, str]]] = {}
        self._menus: dict[tuple, Menu] = {}

    def register(self, rt_class: type[RecordType]) -> RecordType:
        rt = rt_class()
        if hasattr(rt_class, "slug"):
            raise TypeError(f"{rt_class.__name__}: declare url_slug (slug is the area's)")
        for built in ("form", "table", "filterset", "serializer"):
            if hasattr(rt_class, built):  # each layer builds its class; a type declares
                raise TypeError(
                    f"{rt_class.__name__}.{built}: declare {built}_class (or form_mixins); "
                    "the registry builds no class"
                )
        rt.url_slug = rt.url_slug or rt.model._meta.model_name
        if rt.key in self._types:
            raise ValueError(f"record type {rt.key} registered twice")
        self._types[rt.key] = rt
        self._menus.clear()
        self._by_model[rt.model] = rt
        rt.model._record_type = rt  # its records' links (``RecordModel.get_absolute_url``)
        return rt

    def add_menu_link(self, link: MenuLink) -> None:
        self._links.append(link)
        self._menus.clear()

    def grant(self, role: str, perms: set[tuple[str, str]]) -> None:
        """Extra permissions for a role beyond the per-type defaults (e.g. custom ones)."""
        self._grants.setdefault(role, set()).update(perms)

    def extra_grants(self) -> dict[str, set[tuple[str, str]]]:
        return self._grants

    def all(self) -> list[RecordType]:
        return list(self._types.values())

    def get(self, key: str) -> RecordType:
        return self._types[key]

    def for_model(self, model: type) -> RecordType:
        model = getattr(model, "_meta", None) and model._meta.concrete_model or model
        return self._by_model[model]

    def is_registered(self, model: type) -> bool:
        return model in self._by_model

    def menu(self, user) -> Menu:
        """Areas the user may see, each with its entries (types and links) in order: built
        once per set of permissions, switched-on modules, language and URL prefix (read-only:
        every user with the same permissions shares it)."""
        from django.utils.translation import get_language

        perms = (
            ("*",)
            if user.is_active and user.is_superuser
            else frozenset(user.get_all_permissions())
        )
        switched = tuple(link.enabled() for link in self._links if link.enabled is not None)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        key = (perms, switched, get_language(), get_script_prefix(), urlconf)
        menu = self._menus.get(key)
        if menu is None:
            if len(self._menus) > 256:
                self._menus.clear()
            menu = self._menus[key] = self._build_menu(user)
        return menu

    def _build_menu(self, user) -> Menu:  # noqa: ANN001
        areas: dict[str, dict[str, Any]] = {}
        for rt in self._types.values():
            if rt.menu and rt.can(user, "view"):
                entry = areas.setdefault(rt.area.slug, {"area": rt.area, "items": []})
                entry["items"].append(
                    (rt.menu_order, capfirst(str(rt.label_plural)), rt.url("list"), rt.icon)
                )
        for link in self._links:
            if link.enabled is not None and not link.enabled():
                continue
            if link.permission is None or user.has_perm(link.permission):
                entry = areas.setdefault(link.area.slug, {"area": link.area, "items": []})
                entry["items"].append(
                    (link.order, capfirst(str(link.label)), reverse(link.url_name), link.icon)
                )
        result = sorted(areas.values(), key=lambda a: a["area"].order)
        for entry in result:
            entry["items"] = [
                {"label": label, "url": url, "icon": icon}
                for _order, label, url, icon in sorted(entry["items"], key=lambda i: i[0])
            ]
        return Menu(result)


registry = Registry()

REFERENCE = Area("reference", _("Reference data"), "bi-journal-bookmark", 90, "Danh mục")
SYSTEM = Area("system", _("System"), "bi-gear", 99, "Hệ thống")
