"""Forty conversations as varied people hold them: the cases outsiders tried (a worried
neighbour, a mother, a BOA, a huisarts, a victim in simple Dutch, other languages, someone who
doubts, someone who pastes a very long text) and more. Each is a list of turns; a turn is the
message and, optionally, words the reply must contain ("+...") or must not contain ("-...").

`test_personas.py` holds every conversation against the running stack, checks these
expectations and the fuzzer's invariants on every turn, and writes the transcripts to
`var/transcripts/` for people to read.
"""
from __future__ import annotations

STORY_NEIGHBOUR = ("Bij mijn buren wonen steeds andere jonge vrouwen. Ze mogen niet alleen naar buiten "
                   "en een man haalt ze elke avond op met een busje.")
STORY_CAMPING = ("Op de camping slapen arbeiders met tien man in een schuur. Ze werken van zes tot "
                 "tien op het land en de baas houdt hun loon in.")
LONG = ("Ik weet niet goed waar ik moet beginnen. " + "Elke ochtend om vijf uur komt er een busje bij het "
        "huis tegenover ons en dan stappen er zes of zeven mannen in, ze zien er moe uit en praten niet. "
        * 40).strip()

# (persona, [(message, expectations...)])
PERSONAS: list[tuple[str, list[tuple]]] = [
    ("buurvrouw, alles in één keer", [
        (STORY_NEIGHBOUR, "+Niet-pluis", "+112", "+gemeente"),
        ("schiedam, staat er toch in", "+Wat voor plek", "-stop"),
        ("een woning",), ("10 of 12 vrouwen",), ("ze zijn bang",), ("al maanden",),
        ("buurvrouw", "+Klopt dit?"),
        ("/affirm", "+mogelijk", "-het is mensenhandel"),
        ("/deny", "+niets verstuurd en niets bewaard", "-bekijken je melding"),
    ]),
    ("buurman die per ongeluk stop typt", [
        (STORY_NEIGHBOUR,), ("Utrecht",),
        ("laat maar", "+Wil je stoppen?"),
        ("/deny", "+we gaan verder", "+Wat voor plek"),
        ("een flat",), ("stop", "+Oké, ik stop", "+niets bewaard en niets verstuurd", "+Toch verder"),
        ("oeps nee, per ongeluk", "+verder waar we waren", "+hoeveel mensen"),
        ("stop", "+Oké, ik stop"), ("/stop", "+ik stop en wis dit gesprek", "-Toch verder"),
    ]),
    ("moeder over haar dochter van 15", [
        ("mijn dochter van 15 heeft een vriend van 24 die haar dure cadeaus geeft en ze slaapt vaak niet thuis",
         "+gemeente"),
        ("Emmen",), ("bij hem thuis denk ik",), ("mijn dochter van 15 en die man",),
        ("ik ben zo bang dat ze er niet meer uit komt",), ("sinds de zomer",), ("ik ben haar moeder",),
        ("/affirm", "+Veilig Thuis"),
    ]),
    ("camping-gast met een vraag tussendoor", [
        # the story gives the place and the people: the intake asks the gemeente, how they came
        # (an answer about pay is kept as said, never read as "weet ik niet"), since when, the role
        (STORY_CAMPING,), ("is dit anoniem?", "+naam niet te geven", "+gemeente"),
        ("Ede",), ("ze krijgen bijna geen geld",), ("deze zomer",),
        ("als burger", "+Klopt dit?", "+bijna geen geld", "+deze zomer"), ("/affirm",),
        ("wat gebeurt er met mijn gegevens?",), ("/affirm", "+code"),
        ("is mijn melding nu bewaard of verstuurd?", "+bewaard"),
    ]),
    ("twijfelaar die van gedachten wisselt", [
        ("hoi",), ("ik weet niet of het wel erg is", ), ("er werken steeds andere meisjes in de nagelsalon tot laat",),
        ("hou maar op", "+Wil je stoppen?"), ("/deny", "+we gaan verder"),
        ("Zwolle",), ("salon",), ("drie meisjes van rond de 17",), ("weet ik niet",), ("elke avond",),
        ("burger", "+Klopt dit?"), ("stop ermee?", "+Wil je stoppen?"), ("/deny", "+Klopt dit?"),
    ]),
    ("'WAT?? ik zei niet stop'", [
        (STORY_NEIGHBOUR,), ("hou op met vragen", "+Wil je stoppen?"),
        ("WAT?? ik zei niet stop!", "-niets bewaard"),
    ]),
    ("correctie in woorden bij de samenvatting", [
        # the story already says where and who: the intake asks the gemeente, how they came, since
        # when and the role
        (STORY_CAMPING,), ("Amersfoort",), ("via een uitzendbureau denk ik",), ("al een paar maanden",),
        ("als buurman", "+Klopt dit?"), ("niet amersfoort maar leusden", "+Leusden"),
    ]),
    ("getal-correctie: geen kinderen", [
        (STORY_CAMPING,), ("Arnhem",), ("kas",), ("10 of 12",), ("/dont_know",), ("nu",), ("burger",),
        ("/correct",), ("wie",), ("12 volwassen mannen, tussen de 20 en 50",),
        ("/affirm", "-jonger dan 18", "-minderjarig"),
    ]),
    ("baliemedewerker gemeente Arnhem", [
        ("Bij de balie kwam een vrouw zich inschrijven. Een man deed het woord en hield haar paspoort vast.",),
        ("Arnhem",), ("gemeentehuis",), ("een vrouw van rond de 25 en een man",), ("ze keek steeds naar hem",),
        ("vanochtend",), ("baliemedewerker gemeente", "+Klopt dit?"),
        ("/affirm", "+Aandachtsfunctionaris"), ("/affirm", "+code", "+gaat nu naar"),
        ("wat gebeurt er nu?", "+bewaard"),
    ]),
    ("BOA in Vlaardingen", [
        ("In een bedrijfspand in Vlaardingen lagen 14 matrassen in de kantine. Werknemers zeggen dat de baas hun loon inhoudt.",
         "+gemeente Vlaardingen", "+Wat voor plek", "-In welke gemeente"),
        ("bedrijf",), ("14 arbeiders",), ("ze betalen boetes",), ("bij controle vandaag",),
        ("toezichthouder, BOA", "+Klopt dit?"), ("/affirm", "+Arbeidsinspectie"),
    ]),
    ("huisarts in Utrecht", [
        ("Een patiënte kwam met blauwe plekken. Haar begeleider liet haar niet alleen praten en had haar pas.",),
        ("utrecht",), ("praktijk",), ("een jonge vrouw",), ("ze is bang voor hem",), ("twee keer gezien",),
        ("huisarts", "+Klopt dit?"), ("/affirm",),
    ]),
    ("leerplichtambtenaar", [
        ("Een leerling van 15 is vaak afwezig, heeft nieuwe dure spullen en wordt opgehaald door oudere jongens in een auto.",),
        ("Eindhoven",), ("school",), ("een meisje van 15",), ("/dont_know",), ("sinds september",),
        ("leerplichtambtenaar", "+Klopt dit?"), ("/affirm", "+Veilig Thuis"),
    ]),
    ("wijkteam Emmen vraagt eerst waar te melden", [
        ("waar meld ik dit?", "+aandachtsfunctionaris"), ("ik wil iets melden",),
        # the story names the place and the people: those questions are skipped (issue 13)
        ("In een huis in de wijk wonen twintig arbeidsmigranten op vier kamers en ze moeten alles aan de baas betalen.",
         "+twintig arbeidsmigranten"),
        ("Emmen", "-Wat voor plek", "-Om hoeveel mensen"), ("/dont_know",), ("al een jaar",), ("wijkteam",),
        ("/affirm",),
    ]),
    ("slachtoffer in eenvoudig Nederlands", [
        ("ik moet werken elke dag, baas heeft mijn paspoort, ik mag niet weg", "+CoMensha"),
        ("wie helpt mij nu? krijg ik problemen met politie?", "+geen straf"),
        ("Westland",), ("kas",), ("ik en 5 andere",), ("baas schreeuwt",), ("drie maanden",),
        ("het gaat over mezelf", "+Klopt dit?"),
    ]),
    ("jonge vrouw met 'vriend'", [
        ("mijn vriend zegt dat ik met andere mannen moet slapen voor geld, anders gaat hij weg", "+gemeente"),
        ("ik wil niet zeggen waar", ), ("weet ik niet",), ("ik",), ("ik ben bang voor hem",), ("al een half jaar",),
        ("het gaat over mezelf",),
    ]),
    ("Poolse werknemer", [
        ("Dzień dobry, szef zabrał mi paszport i nie płaci mi od trzech miesięcy", "+112", "+Zadzwoń"),
    ]),
    ("Roemeense", [("Bună ziua, am nevoie de ajutor. Șeful mi-a luat pașaportul.", "+112", "+Sună")]),
    ("Bulgaarse", [("Здравейте, имам нужда от помощ. Шефът ми взе паспорта.", "+112", "+помощ")]),
    ("Oekraïense", [("Добрий день, мені потрібна допомога. Роботодавець забрав мій паспорт.", "+112", "+допомогу")]),
    ("Arabischtalige", [("مرحبا، أحتاج مساعدة. صاحب العمل أخذ جواز سفري", "+112", "+اتصل")]),
    ("Turkse", [("Merhaba, yardım istiyorum. Patron pasaportumu aldı.", "+112", "+arayın")]),
    ("Engelstalige", [("hello, I need help, my employer keeps my documents", "+112", "+CoMensha")]),
    ("acuut gevaar midden in het gesprek", [
        (STORY_NEIGHBOUR,), ("Schiedam",),
        ("hij slaat haar nu en ze zit opgesloten", "+112"),
        ("een woning",), ("een vrouw",),
    ]),
    ("acuut gevaar als eerste bericht", [
        ("help hij staat voor de deur en slaat me", "+112", "+Niet-pluis"),
        ("Verder met mijn melding", "-code", "+Dan gaan we verder"),
    ]),
    ("iemand zonder code", [
        ("ik wil iets aanvullen op mijn melding", "+code"),
        ("ik heb geen code", "+nieuwe melding", "-ken ik niet"),
    ]),
    ("verkeerde code, dan geen code", [
        ("ik wil iets aanvullen op mijn melding",), ("ABCD-EFGH-JKMN", "+ken ik niet"),
        ("weet ik niet", "+nieuwe melding"),
    ]),
    ("alleen emoji en lege berichten", [
        ("😀😀😀", "+emoji"), ("", "+leeg bericht"), ("🙈",),
    ]),
    ("HTML en script", [
        ("<script>alert(1)</script> bij de buren wonen meisjes die niet naar buiten mogen", "-<script>"),
        ("<b>Utrecht</b>", "+Wat voor plek"),
    ]),
    ("een heel lang verhaal", [(LONG, "+gemeente"), ("Delft", "-Wat voor plek", "-Om hoeveel mensen")]),
    ("drie keer hetzelfde", [("hallo",), ("hallo",), ("hallo",)]),
    ("alles 'ja'", [("hoi",), ("ja",), ("ja",), ("ja",), ("ok",)]),
    ("vraagteken op alles", [(STORY_CAMPING,), ("?",), ("?",), ("?",), ("?",), ("?",), ("?",)]),
    ("oude knoppen in de verkeerde volgorde", [
        (STORY_NEIGHBOUR,), ("/affirm", "+knopje"), ("Den Haag",), ("/deny",), ("woning",),
    ]),
    ("vraag na het versturen, en een nieuw verhaal", [
        (STORY_CAMPING, "+tien man"), ("Leusden",), ("/dont_know",), ("nu",), ("burger",),
        ("/affirm",), ("/affirm", "+code"),
        ("is dit anoniem?", "-Klopt dit?"),
        ("/affirm", "-code is"),
        ("Er is nog iets anders: in de snackbar werkt een jongen van 14 tot middernacht.",),
    ]),
    ("melding wissen met de code", [
        (STORY_CAMPING, "+tien man"), ("Leusden",), ("/dont_know",), ("nu",), ("burger",),
        ("/affirm",), ("/affirm", "+code"), ("verwijder melding {code}", "+wissen"),
        ("/affirm", "+gewist"), ("is mijn melding nog bewaard?", "+gewist"),
    ]),
    ("stop na een bewaarde melding", [
        (STORY_CAMPING, "+tien man"), ("Leusden",), ("/dont_know",), ("nu",), ("burger",),
        ("/affirm",), ("/affirm", "+code"), ("stop", "+{code}", "-niets bewaard"),
    ]),
    ("vraag bij de toestemming, dan knop", [
        (STORY_NEIGHBOUR,), ("Vlaardingen",), ("woning",), ("vijf vrouwen",), ("/dont_know",), ("al weken",),
        ("buurvrouw",), ("/affirm",), ("wie ziet mijn melding?",), ("/deny", "+niets verstuurd en niets bewaard"),
    ]),
    ("Engels en Nederlands door elkaar", [
        ("hi, ik zag something weird bij de buren, meisjes mogen niet naar buiten",),
        ("Rotterdam",), ("house",),
    ]),
    ("vraag die geen antwoord is", [
        (STORY_NEIGHBOUR,), ("Gouda",), ("hoe laat is het?", "+Wat voor plek"), ("woning",),
    ]),
    ("groet, stop, toch niet", [("hoi",), ("stop", "+ik stop"), ("nee toch niet",)]),
]
