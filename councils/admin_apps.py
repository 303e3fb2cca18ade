"""The admin app with our site as ``admin.site`` (see councils/admin_site.py).

Listed in INSTALLED_APPS instead of ``django.contrib.admin``; kept apart from councils/apps.py
so Django finds exactly one app config in each module.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "councils.admin_site.StaffAdminSite"
