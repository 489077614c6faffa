"""The Rasa SDK actions, run with a real Tracker and CollectingDispatcher."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import flow, intake as intake_actions, report

STORY = ("Bij de kas werken Poolse mannen van 6 tot 22 uur. De baas heeft hun paspoorten "
         "en ze moeten een schuld afbetalen voor de reis. Ze slapen met tien man in een schuur.")


def make_tracker(text="", intent=None, confidence=0.9, slots=None, events=None, loop=None):
    all_slots = {"acute": False, "report_confirmed": False}
    all_slots.update(slots or {})
    return Tracker(
        sender_id="test", slots=all_slots,
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}},
        events=events or [], paused=False, followup_action=None,
        active_loop={"name": loop} if loop else {}, latest_action_name="action_listen")


async def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain)
    return events, dispatcher.messages


def slotsets(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_description_is_taken_and_assessed(domain_dict):
    tracker = make_tracker(STORY, "report_situation", slots={"requested_slot": "description"},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    slots = slotsets(events)
    assert slots["description"] == STORY
    assert slots["possible_form"] == "arbeidsuitbuiting"
    # the kind of place the story names is taken and said back, not asked again (issue 13)
    assert slots["place_type"] == "kas_akker"
    assert [m["text"] for m in messages] == [
        "Uit je bericht haal ik: plek: een kas, akker of boerderij; wie: tien man. Die vragen sla ik over. "
        "Klopt iets niet? "
        "Dan pas je het aan bij de samenvatting."]


async def test_short_description_asks_for_more(domain_dict):
    tracker = make_tracker("ja", "affirm", slots={"requested_slot": "description"}, loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"description": None}
    assert "meer vertellen" in messages[0]["text"]


async def test_gemeente_alias_is_answer_even_if_intent_disagrees(domain_dict):
    tracker = make_tracker("Den Bosch", "other_language", 0.95, slots={"requested_slot": "gemeente"},
                           loop="intake_form")
    events, _ = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"gemeente": "'s-Hertogenbosch"}


async def test_ambiguous_gemeente_offers_buttons(domain_dict):
    tracker = make_tracker("Bergen", "report_situation", slots={"requested_slot": "gemeente"},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"gemeente": None}
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert {"Bergen (NH)", "Bergen (L)", "Weet ik niet"} <= set(titles)


async def test_dont_know_button_fills_unknown(domain_dict):
    tracker = make_tracker("/dont_know", "dont_know", 1.0, slots={"requested_slot": "people"},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"people": "onbekend"}
    assert "sla ik deze vraag over" in messages[0]["text"]


async def test_question_during_form_is_rejected_for_the_rule(domain_dict):
    tracker = make_tracker("is dit anoniem?", "ask_anonymity", 0.97,
                           slots={"requested_slot": "gemeente"}, loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert events == [] and messages == []


async def test_acute_answer_gets_112_and_is_kept(domain_dict):
    tracker = make_tracker("hij slaat haar nu, ze schreeuwt om hulp", "acute_danger", 0.99,
                           slots={"requested_slot": "gemeente", "description": "eerder verhaal"},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    slots = slotsets(events)
    assert messages[0]["response"] == "utter_acute_112"
    assert slots["acute"] is True and slots["gemeente"] is None
    assert slots["description"] == "eerder verhaal\nhij slaat haar nu, ze schreeuwt om hulp"


async def test_capture_description_from_first_message(domain_dict):
    events, _ = await run(intake_actions.ActionCaptureDescription(),
                          make_tracker(STORY, "report_situation"), domain_dict)
    assert slotsets(events)["description"] == STORY


async def test_concerns_question_targets_missing_barriers(domain_dict):
    tracker = make_tracker(slots={"description": "Bij de buren komen steeds andere jonge vrouwen wonen."})
    _, messages = await run(intake_actions.AskConcerns(), tracker, domain_dict)
    assert messages[0]["text"].endswith("?")
    assert messages[0]["buttons"][0]["payload"] == "/dont_know"


async def test_acute_action_keeps_text(domain_dict):
    events, _ = await run(flow.ActionAcute(), make_tracker("ze zit nu opgesloten in de kelder",
                                                           "acute_danger"), domain_dict)
    slots = slotsets(events)
    assert slots == {"acute": True, "description": "ze zit nu opgesloten in de kelder",
                     "welcomed": True, "phase": "after_acute",
                     "pending_question": {"key": "ask_continue_after_acute", "values": {}}}


async def test_stop_resets_everything(domain_dict):
    events, _ = await run(flow.ActionStop(), make_tracker("stop", "stop"), domain_dict)
    kinds = [e["event"] for e in events]
    assert kinds == [ActiveLoop(None)["event"], AllSlotsReset()["event"], Restarted()["event"]]


async def test_stop_mid_intake_can_be_undone_by_the_next_message(domain_dict):
    slots = {"welcomed": True, "description": STORY, "gemeente": "Westland", "requested_slot": "place_type"}
    events, messages = await run(flow.ActionStop(), make_tracker("stop", "stop", slots=slots, loop="intake_form"),
                                 domain_dict)
    kinds = [e["event"] for e in events]
    assert kinds[:3] == ["active_loop", "reset_slots", "restart"]  # wiped now; the snapshot after it
    snapshot = slotsets(events[3:])["stop_snapshot"]
    assert snapshot["loop"] == "intake_form" and snapshot["slots"]["description"] == STORY
    assert "requested_slot" not in snapshot["slots"]
    assert any(b["payload"] == "/undo_stop" for m in messages for b in m.get("buttons") or [])
    # the next message: "toch verder" puts it back and the form asks its next question
    undo = make_tracker("toch verder", "undo_stop", slots={"stop_snapshot": snapshot, "stop_undoable": True})
    events, messages = await run(flow.ActionUndoStop(), undo, domain_dict)
    restored = slotsets(events)
    assert restored["description"] == STORY and restored["gemeente"] == "Westland"
    assert restored["stop_snapshot"] is None and restored["stop_undoable"] is False
    assert {"event": "active_loop", "name": "intake_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]
    assert (events[-1]["event"], events[-1]["name"]) == ("followup", "intake_form")
    assert "verder waar we waren" in messages[0]["text"]


async def test_yes_to_stop_undone_goes_back_to_the_question_before(domain_dict):
    pending = {"key": "ask_keep", "values": {}}
    slots = {"welcomed": True, "description": STORY, "phase": "confirm_stop", "paused_phase": "consent",
             "pending_question": pending}
    events, _ = await run(flow.ActionStop(), make_tracker("ja", "affirm", slots=slots), domain_dict)
    snapshot = slotsets(events[3:])["stop_snapshot"]
    assert snapshot["slots"]["phase"] == "consent" and "paused_phase" not in snapshot["slots"]
    undo = make_tracker("nee!", "deny", slots={"stop_snapshot": snapshot, "stop_undoable": True})
    events, messages = await run(flow.ActionUndoStop(), undo, domain_dict)
    assert slotsets(events)["phase"] == "consent"
    assert len(messages) == 2  # "we gaan verder" and the consent question again


async def test_nothing_said_means_no_undo_offer(domain_dict):
    events, messages = await run(flow.ActionStop(), make_tracker("stop", "stop", slots={"welcomed": True}),
                                 domain_dict)
    assert "stop_snapshot" not in slotsets(events)
    assert not any(m.get("buttons") for m in messages)


async def test_undo_without_a_stop_to_undo_says_so(domain_dict):
    events, messages = await run(flow.ActionUndoStop(), make_tracker("toch verder", "undo_stop"), domain_dict)
    assert "geen gesprek meer om terug te halen" in messages[0]["text"]
    assert slotsets(events).get("welcomed") is True  # and the welcome of a new conversation


async def test_fallback_asks_to_rephrase_then_offers_menu(domain_dict):
    miss = {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    welcomed = {"welcomed": True}
    _, first = await run(flow.ActionDefaultFallback(), make_tracker("asdf", events=[miss], slots=welcomed),
                         domain_dict)
    _, second = await run(flow.ActionDefaultFallback(),
                          make_tracker("asdf", events=[miss, miss], slots=welcomed), domain_dict)
    assert "anders zeggen" in first[0]["text"] and not first[0]["buttons"]
    assert len(second[0]["buttons"]) >= 3


@pytest.mark.parametrize("text, expected", [
    ("", "leeg bericht"),
    ("😀😀😀", "emoji"),
    ("asdf qwerty", "anders zeggen"),
])
async def test_fallback_says_what_was_wrong(domain_dict, text, expected):
    miss = {"event": "user", "text": text, "parse_data": {"intent": {"name": "nlu_fallback"}}}
    tracker = make_tracker(text, "nlu_fallback", events=[miss], slots={"welcomed": True})
    _, messages = await run(flow.ActionDefaultFallback(), tracker, domain_dict)
    assert expected in messages[0]["text"]


async def test_fallback_then_waits_for_the_user(domain_dict):
    # an off-script "ja" after the report: no rule applies; the fallback must end the turn
    ja = {"event": "user", "parse_data": {"intent": {"name": "affirm"}}}
    events, messages = await run(flow.ActionDefaultFallback(),
                                 make_tracker(events=[ja], slots={"welcomed": True}), domain_dict)
    assert len(messages) == 1
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]


def intake_done(**extra):
    slots = {"description": STORY, "gemeente": "Arnhem", "place_type": "kas_akker",
             "people": "tien mannen van rond de 30", "concerns": "ze mogen niet weg",
             "frequency": "al maanden", "reporter_role": "burger", "professional_role": None}
    slots.update(extra)
    return make_tracker("/affirm", "affirm", 1.0, slots=slots)


async def test_summary_shows_every_part(domain_dict):
    tracker = intake_done(description="Jan Kowalski (06-12345678) werkt in de kas van Westland.")
    _, messages = await run(report.ActionSummarize(), tracker, domain_dict)
    text = messages[0]["text"]
    assert "Arnhem" in text and "kas" in text and "al maanden" in text
    assert "Kowalski" not in text and "06-12345678" not in text


async def test_confirm_shows_form_routes_and_asks_consent(domain_dict):
    _, messages = await run(report.ActionConfirmReport(), intake_done(), domain_dict)
    texts = "\n".join(m.get("text") or "" for m in messages)
    assert "mogelijk" in texts.lower()
    assert "Arbeidsinspectie" in texts and "Meld Misdaad Anoniem" in texts
    assert "geen getuige" in texts  # the anonymity trade-off
    assert messages[-1]["buttons"][0]["payload"] == "/affirm"


async def test_submit_stores_report_and_gives_code(domain_dict, report_db):
    from bot.services import get_services

    events, messages = await run(report.ActionSubmitReport(), intake_done(), domain_dict)
    code_text = messages[0]["text"]
    code = next(w.strip(".") for w in code_text.split() if w.count("-") == 2)
    assert slotsets(events) == {"report_confirmed": True, "phase": "done", "pending_question": None,
                                "report_state": {"reports": [{"reference": code, "sent_to": [],
                                                              "deleted": False, "already_sent": []}]}}
    # the texts say what happened: kept, not sent (Arnhem has no mailbox for a citizen's report)
    texts = "\n".join(m.get("text") or "" for m in messages)
    assert "niets verstuurd" in texts and "Er gaat niets naar een meldpunt" in texts
    assert "bekijken je melding" not in texts
    stored = get_services().store.get_report(code)
    assert stored.summary.gemeente == "Arnhem"
    assert stored.classification["form"] == "arbeidsuitbuiting"


async def test_a_citizen_gets_no_document_to_download(domain_dict, report_db):
    _, messages = await run(report.ActionSubmitReport(), intake_done(), domain_dict)
    assert not [m for m in messages if (m.get("custom") or {}).get("document")]


@pytest.mark.parametrize("role", ["professional", "gemeente_medewerker"])
async def test_a_professional_gets_the_formal_summary_to_download(domain_dict, report_db, role):
    tracker = intake_done(reporter_role=role, professional_role="toezichthouder",
                          description=STORY + " De voorman heet Piet de Boer, 06-12345678.")
    _, messages = await run(report.ActionSubmitReport(), tracker, domain_dict)
    code = next(w.strip(".") for w in messages[0]["text"].split() if w.count("-") == 2)
    documents = [m["custom"]["document"] for m in messages if (m.get("custom") or {}).get("document")]
    assert len(documents) == 1
    document = documents[0]
    assert document["filename"] == f"niet-pluis-{code}.html" and document["mime"] == "text/html"
    assert "downloaden" in document["label"].lower() and "weggelaten" in document["text"]
    html = document["content"]
    assert code in html and "Arnhem" in html and "mogelijk" in html.lower()
    assert "de Boer" not in html and "06-12345678" not in html  # the anonymised summary only


async def test_correction_clears_only_the_chosen_part(domain_dict):
    tracker = make_tracker(slots={"correction_field": "reporter_role", "reporter_role": "burger",
                                  "professional_role": "x"})
    events, _ = await run(report.ActionApplyCorrection(), tracker, domain_dict)
    assert slotsets(events) == {"correction_field": None, "reporter_role": None,
                                "professional_role": None, "correction_value": None}


async def test_correction_field_from_free_text(domain_dict):
    tracker = make_tracker("de gemeente klopt niet", "correct", 0.9,
                           slots={"requested_slot": "correction_field"}, loop="correction_form")
    events, _ = await run(report.ValidateCorrectionForm(), tracker, domain_dict)
    assert slotsets(events) == {"correction_field": "gemeente", "correction_value": None}


async def test_decline_sends_and_keeps_nothing(domain_dict):
    events, messages = await run(report.ActionDeclineReport(), intake_done(), domain_dict)
    assert slotsets(events) == {"phase": "done", "pending_question": None}
    assert "niets verstuurd en niets bewaard" in messages[0]["text"]
    # no "what happens now" that assumes a meldpunt has the report
    assert not any("bekijken je melding" in (m.get("text") or "") for m in messages)


async def test_followup_with_code_is_stored_anonymised(domain_dict, report_db):
    from actions import followup
    from bot.services import get_services

    _, messages = await run(report.ActionSubmitReport(), intake_done(), domain_dict)
    code = next(w.strip(".") for w in messages[0]["text"].split() if w.count("-") == 2)

    bad = make_tracker("ABCD-EFGH-JKMN", "followup", slots={"requested_slot": "followup_code"},
                       loop="followup_form")
    events, replies = await run(followup.ValidateFollowupForm(), bad, domain_dict)
    assert slotsets(events) == {"followup_code": None} and "ken ik niet" in replies[0]["text"]

    good = make_tracker(f"mijn code is {code.lower()}", "followup",
                        slots={"requested_slot": "followup_code"}, loop="followup_form")
    events, _ = await run(followup.ValidateFollowupForm(), good, domain_dict)
    assert slotsets(events) == {"followup_code": code}

    done = make_tracker(slots={"followup_code": code,
                               "followup_text": "Nu werkt ook Marek Zielinski (06-98765432) daar."})
    events, replies = await run(followup.ActionSubmitFollowup(), done, domain_dict)
    assert code in replies[0]["text"]
    stored = get_services().store.get_report(code).followups[0].text
    assert "Zielinski" not in stored and "98765432" not in stored and "werkt" in stored


@pytest.mark.parametrize("action", [flow.ActionDefaultFallback(), flow.ActionUndoStop(), flow.ActionStop(),
                                    report.ActionDeclineReport()])
async def test_a_free_text_yes_to_keeping_keeps_it_whatever_the_nlu_read(domain_dict, action):
    slots = {"welcomed": True, "phase": "consent", "pending_question": {"key": "ask_keep", "values": {}}}
    events, messages = await run(action, make_tracker("wacht, toch wel bewaren", "undo_stop", slots=slots),
                                 domain_dict)
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "action_submit_report")]
    assert messages == []


async def test_keeping_is_no_yes_to_sending(domain_dict):
    slots = {"welcomed": True, "phase": "consent", "pending_question": {"key": "ask_send", "values": {}}}
    events, _ = await run(report.ActionDeclineReport(), make_tracker("alleen bewaren", "deny", slots=slots),
                          domain_dict)
    assert ("followup", "action_submit_report") not in [(e["event"], e.get("name")) for e in events]


# ---------------------------------------------------------------- consent is explicit (issue 12)
def at_consent(text, intent, key="ask_send"):
    """A professional in Arnhem: the aandachtsfunctionaris there has a mailbox, so sending is asked."""
    tracker = intake_done(reporter_role="professional", professional_role="wijkteam")
    tracker.slots.update({"welcomed": True, "phase": "consent",
                          "pending_question": {"key": key, "values": {"recipients": "x"}}})
    tracker.latest_message = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
    return tracker


@pytest.mark.parametrize("text, intent", [
    ("ja maar niet versturen", "affirm"), ("oké", "affirm"), ("ok", "affirm"),
    ("ja, alleen bewaren", "affirm"), ("ja maar eerst nog iets", "affirm"), ("prima", "affirm"),
    ("ja maar niet versturen", "keep_only"), ("bewaar niks", "keep_only"),   # the NLU's guess
])
async def test_a_hedged_yes_sends_nothing_and_offers_the_three_choices(domain_dict, report_db, text, intent):
    events, messages = await run(report.ActionSubmitReport(), at_consent(text, intent), domain_dict)
    slots = slotsets(events)
    assert "report_state" not in slots and slots["phase"] == "consent"
    assert slots["pending_question"]["key"] == "ask_send_choice"
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ["/affirm", "/keep_only", "/deny"]
    assert "aandachtsfunctionaris" in messages[-1]["buttons"][0]["title"].lower()


@pytest.mark.parametrize("text", ["/affirm", "ja", "Ja, stuur maar", "versturen"])
async def test_the_button_or_a_clear_yes_sends(domain_dict, report_db, text):
    events, messages = await run(report.ActionSubmitReport(), at_consent(text, "affirm"), domain_dict)
    state = slotsets(events)["report_state"]["reports"][0]
    assert state["sent_to"] and "gaat nu naar" in messages[0]["text"]


@pytest.mark.parametrize("text, intent, key", [
    ("/keep_only", "keep_only", "ask_send_choice"),
    ("alleen bewaren", "keep_only", "ask_send"),
    ("Alleen bewaren met een code", "affirm", "ask_send_choice"),   # whatever the NLU read
])
async def test_keeping_only_stores_with_a_code_and_sends_nothing(domain_dict, report_db, text, intent, key):
    from bot.services import get_services

    events, messages = await run(report.ActionSubmitReport(), at_consent(text, intent, key), domain_dict)
    state = slotsets(events)["report_state"]["reports"][0]
    assert state["sent_to"] == []
    texts = "\n".join(m.get("text") or "" for m in messages)
    assert "Ik heb niets verstuurd" in texts
    assert get_services().store.get_report(state["reference"]).summary.gemeente == "Arnhem"


@pytest.mark.parametrize("text, intent", [("ja", "affirm"), ("bewaren, niet bewaren, weet niet", "keep_only")])
async def test_an_unclear_answer_at_the_three_choices_asks_again(domain_dict, report_db, text, intent):
    events, _ = await run(report.ActionSubmitReport(), at_consent(text, intent, "ask_send_choice"), domain_dict)
    assert "report_state" not in slotsets(events)
    assert slotsets(events)["pending_question"]["key"] == "ask_send_choice"


async def test_not_keeping_read_as_keeping_asks_again_where_only_keeping_is_asked(domain_dict, report_db):
    tracker = at_consent("bewaar niks", "keep_only", "ask_keep")
    tracker.slots.update(reporter_role="burger", professional_role=None)   # Arnhem: nothing to send
    events, messages = await run(report.ActionSubmitReport(), tracker, domain_dict)
    assert "report_state" not in slotsets(events)
    assert slotsets(events)["pending_question"]["key"] == "ask_keep"


@pytest.mark.parametrize("key", ["ask_send", "ask_send_choice", "ask_keep"])
async def test_nothing_typed_at_consent_declines_whatever_the_nlu_read(domain_dict, report_db, key):
    events, messages = await run(report.ActionSubmitReport(), at_consent("Niets bewaren", "keep_only", key),
                                 domain_dict)
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "action_decline_report")]
    assert messages == []


# ---------------------------------------------------------------- exactly once, from the user's side

def _code(messages):
    return next(w.strip(".") for m in messages for w in (m.get("text") or "").split() if w.count("-") == 2)


async def test_a_retried_yes_returns_the_same_code_and_makes_no_second_report(domain_dict, report_db):
    from sqlalchemy import func, select

    from bot.services import get_services
    from bot.store.models import OutboxMessage, Report

    _, first = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    # the same "ja" again: a replayed request, or a redo after Rasa lost the turn in a crash
    events, again = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    assert _code(again) == _code(first)
    assert again[0]["text"].startswith("Deze melding had je al bevestigd")
    assert slotsets(events)["report_state"]["reports"][0]["sent_to"]
    with get_services().store.uow() as uow:
        assert uow.session.execute(select(func.count()).select_from(Report)).scalar() == 1
        outbox = uow.session.execute(select(func.count()).select_from(OutboxMessage)).scalar()
    assert outbox >= 1
    _, third = await run(report.ActionSubmitReport(), at_consent("/affirm", "affirm"), domain_dict)
    with get_services().store.uow() as uow:
        assert uow.session.execute(select(func.count()).select_from(OutboxMessage)).scalar() == outbox


async def test_other_content_or_another_conversation_is_another_report(domain_dict, report_db):
    _, first = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    other = at_consent("ja", "affirm")
    other.slots["frequency"] = "sinds vorige week"
    _, changed = await run(report.ActionSubmitReport(), other, domain_dict)
    elsewhere = at_consent("ja", "affirm")
    elsewhere.sender_id = "another-conversation"
    _, second_person = await run(report.ActionSubmitReport(), elsewhere, domain_dict)
    assert len({_code(first), _code(changed), _code(second_person)}) == 3


async def test_the_code_is_found_again_when_the_conversation_lost_it(domain_dict, report_db):
    _, stored = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    # Rasa died before saving the turn: the conversation has no report state, the store has it
    lost = make_tracker("wat was mijn code?", "ask_status", slots={"welcomed": True, "phase": "consent"})
    events, messages = await run(flow.ActionStatus(), lost, domain_dict)
    assert _code(messages) == _code(stored)
    assert "gaat naar" in messages[0]["text"]
    assert slotsets(events)["report_state"]["reports"][0]["reference"] == _code(stored)
    # another conversation does not see it
    stranger = make_tracker("wat was mijn code?", "ask_status")
    stranger.sender_id = "someone-else"
    _, messages = await run(flow.ActionStatus(), stranger, domain_dict)
    assert "nog niets bewaard" in messages[0]["text"]


@pytest.mark.parametrize("text, intent", [("ik wil iets melden", "start_report"), ("hallo", "greet")])
async def test_a_new_report_after_a_finished_one_starts_empty(domain_dict, text, intent):
    done = intake_done(phase="done", welcomed=True, report_confirmed=True,
                       report_state={"reports": [{"reference": "ABCD-EFGH-JK23", "sent_to": []}]})
    done.latest_message = {"text": text, "intent": {"name": intent, "confidence": 0.95}}
    events, _ = await run(flow.ActionWelcome(), done, domain_dict)
    slots = slotsets(events)
    for name in ("description", "gemeente", "place_type", "people", "concerns", "frequency", "reporter_role",
                 "phase", "report_confirmed"):
        assert name in slots and slots[name] is None, name
    assert "report_state" not in slots  # the code given earlier stays known


async def test_a_greeting_in_a_running_intake_keeps_what_was_said(domain_dict):
    running = intake_done(phase="confirm_summary", welcomed=True)
    running.latest_message = {"text": "hallo", "intent": {"name": "greet", "confidence": 0.95}}
    events, _ = await run(flow.ActionWelcome(), running, domain_dict)
    assert "description" not in slotsets(events)


async def test_a_failed_store_says_nothing_was_kept_and_asks_again(domain_dict, report_db, monkeypatch):
    from bot.services import get_services

    def locked(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(get_services().store, "save_report", locked)
    events, messages = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    assert "niets bewaard en niets verstuurd" in messages[0]["text"]
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/affirm", "/keep_only", "/deny"]
    slots = slotsets(events)
    assert slots["phase"] == "consent" and "report_state" not in slots
    assert (events[-1]["event"], events[-1]["name"]) == ("followup", "action_listen")


@pytest.mark.parametrize("intent", ["keep_only", "affirm"])
@pytest.mark.parametrize("text", ["ja maar niet versturen", "oké, niks doorsturen"])
async def test_where_only_keeping_is_asked_a_yes_without_sending_keeps_it(domain_dict, report_db, text, intent):
    """Manual run: at "Wil je dat ik het bewaar?" the answer "ja maar niet versturen" was asked again."""
    tracker = intake_done(welcomed=True, phase="consent", pending_question={"key": "ask_keep", "values": {}})
    tracker.latest_message = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
    events, messages = await run(report.ActionSubmitReport(), tracker, domain_dict)
    state = slotsets(events)["report_state"]["reports"][0]
    assert state["sent_to"] == [] and "Ik heb niets verstuurd" in messages[0]["text"]


async def test_where_only_keeping_is_asked_a_yes_without_keeping_is_asked_again(domain_dict, report_db):
    tracker = intake_done(welcomed=True, phase="consent", pending_question={"key": "ask_keep", "values": {}})
    tracker.latest_message = {"text": "ja maar niet bewaren", "intent": {"name": "keep_only", "confidence": 0.9}}
    events, _ = await run(report.ActionSubmitReport(), tracker, domain_dict)
    assert "report_state" not in slotsets(events)


@pytest.mark.parametrize("intent", ["keep_only", "ask_status", "report_situation"])
async def test_a_yes_with_a_remark_at_the_summary_confirms_whatever_the_nlu_read(domain_dict, intent):
    """CI: after retraining, "ja klopt wel, alleen ..." was read as keep_only and the summary
    question came back instead of the routes."""
    tracker = intake_done(welcomed=True, phase="confirm_summary",
                          pending_question={"key": "ask_confirm", "values": {}})
    tracker.latest_message = {"text": "ja klopt wel, alleen die laatste zin was niet af",
                              "intent": {"name": intent, "confidence": 0.5}}
    events, messages = await run(flow.ActionResume(), tracker, domain_dict)
    assert messages == [] and (events[-1]["event"], events[-1]["name"]) == ("followup", "action_confirm_report")
    tracker.latest_message = {"text": "ja, maar de gemeente klopt niet", "intent": {"name": intent, "confidence": 0.5}}
    events, _ = await run(flow.ActionResume(), tracker, domain_dict)
    assert events[-1].get("name") != "action_confirm_report"


@pytest.mark.parametrize("intent", ["affirm", "faq"])
async def test_a_yes_with_a_question_at_the_summary_answers_it_and_asks_again(domain_dict, intent):
    """Stop-27 persona leftover: "ok. wat gebeurt er nu met mijn naam?" at "Klopt dit?" confirmed
    the summary and the question was never answered."""
    tracker = intake_done(welcomed=True, phase="confirm_summary",
                          pending_question={"key": "ask_confirm", "values": {}})
    tracker.latest_message = {"text": "ok. wat gebeurt er nu met mijn naam?", "intent": {"name": intent, "confidence": 0.8}}
    events, _ = await run(flow.ActionResume(), tracker, domain_dict)
    assert all(e.get("name") != "action_confirm_report" for e in events)
    events, messages = await run(report.ActionConfirmReport(), tracker, domain_dict)
    assert "possible_form" not in str(messages) and "consent" not in str(slotsets(events).get("phase"))
    assert messages and (events[-1]["event"], events[-1]["name"]) == ("followup", "action_listen")


# ---------------------------------------------------------------- persona runs: true statements, no dead ends

async def _stored_code(domain_dict):
    _, messages = await run(report.ActionSubmitReport(), at_consent("ja", "affirm"), domain_dict)
    return _code(messages)


async def test_a_code_in_a_status_question_is_answered_from_the_store(domain_dict, report_db):
    code = await _stored_code(domain_dict)
    elsewhere = make_tracker(f"ik heb de code toch gevonden: {code.lower()}. is die melding aangekomen?",
                             "ask_status")
    elsewhere.sender_id = "a-new-browser-session"
    _, messages = await run(flow.ActionStatus(), elsewhere, domain_dict)
    assert code in messages[0]["text"] and "gaat naar" in messages[0]["text"]
    from bot.store.codes import new_reference_code

    unknown = make_tracker(f"is melding {new_reference_code()} aangekomen?", "ask_status")
    _, messages = await run(flow.ActionStatus(), unknown, domain_dict)
    assert "ken ik niet" in messages[0]["text"]
    nothing = make_tracker("wat was mijn code?", "ask_status")
    nothing.sender_id = "yet-another-session"
    _, messages = await run(flow.ActionStatus(), nothing, domain_dict)
    assert "alleen vinden met de code" in messages[0]["text"]


async def test_a_question_about_an_existing_report_is_never_told_it_is_unknown(domain_dict, report_db):
    """Persona run: "Kunt u mij laten zien wat er in melding X staat?" got "Die melding ken ik niet"."""
    code = await _stored_code(domain_dict)
    asked = make_tracker(f"Kunt u mij laten zien wat er in melding {code} staat?", "delete_report")
    events, messages = await run(flow.ActionDeleteReport(), asked, domain_dict)
    texts_ = " ".join(m["text"] for m in messages)
    assert "ken ik niet" not in texts_ and code in texts_ and f"verwijder melding {code}" in texts_
    assert "phase" not in slotsets(events)  # nothing is about to be deleted


async def test_after_an_addition_the_status_says_something_was_stored(domain_dict, report_db):
    from actions import followup

    code = await _stored_code(domain_dict)
    done = make_tracker(slots={"followup_code": code, "followup_text": "Er kwam vandaag een tweede busje."})
    done.sender_id = "came-back-with-the-code"
    events, _ = await run(followup.ActionSubmitFollowup(), done, domain_dict)
    state = slotsets(events)["report_state"]
    later = make_tracker("en is hij nu naar de politie gestuurd?", "ask_status", slots={"report_state": state})
    later.sender_id = "came-back-with-the-code"
    _, messages = await run(flow.ActionStatus(), later, domain_dict)
    assert code in messages[0]["text"] and "nog niets bewaard" not in messages[0]["text"]


@pytest.mark.parametrize("action", [intake_actions.ActionCaptureDescription(), flow.ActionWelcome(),
                                    flow.ActionDefaultFallback()])
async def test_right_after_a_stop_saying_it_was_a_mistake_undoes_it(domain_dict, action):
    snapshot = {"slots": {"description": STORY, "gemeente": "Zwolle"}, "loop": "intake_form"}
    tracker = make_tracker("nee sorry dat was per ongeluk!! ik wil verder. hij is 16", "report_situation",
                           slots={"stop_snapshot": snapshot, "stop_undoable": True})
    events, messages = await run(action, tracker, domain_dict)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_undo_stop"}] and messages == []


async def test_no_to_deleting_a_report_keeps_it_and_says_so(domain_dict):
    """Persona run: "nee, toch nog niet" at "Wil je melding X wissen?" said the conversation was wiped."""
    tracker = make_tracker("nee, toch nog niet", "undo_stop",
                           slots={"welcomed": True, "phase": "confirm_delete", "delete_code": "ABCD-EFGH-JKMN"})
    events, messages = await run(flow.ActionUndoStop(), tracker, domain_dict)
    texts_ = " ".join(m.get("text") or "" for m in messages)
    assert "gewist" not in texts_.replace("niet gewist", "") and "Niet-pluis" not in texts_
    assert slotsets(events)["delete_code"] is None


async def test_a_question_about_the_data_read_as_stop_is_answered_and_the_consent_asked_again(domain_dict):
    """Persona run: at the consent question "ja maar eerst wil ik weten wat er met de gegevens
    gebeurt" got "Wil je stoppen? Dan wis ik wat je vertelde"."""
    tracker = at_consent("ja maar eerst wil ik weten wat er met de gegevens gebeurt", "stop")
    events, messages = await run(flow.ActionStop(), tracker, domain_dict)
    assert messages[0]["response"] == "utter_faq/anonimiteit"
    assert messages[-1]["text"].startswith("Mag ik") or messages[-1].get("buttons")
    assert not any(e.get("event") in ("restart", "reset_slots") for e in events)
    assert "Wil je stoppen" not in " ".join(m.get("text") or "" for m in messages)


