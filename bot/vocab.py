"""The closed vocabularies every part shares: forms, roles, recipient codes, "onbekend".

One definition each. Words shown to users live in `content/`; these are the keys.
"""
from __future__ import annotations

#: A value the user said they do not know, or never gave.
UNKNOWN = "onbekend"

# Forms of routing.md, in a fixed order (scores, reports, benchmarks).
SEKS = "seksuele_uitbuiting"
ARBEID = "arbeidsuitbuiting"
CRIM = "criminele_uitbuiting"
ORGAAN = "orgaanverwijdering"
GEEN = "geen_mensenhandel"
ONDUIDELIJK = "onduidelijk"
TRAFFICKING_FORMS_ORDERED = (SEKS, ARBEID, CRIM, ORGAAN)
TRAFFICKING_FORMS = frozenset(TRAFFICKING_FORMS_ORDERED)
LABELS = TRAFFICKING_FORMS_ORDERED + (GEEN, ONDUIDELIJK)
FORMS = frozenset(LABELS)

#: How a form reads in a text for a receiver or meldpunt.
FORM_TEXT = {
    SEKS: "seksuele uitbuiting",
    ARBEID: "arbeidsuitbuiting",
    CRIM: "criminele uitbuiting",
    ORGAAN: "gedwongen orgaanverwijdering",
    GEEN: "geen mensenhandel (een ander probleem)",
    ONDUIDELIJK: "nog onduidelijk",
}

# Reporter roles.
BURGER = "burger"
PROFESSIONAL = "professional"
GEMEENTE_MEDEWERKER = "gemeente_medewerker"
SLACHTOFFER = "slachtoffer"
ROLES = frozenset({BURGER, PROFESSIONAL, GEMEENTE_MEDEWERKER, SLACHTOFFER})
#: How a role reads for a receiver. (The user sees their own role worded for them, from
#: `role_labels` in content/intake.yml: "het gaat over jezelf".)
ROLE_TEXT = {
    BURGER: "burger",
    PROFESSIONAL: "professional",
    GEMEENTE_MEDEWERKER: "medewerker van of voor de gemeente",
    SLACHTOFFER: "(mogelijk) slachtoffer zelf",
}

#: Recipient codes of routing.md, in the order of its table.
RECIPIENT_CODES = (
    "112", "politie", "meld_misdaad_anoniem", "arbeidsinspectie", "comensha", "veilig_thuis",
    "fier", "fairwork", "nidos", "zorgcoordinator", "aandachtsfunctionaris", "gemeente",
    "juridisch_loket", "kmar",
)
#: Meldpunten we never deliver to: the reporter contacts them, with a text to copy.
COPY_ONLY = ("112", "politie", "meld_misdaad_anoniem", "arbeidsinspectie", "veilig_thuis")
