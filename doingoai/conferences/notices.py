"""Notifications of the conference workflow: a request filed (to the department's
specialists), appraised (to the leaders), sent back, permitted or refused (to the agency).

The texts are stored in the site's language (Vietnamese by default), whoever made the move."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from doingoai.core import notifications as core_notifications
from doingoai.core.notifications import notify_all


def agency_users(obj):  # noqa: ANN001, ANN201
    """The accounts of the agency the record belongs to."""
    return core_notifications.agency_users(obj.organiser_id)


_say = core_notifications.in_site_language
specialists = core_notifications.specialists
leaders = core_notifications.leaders


#: The messages, marked for the catalogue and translated when sent (``_say``).
FILED = gettext_noop("Conference request to appraise: “%(title)s”.")
APPRAISED = gettext_noop("Conference request appraised, waiting for the permit: “%(title)s”.")
SENT_BACK = gettext_noop("Your request “%(title)s” was sent back: %(reason)s")
PERMITTED = gettext_noop("Your request “%(title)s” is permitted (%(permit)s).")
REFUSED = gettext_noop("Your request “%(title)s” is refused: %(reason)s")


def filed(obj, user, comment) -> None:  # noqa: ANN001
    notify_all(specialists(), _say(FILED, title=obj.title), obj.get_absolute_url(), skip=user)


def appraised(obj, user, comment) -> None:  # noqa: ANN001
    notify_all(leaders(), _say(APPRAISED, title=obj.title), obj.get_absolute_url(), skip=user)


def sent_back(obj, user, comment) -> None:  # noqa: ANN001
    text = _say(SENT_BACK, title=obj.title, reason=comment)
    notify_all(agency_users(obj), text, obj.get_absolute_url(), skip=user)


def permitted(obj, user, comment) -> None:  # noqa: ANN001
    text = _say(PERMITTED, title=obj.title, permit=obj.permit)
    notify_all(agency_users(obj), text, obj.get_absolute_url(), skip=user)


def refused(obj, user, comment) -> None:  # noqa: ANN001
    text = _say(REFUSED, title=obj.title, reason=comment)
    notify_all(agency_users(obj), text, obj.get_absolute_url(), skip=user)
