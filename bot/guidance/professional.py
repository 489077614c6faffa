"""Where a professional reports, and what applies to their role (issue 13).

Pure domain logic: the texts of content/guidance/professionals.yml, the gemeente's contacts of
the routing policy (rule R1: the aandachtsfunctionaris mensenhandel; R5 when none is
configured), nothing of Rasa. The action that answers "waar meld ik dit?" only picks the role
and gemeente and sends the paragraphs this module returns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from bot.routing.policy import Policy
from bot.textnorm import fold


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    words: tuple[str, ...]
    municipal: bool
    duties: str


@dataclass(frozen=True)
class Guidance:
    roles: Mapping[str, Role]
    privacy: str
    care: str

    @classmethod
    def from_yaml(cls, path: Path) -> "Guidance":
        data = yaml.safe_load(Path(path).read_text("utf-8"))
        roles = {key: Role(key, r["label"], tuple(fold(w) for w in r["words"]), bool(r["municipal"]),
                           " ".join(r["duties"].split()))
                 for key, r in data["roles"].items()}
        if "anders" not in roles:
            raise ValueError(f"{path}: the role 'anders' (any other professional) is required")
        return cls(roles, " ".join(data["privacy"].split()), " ".join(data["care"].split()))

    def role_in(self, text: str | None) -> Role | None:
        """The first role (in file order) whose word the text names, as a whole word."""
        key = f" {fold(text or '')} "
        for role in self.roles.values():
            # also compounds that start with a long role word: "jeugdzorgwerker", "boa-collega"
            if any(f" {w} " in key or (len(w) >= 6 and f" {w}" in key) for w in role.words):
                return role
        return None

    def role(self, key: str | None) -> Role:
        return self.roles.get(key or "", self.roles["anders"])


#: "Ik ben toezichthouder", "ik werk als huisarts", "vanuit mijn werk als", "Wijkagent hier."
_SELF = re.compile(r"(?:\b(?:ik\s+(?:ben|werk|zit|sta)\b|vanuit\s+mijn\b|wij\s+zijn\b|we\s+zijn\b)"
                   # chat drops the "ik": "waar meld ik dit? ben BOA in Venlo"
                   r"|(?:^|[.!?,;]\s*)(?:ben|werk)\b)"
                   r"(?P<what>[^.!?\n;]{0,70})|(?P<hier>\b\w+(?:\s\w+){0,2})\s+hier\b"
                   # "Als leerplichtambtenaar zie ik ...": a fronted "als" + job, then the verb and "ik"
                   r"|\bals\s+(?P<as>[\w-]+(?:\s[\w-]+)?)\s+(?:zie|zag|heb|had|merk|merkte|kom|kwam|hoor|hoorde"
                   r"|werk|ben|wil|moet|kreeg|krijg|sprak|spreek)\s+ik\b"
                   # "waar meld ik dit als huisarts?", "ik als wijkagent, ...": "als" + job ending a clause
                   r"|\bals\s+(?P<as_end>[\w-]+(?:\s[\w-]+)?)\s*(?:[,?.!:]|$)"
                   # "Huisarts in Doetinchem. ...", "Toezichthouder gemeente Apeldoorn: ...": a signature first
                   r"|^\s*(?P<lead>[\w/-]+(?:\s[\w/-]+)?)\s+(?:in|bij|te|gemeente|regio)\s+[\w'-]+(?:\s[\w'-]+)?\s*[.,:]",
                   re.I)


#: "via 14 + netnummer" (routing.md R5) said so that anyone can dial it (persona run, stop 27)
HOW_14 = "Bel daarvoor 14 en dan het netnummer van de gemeente, bijvoorbeeld 14 020 voor Amsterdam."

def self_description(text: str | None) -> str:
    """The parts of a message where the writer says who they are (empty if none)."""
    parts = []
    for m in _SELF.finditer(text or ""):
        parts.append(m.group("what") or m.group("hier") or m.group("as") or m.group("as_end") or m.group("lead") or "")
    # "ik werk 6 maand via uitzendbureau": hired through an agency, not working for it (persona
    # run, stop 28: a worker whose passport the agency kept was named "uitzendbureau")
    return " ".join(_VIA.sub(" ", p) for p in parts if p).strip()


_VIA = re.compile(r"\bvia\s+(?:een\s+|het\s+|de\s+|ons\s+|mijn\s+)?[\w-]+", re.I)


def municipal_route(policy: Policy, gemeente: str | None, municipal: bool) -> str:
    """Rule R1 for professionals, R5 when the gemeente has no configured contact."""
    config = policy.gemeente(gemeente) if gemeente else None
    contact = config.aandachtsfunctionaris if config is not None and config.configured else None
    # a wijkteam is often a foundation working for the gemeente (persona run, stop 27)
    lead = ("Werk je voor de gemeente of in haar opdracht? Meld een signaal dan eerst bij de "
            "aandachtsfunctionaris mensenhandel." if municipal else
            "Naast de meldcode van je eigen organisatie kun je overleggen met de aandachtsfunctionaris "
            "mensenhandel van de gemeente, ook zonder namen.")
    if contact is not None:
        how = ", ".join(x for x in (contact.email, contact.phone) if x)
        where = f"In {gemeente} is dat: {contact.name}" + (f" ({how})." if how else ".")
    elif gemeente:
        where = (f"Vraag naar de aandachtsfunctionaris mensenhandel van gemeente {gemeente} (via 14 + netnummer). "
                 + HOW_14)
    else:
        where = ("Vraag bij je gemeente naar de aandachtsfunctionaris mensenhandel (via 14 + netnummer). "
                 + HOW_14 + " Noem je gemeente, dan zoek ik het contact op.")
    return f"{lead} {where} Die weet wie er verder iets mee kan doen. Een niet-pluis gevoel is genoeg."


def professional_answer(guidance: Guidance, policy: Policy, role_key: str | None,
                        gemeente: str | None) -> list[str]:
    """The paragraphs for a professional: route, duties of the role, privacy, care."""
    role = guidance.role(role_key)
    return [municipal_route(policy, gemeente, role.municipal), role.duties, guidance.privacy, guidance.care]
