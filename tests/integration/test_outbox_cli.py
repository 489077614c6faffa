"""`python -m bot outbox list|retry|run-once` and the copyable summaries per meldpunt."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, MultiFernet

from bot.cli.outbox import main
from bot.outbox import PermanentDeliveryError
from bot.store.db import make_engine
from bot.store.service import ReportStore
from bot.report.model import Summary
from bot.vocab import COPY_ONLY
from tests.pg import sqlite_template  # noqa: F401 - fixture
from tests.integration.test_outbox_delivery import Recorder, save
from tests.support import POLICY, SUMMARY, TEXTS, Clock

copyable_summary, email_body = TEXTS.copyable_summary, TEXTS.email_body

from bot.config import ROOT  # noqa: E402


@pytest.fixture
def store(tmp_path, sqlite_template):  # noqa: F811
    path = tmp_path / "cli.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield ReportStore(engine, MultiFernet([Fernet(Fernet.generate_key())]), policy=POLICY, clock=Clock())
    engine.dispose()


def run(store, *argv, senders=None):
    out = io.StringIO()
    code = main(list(argv), store=store, senders=senders, out=out)
    return code, out.getvalue()


def test_list_retry_and_run_once(store):
    saved = save(store)
    code, out = run(store, "list")
    assert code == 0 and "pending=1" in out and saved.reference_code in out
    assert "matrassen" not in out  # no report contents on the operator's screen

    code, out = run(store, "run-once", senders={"email": Recorder(fail_times=1, exc=PermanentDeliveryError)})
    assert code == 1 and "dood=1" in out
    code, out = run(store, "list", "--status", "dead")
    assert "dead" in out and "tijdelijk mis" in out

    code, out = run(store, "retry")
    assert code == 0 and "1 bericht" in out
    code, out = run(store, "retry")
    assert code == 1  # nothing dead any more

    sender = Recorder()
    code, out = run(store, "run-once", senders={"email": sender})
    assert code == 0 and "verstuurd=1" in out and len(sender.sent) == 1
    assert run(store, "retry", "1")[0] == 1  # a sent row is never re-queued
    code, out = run(store, "list", "--status", "sent")
    assert "sent" in out


def test_bad_arguments(store):
    assert run(store, "bogus")[0] == 2


def test_dispatcher_runs_the_cli(tmp_path, sqlite_template):  # noqa: F811
    path = tmp_path / "disp.db"
    shutil.copy(sqlite_template, path)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}",
               NIETPLUIS_REPORT_KEY=Fernet.generate_key().decode())
    env.pop("NIETPLUIS_SMTP_HOST", None)
    result = subprocess.run([sys.executable, "-m", "bot", "outbox", "list"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pending=0" in result.stdout and "(geen berichten)" in result.stdout


# ------------------------------------------------------------------ copyable summaries
def test_mma_shape_is_wie_wat_waar_wanneer_hoe_and_leaves_out_the_reporter():
    text = copyable_summary("meld_misdaad_anoniem", SUMMARY)
    labels = [line.split(":")[0] for line in text.splitlines()[2:]]
    assert labels == ["Wie", "Wat", "Waar", "Wanneer", "Hoe"]
    assert "mogelijk arbeidsuitbuiting" in text and "gemeente Utrecht" in text
    assert "matrassen in de kantine" in text and "vorige week" in text
    assert "gemeente_medewerker" not in text and "medewerker" not in text


@pytest.mark.parametrize("code", COPY_ONLY)
def test_every_copy_only_meldpunt_has_its_own_shape(code):
    text = copyable_summary(code, SUMMARY)
    assert text.splitlines()[0] != "Samenvatting van het signaal"
    assert "Utrecht" in text
    assert "{" not in text


def test_sparse_summary_still_renders():
    text = copyable_summary("politie", Summary())
    assert "Waar: onbekend" in text
    assert "Rol van de melder: onbekend" in copyable_summary("fier", Summary())


def test_location_details_only_when_shared_and_numeric_confidence():
    s = Summary.from_dict(SUMMARY.to_dict() | {
        "location_details": "bij het station",
        "possible_form": {"label": "seksuele_uitbuiting", "confidence": 0.8}})
    assert "bij het station" in copyable_summary("meld_misdaad_anoniem", s)
    assert "mogelijk seksuele uitbuiting (zekerheid: hoog)" in email_body("ABCD-EFGH-JKMN", s)
    assert "bij het station" not in copyable_summary("meld_misdaad_anoniem", SUMMARY)


def test_renders_the_summary_shape_of_bot_summary():
    # The keys bot.summary.report_summary produces (when_how_often, people.description, concerns,
    # possible_form as a label) render too.
    lead = {"reporter_role": "professional", "professional_role": "huisarts", "gemeente": "Arnhem",
            "place_type": "woning", "when_how_often": "elke week",
            "people": {"description": "een jonge vrouw", "count": 1, "ages": [19]},
            "description": "Ze durft niet alleen te komen.", "concerns": "grote schuld voor de reis",
            "minor": "onbekend", "acute": False, "possible_form": "seksuele_uitbuiting",
            "scores": {}, "signals": ["travel_debt"]}
    lead = Summary.from_dict(lead)
    mma = copyable_summary("meld_misdaad_anoniem", lead)
    assert "Wie: een jonge vrouw (aantal 1, geschatte leeftijd 19)" in mma
    assert "mogelijk seksuele uitbuiting. grote schuld voor de reis" in mma
    assert "Wanneer: elke week" in mma and "huisarts" not in mma
    body = email_body("ABCD-EFGH-JKMN", lead)
    assert "Rol van de melder: professional (huisarts)" in body
    assert "Zorgen van de melder: grote schuld voor de reis" in body
