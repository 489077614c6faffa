"""The routing decision: rules R0-R5 of routing.md as one small, pure function.

Input is what the classifier and the conversation know (form, flags, reporter role, gemeente,
context tags); output is the ordered list of routes, each with a one-sentence Dutch reason
from ``data/routing/recipients.yml``. The function knows nothing of Rasa or a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.routing.policy import GemeenteConfig, Policy, default_policy

SEKS = "seksuele_uitbuiting"
ARBEID = "arbeidsuitbuiting"
CRIM = "criminele_uitbuiting"
ORGAAN = "orgaanverwijdering"
GEEN = "geen_mensenhandel"
ONDUIDELIJK = "onduidelijk"

TRAFFICKING_FORMS = frozenset({SEKS, ARBEID, CRIM, ORGAAN})
FORMS = TRAFFICKING_FORMS | {GEEN, ONDUIDELIJK}
ROLES = frozenset({"burger", "professional", "gemeente_medewerker", "slachtoffer"})
CONTEXT_TAGS = frozenset({
    "loverboy", "unaccompanied_minor", "self_report", "domestic_violence", "child_abuse",
    "labour_law_only", "overcrowding", "smuggling", "licensed_business", "victim_contact",
    "coercion", "other_crime",
})


@dataclass(frozen=True)
class Route:
    """One recipient to show (and maybe deliver to), with the reason in Dutch (B1)."""

    code: str
    reason: str
    contact: dict = field(default_factory=dict)
    deliverable: bool = False
    name: str = ""


@dataclass(frozen=True)
class RoutingDecision:
    routes: list[Route]
    #: Sentences for the advice as a whole (R4: "meld dan opnieuw").
    notes: list[str] = field(default_factory=list)
    #: R3 onduidelijk: ask more first; ``routes`` is what to offer if the reporter stops.
    ask_more: bool = False

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.routes]


class _Builder:
    """Ordered union of routes: the first rule that adds a code decides its reason."""

    def __init__(self, policy: Policy, gemeente: GemeenteConfig | None) -> None:
        self.policy = policy
        self.gemeente = gemeente
        self.routes: dict[str, Route] = {}

    def _reason(self, code: str, key: str) -> str:
        reasons = self.policy.recipients[code].reasons
        if self.gemeente is None and f"{key}_unknown" in reasons:
            key = f"{key}_unknown"
        text = reasons.get(key, reasons["default"])
        return text.format(gemeente=self.gemeente.name if self.gemeente else "")

    def add(self, code: str, reason_key: str = "default") -> None:
        if code in self.routes:
            return
        recipient = self.policy.recipients[code]
        contact, deliverable = recipient.contact(), False
        g = self.gemeente
        if code == "aandachtsfunctionaris":
            af = g.aandachtsfunctionaris if g is not None and g.configured else None
            if af is None:  # R5: no configured contact
                reason_key = "unconfigured"
                contact = {}
            else:
                contact, deliverable = af.contact(), af.deliverable
        elif code in {"gemeente", "zorgcoordinator"} and g is not None:
            partner = next((p for p in g.partners if p.code == code), None)
            if partner is not None:
                contact, deliverable = partner.contact(), partner.deliverable
            elif code == "gemeente" and g.meldpunt:
                contact = dict(g.meldpunt)
        self.routes[code] = Route(code=code, reason=self._reason(code, reason_key),
                                  contact=contact, deliverable=deliverable, name=recipient.name)

    def override_reason(self, code: str, reason_key: str) -> None:
        route = self.routes.get(code)
        if route is not None:
            self.routes[code] = Route(code=code, reason=self._reason(code, reason_key),
                                      contact=route.contact, deliverable=route.deliverable,
                                      name=route.name)

    def remove(self, code: str) -> None:
        self.routes.pop(code, None)


def _validate(form: str, role: str | None, context: frozenset[str]) -> None:
    if form not in FORMS:
        raise ValueError(f"onbekende vorm {form!r}; verwacht een van {sorted(FORMS)}")
    if role is not None and role not in ROLES:
        raise ValueError(f"onbekende rol {role!r}; verwacht een van {sorted(ROLES)} of None")
    unknown = set(context) - CONTEXT_TAGS
    if unknown:
        raise ValueError(f"onbekende context-tag(s) {sorted(unknown)}; bekend: {sorted(CONTEXT_TAGS)}")


def decide(form: str, *, acute: bool, minor: bool, role: str | None = None,
           gemeente: str | None = None, context: frozenset[str] = frozenset(),
           policy: Policy | None = None) -> RoutingDecision:
    """Apply R0..R5 in order; the route is their ordered union without duplicate codes.

    ``gemeente`` is a canonical name (see ``bot.gemeenten.resolve``); an unknown name raises
    ``ValueError``. ``role=None`` is treated as a citizen, unless ``self_report`` is in
    ``context`` (then as a possible victim).
    """
    context = frozenset(context)
    _validate(form, role, context)
    policy = policy or default_policy()
    try:
        g = policy.gemeente(gemeente)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None

    victim = role == "slachtoffer" or (role is None and "self_report" in context)
    professional = role in {"professional", "gemeente_medewerker"}
    af_key = "municipal_staff" if role == "gemeente_medewerker" else "professional"
    citizen = not victim and not professional
    b = _Builder(policy, g)
    notes: list[str] = []
    ask_more = False

    # R0 acute: 112 first, before anything else.
    if acute:
        b.add("112")

    # R1 reporter role.
    if professional and g is not None and (form != GEEN or "coercion" in context):
        b.add("aandachtsfunctionaris", af_key)
    if citizen and form in TRAFFICKING_FORMS:
        # A named route and the anonymous route, each with its trade-off in the reason.
        b.add("arbeidsinspectie" if form == ARBEID else "politie", "named")
        b.add("meld_misdaad_anoniem")
    if victim and form != GEEN:
        if form == SEKS or "loverboy" in context:
            b.add("fier", "victim")
        if form == ARBEID:
            b.add("fairwork", "victim")
        b.add("comensha", "victim")

    # R2 minor (a possible victim of trafficking). For geen_mensenhandel the regular route
    # of R4 applies (child abuse -> Veilig Thuis); Nidos is always added for an
    # unaccompanied foreign minor.
    if minor and form != GEEN:
        b.add("veilig_thuis", "minor")
        b.add("politie", "minor")
    if minor and "unaccompanied_minor" in context:
        b.add("nidos")

    # R3 by form.
    care_route = professional and "victim_contact" in context
    if form == SEKS:
        b.add("politie")
        if minor or "loverboy" in context:
            b.add("fier")
        if "licensed_business" in context:
            b.add("aandachtsfunctionaris", "licensed_business")
    elif form == ARBEID:
        b.add("arbeidsinspectie")
        b.add("politie")
        b.add("fairwork")
    elif form == CRIM:
        b.add("politie", "criminal")
    elif form == ORGAAN:
        b.add("politie")
        b.add("comensha", "organ")
    elif form == ONDUIDELIJK:
        ask_more = True
        if professional:
            b.add("aandachtsfunctionaris", af_key)
        elif victim:
            b.add("politie", "victim")
        else:
            b.add("politie")
            b.add("meld_misdaad_anoniem")
    if care_route and form in TRAFFICKING_FORMS:
        b.add("comensha", "professional")
        b.add("zorgcoordinator")

    # R4 not trafficking: the regular route, never CoMensha, and "meld dan opnieuw".
    if form == GEEN:
        before = len(b.routes)
        if context & {"domestic_violence", "child_abuse"}:
            b.add("veilig_thuis", "minor" if minor and "child_abuse" in context else "default")
        if "labour_law_only" in context:
            b.add("arbeidsinspectie", "labour_law")
            b.add("juridisch_loket")
        if "overcrowding" in context:
            b.add("gemeente")
        if "licensed_business" in context:
            b.add("gemeente", "licensed_business")
        if "smuggling" in context:
            b.add("politie", "smuggling")
            b.add("kmar")
        if "other_crime" in context or len(b.routes) == before:
            b.add("politie", "other_crime")
        b.remove("comensha")
        notes.append(policy.notes["report_again"])

    # R5 no configured contact: the aandachtsfunctionaris route stays (with "vraag naar ...
    # via 14 + netnummer", set in _Builder.add) and the national routes are always offered.
    af = b.routes.get("aandachtsfunctionaris")
    if af is not None and not (g is not None and g.configured):
        b.add("politie", "fallback")
        if form != GEEN:
            b.add("comensha", "fallback")

    if form == ORGAAN:
        b.remove("arbeidsinspectie")
    if victim:
        b.override_reason("politie", "victim")  # never pressure: police when they are ready
    return RoutingDecision(routes=list(b.routes.values()), notes=notes, ask_more=ask_more)


def decide_routes(form: str, *, acute: bool, minor: bool, role: str | None = None,
                  gemeente: str | None = None, context: frozenset[str] = frozenset(),
                  policy: Policy | None = None) -> list[Route]:
    """The routes of :func:`decide` (see there); notes and ``ask_more`` are left out."""
    return decide(form, acute=acute, minor=minor, role=role, gemeente=gemeente,
                  context=context, policy=policy).routes
