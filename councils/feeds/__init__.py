"""Ways to follow the archive without visiting it, all built on the public querysets:

- ``syndication``: Atom and RSS 2.0 feeds (django.contrib.syndication);
- ``calendar``: iCalendar files of meetings (the ``icalendar`` library);
- ``sitemaps``: sitemap.xml (django.contrib.sitemaps) and robots.txt;
- ``freshness``: keeps ``Meeting.updated_at`` the time of the last change of anything shown on
  the meeting's page (its points, sections, bilag, decisions of other committees, absences),
  which feeds, calendars, the sitemap and the OParl API report as "modified".
"""