async def test_a_code_in_the_message_that_starts_an_addition_is_not_asked_again(domain_dict, report_db):
    """Persona run: "ik wil iets aanvullen bij CODE" got "Wat is je code?"."""
    from actions import followup

    code = await _stored_code(domain_dict)
    starting = make_tracker(f"ik wil iets aanvullen bij {code.lower()}", "followup", loop="followup_form")
    events, _ = await run(followup.ValidateFollowupForm(), starting, domain_dict)
    assert slotsets(events) == {"followup_code": code}
    plain = make_tracker("ik wil iets aanvullen", "followup", loop="followup_form")
    events, _ = await run(followup.ValidateFollowupForm(), plain, domain_dict)
    assert events == []


async def test_why_the_gemeente_is_asked_is_answered_and_the_question_comes_again(domain_dict):
    """Persona run (issue 13): "waarom is de gemeente nodig?" got the answer about the gemeente's policy."""
    tracker = make_tracker("waarom is de gemeente nodig?", "faq", slots={"requested_slot": "gemeente"},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"gemeente": None}
    assert "Elke gemeente heeft eigen contacten" in messages[0]["text"]


async def test_saying_there_is_no_danger_clears_the_alert(domain_dict):
    tracker = make_tracker("er is geen direct gevaar hoor", "deny", slots={"requested_slot": "people", "acute": True},
                           loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"acute": False, "people": None}
    assert "niet in de melding" in messages[0]["text"]


