from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Referater")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Open data: meetings' "modified" follows their points; alerts after a publish.
        from .alerts import admin as alert_admin  # noqa: F401
        from .alerts import signals as alert_signals  # noqa: F401
        from .feeds import freshness
        from .harvest import admin as harvest_admin  # noqa: F401  (harvest sources)

        # Persons, votes and participation rebuilt from decisions and absences.
        from .people import signals as people_signals  # noqa: F401
        from .search import admin, signals  # noqa: F401  (index admin; keeps index current)

        # Receivers of the staff workflow: baseline history after imports, "Rettet" records.
        from .staff import history  # noqa: F401

        freshness.connect()

        # Cached public pages: versions move on every change (councils/pagecache.py).
        from . import pagecache

        pagecache.connect()
