"""Site-wide, language-independent URLs: robots.txt and the sitemap (index and sections)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from .sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
