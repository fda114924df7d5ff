"""Notifications of the conference workflow: a request filed (to the department's
specialists), appraised (to the leaders), sent back, permitted or refused (to the agency).

The texts are stored in the site's language (Vietnamese by default), whoever made the move."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from doingoai.core import roles as R
from doingoai.core.notifications import notify_all


def _users():  # noqa: ANN202
    from doingoai.core.models import User

    return User.objects.filter(is_active=True)


def agency_users(obj):  # noqa: ANN001, ANN201
    return (
        _users()
        .filter(organisation_id=obj.organiser_id, groups__name=R.GROUP_NAMES[R.AGENCY])
        .distinct()
    )


def specialists():  # noqa: ANN201
    return (
        _users()
        .filter(
            Q(groups__name=R.GROUP_NAMES[R.SPECIALIST])
            | Q(groups__name__startswith=R.SPECIALIST_AREA_PREFIX)
        )
        .distinct()
    )


def leaders():  # noqa: ANN201
    return _users().filter(groups__name=R.GROUP_NAMES[R.LEADER]).distinct()


def _say(text: str, **values: object) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(text) % values


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
