"""Notifications of the outbound workflow: each move tells the users it concerns (a request
to appraise, to decide; a send-back with its reason; a decision; the report's due date).

The texts are stored in the site's language (Vietnamese by default), whoever made the move."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from doingoai.core import notifications as core_notifications
from doingoai.core.notifications import notify_all
from doingoai.core.text import format_date


def agency_users(obj):  # noqa: ANN001, ANN201
    """The accounts of the agency the record belongs to."""
    return core_notifications.agency_users(obj.agency_id)


def _send(users, user, message: str, obj) -> None:  # noqa: ANN001
    notify_all(users, message, obj.get_absolute_url(), skip=user)


_say = core_notifications.in_site_language
specialists = core_notifications.specialists
leaders = core_notifications.leaders


def submitted(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        specialists(),
        user,
        _say(
            gettext_noop("New request to appraise: “%(title)s” from %(agency)s."),
            title=obj.title,
            agency=obj.agency,
        ),
        obj,
    )


def appraised(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        leaders(),
        user,
        _say(gettext_noop("“%(title)s” is appraised: waiting for the decision."), title=obj.title),
        obj,
    )


def sent_back(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        agency_users(obj),
        user,
        _say(
            gettext_noop("“%(title)s” was sent back for completion: %(reason)s"),
            title=obj.title,
            reason=comment,
        ),
        obj,
    )


def decided(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        agency_users(obj),
        user,
        _say(
            gettext_noop("“%(title)s” is decided: %(decision)s."),
            title=obj.title,
            decision=obj.decision,
        ),
        obj,
    )


def refused(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        agency_users(obj),
        user,
        _say(gettext_noop("“%(title)s” was refused: %(reason)s"), title=obj.title, reason=comment),
        obj,
    )


def report_due(obj, user, comment) -> None:  # noqa: ANN001
    _send(
        agency_users(obj),
        user,
        _say(
            gettext_noop("“%(title)s” is back: the post-trip report is due by %(date)s."),
            title=obj.title,
            date=format_date(obj.report_due),
        ),
        obj,
    )


def notify_overdue_reports(today=None) -> int:  # noqa: ANN001
    """Notify the agency of each returned trip whose report is overdue, once per trip."""
    from django.utils import timezone

    from doingoai.core.models import Notification
    from doingoai.delegations.models import OutboundDelegation

    today = today or timezone.localdate()
    count = 0
    overdue = OutboundDelegation.objects.filter(status="returned", report_due__lt=today)
    for obj in overdue.select_related("agency"):
        text = _say(
            gettext_noop("The post-trip report of “%(title)s” is overdue (due %(date)s)."),
            title=obj.title,
            date=format_date(obj.report_due),
        )
        users = [
            u
            for u in agency_users(obj)
            if not Notification.objects.filter(user=u, text=text).exists()
        ]
        if users:
            notify_all(users, text, obj.get_absolute_url())
            count += 1
    return count