async def test_announcing_a_question_fills_nothing(domain_dict):
    tracker = make_tracker("ik wil ook nog iets anders vragen", "report_situation",
                           slots={"requested_slot": "concerns"}, loop="intake_form")
    events, messages = await run(intake_actions.ValidateIntakeForm(), tracker, domain_dict)
    assert slotsets(events) == {"concerns": None}
    assert "Stel je vraag maar" in messages[0]["text"]


@pytest.mark.parametrize("text, helped", [
    ("Ik maak me zorgen over mijn kleinzoon, hij heeft ineens dure spullen.", False),   # persona run, stop 27
    ("wie helpt mij? ik moet elke dag werken en krijg niks", True),
    ("mijn vriendin en ik moeten voor hem werken, wie helpt ons?", True),
])
async def test_the_victim_help_is_for_the_writer_not_for_a_grandmother_about_her_grandson(domain_dict, text, helped):
    from actions.questions import ActionVictimHelp

    _, messages = await run(ActionVictimHelp(), make_tracker(text, "ask_victim_help", 0.9), domain_dict)
    assert any(m.get("response") == "utter_victim_help" for m in messages) is helped


@pytest.mark.parametrize("role, response", [
    (None, "utter_out_of_scope"),
    ("burger", "utter_out_of_scope"),
    ("slachtoffer", "utter_victim_help"),   # persona run, stop 29: "waar kan ik slapen?" from a victim
])
async def test_out_of_scope_is_never_said_to_a_victim(domain_dict, role, response):
    from actions.questions import ActionOutOfScope

    tracker = make_tracker("ik wil weg vandaag. en mijn paspoort?", "out_of_scope", 0.9,
                           slots={"reporter_role": role})
    _, messages = await run(ActionOutOfScope(), tracker, domain_dict)
    assert [m.get("response") for m in messages] == [response]


