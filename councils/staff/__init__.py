"""The staff workflow: secretaries upload → preview → publish; editors correct with history.

Every file goes through the intake (``councils.files``) first.

access.py       who may do what for which council (groups Sekretær and Redaktør)
serialize.py    ParsedMeeting <-> JSON kept on the Upload; a published Meeting as the same JSON
diff.py         published meeting vs. new draft: points added/removed/changed, conflicts
bilag.py        bilag files matched to bilag titles by name, their text extracted
history.py      baseline history for imported rows, decision corrections ("Rettet")
The workflow's steps, one module each:
intake.py       an upload is stored and read into a draft by a task (tasks.py), each file in a
                child process within time and memory limits (sandbox.py)
preview/        the draft as the public will see it (render.py: the public templates' objects),
                its warnings worked out again from the fixed draft (warnings.py), the
                secretary's fixes (draft.py: update_draft, conflicts_for)
publish.py      publish (one transaction, the meeting updated in place) or discard
forms.py, views.py   the pages, in the admin's look
"""
