"""The formal summary for professionals (issue 13, item 4): content, escaping, no identifiers."""
from datetime import datetime, timezone

from bot.report.document import RouteLine, formal_document
from bot.report.model import Summary


def render(services, summary, routes=()):
    return formal_document(reference_code="ABCD-1234-EFGH", created_at=datetime(2026, 12, 6, 23, 5, tzinfo=timezone.utc),
                           summary=summary, routes=list(routes), texts=services.texts,
                           signal_explanations=services.documents.signal_explanations)


def test_code_time_form_signals_and_route_with_reasons(services):
    summary = Summary(reporter_role="professional", professional_role="huisarts", gemeente="Arnhem",
                      possible_form="arbeidsuitbuiting", form_confidence="middel",
                      signals=("paspoort_afgepakt",) if "paspoort_afgepakt" in services.documents.signal_explanations
                      else tuple(list(services.documents.signal_explanations)[:1]),
                      description="Ze slapen in de kantine.")
    html = render(services, summary, [RouteLine("Politie", "De politie onderzoekt mogelijke uitbuiting.", "0900-8844")])
    assert "ABCD-1234-EFGH" in html and "07-12-2026 00:05" in html  # Dutch time (CET)
    assert "Mogelijk: arbeidsuitbuiting (zekerheid: middel)." in html
    explanation = services.documents.signal_explanations[summary.signals[0]]
    assert f"<li>{explanation}</li>" in html
    assert "<strong>Politie</strong>: De politie onderzoekt mogelijke uitbuiting." in html and "0900-8844" in html
    assert "huisarts" in html and "Arnhem" in html


def test_user_text_is_escaped_never_markup(services):
    html = render(services, Summary(description='<img src=x onerror="alert(1)"> & co'))
    assert "<img" not in html and "&lt;img src=x" in html and "&amp; co" in html


def test_a_report_built_from_a_story_with_names_holds_none_of_them(services):
    story = ("Piet de Vries uit Zwolle laat 6 Polen in zijn schuur slapen. Zijn nummer is 06-12345678, "
             "mail p.devries@voorbeeld.nl. Mevrouw Bakker van hiernaast zag het ook.")
    anonymised = services.anonymiser.anonymise(story)
    html = render(services, Summary(description=anonymised, gemeente="Zwolle", possible_form="arbeidsuitbuiting"))
    for identifier in ("Piet", "Vries", "06-12345678", "p.devries", "Bakker"):
        assert identifier not in html
    assert "6 Polen" in html and "schuur" in html
