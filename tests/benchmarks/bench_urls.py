"""The site's URLs plus ``/bench/bare/``: a Django view doing nothing (the ceiling of req/s
through the same middleware and gunicorn, measured beside the pages by ``make bench``)."""

from django.http import HttpResponse
from django.urls import path

from referater.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
