"""User management for the administrator: accounts, roles (groups), organisation binding."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from doingoai.core import lockout, two_factor
from doingoai.core import roles as R
from doingoai.core.forms import AutocompleteSelect, style_fields
from doingoai.core.models import Organisation, User
from doingoai.core.text import fold


def role_conflict_message(groups) -> str | None:  # noqa: ANN001
    """The warning shown when the agency role is combined with another role."""
    by_name = {name: key for key, name in R.GROUP_NAMES.items()}
    roles = {by_name[g.name] for g in groups if g.name in by_name}
    if any(g.name.startswith(R.SPECIALIST_AREA_PREFIX) for g in groups):
        roles.add(R.SPECIALIST)
    others = R.conflicting_roles(roles)
    if not others:
        return None
    return _(
        "This account has the role “%(agency)s” together with %(others)s. The agency role "
        "always limits the account to its organisation's records: the other roles do not "
        "widen what it sees. Use separate accounts if the person also works for the department."
    ) % {
        "agency": R.GROUP_NAMES[R.AGENCY],
        "others": ", ".join(f"“{R.GROUP_NAMES[r]}”" for r in R.ROLE_ORDER if r in others),
    }


class UserForm(forms.ModelForm):
    """Create or edit an account; a submitting agency's user must name its organisation."""

    role_warning: str | None = None
    editor = None  # the administrator using the form (set by the view)

    groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Roles"),
        queryset=Group.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    password = forms.CharField(
        label=gettext_lazy("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Leave blank to keep the current password."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "last_name",
            "first_name",
            "email",
            "position",
            "organisation",
            "is_active",
        ]
        labels = {
            "last_name": gettext_lazy("family and middle names"),
            "first_name": gettext_lazy("given name"),
        }
        widgets = {
            "organisation": AutocompleteSelect(reverse_lazy("lookup", args=["core.organisation"]))
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        from doingoai.core.forms import _narrow_choices

        self.fields["organisation"].queryset = Organisation.objects.all()
        _narrow_choices(
            self.fields["organisation"],
            self.data.get("organisation") if self.is_bound else self.instance.organisation_id,
        )
        style_fields(self)
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean(self) -> dict:
        data = super().clean()
        groups = data.get("groups") or []
        if any(g.name == R.GROUP_NAMES[R.AGENCY] for g in groups) and not data.get("organisation"):
            self.add_error(
                "organisation",
                _(
                    "A submitting agency's user must belong to an "
                    "organisation: it sees only that one's records."
                ),
            )
        self.role_warning = role_conflict_message(groups)
        password = data.get("password")
        if password:
            probe = self.instance
            probe.username = data.get("username", "")
            validate_password(password, probe)
        return data

    @transaction.atomic
    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
            # the administrator chose it: the user must replace it at the next login
            user.must_change_password = self.editor is None or self.editor.pk != user.pk
        user.save()
        user.groups.set(self.cleaned_data["groups"])
        return user


@permission_required("core.change_user", raise_exception=True)
def user_list(request):  # noqa: ANN001, ANN201
    query = request.GET.get("q", "").strip()
    users = (
        User.objects.select_related("organisation").prefetch_related("groups").order_by("username")
    )
    if query:
        folded = fold(query)
        users = [
            u
            for u in users
            if folded in fold(f"{u.username} {u.get_full_name()} {u.email} {u.organisation or ''}")
        ]
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/users.html",
        {"page": page, "query": query, "locked": lockout.locked_usernames()},
    )


@require_POST
@permission_required("core.change_user", raise_exception=True)
def user_unlock(request, pk: int):  # noqa: ANN001, ANN201
    """Forget an account's failed logins, so that it can log in again at once."""
    user = get_object_or_404(User, pk=pk)
    lockout.unlock(user.username)
    messages.success(
        request, _("Unlocked the account “%(user)s”: it can log in again.") % {"user": user}
    )
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/system/users/") else "users")


@permission_required("core.change_user", raise_exception=True)
def user_edit(request, pk: int | None = None):  # noqa: ANN001, ANN201
    user = get_object_or_404(User, pk=pk) if pk else User()
    form = UserForm(
        request.POST or None,
        instance=user,
        initial={"groups": list(user.groups.all())} if pk else None,
    )
    form.editor = request.user
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved the account “%(user)s”.") % {"user": saved.username})
        if form.role_warning:
            messages.warning(request, form.role_warning)
        return redirect("users")
    if request.method != "POST" and pk:
        warning = role_conflict_message(user.groups.all())
        if warning:
            messages.warning(request, warning)
    security = None
    if pk:
        security = {
            "has_device": two_factor.has_device(user),
            "required": two_factor.required_for(user),
            "tokens": Token.objects.filter(user=user),
            "locked": lockout.is_user_locked(user.username),
        }
    return render(
        request,
        "core/user_form.html",
        {"form": form, "account": user, "security": security},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("core.change_user", raise_exception=True)
def user_token_revoke(request, pk: int):  # noqa: ANN001, ANN201
    """Revoke every API token of an account (programs using them stop at once)."""
    user = get_object_or_404(User, pk=pk)
    Token.objects.filter(user=user).delete()
    messages.success(request, _("Revoked the API tokens of “%(user)s”.") % {"user": user})
    return redirect("user-edit", pk=pk)


@require_POST
@permission_required("core.change_user", raise_exception=True)
def user_token_create(request, pk: int):  # noqa: ANN001, ANN201
    """Give an account a new API token (replacing any other); the key is shown this once."""
    user = get_object_or_404(User, pk=pk)
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    messages.success(
        request,
        _(
            "New API token of “%(user)s”: %(key)s — copy it now into the program that needs it; "
            "it is not shown again."
        )
        % {"user": user, "key": token.key},
    )
    return redirect("user-edit", pk=pk)


@require_POST
@permission_required("core.change_user", raise_exception=True)
def user_two_factor_reset(request, pk: int):  # noqa: ANN001, ANN201
    """Forget an account's second factor (a lost phone): it sets up a new one at next login
    when its role requires it."""
    user = get_object_or_404(User, pk=pk)
    two_factor.remove_devices(user)
    messages.success(
        request, _("Reset the two-factor authentication of “%(user)s”.") % {"user": user}
    )
    return redirect("user-edit", pk=pk)
