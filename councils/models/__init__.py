"""The data model, as a package.

- ``archive``: Municipality, Council, CouncilAlias, SourceDocument, Meeting, Case, AgendaItem,
  Section, Attachment, PriorDecision, Absence.
- ``querysets``: every QuerySet of those models, and THE public rule (``….objects.public()``).
- ``workflow``: CouncilMembership, Upload, UploadedBilag, DecisionCorrection.
- ``search``: SearchDocument, the search index's table.
- ``alerts``: Subscription, AlertDelivery (e-mail alerts).
- ``people``: Person, PersonAlias, Ballot, Vote, Participation (the people in the minutes).
- ``harvest``: HarvestSource, HarvestRun, HarvestedMeeting (harvesting from portals).

Everything is re-exported here: ``from councils.models import Meeting``.
"""

from .alerts import AlertDelivery, Subscription
from .archive import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    CaseScheme,
    Council,
    CouncilAlias,
    Meeting,
    Municipality,
    PriorDecision,
    Section,
    SourceDocument,
    attachment_upload_to,
    normalize_council_name,
    source_upload_to,
)
from .harvest import HarvestedMeeting, HarvestRun, HarvestSource
from .people import Ballot, Participation, Person, PersonAlias, Vote
from .search import SearchDocument, SearchWord
from .workflow import (
    CouncilMembership,
    DecisionCorrection,
    Upload,
    UploadedBilag,
    upload_file_to,
    uploaded_bilag_to,
)

__all__ = [
    "Absence",
    "AgendaItem",
    "AlertDelivery",
    "Attachment",
    "Ballot",
    "Case",
    "CaseScheme",
    "Council",
    "CouncilAlias",
    "CouncilMembership",
    "DecisionCorrection",
    "HarvestRun",
    "HarvestSource",
    "HarvestedMeeting",
    "Meeting",
    "Municipality",
    "Participation",
    "Person",
    "PersonAlias",
    "PriorDecision",
    "SearchDocument",
    "SearchWord",
    "Section",
    "SourceDocument",
    "Subscription",
    "Upload",
    "UploadedBilag",
    "Vote",
    "attachment_upload_to",
    "normalize_council_name",
    "source_upload_to",
    "upload_file_to",
    "uploaded_bilag_to",
]
