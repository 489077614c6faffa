"""The routing decision: rules R0-R5 of routing.md as one small, pure function.

Input is what the classifier and the conversation know (form, flags, reporter role, gemeente,
context tags); output is the ordered list of routes, each with a one-sentence Dutch reason
from ``content/routing/recipients.yml``. The function knows nothing of Rasa or a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.routing.policy import GemeenteConfig, Policy
from bot.vocab import (ARBEID, CRIM, FORMS, GEEN, ONDUIDELIJK, ORGAAN, ROLES, SEKS,
                       TRAFFICKING_FORMS)

CONTEXT_TAGS = frozenset({
    "loverboy", "unaccompanied_minor", "self_report", "domestic_violence", "child_abuse",
    "labour_law_only", "overcrowding", "smuggling", "licensed_business", "victim_contact",
    "coercion", "other_crime", "called_112",
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

    def __init__(self, policy: Policy, gemeente: GemeenteConfig | None,
                 forced_reasons: dict[str, str] | None = None) -> None:
        self.policy = policy
        self.gemeente = gemeente
        self.forced_reasons = forced_reasons or {}
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
        reason_key = self.forced_reasons.get(code, reason_key)
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


def _validate(form: str, role: str | None, context: frozenset[str]) -> None:
    if form not in FORMS:
        raise ValueError(f"onbekende vorm {form!r}; verwacht een van {sorted(FORMS)}")
    if role is not None and role not in ROLES:
        raise ValueError(f"onbekende rol {role!r}; verwacht een van {sorted(ROLES)} of None")
    unknown = set(context) - CONTEXT_TAGS
    if unknown:
        raise ValueError(f"onbekende context-tag(s) {sorted(unknown)}; bekend: {sorted(CONTEXT_TAGS)}")


@dataclass(frozen=True)
class Facts:
    """What the rules look at, worked out once from the inputs of :func:`decide`."""

    form: str
    acute: bool
    minor: bool
    context: frozenset[str]
    gemeente: GemeenteConfig | None
    victim: bool
    professional: bool
    af_key: str  # the aandachtsfunctionaris reason for this kind of professional

    @property
    def citizen(self) -> bool:
        return not self.victim and not self.professional


def r0_acute(f: Facts, b: _Builder) -> None:
    """112 first, before anything else."""
    if f.acute:
        # after "ik heb 112 gebeld" the route says so instead of telling to call again
        b.add("112", "called" if "called_112" in f.context else "default")


def r1_reporter_role(f: Facts, b: _Builder) -> None:
    if f.professional and f.gemeente is not None and (f.form != GEEN or "coercion" in f.context):
        b.add("aandachtsfunctionaris", f.af_key)
    if f.citizen and f.form in TRAFFICKING_FORMS:
        # A named route and the anonymous route, each with its trade-off in the reason.
        b.add("arbeidsinspectie" if f.form == ARBEID else "politie", "named")
        b.add("meld_misdaad_anoniem")
    if f.victim and f.form != GEEN:
        if f.form == SEKS or "loverboy" in f.context:
            b.add("fier", "victim")
        if f.form == ARBEID:
            b.add("fairwork", "victim")
        b.add("comensha", "victim")


def r2_minor(f: Facts, b: _Builder) -> None:
    """A person under 18 involved: Veilig Thuis and the police (routing.md R2), also in a
    violent home. Only a labour-law problem of a minor who is free to stop follows the regular
    route of R4 (brief.md, example 11). Nidos for an unaccompanied foreign minor."""
    if f.minor and not (f.form == GEEN and "labour_law_only" in f.context):
        b.add("veilig_thuis", "minor")
        b.add("politie", "minor")
    if f.minor and "unaccompanied_minor" in f.context:
        b.add("nidos")


def r3_by_form(f: Facts, b: _Builder) -> None:
    if f.form == SEKS:
        b.add("politie")
        if f.minor or "loverboy" in f.context:
            b.add("fier")
        if "licensed_business" in f.context:
            b.add("aandachtsfunctionaris", "licensed_business")
    elif f.form == ARBEID:
        b.add("arbeidsinspectie")
        b.add("politie")
        b.add("fairwork")
    elif f.form == CRIM:
        b.add("politie", "criminal")
    elif f.form == ORGAAN:
        b.add("politie")
        b.add("comensha", "organ")
    elif f.form == ONDUIDELIJK:
        if f.professional:
            b.add("aandachtsfunctionaris", f.af_key)
        elif f.victim:
            b.add("politie", "victim")
        else:
            b.add("politie")
            b.add("meld_misdaad_anoniem")
    if f.professional and "victim_contact" in f.context and f.form in TRAFFICKING_FORMS:
        b.add("comensha", "professional")
        b.add("zorgcoordinator")


def r4_not_trafficking(f: Facts, b: _Builder) -> None:
    """The regular route; never CoMensha (no rule adds it for geen_mensenhandel)."""
    if f.form != GEEN:
        return
    before = len(b.routes)
    if f.context & {"domestic_violence", "child_abuse"}:
        b.add("veilig_thuis", "minor" if f.minor and "child_abuse" in f.context else "default")
    if "labour_law_only" in f.context:
        b.add("arbeidsinspectie", "labour_law")
        b.add("juridisch_loket")
    if "overcrowding" in f.context:
        b.add("gemeente")
    if "licensed_business" in f.context:
        b.add("gemeente", "licensed_business")
    if "smuggling" in f.context:
        b.add("politie", "smuggling")
        b.add("kmar")
    if "other_crime" in f.context or len(b.routes) == before:
        b.add("politie", "other_crime")


def r5_unconfigured(f: Facts, b: _Builder) -> None:
    """No configured contact: the aandachtsfunctionaris route stays (with "vraag naar ...
    via 14 + netnummer", set in _Builder.add) and the national routes are always offered."""
    configured = f.gemeente is not None and f.gemeente.configured
    if "aandachtsfunctionaris" in b.routes and not configured:
        b.add("politie", "fallback")
        if f.form != GEEN:
            b.add("comensha", "fallback")


#: R0..R5 of routing.md, in order. Each rule only adds; the first rule that adds a code
#: decides its reason.
RULES = (r0_acute, r1_reporter_role, r2_minor, r3_by_form, r4_not_trafficking, r5_unconfigured)


def decide(form: str, *, acute: bool, minor: bool, policy: Policy, role: str | None = None,
           gemeente: str | None = None, context: frozenset[str] = frozenset()) -> RoutingDecision:
    """Apply R0..R5 in order; the route is their ordered union without duplicate codes.

    ``gemeente`` is a canonical name (see ``bot.intake.gemeenten``); an unknown name raises
    ``ValueError``. ``role=None`` or ``"burger"`` is treated as a citizen, unless
    ``self_report`` is in ``context`` (then as a possible victim).
    """
    context = frozenset(context)
    _validate(form, role, context)
    try:
        g = policy.gemeente(gemeente)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None
    # a citizen who writes about themself is a possible victim: help first (routing.md R1)
    victim = role == "slachtoffer" or (role in (None, "burger") and "self_report" in context)
    facts = Facts(form=form, acute=acute, minor=minor, context=context, gemeente=g, victim=victim,
                  professional=role in {"professional", "gemeente_medewerker"},
                  af_key="municipal_staff" if role == "gemeente_medewerker" else "professional")
    # Never pressure a victim: the police route is always "when you are ready".
    b = _Builder(policy, g, forced_reasons={"politie": "victim"} if victim else {})
    for rule in RULES:
        rule(facts, b)
    notes = [policy.notes["report_again"]] if form == GEEN else []
    return RoutingDecision(routes=list(b.routes.values()), notes=notes, ask_more=form == ONDUIDELIJK)


def decide_routes(form: str, *, acute: bool, minor: bool, policy: Policy, role: str | None = None,
                  gemeente: str | None = None, context: frozenset[str] = frozenset()) -> list[Route]:
    """The routes of :func:`decide` (see there); notes and ``ask_more`` are left out."""
    return decide(form, acute=acute, minor=minor, role=role, gemeente=gemeente,
                  context=context, policy=policy).routes
