from django.conf import settings


def site(request):
    """Footer and page chrome values that every template may use."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_OWNER_NAME": settings.SITE_OWNER_NAME,
        "SITE_OWNER_EMAIL": settings.SITE_OWNER_EMAIL,
        "ACCESSIBILITY_STATEMENT_URL": settings.ACCESSIBILITY_STATEMENT_URL,
    }
