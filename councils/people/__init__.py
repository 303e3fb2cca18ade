"""The people in the minutes: who voted how, who took part, who was absent.

- ``parse.py``: votes and participation printed in a decision's text (pure, no Django);
- ``names.py``: how a printed name becomes a person's key (pure);
- ``link.py``: (re)builds persons, ballots, votes and participations of agenda points from
  their stored decisions and absences, in bulk;
- ``signals.py``: runs ``link`` on ``meetings_imported`` and on saves of points and absences
  (connected in ``CouncilsConfig.ready``).

Only what the minutes print: no person data from elsewhere, no guessing who a group is.
"""
