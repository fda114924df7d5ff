"""The shell: global search, autocomplete lookups, system settings and rules, access log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from doingoai.core.forms import style_fields
from doingoai.core.models import AccessLog, Rule, SiteSettings
from doingoai.core.registry import registry
from doingoai.core.search import global_search


def search(request):  # noqa: ANN001, ANN201
    """``/search/?q=``: results from every type the user may see."""
    query = request.GET.get("q", "").strip()
    hits = global_search(request.user, query, limit=100) if query else []
    return render(
        request, "core/search.html", {"query": query, "search_query": query, "hits": hits}
    )


def lookup(request, key: str):  # noqa: ANN001, ANN201
    """Autocomplete: ``{"results": [{"id", "text"}]}`` for a visible type, at most 20."""
    try:
        rt = registry.get(key)
    except KeyError as exc:
        raise Http404 from exc
    if not rt.can(request.user, "view"):
        raise PermissionDenied
    query = request.GET.get("q", "")
    qs = rt.visible_to(request.user).search(query) if query else rt.visible_to(request.user)
    return JsonResponse({"results": [{"id": str(o.pk), "text": str(o)} for o in qs[:20]]})


class SiteSettingsForm(forms.ModelForm):
    """The administrator's form for the installation's identity."""

    class Meta:
        model = SiteSettings
        exclude: list[str] = []

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        style_fields(self)


@permission_required("core.change_sitesettings", raise_exception=True)
def site_settings(request):  # noqa: ANN001, ANN201
    """Edit the agency name, letterhead, signers (one row)."""
    obj = SiteSettings.load()
    form = SiteSettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("site-settings")
    return render(request, "core/site_settings.html", {"form": form})


@permission_required("core.view_rule", raise_exception=True)
def rules(request):  # noqa: ANN001, ANN201
    """The rules of the field with their legal source; the administrator edits the values."""
    items = list(Rule.objects.all())
    if request.method == "POST":
        if not request.user.has_perm("core.change_rule"):
            raise PermissionDenied
        errors = []
        for rule in items:
            raw = request.POST.get(f"rule-{rule.pk}", "").strip()
            if raw == str(rule.value):
                continue
            try:
                value = int(raw)
            except ValueError:
                errors.append(
                    _("“%(label)s”: “%(raw)s” is not a whole number.")
                    % {"label": rule.label, "raw": raw}
                )
                continue
            rule.value = value
            rule.save(update_fields=["value", "updated_at"])
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("Rules saved."))
        return redirect("rules")
    return render(
        request,
        "core/rules.html",
        {"rules": items, "can_change": request.user.has_perm("core.change_rule")},
    )


@permission_required("core.view_accesslog", raise_exception=True)
def access_log(request):  # noqa: ANN001, ANN201
    """Who read which sensitive records, when and how."""
    qs = AccessLog.objects.select_related("user", "content_type")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/access_log.html", {"page": page})
