"""Personal data (issue 8): the access log is kept for the retention period and pruned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from doingoai.core.models import AccessLog, Person


@pytest.mark.django_db
def test_access_log_is_kept_for_the_retention_period_then_pruned(settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 12
    ct = ContentType.objects.get_for_model(Person)
    old = AccessLog.objects.create(content_type=ct, action="view")
    recent = AccessLog.objects.create(content_type=ct, action="view")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31 * 12 + 1))
    AccessLog.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=360))
    call_command("prune_access_log")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--months", "2")
