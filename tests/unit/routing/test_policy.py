"""Bad routing configuration fails at load, with a message naming the file and the entry."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.routing import PolicyError, delivery_targets, load_policy
from bot.routing.policy import DEFAULT_CONTACTS, DEFAULT_RECIPIENTS

NAMES = ["Aalten", "Utrecht", "Arnhem"]


@pytest.fixture
def files(tmp_path):
    gemeenten = tmp_path / "gemeenten.yml"
    gemeenten.write_text(yaml.safe_dump({"gemeenten": [{"name": n} for n in NAMES]}))
    recipients = tmp_path / "recipients.yml"
    recipients.write_text(DEFAULT_RECIPIENTS.read_text(encoding="utf-8"), encoding="utf-8")
    contacts = tmp_path / "contacts.yml"

    def write(entries: dict | str, rec: dict | None = None) -> dict:
        if isinstance(entries, str):
            contacts.write_text(entries)
        else:
            full = {n: {"configured": False} for n in NAMES} | entries
            contacts.write_text(yaml.safe_dump({"gemeenten": full}, allow_unicode=True))
        if rec is not None:
            recipients.write_text(yaml.safe_dump(rec, allow_unicode=True))
        return dict(recipients_path=recipients, contacts_path=contacts, gemeenten_path=gemeenten)

    return write


GOOD_AF = {"name": "Test (fictief)", "email": "af@utrecht.example"}


def test_minimal_good_config_loads(files):
    policy = load_policy(**files({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF,
                                              "webhook": {"url": "https://x.example/h", "secret_env": "HOOK_SECRET"}}}))
    assert policy.gemeente("Utrecht").aandachtsfunctionaris.deliverable
    targets = delivery_targets(["aandachtsfunctionaris"], "Utrecht", policy)
    assert [(t.channel, t.destination) for t in targets] == [
        ("email", "af@utrecht.example"), ("webhook", "https://x.example/h")]
    assert targets[1].secret_env == "HOOK_SECRET"
    assert delivery_targets(["politie"], "Utrecht", policy) == []
    assert delivery_targets(["aandachtsfunctionaris"], "Aalten", policy) == []


def test_real_files_load():
    policy = load_policy()
    assert "Utrecht" in policy.gemeenten


@pytest.mark.parametrize("entries,message", [
    ({"Atlantis": {"configured": False}}, "onbekende gemeente"),
    ({"Utrecht": {"configured": True}}, "aandachtsfunctionaris ontbreekt"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": {"name": "X"}}}, "contact ontbreekt"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": {"name": "X", "email": "geen-adres"}}},
     "geen geldig e-mailadres"),
    ({"Utrecht": {"configured": False, "aandachtsfunctionaris": GOOD_AF}}, "configured is false"),
    ({"Utrecht": {"configured": "ja"}}, "true of false"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF, "fax": "1"}}, "onbekende velden"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF,
                  "webhook": {"url": "ftp://x", "secret_env": "S"}}}, "http"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF,
                  "webhook": {"url": "https://x.example", "secret_env": "s3cr3t-value"}}}, "omgevingsvariabele"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF,
                  "partners": [{"code": "politie", "name": "P", "email": "p@x.example"}]}}, "partner"),
    ({"Utrecht": {"configured": True, "aandachtsfunctionaris": GOOD_AF,
                  "partners": [{"code": "zorgcoordinator", "name": "Z"}]}}, "email of webhook"),
])
def test_bad_contacts_fail_at_load(files, entries, message):
    with pytest.raises(PolicyError, match=message) as exc:
        load_policy(**files(entries))
    assert "contacts.yml" in str(exc.value)


def test_missing_gemeente_fails(files):
    paths = files({})
    doc = yaml.safe_load(Path(paths["contacts_path"]).read_text())
    del doc["gemeenten"]["Arnhem"]
    Path(paths["contacts_path"]).write_text(yaml.safe_dump(doc))
    with pytest.raises(PolicyError, match="zonder regel: \\['Arnhem'\\]"):
        load_policy(**paths)


def test_malformed_yaml_fails(files):
    with pytest.raises(PolicyError, match="ongeldige YAML"):
        load_policy(**files("gemeenten:\n  Utrecht: {configured: true\n"))


def test_duplicate_key_fails(files):
    text = "gemeenten:\n" + "".join(f"  {n}: {{configured: false}}\n" for n in NAMES) + "  Aalten: {configured: false}\n"
    with pytest.raises(PolicyError, match="dubbele sleutel 'Aalten'"):
        load_policy(**files(text))


def test_missing_file_fails(files, tmp_path):
    with pytest.raises(PolicyError, match="kan het bestand niet lezen"):
        load_policy(**(files({}) | {"contacts_path": tmp_path / "nope.yml"}))


def _recipients():
    return yaml.safe_load(DEFAULT_RECIPIENTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["recipients"].pop("kmar"), "ontbreken: \\['kmar'\\]"),
    (lambda d: d["recipients"].__setitem__("brandweer", {}), "onbekende ontvangercode"),
    (lambda d: d["recipients"]["politie"].pop("phone") and d["recipients"]["politie"].pop("url"), "contact ontbreekt"),
    (lambda d: d["recipients"]["politie"]["reasons"].pop("victim"), "'victim' ontbreekt"),
    (lambda d: d["recipients"]["nidos"]["reasons"].__setitem__("default", "Voor {naam}."), "invulplek"),
    (lambda d: d["recipients"]["politie"].__setitem__("kind", "local"), "moet 'national'"),
    (lambda d: d.pop("notes"), "notes"),
])
def test_bad_recipients_fail_at_load(files, mutate, message):
    doc = _recipients()
    mutate(doc)
    with pytest.raises(PolicyError, match=message):
        load_policy(**files({}, rec=doc))


def test_default_contacts_file_covers_data_gemeenten():
    # The shipped file is what municipalities edit; it must stay complete.
    doc = yaml.safe_load(DEFAULT_CONTACTS.read_text(encoding="utf-8"))
    assert len(doc["gemeenten"]) == 345
