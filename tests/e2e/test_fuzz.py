"""1 000 random conversations against the running stack, fixed seed: every turn keeps the
invariants of tests/e2e/fuzz.py (true statements, no answer in another field, nothing lost
without a stop, no stuck repeats, always an answer)."""
from __future__ import annotations

import pytest

from tests.e2e import fuzz

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]


@pytest.mark.timeout(2400)
def test_a_thousand_random_conversations_keep_the_invariants(stack):
    result = fuzz.run(stack["base"], stack["token"], conversations=1000, seed=7, workers=4)
    print(f"fuzz: {result.conversations} conversations, {result.turns} turns, "
          f"{len(result.violations)} violations, {result.seconds:.0f} s")
    assert result.conversations == 1000 and result.turns > 5000
    assert result.violations == [], "\n".join(result.violations[:20])


def test_the_fuzzer_sees_a_broken_invariant():
    """The checks can fail: a fake stack that claims nothing was kept after giving a code."""
    class Liar(fuzz.Client):
        def __init__(self):
            self.turn = 0

        def say(self, sender, message):
            self.turn += 1
            if self.turn == 2:
                return [{"text": "Bewaard zonder namen. Je code is ABCD-EFGH-JKMN."}]
            return [{"text": "Er is nog niets bewaard en niets verstuurd.", "buttons": []}]

        def slots(self, sender):
            return {"description": "iets"}

    import random
    _, problems = fuzz.walk(Liar(), "liar", random.Random(1), max_turns=4)
    assert any("says nothing kept" in p for p in problems)