@pytest.mark.parametrize("text, response", [
    ("wat moet ik doen 😭😭", "utter_acute_112"),        # persona run, stop 27: right after the 112 alert
    ("ben jij een robot?", "utter_bot_challenge"),
])
async def test_what_to_do_right_after_the_112_alert_is_about_the_danger(domain_dict, text, response):
    from actions.questions import ActionBotChallenge

    tracker = make_tracker(text, "bot_challenge", 0.9, slots={"acute": True, "phase": "after_acute"})
    _, messages = await run(ActionBotChallenge(), tracker, domain_dict)
    assert [m.get("response") for m in messages] == [response]


async def test_what_to_do_without_danger_is_about_the_chat(domain_dict):
    from actions.questions import ActionBotChallenge

    _, messages = await run(ActionBotChallenge(), make_tracker("wat moet ik doen", "bot_challenge", 0.9), domain_dict)
    assert [m.get("response") for m in messages] == ["utter_bot_challenge"]


async def test_no_danger_said_after_the_alert_keeps_112_out_of_the_routes(domain_dict):
    """Persona run, stop 28: after "maar er is nu geen gevaar hoor" the routes still put 112
    first, because the story said "slaat nu" when it was told."""
    from actions.common import danger_denied

    events = [{"event": "user", "text": "Een man slaat nu een van de vrouwen op de camping in Ede."},
              {"event": "slot", "name": "acute", "value": True},
              {"event": "user", "text": "maar er is nu geen gevaar hoor, het is middag"},
              {"event": "slot", "name": "acute", "value": False}]
    tracker = intake_done(description="Op de camping komen steeds andere mannen. Een man slaat nu een van de vrouwen.",
                          welcomed=True, phase="confirm_summary", acute=False)
    tracker.events = events
    assert danger_denied(tracker)
    _, messages = await run(report.ActionConfirmReport(), tracker, domain_dict)
    assert "Alarmnummer 112" not in " ".join(m.get("text") or "" for m in messages)
    tracker.events = events[:2] + [{"event": "user", "text": "ze zijn bang"}]   # no denial: 112 stays
    tracker.slots["acute"] = True
    assert not danger_denied(tracker)
    _, messages = await run(report.ActionConfirmReport(), tracker, domain_dict)
    assert "Alarmnummer 112" in " ".join(m.get("text") or "" for m in messages)


def test_turns_answered_with_begrijp_ik_niet_are_counted_so_the_third_gets_the_menu():
    """Fuzz, stop 29: intents without a rule inside the correction form got the same "begrijp ik
    niet" three times; the fallback now counts its own earlier replies too."""
    from actions.flow import _rephrased_before

    sorry = "Sorry, dat begrijp ik niet goed. Kun je het anders zeggen?"
    events = [{"event": "user", "text": "a"}, {"event": "bot", "text": sorry},
              {"event": "bot", "text": "Wat wil je aanpassen?"}, {"event": "user", "text": "b"},
              {"event": "bot", "text": sorry}, {"event": "user", "text": "c"}]
    assert _rephrased_before(make_tracker("c", "greet", events=events)) == 2
    assert _rephrased_before(make_tracker("c", "greet", events=events[-3:])) == 1
    assert _rephrased_before(make_tracker("c", "greet", events=[{"event": "user", "text": "c"}])) == 0
