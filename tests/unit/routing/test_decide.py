"""Every rule of routing.md (R0-R5) on the real policy files in content/routing/."""
from __future__ import annotations

import pytest

from bot.routing import FORMS, TRAFFICKING_FORMS, Route
from tests.support import POLICY, decide, decide_routes


def default_policy():
    return POLICY


def codes(form, **kw):
    return [r.code for r in decide_routes(form, **kw)]


# ---------------------------------------------------------------- R0 acute
@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("role", [None, "burger", "professional", "gemeente_medewerker", "slachtoffer"])
def test_r0_acute_puts_112_first_for_every_form_and_role(form, role):
    routes = decide_routes(form, acute=True, minor=False, role=role, gemeente="Utrecht")
    assert routes[0].code == "112"
    assert routes[0].contact == {"phone": "112"}
    assert [r.code for r in routes].count("112") == 1


def test_r0_after_112_was_called_the_route_says_so():
    first = decide_routes("seksuele_uitbuiting", acute=True, minor=True, role="burger",
                          context=frozenset({"called_112"}))[0]
    assert first.code == "112" and first.reason.startswith("Je hebt 112 al gebeld.")
    plain = decide_routes("seksuele_uitbuiting", acute=True, minor=True, role="burger")[0]
    assert "bel eerst 112" in plain.reason


def test_no_112_without_acute():
    assert "112" not in codes("seksuele_uitbuiting", acute=False, minor=True, role="burger")


# ---------------------------------------------------------------- R1 role
def test_r1_municipal_staff_get_their_aandachtsfunctionaris_first():
    routes = decide_routes("arbeidsuitbuiting", acute=False, minor=False,
                           role="gemeente_medewerker", gemeente="Utrecht")
    af = routes[0]
    assert af.code == "aandachtsfunctionaris"
    assert af.deliverable is True
    assert af.contact["email"] == "aandachtsfunctionaris@utrecht.example"
    assert "medewerker van gemeente Utrecht" in af.reason


def test_r1_other_professional_gets_consultation_route_beside_meldcode():
    af = decide_routes("criminele_uitbuiting", acute=False, minor=False, role="professional",
                       gemeente="Arnhem")[0]
    assert af.code == "aandachtsfunctionaris"
    assert "meldcode" in af.reason and "Arnhem" in af.reason


def test_r1_professional_without_gemeente_gets_no_aandachtsfunctionaris():
    assert "aandachtsfunctionaris" not in codes("criminele_uitbuiting", acute=False, minor=False,
                                               role="professional")


def test_r1_professional_not_for_geen_mensenhandel_without_coercion():
    kw = dict(acute=False, minor=False, role="professional", gemeente="Utrecht")
    assert "aandachtsfunctionaris" not in codes("geen_mensenhandel", context=frozenset({"overcrowding"}), **kw)
    with_coercion = codes("geen_mensenhandel", context=frozenset({"overcrowding", "coercion"}), **kw)
    assert with_coercion[0] == "aandachtsfunctionaris"


@pytest.mark.parametrize("form", sorted(TRAFFICKING_FORMS))
@pytest.mark.parametrize("role", ["burger", None])
def test_r1_citizen_always_gets_named_and_anonymous_route(form, role):
    routes = decide_routes(form, acute=False, minor=False, role=role)
    got = [r.code for r in routes]
    assert "meld_misdaad_anoniem" in got
    named = "arbeidsinspectie" if form == "arbeidsuitbuiting" else "politie"
    assert got.index(named) < got.index("meld_misdaad_anoniem")
    mma = next(r for r in routes if r.code == "meld_misdaad_anoniem")
    # The trade-off is explained: no feedback, no witness role.
    assert "niets terug" in mma.reason and "getuige" in mma.reason


@pytest.mark.parametrize("form,helper", [("seksuele_uitbuiting", "fier"), ("arbeidsuitbuiting", "fairwork"),
                                         ("criminele_uitbuiting", "comensha"), ("orgaanverwijdering", "comensha")])
def test_r1_victim_gets_help_first_and_police_without_pressure(form, helper):
    routes = decide_routes(form, acute=False, minor=False, role="slachtoffer")
    got = [r.code for r in routes]
    assert got[0] == helper
    assert "comensha" in got
    assert got.index("comensha") < got.index("politie")
    police = next(r for r in routes if r.code == "politie")
    assert "klaar voor" in police.reason  # police when they are ready
    assert "meld_misdaad_anoniem" not in got


def test_r1_self_report_context_counts_as_victim_when_role_unknown():
    got = codes("seksuele_uitbuiting", acute=False, minor=False, context=frozenset({"self_report"}))
    assert got[0] == "fier"


# ---------------------------------------------------------------- R2 minor
@pytest.mark.parametrize("form", sorted(TRAFFICKING_FORMS | {"onduidelijk"}))
def test_r2_minor_adds_veilig_thuis_and_police(form):
    got = codes(form, acute=False, minor=True, role="burger")
    assert {"veilig_thuis", "politie"} <= set(got)
    assert "nidos" not in got


