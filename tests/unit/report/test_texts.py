"""Texts people read (copyable summaries, the mail body) use words, not our category keys."""
from bot.report.model import Summary
from bot.report.texts import ReportTexts

TEXTS = ReportTexts.from_content()
copyable_summary, full_summary = TEXTS.copyable_summary, TEXTS.full_summary

SUMMARY = Summary.from_dict({"reporter_role": "burger", "gemeente": "Utrecht", "place_type": "kas_akker",
           "description": "De baas houdt de paspoorten vast.", "possible_form": "arbeidsuitbuiting",
           "people": {"description": "10 mannen", "count": 10, "ages": []}, "minor": "onbekend"})


def test_place_type_is_shown_as_a_label():
    for text in (copyable_summary("mma", SUMMARY), copyable_summary("politie", SUMMARY), full_summary(SUMMARY)):
        assert "kas_akker" not in text
        assert "kas, akker of boerderij" in text


def test_unknown_place_type_is_left_out_of_where():
    text = copyable_summary("mma", Summary.from_dict({**SUMMARY.to_dict(), "place_type": "onbekend"}))
    assert "Waar: gemeente Utrecht\n" in text + "\n"



def test_danger_now_is_never_answered_no_for_the_reporter():
    """Nobody is asked "is er nu gevaar?" as a question: the summary says "niet gemeld", not "nee"."""
    calm = full_summary(Summary.from_dict({**SUMMARY.to_dict(), "acute": False}))
    assert "Acuut gevaar: niet gemeld" in calm
    assert "Acuut gevaar: ja" in full_summary(Summary.from_dict({**SUMMARY.to_dict(), "acute": True}))
