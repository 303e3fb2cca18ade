"""A read-only OParl 1.1 API (https://oparl.org) under ``/oparl/v1.1/``.

``serializers.py`` turns public rows into OParl objects, ``views.py`` serves them and their
paginated lists, ``urls.py`` names the URLs (which are the objects' ids). Everything is read
through the public querysets: drafts do not exist here and a closed point is an AgendaItem
with ``"public": false`` and nothing but its number, position and meeting.
"""