def test_r2_unaccompanied_foreign_minor_also_nidos():
    got = codes("criminele_uitbuiting", acute=False, minor=True, role="professional",
                gemeente="Emmen", context=frozenset({"unaccompanied_minor"}))
    assert {"veilig_thuis", "politie", "nidos"} <= set(got)


def test_r2_child_used_for_crime_is_described_as_victim():
    routes = decide_routes("criminele_uitbuiting", acute=False, minor=True, role="burger")
    text = " ".join(r.reason for r in routes).lower()
    for word in ("dader", "crimineel", "verdachte"):
        assert word not in text
    crim = decide_routes("criminele_uitbuiting", acute=False, minor=False, role="professional")
    assert "slachtoffer" in next(r.reason for r in crim if r.code == "politie")


# ---------------------------------------------------------------- R3 by form
def test_r3_sexual_exploitation_police_and_fier_for_young_or_loverboy():
    assert "politie" in codes("seksuele_uitbuiting", acute=False, minor=False, role="professional")
    assert "fier" not in codes("seksuele_uitbuiting", acute=False, minor=False, role="burger")
    assert "fier" in codes("seksuele_uitbuiting", acute=False, minor=True, role="burger")
    assert "fier" in codes("seksuele_uitbuiting", acute=False, minor=False, role="burger",
                           context=frozenset({"loverboy"}))


def test_r3_sexual_exploitation_professional_in_contact_with_victim_gets_care_routes():
    got = codes("seksuele_uitbuiting", acute=False, minor=False, role="professional",
                gemeente="Arnhem", context=frozenset({"victim_contact"}))
    assert {"comensha", "zorgcoordinator"} <= set(got)
    assert "zorgcoordinator" not in codes("seksuele_uitbuiting", acute=False, minor=False, role="burger",
                                          context=frozenset({"victim_contact"}))


def test_r3_partner_mailbox_makes_zorgcoordinator_deliverable():
    routes = decide_routes("seksuele_uitbuiting", acute=False, minor=False, role="professional",
                           gemeente="Arnhem", context=frozenset({"victim_contact"}))
    zc = next(r for r in routes if r.code == "zorgcoordinator")
    assert zc.deliverable and zc.contact["email"].endswith(".example")


def test_r3_labour_exploitation_requires_arbeidsinspectie_police_fairwork():
    got = codes("arbeidsuitbuiting", acute=False, minor=False, role="professional", gemeente="Utrecht")
    assert {"arbeidsinspectie", "politie", "fairwork"} <= set(got)
    assert got.index("arbeidsinspectie") < got.index("politie")


def test_r3_criminal_exploitation_police():
    assert codes("criminele_uitbuiting", acute=False, minor=False, role="burger")[0] == "politie"


@pytest.mark.parametrize("role", [None, "burger", "professional", "slachtoffer"])
def test_r3_organ_removal_police_and_comensha_never_arbeidsinspectie(role):
    got = codes("orgaanverwijdering", acute=False, minor=False, role=role, gemeente="Utrecht",
                context=frozenset({"labour_law_only"}))
    assert {"politie", "comensha"} <= set(got)
    assert "arbeidsinspectie" not in got


def test_r3_unclear_asks_more_then_professional_to_aandachtsfunctionaris():
    d = decide("onduidelijk", acute=False, minor=False, role="professional", gemeente="Vlaardingen")
    assert d.ask_more is True
    assert d.codes == ["aandachtsfunctionaris"]


def test_r3_unclear_citizen_police_and_anonymous():
    d = decide("onduidelijk", acute=False, minor=False, role="burger", gemeente="Vlaardingen")
    assert d.ask_more and d.codes == ["politie", "meld_misdaad_anoniem"]


def test_known_forms_do_not_ask_more():
    assert decide("arbeidsuitbuiting", acute=False, minor=False).ask_more is False


# ---------------------------------------------------------------- R4 not trafficking
@pytest.mark.parametrize("tags,expected", [
    ({"domestic_violence"}, ["veilig_thuis"]),
    ({"child_abuse"}, ["veilig_thuis"]),
    ({"labour_law_only"}, ["arbeidsinspectie", "juridisch_loket"]),
    ({"overcrowding"}, ["gemeente"]),
    ({"smuggling"}, ["politie", "kmar"]),
    ({"other_crime"}, ["politie"]),
])
def test_r4_regular_route_and_report_again_note(tags, expected):
    d = decide("geen_mensenhandel", acute=False, minor=False, role="burger", gemeente="Eindhoven",
               context=frozenset(tags))
    assert d.codes == expected
    assert len(d.notes) == 1 and "meld dan opnieuw" in d.notes[0]
    assert "papieren afgepakt" in d.notes[0]


@pytest.mark.parametrize("role", [None, "burger", "professional", "gemeente_medewerker", "slachtoffer"])
def test_r4_never_comensha(role):
    for minor in (True, False):
        got = codes("geen_mensenhandel", acute=False, minor=minor, role=role, gemeente="Aalten",
                    context=frozenset({"coercion", "victim_contact", "domestic_violence"}))
        assert "comensha" not in got


