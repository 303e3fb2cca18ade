import pytest

from tests.views.conftest import LanguageKeepingClient


@pytest.fixture
def client():
    """A request leaves its page's language active in the thread; this client restores
    Danish after each, so reverse() in a test keeps giving the Danish URLs."""
    return LanguageKeepingClient()


@pytest.fixture(autouse=True)
def danish():
    from django.utils import translation

    with translation.override("da"):
        yield
