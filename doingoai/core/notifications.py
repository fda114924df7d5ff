"""Notifications: ``notify(user, text, url)`` writes one for the user's page and header count,
and e-mails it when an SMTP server is configured (``DOINGOAI_EMAIL_HOST``; none by default).
Modules call it for the moves that concern a user."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from doingoai.core.kept import Kept
from doingoai.core.models import Notification

logger = logging.getLogger(__name__)


def active_users():  # noqa: ANN201
    """The accounts that can receive notifications."""
    from doingoai.core.models import User

    return User.objects.filter(is_active=True)


def agency_users(organisation_id: int | None):  # noqa: ANN201
    """The submitting agency's accounts of an organisation."""
    from doingoai.core import roles as R

    return (
        active_users()
        .filter(organisation_id=organisation_id, groups__name=R.GROUP_NAMES[R.AGENCY])
        .distinct()
    )


def specialists():  # noqa: ANN201
    """The department's specialists (the role, or any area's specialist group)."""
    from django.db.models import Q

    from doingoai.core import roles as R

    return (
        active_users()
        .filter(
            Q(groups__name=R.GROUP_NAMES[R.SPECIALIST])
            | Q(groups__name__startswith=R.SPECIALIST_AREA_PREFIX)
        )
        .distinct()
    )


def leaders():  # noqa: ANN201
    """The department's leaders."""
    from doingoai.core import roles as R

    return active_users().filter(groups__name=R.GROUP_NAMES[R.LEADER]).distinct()


def in_site_language(text: str, **values: object) -> str:
    """A notification's text in the site's language (Vietnamese by default), whoever made the
    move; mark the literal with ``gettext_noop`` so that the catalogue has it."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text) % values


def notify(user, text: str, url: str = "") -> Notification | None:  # noqa: ANN001
    """Tell ``user`` (an active account) ``text``, with a link to ``url``."""
    if user is None or not user.is_active:
        return None
    note = Notification.objects.create(user=user, text=text[:500], url=url[:500])
    if getattr(settings, "DOINGOAI_EMAIL_HOST", "") and user.email:
        transaction.on_commit(lambda: _mail(user.email, text, url))
    return note


def notify_all(users: Iterable, text: str, url: str = "", *, skip=None) -> None:  # noqa: ANN001
    """``notify`` each of ``users`` once, except ``skip`` (who made the move)."""
    seen = set()
    for user in users:
        if user.pk in seen or (skip is not None and user.pk == getattr(skip, "pk", None)):
            continue
        seen.add(user.pk)
        notify(user, text, url)


def _mail(address: str, text: str, url: str) -> None:
    """Send one notification by e-mail; a mail server that fails never breaks the move."""
    base = getattr(settings, "DOINGOAI_SITE_URL", "").rstrip("/")
    link = f"{base}{url}" if base and url.startswith("/") else url
    try:
        send_mail(
            subject=f"[doingoai] {text[:120]}",
            message=f"{text}\n\n{link}".strip(),
            from_email=None,
            recipient_list=[address],
        )
    except Exception:  # noqa: BLE001 — the notification stays in the app
        logger.exception("notification e-mail to %s failed", address)


#: Each page's badge: kept per user while no notification has been written.
_kept_unread = Kept("unread-notifications", 60, most=1024)


def unread_count(user) -> int:  # noqa: ANN001
    return _kept_unread.get(
        (user.pk,),
        lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
        tables=(Notification._meta.db_table,),
    )


@login_required
def notification_list(request):  # noqa: ANN001, ANN201
    """The user's notifications, newest first; opening the page marks them read."""
    qs = Notification.objects.filter(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    unread = [n.pk for n in page.object_list if n.read_at is None]
    response = render(request, "core/notifications.html", {"page": page, "unread": set(unread)})
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response
