"""What a subscription follows, read from a page's link (``?udvalg=<slug>``,
``?sag=<journal number>``, ``?soegning=<the /soeg/ query string>``) or from a confirmation
link, and always checked against the public querysets."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from ..models import Case, Council, Subscription
from ..models.alerts import MAX_SEARCH_QUERY_LENGTH

Kind = Subscription.Kind


@dataclass
class Target:
    kind: str
    council: Council | None = None
    case: Case | None = None
    query: str = ""

    @property
    def value(self) -> str:
        """What the confirmation link carries."""
        if self.kind == Kind.COUNCIL:
            return str(self.council.pk)
        if self.kind == Kind.CASE:
            return str(self.case.pk)
        return self.query

    @property
    def field(self) -> tuple[str, str]:
        """The subscribe page's parameter naming this target."""
        if self.kind == Kind.COUNCIL:
            return "udvalg", self.council.slug
        if self.kind == Kind.CASE:
            return "sag", self.case.number
        return "soegning", self.query

    @property
    def params(self) -> str:
        """The subscribe page's query string for this target."""
        return urlencode([self.field])

    def describe(self) -> str:
        return self.as_subscription().describe()

    def page_url(self) -> str:
        if self.kind == Kind.COUNCIL:
            return self.council.get_absolute_url()
        if self.kind == Kind.CASE:
            return self.case.get_absolute_url()
        return f"{reverse('councils:search')}?{self.query}"

    def as_subscription(self, **fields) -> Subscription:
        return Subscription(
            kind=self.kind,
            council=self.council,
            case=self.case,
            search_query=self.query,
            **fields,
        )

    def lookup(self) -> dict:
        """Fields that identify an existing subscription to this target."""
        if self.kind == Kind.COUNCIL:
            return {"kind": self.kind, "council": self.council}
        if self.kind == Kind.CASE:
            return {"kind": self.kind, "case": self.case}
        return {"kind": self.kind, "search_query": self.query}


def _search(query: str) -> Target | None:
    from ..views.search import follow_querystring, run_query

    if not query or len(query) > MAX_SEARCH_QUERY_LENGTH:
        return None
    params = QueryDict(query)
    if run_query(params).results is None:
        return None
    normalized = follow_querystring(params)
    if not normalized or len(normalized) > MAX_SEARCH_QUERY_LENGTH:
        return None
    return Target(Kind.SEARCH, query=normalized)


def from_params(params) -> Target | None:
    """The target named by a page's link (GET) or the subscribe form (POST)."""
    if params.get("udvalg"):
        council = Council.objects.public().filter(slug=params["udvalg"]).first()
        return Target(Kind.COUNCIL, council=council) if council else None
    if params.get("sag"):
        case = Case.objects.public().by_number(params["sag"]).order_by("pk").first()
        return Target(Kind.CASE, case=case) if case else None
    if params.get("soegning"):
        return _search(params["soegning"])
    return None


def from_confirmation(kind: str, value: str) -> Target | None:
    """The target a confirmation link carries, if it is still public."""
    if kind == Kind.COUNCIL and value.isdigit():
        council = Council.objects.public().filter(pk=int(value)).first()
        return Target(kind, council=council) if council else None
    if kind == Kind.CASE and value.isdigit():
        case = Case.objects.public().filter(pk=int(value)).first()
        return Target(kind, case=case) if case else None
    if kind == Kind.SEARCH:
        return _search(value)
    return None
