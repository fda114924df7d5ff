"""Settings of the server the harness starts: the app's own, plus the Django admin mounted
at /bench-admin/ (the yardstick for every list page; never in the product)."""

from doingoai.config.settings import *  # noqa: F403

# SimpleAdminConfig: no autodiscovery (leaflet's admin module would need GDAL)
INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin.apps.SimpleAdminConfig"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
AXES_ENABLED = False
TWO_FACTOR_ROLES = []
