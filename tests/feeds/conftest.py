"""The public archive of the page tests (a closed point, drafts) for feeds and calendars."""

from tests.views.conftest import client, danish, media_root, site  # noqa: F401