def test_r4_minor_in_labour_law_case_follows_regular_route():
    # Brief example #11: 17-year-old underpaid but free to stop -> Arbeidsinspectie, Juridisch Loket.
    got = codes("geen_mensenhandel", acute=False, minor=True, role="burger",
                context=frozenset({"labour_law_only"}))
    assert got == ["arbeidsinspectie", "juridisch_loket"]


def test_r4_overcrowding_uses_configured_meldpunt_of_gemeente():
    route = decide_routes("geen_mensenhandel", acute=False, minor=False, role="burger",
                          gemeente="Eindhoven", context=frozenset({"overcrowding"}))[0]
    assert route.code == "gemeente" and route.contact["url"].startswith("https://www.eindhoven.example")
    assert "Eindhoven" in route.reason


def test_r4_without_any_tag_still_gives_a_route():
    d = decide("geen_mensenhandel", acute=False, minor=False)
    assert d.codes == ["politie"] and d.notes


def test_trafficking_forms_have_no_report_again_note():
    assert decide("seksuele_uitbuiting", acute=False, minor=False).notes == []


# ---------------------------------------------------------------- R5 unconfigured gemeente
def test_r5_unconfigured_gemeente_names_the_route_and_offers_national_routes():
    routes = decide_routes("arbeidsuitbuiting", acute=False, minor=False, role="gemeente_medewerker",
                           gemeente="Aalten")
    af = routes[0]
    assert af.code == "aandachtsfunctionaris"
    assert af.reason.startswith("Vraag naar de aandachtsfunctionaris mensenhandel van gemeente Aalten "
                                "(via 14 + netnummer).")
    assert "Bel daarvoor 14 en dan het netnummer" in af.reason  # how to dial it, for anyone
    assert af.deliverable is False and af.contact == {}
    got = [r.code for r in routes]
    assert {"politie", "comensha", "arbeidsinspectie"} <= set(got)


def test_r5_unclear_professional_unconfigured_still_gets_national_routes():
    d = decide("onduidelijk", acute=False, minor=False, role="professional", gemeente="'s-Hertogenbosch")
    assert d.codes[0] == "aandachtsfunctionaris"
    assert "'s-Hertogenbosch" in d.routes[0].reason
    assert {"politie", "comensha"} <= set(d.codes)


def test_r5_configured_with_phone_only_is_shown_but_not_deliverable():
    af = decide_routes("onduidelijk", acute=False, minor=False, role="gemeente_medewerker", gemeente="Emmen")[0]
    assert af.code == "aandachtsfunctionaris" and af.deliverable is False
    assert af.contact["phone"] and "email" not in af.contact


def test_unclear_professional_without_gemeente_asks_own_gemeente():
    d = decide("onduidelijk", acute=False, minor=False, role="professional")
    assert d.routes[0].reason.startswith("Vraag bij je gemeente")


# ---------------------------------------------------------------- general properties
@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("acute", [True, False])
@pytest.mark.parametrize("minor", [True, False])
@pytest.mark.parametrize("role", [None, "burger", "professional", "gemeente_medewerker", "slachtoffer"])
def test_every_route_is_unique_has_a_sentence_and_only_local_ones_are_deliverable(form, acute, minor, role):
    routes = decide_routes(form, acute=acute, minor=minor, role=role, gemeente="Arnhem",
                           context=frozenset({"victim_contact", "unaccompanied_minor"}))
    got = [r.code for r in routes]
    assert routes and len(got) == len(set(got))
    for r in routes:
        assert isinstance(r, Route)
        assert r.reason.endswith(".") and "{" not in r.reason and r.reason.count(". ") == 0
        assert r.name
        if r.deliverable:
            assert r.code in {"aandachtsfunctionaris", "zorgcoordinator", "gemeente"}


def test_gemeente_name_is_matched_case_insensitively_and_unknown_is_an_error():
    assert codes("onduidelijk", acute=False, minor=False, role="professional", gemeente="utrecht")
    with pytest.raises(ValueError, match="onbekende gemeente"):
        decide_routes("onduidelijk", acute=False, minor=False, gemeente="Atlantis")


@pytest.mark.parametrize("kw,match", [
    (dict(form="mensenroof"), "onbekende vorm"),
    (dict(role="buurman"), "onbekende rol"),
    (dict(context=frozenset({"drugs"})), "context-tag"),
])
def test_bad_input_is_rejected(kw, match):
    args = dict(form="onduidelijk", acute=False, minor=False) | kw
    form = args.pop("form")
    with pytest.raises(ValueError, match=match):
        decide_routes(form, **args)


def test_every_gemeente_has_an_entry_and_examples_are_fictional():
    policy = default_policy()
    assert len(policy.gemeenten) == 345
    configured = [g for g in policy.gemeenten.values() if g.configured]
    assert 3 <= len(configured) < 20
    for g in configured:
        box = g.aandachtsfunctionaris
        assert box.email is None or box.email.endswith(".example")
        assert "fictief" in box.name
