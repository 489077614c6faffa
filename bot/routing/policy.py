"""The routing policy as data: recipients, reasons and per-gemeente contacts, validated at load.

Three YAML files make up the policy:

- ``content/routing/recipients.yml``: every recipient code of routing.md with its public contact
  and the Dutch sentences that explain a route;
- ``content/routing/gemeenten_contacts.yml``: one entry per gemeente (aandachtsfunctionaris,
  optional webhook, meldpunt and partner mailboxes);
- ``content/gemeenten.yml``: the canonical list of gemeenten (owned by ``bot.intake.gemeenten``).

Everything is checked when the policy is loaded: a typo by a municipality must stop the app
at start-up with a message that names the file and the entry, never at the moment someone
reports a signal. Nothing is read at import time; the composition root (``bot.services``)
loads the policy once per process.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from bot.config import CONTENT_DIR
from bot.vocab import RECIPIENT_CODES

DEFAULT_RECIPIENTS = CONTENT_DIR / "routing" / "recipients.yml"
DEFAULT_CONTACTS = CONTENT_DIR / "routing" / "gemeenten_contacts.yml"
DEFAULT_GEMEENTEN = CONTENT_DIR / "gemeenten.yml"

#: Codes whose contact depends on the gemeente; only these may get a partner mailbox.
LOCAL_CODES = frozenset({"aandachtsfunctionaris", "gemeente", "zorgcoordinator"})

#: Reason keys the decision function uses; each must exist in recipients.yml.
REQUIRED_REASONS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "112": ("default",),
    "politie": ("default", "named", "victim", "minor", "criminal", "smuggling", "other_crime",
                "fallback"),
    "meld_misdaad_anoniem": ("default",),
    "arbeidsinspectie": ("default", "named", "labour_law"),
    "comensha": ("default", "victim", "professional", "organ", "fallback"),
    "veilig_thuis": ("default", "minor"),
    "fier": ("default", "victim"),
    "fairwork": ("default", "victim"),
    "nidos": ("default",),
    "zorgcoordinator": ("default",),
    "aandachtsfunctionaris": ("default", "municipal_staff", "professional", "licensed_business",
                              "unconfigured", "unconfigured_unknown"),
    "gemeente": ("default", "default_unknown", "licensed_business", "licensed_business_unknown"),
    "juridisch_loket": ("default",),
    "kmar": ("default",),
})
REQUIRED_NOTES = ("report_again",)
_ALLOWED_PLACEHOLDERS = frozenset({"gemeente"})

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z0-9-]{2,}$")
_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


class PolicyError(ValueError):
    """The routing configuration is invalid. The message names the file and the entry."""


@dataclass(frozen=True)
class Recipient:
    code: str
    name: str
    kind: str  # "national" | "local"
    phone: str | None
    url: str | None
    reasons: Mapping[str, str]

    def contact(self) -> dict[str, str]:
        return {k: v for k, v in (("phone", self.phone), ("url", self.url)) if v}


@dataclass(frozen=True)
class Webhook:
    url: str
    secret_env: str


@dataclass(frozen=True)
class Mailbox:
    """A place we can deliver a report to electronically (e-mail and/or webhook)."""

    code: str
    name: str
    email: str | None = None
    phone: str | None = None
    role: str | None = None
    webhook: Webhook | None = None

    @property
    def deliverable(self) -> bool:
        return bool(self.email or self.webhook)

    def contact(self) -> dict[str, str]:
        pairs = (("name", self.name), ("role", self.role), ("email", self.email),
                 ("phone", self.phone))
        return {k: v for k, v in pairs if v}


@dataclass(frozen=True)
class GemeenteConfig:
    name: str
    configured: bool = False
    aandachtsfunctionaris: Mailbox | None = None
    meldpunt: Mapping[str, str] = field(default_factory=dict)
    partners: tuple[Mailbox, ...] = ()


@dataclass(frozen=True)
class Policy:
    recipients: Mapping[str, Recipient]
    gemeenten: Mapping[str, GemeenteConfig]
    notes: Mapping[str, str]

    def gemeente(self, name: str | None) -> GemeenteConfig | None:
        """The config of a gemeente by canonical name (case-insensitive); None for None.

        Raises ``KeyError`` for a name that is not a Dutch gemeente: callers resolve free text
        with ``bot.gemeenten.resolve`` first.
        """
        if name is None:
            return None
        found = self.gemeenten.get(name)
        if found is None:
            folded = name.strip().casefold()
            found = next((g for k, g in self.gemeenten.items() if k.casefold() == folded), None)
        if found is None:
            raise KeyError(f"onbekende gemeente: {name!r} (gebruik de officiële naam)")
        return found


# --------------------------------------------------------------------------- YAML loading
class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"dubbele sleutel {key!r} (eerder op regel {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: kan het bestand niet lezen ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - strict SafeLoader subclass
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: ongeldige YAML: {exc}") from exc


def _mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: verwacht een mapping (sleutel: waarde), kreeg {type(value).__name__}")
    return value


def _text(value: Any, where: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, (str, int)) or not str(value).strip():
        raise PolicyError(f"{where}: verwacht een niet-lege tekst")
    return str(value).strip()


def _no_extra(entry: dict, allowed: set[str], where: str) -> None:
    extra = set(entry) - allowed
    if extra:
        raise PolicyError(f"{where}: onbekende velden {sorted(extra)} (toegestaan: {sorted(allowed)})")


def _check_template(text: str, where: str) -> None:
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError as exc:
        raise PolicyError(f"{where}: ongeldige tekst met accolades: {exc}") from exc
    unknown = names - _ALLOWED_PLACEHOLDERS
    if unknown:
        raise PolicyError(f"{where}: onbekende invulplek(ken) {sorted(unknown)}; alleen {{gemeente}} mag")


def _load_recipients(path: Path) -> tuple[dict[str, Recipient], dict[str, str]]:
    doc = _mapping(_read_yaml(path), str(path))
    raw = _mapping(doc.get("recipients"), f"{path}: recipients")
    missing = [c for c in RECIPIENT_CODES if c not in raw]
    unknown = [c for c in raw if str(c) not in RECIPIENT_CODES]
    if missing:
        raise PolicyError(f"{path}: ontvanger(s) ontbreken: {missing}")
    if unknown:
        raise PolicyError(f"{path}: onbekende ontvangercode(s) {unknown}; bekend: {list(RECIPIENT_CODES)}")
    recipients: dict[str, Recipient] = {}
    for code in RECIPIENT_CODES:
        where = f"{path}: recipients.{code}"
        entry = _mapping(raw[code], where)
        _no_extra(entry, {"name", "kind", "phone", "url", "reasons"}, where)
        kind = entry.get("kind")
        expected = "local" if code in LOCAL_CODES else "national"
        if kind != expected:
            raise PolicyError(f"{where}.kind: moet {expected!r} zijn, is {kind!r}")
        phone = _text(entry.get("phone"), f"{where}.phone", required=False)
        url = _text(entry.get("url"), f"{where}.url", required=False)
        if url and not _URL.match(url):
            raise PolicyError(f"{where}.url: geen geldige http(s)-URL: {url!r}")
        if kind == "national" and not (phone or url):
            raise PolicyError(f"{where}: contact ontbreekt (phone en/of url is verplicht)")
        reasons = _mapping(entry.get("reasons"), f"{where}.reasons")
        for key in REQUIRED_REASONS[code]:
            if key not in reasons:
                raise PolicyError(f"{where}.reasons: zin {key!r} ontbreekt")
        clean = {}
        for key, sentence in reasons.items():
            sentence = _text(sentence, f"{where}.reasons.{key}")
            _check_template(sentence, f"{where}.reasons.{key}")
            clean[str(key)] = sentence
        recipients[code] = Recipient(
            code=code, name=_text(entry.get("name"), f"{where}.name"), kind=kind,
            phone=phone, url=url, reasons=MappingProxyType(clean))
    notes = _mapping(doc.get("notes"), f"{path}: notes")
    for key in REQUIRED_NOTES:
        if key not in notes:
            raise PolicyError(f"{path}: notes.{key} ontbreekt")
    return recipients, {str(k): _text(v, f"{path}: notes.{k}") for k, v in notes.items()}


def _load_gemeente_names(path: Path) -> list[str]:
    doc = _mapping(_read_yaml(path), str(path))
    entries = doc.get("gemeenten")
    if not isinstance(entries, list) or not entries:
        raise PolicyError(f"{path}: verwacht een lijst 'gemeenten'")
    names = []
    for i, entry in enumerate(entries):
        names.append(_text(_mapping(entry, f"{path}: gemeenten[{i}]").get("name"),
                           f"{path}: gemeenten[{i}].name"))
    return names


def _webhook(value: Any, where: str) -> Webhook | None:
    if value is None:
        return None
    entry = _mapping(value, where)
    _no_extra(entry, {"url", "secret_env"}, where)
    url = _text(entry.get("url"), f"{where}.url")
    if not _URL.match(url):
        raise PolicyError(f"{where}.url: geen geldige http(s)-URL: {url!r}")
    secret_env = _text(entry.get("secret_env"), f"{where}.secret_env")
    if not _ENV_NAME.match(secret_env):
        raise PolicyError(f"{where}.secret_env: naam van een omgevingsvariabele verwacht "
                          f"(HOOFDLETTERS_EN_CIJFERS), kreeg {secret_env!r}; zet nooit het geheim zelf in dit bestand")
    return Webhook(url=url, secret_env=secret_env)


def _mailbox(value: Any, where: str, *, code: str, allow_phone: bool) -> Mailbox:
    entry = _mapping(value, where)
    allowed = {"name", "role", "email", "webhook"} | ({"phone"} if allow_phone else set())
    if not allow_phone:
        allowed.add("code")
    _no_extra(entry, allowed, where)
    email = _text(entry.get("email"), f"{where}.email", required=False)
    if email and not _EMAIL.match(email):
        raise PolicyError(f"{where}.email: geen geldig e-mailadres: {email!r}")
    phone = _text(entry.get("phone"), f"{where}.phone", required=False)
    if phone and not re.search(r"\d", phone):
        raise PolicyError(f"{where}.phone: geen telefoonnummer: {phone!r}")
    webhook = _webhook(entry.get("webhook"), f"{where}.webhook")
    box = Mailbox(code=code, name=_text(entry.get("name"), f"{where}.name"),
                  role=_text(entry.get("role"), f"{where}.role", required=False),
                  email=email, phone=phone, webhook=webhook)
    if allow_phone and not (email or phone):
        raise PolicyError(f"{where}: contact ontbreekt (email en/of phone is verplicht)")
    if not allow_phone and not box.deliverable:
        raise PolicyError(f"{where}: partner zonder email of webhook kan niets ontvangen")
    return box


def _load_contacts(path: Path, names: list[str]) -> dict[str, GemeenteConfig]:
    doc = _mapping(_read_yaml(path), str(path))
    raw = _mapping(doc.get("gemeenten"), f"{path}: gemeenten")
    known = set(names)
    unknown = sorted(str(k) for k in raw if k not in known)
    if unknown:
        raise PolicyError(f"{path}: onbekende gemeente(n) {unknown}; gebruik de naam uit content/gemeenten.yml")
    missing = [n for n in names if n not in raw]
    if missing:
        raise PolicyError(f"{path}: gemeente(n) zonder regel: {missing[:10]}"
                          f"{' ...' if len(missing) > 10 else ''}; geef elke gemeente een regel "
                          "(bijvoorbeeld 'Naam: {configured: false}')")
    configs: dict[str, GemeenteConfig] = {}
    for name in names:
        where = f"{path}: gemeenten.{name}"
        entry = _mapping(raw[name], where)
        _no_extra(entry, {"configured", "aandachtsfunctionaris", "webhook", "meldpunt", "partners"}, where)
        configured = entry.get("configured")
        if not isinstance(configured, bool):
            raise PolicyError(f"{where}.configured: moet true of false zijn")
        af_raw = entry.get("aandachtsfunctionaris")
        if configured and af_raw is None:
            raise PolicyError(f"{where}: configured is true maar aandachtsfunctionaris ontbreekt")
        if not configured and (af_raw is not None or entry.get("webhook") or entry.get("partners")):
            raise PolicyError(f"{where}: contactgegevens staan er, maar configured is false; "
                              "zet configured op true of haal de gegevens weg")
        af = None
        if af_raw is not None:
            af_entry = dict(_mapping(af_raw, f"{where}.aandachtsfunctionaris"))
            if "webhook" in af_entry:
                raise PolicyError(f"{where}.aandachtsfunctionaris.webhook: zet webhook op het niveau van de gemeente")
            if entry.get("webhook") is not None:
                af_entry["webhook"] = entry["webhook"]
            af = _mailbox(af_entry, f"{where}.aandachtsfunctionaris", code="aandachtsfunctionaris",
                          allow_phone=True)
        meldpunt: dict[str, str] = {}
        if entry.get("meldpunt") is not None:
            mp = _mapping(entry["meldpunt"], f"{where}.meldpunt")
            _no_extra(mp, {"phone", "url", "email"}, f"{where}.meldpunt")
            meldpunt = {k: _text(v, f"{where}.meldpunt.{k}") for k, v in mp.items() if v is not None}
            if not meldpunt:
                raise PolicyError(f"{where}.meldpunt: leeg; geef phone, url of email")
        partners = []
        raw_partners = entry.get("partners") or []
        if not isinstance(raw_partners, list):
            raise PolicyError(f"{where}.partners: verwacht een lijst")
        for i, p in enumerate(raw_partners):
            p = _mapping(p, f"{where}.partners[{i}]")
            code = p.get("code")
            if code not in LOCAL_CODES - {"aandachtsfunctionaris"}:
                raise PolicyError(f"{where}.partners[{i}].code: {code!r} kan geen partner-mailbox zijn; "
                                  f"kies uit {sorted(LOCAL_CODES - {'aandachtsfunctionaris'})}")
            partners.append(_mailbox(p, f"{where}.partners[{i}]", code=code, allow_phone=False))
        configs[name] = GemeenteConfig(name=name, configured=configured, aandachtsfunctionaris=af,
                                       meldpunt=MappingProxyType(meldpunt), partners=tuple(partners))
    return configs


def load_policy(recipients_path: Path | str | None = None, contacts_path: Path | str | None = None,
                gemeenten_path: Path | str | None = None) -> Policy:
    """Load and validate the routing policy; raises :class:`PolicyError` on any problem."""
    recipients, notes = _load_recipients(Path(recipients_path or DEFAULT_RECIPIENTS))
    names = _load_gemeente_names(Path(gemeenten_path or DEFAULT_GEMEENTEN))
    gemeenten = _load_contacts(Path(contacts_path or DEFAULT_CONTACTS), names)
    return Policy(recipients=MappingProxyType(recipients), gemeenten=MappingProxyType(gemeenten),
                  notes=MappingProxyType(notes))
