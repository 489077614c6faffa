"""The formal summary of a confirmed report (issue 13, item 4): one printable HTML page with
the reference code, the time, the anonymised summary, the possible form with the signals that
point to it, and the route with the reason for each recipient. Professionals forward it or
bring it to an overleg; the aandachtsfunctionaris gets it as a mail attachment.

Self-contained (no script, no external style or font), every value escaped: it holds only
what the anonymised summary holds, never the reporter's identity.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Iterable, Mapping
from zoneinfo import ZoneInfo

from bot.report.model import Summary
from bot.report.texts import ReportTexts
from bot.vocab import FORM_TEXT, ONDUIDELIJK

_TZ = ZoneInfo("Europe/Amsterdam")
_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;max-width:42rem;margin:2rem auto;color:#111;line-height:1.45}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .4rem;
border-bottom:1px solid #ddd}th{width:38%;font-weight:600}.meta{color:#333}.note{font-size:.9rem;color:#333}
@media print{body{margin:0;max-width:none}a{color:#111}}
"""


@dataclass(frozen=True)
class RouteLine:
    name: str
    reason: str
    contact: str = ""


def route_lines(routes: Iterable[Mapping[str, str]], recipients: Mapping[str, object]) -> list[RouteLine]:
    """Stored routes ({code, reason}) with the recipient's public name and contact."""
    out = []
    for route in routes:
        recipient = recipients.get(route.get("code", ""))
        name = getattr(recipient, "name", None) or route.get("code", "")
        contact = ", ".join(str(x) for x in (getattr(recipient, "phone", None), getattr(recipient, "url", None)) if x)
        out.append(RouteLine(name, route.get("reason", ""), contact))
    return out


def formal_document(*, reference_code: str, created_at: datetime, summary: Summary, routes: list[RouteLine],
                    signal_explanations: Mapping[str, str], texts: ReportTexts) -> str:
    when = created_at.astimezone(_TZ).strftime("%d-%m-%Y %H:%M")
    form = FORM_TEXT.get(summary.possible_form, summary.possible_form)
    rows = "".join(f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"
                   for label, value in texts.summary_lines(summary))
    signals = [signal_explanations[s] for s in dict.fromkeys(summary.signals) if s in signal_explanations]
    signal_items = "".join(f"<li>{escape(s)}</li>" for s in signals) or "<li>Geen signalen herkend in de tekst.</li>"
    route_items = "".join(
        f"<li><strong>{escape(r.name)}</strong>: {escape(r.reason)}"
        + (f" <span class=\"meta\">({escape(r.contact)})</span>" if r.contact else "") + "</li>" for r in routes)
    form_line = ("Nog onduidelijk: te weinig informatie om een vorm te noemen." if summary.possible_form == ONDUIDELIJK
                 else f"Mogelijk: {form}" + (f" (zekerheid: {summary.form_confidence})" if summary.form_confidence else "")
                 + ".")
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>Niet-pluis-signaal {escape(reference_code)}</title>
<style>{_STYLE}</style></head>
<body>
<h1>Niet-pluis-signaal: samenvatting</h1>
<p class="meta">Meldcode: <strong>{escape(reference_code)}</strong><br>Bevestigd: {escape(when)} (Nederlandse tijd)</p>
<p class="note">Geanonimiseerde samenvatting: namen, adressen en nummers zijn weggelaten. De vorm is een
inschatting; professionals bepalen of het om mensenhandel gaat.</p>
<h2>Samenvatting</h2>
<table>{rows}</table>
<h2>Mogelijke vorm</h2>
<p>{escape(form_line)}</p>
<p>Signalen die daarop wijzen:</p>
<ul>{signal_items}</ul>
<h2>Route en waarom</h2>
<ol>{route_items or "<li>Geen route vastgelegd.</li>"}</ol>
<p class="note">Met de meldcode kan de melder later iets aanvullen. Bewaar of stuur nooit beelden van
minderjarigen door.</p>
</body></html>
"""


class Documents:
    """Renders the formal document of a stored report; built once by the composition root."""

    def __init__(self, texts: ReportTexts, recipients: Mapping[str, object],
                 signal_explanations: Mapping[str, str]) -> None:
        self.texts = texts
        self.recipients = recipients
        self.signal_explanations = signal_explanations

    def render(self, reference_code: str, created_at: datetime, data: Mapping) -> str:
        """`data` is a stored report's content: {"summary": ..., "routes": [...]}."""
        return formal_document(reference_code=reference_code, created_at=created_at,
                               summary=Summary.from_dict(data["summary"]),
                               routes=route_lines(data.get("routes") or [], self.recipients),
                               signal_explanations=self.signal_explanations, texts=self.texts)

    @staticmethod
    def filename(reference_code: str) -> str:
        return f"niet-pluis-{reference_code}.html"
