"""Partners app: foreign partners, international agreements and the anniversary register."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, **kwargs) -> None:  # noqa: ANN001, ANN003
    from doingoai.partners.demo import install_reference_events

    install_reference_events()


class PartnersConfig(AppConfig):
    name = "doingoai.partners"
    label = "partners"
    verbose_name = _("Partners and agreements")

    def ready(self) -> None:
        from doingoai.partners import demo, records, reports, rules, stress, tasks  # noqa: F401

        records.register()
        reports.register()
        tasks.register()
        stress.register()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="doingoai-partners-events")
