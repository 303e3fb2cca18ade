from django.conf import settings


def _sample_municipalities() -> list[str]:
    """Names of municipalities whose data is generated (``Municipality.is_sample``, set by
    ``manage.py sample_data``): every public page then says "Eksempeldata". One small query,
    made only when a template asks (base.html does, once per page)."""
    from .models import Municipality

    return list(Municipality.objects.filter(is_sample=True).values_list("name", flat=True))


def site(request):
    """Footer and page chrome values that every template may use."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_OWNER_NAME": settings.SITE_OWNER_NAME,
        "SITE_OWNER_EMAIL": settings.SITE_OWNER_EMAIL,
        "ACCESSIBILITY_STATEMENT_URL": settings.ACCESSIBILITY_STATEMENT_URL,
        "SAMPLE_MUNICIPALITIES": _sample_municipalities,  # called by the template, lazily
    }
