"""The user: Django's user bound, for submitting agencies, to one organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A user of the system. ``organisation`` scopes a submitting agency's records."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("For a submitting agency: the agency whose records this user sees."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    must_change_password = models.BooleanField(
        _("must change the password at next login"),
        default=False,
        help_text=_("Set when an administrator resets the password."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()
