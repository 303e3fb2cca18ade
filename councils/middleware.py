"""Request-level protections that must run before any view reads the request."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Answer 413 for a request whose ``Content-Length`` is above the limit, before anything
    reads its body (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not cover file uploads).

    Two named limits: ``REFERATER_MAX_REQUEST_BYTES`` for logged-in staff (a referat and its
    bilag in one upload) and ``REFERATER_MAX_ANONYMOUS_REQUEST_BYTES`` for everyone else (the
    public site takes no uploads; the login form is tiny). The proxy in front should refuse
    the same size itself (nginx ``client_max_body_size``, see the README), which also covers
    chunked bodies without a ``Content-Length``.

    Placed after AuthenticationMiddleware: telling staff from anonymous reads the session
    cookie, never the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return HttpResponse(
                _("Ugyldig Content-Length."), status=400, content_type="text/plain; charset=utf-8"
            )
        if length > settings.REFERATER_MAX_ANONYMOUS_REQUEST_BYTES:
            user = getattr(request, "user", None)
            staff = bool(user is not None and user.is_authenticated and user.is_staff)
            limit = (
                settings.REFERATER_MAX_REQUEST_BYTES
                if staff
                else settings.REFERATER_MAX_ANONYMOUS_REQUEST_BYTES
            )
            if length > limit:
                return HttpResponse(
                    _(
                        "Forespørgslen er for stor (%(size)s bytes; grænsen er %(limit)s bytes). "
                        "Upload færre eller mindre filer ad gangen."
                    )
                    % {"size": length, "limit": limit},
                    status=413,
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind ``REFERATER_TRUSTED_PROXIES`` reverse proxies (each appending to
    X-Forwarded-For), the address the outermost trusted proxy saw; else REMOTE_ADDR. Never
    the left-most X-Forwarded-For entry, which the client writes itself.
    """
    proxies = settings.REFERATER_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
