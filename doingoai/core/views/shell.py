"""The shell: global search, autocomplete lookups, system settings and rules, access log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from doingoai.core import services
from doingoai.core.forms import style_fields
from doingoai.core.models import Rule, SiteSettings
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
        services.settings_save(form=form, user=request.user)
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
            services.rule_set(rule=rule, value=value, user=request.user)
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


#: The settings-like rows whose history has a page: name → (model, view perm, change perm).
HISTORIES = {
    "settings": ("core.SiteSettings", "core.view_sitesettings", "core.change_sitesettings"),
    "rules": ("core.Rule", "core.view_rule", "core.change_rule"),
}


@login_required
def system_history(request, what: str):  # noqa: ANN001, ANN201
    """Every change of the settings record or of the rules: who, when, what; restore any."""
    from django.apps import apps

    if what not in HISTORIES:
        raise Http404
    label, view_perm, change_perm = HISTORIES[what]
    if not request.user.has_perm(view_perm):
        raise PermissionDenied
    model = apps.get_model(label)
    if request.method == "POST":
        try:
            services.history_restore(
                model=model,
                history_id=int(request.POST.get("history_id", "0")),
                user=request.user,
                perm=change_perm,
            )
        except (ValueError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Restored the chosen version."))
        return redirect("system-history", what=what)
    entries = list(model.history.select_related("history_user").order_by("-history_id")[:300])
    fields = [f.name for f in model._meta.fields if f.name not in ("id", "updated_at")]
    rows = []
    for index, entry in enumerate(entries):
        previous = next(
            (e for e in entries[index + 1 :] if e.id == entry.id),
            None,
        )
        changes = []
        if previous is not None:
            delta = entry.diff_against(previous, included_fields=fields)
            changes = [
                (model._meta.get_field(c.field).verbose_name, c.old, c.new) for c in delta.changes
            ]
        rows.append({"entry": entry, "changes": changes, "title": str(entry.instance)})
    return render(
        request,
        "core/system_history.html",
        {
            "rows": rows,
            "title": model._meta.verbose_name_plural,
            "can_change": request.user.has_perm(change_perm),
            "back": "site-settings" if what == "settings" else "rules",
        },
    )
