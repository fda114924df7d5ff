"""The overseas-Vietnamese database: persons, associations, investments, visits and events."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _consent_changed(sender, instance, **kwargs) -> None:  # noqa: ANN001, ANN003
    from doingoai.diaspora.services import sync_contact_consent

    sync_contact_consent(instance.person_id)


class DiasporaConfig(AppConfig):
    name = "doingoai.diaspora"
    label = "diaspora"
    verbose_name = _("Overseas Vietnamese")

    def ready(self) -> None:
        from doingoai.diaspora import demo, records, reports, stress, tasks  # noqa: F401
        from doingoai.diaspora.models import Consent

        records.register()
        reports.register()
        tasks.register()
        stress.register()
        post_save.connect(_consent_changed, sender=Consent, dispatch_uid="diaspora-consent-save")
        post_delete.connect(
            _consent_changed, sender=Consent, dispatch_uid="diaspora-consent-delete"
        )
