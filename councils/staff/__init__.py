"""The staff workflow: secretaries upload → preview → publish; editors correct with history.

Every file goes through the intake (``councils.files``) first.

access.py       who may do what for which council (groups Sekretær and Redaktør)
serialize.py    ParsedMeeting <-> JSON kept on the Upload; a published Meeting as the same JSON
diff.py         published meeting vs. new draft: points added/removed/changed, conflicts
bilag.py        bilag files matched to bilag titles by name, their text extracted
history.py      baseline history for imported rows, decision corrections ("Rettet")
services.py     receive an upload, fix the draft, publish (one transaction), discard
forms.py, views.py   the pages, in the admin's look
"""
