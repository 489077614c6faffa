"""A double tap or a "ja" sent twice is read once (persona run: the second "ja" answered the
consent question the user had not seen yet and stored the report)."""
from rasa_ext.channels import DoubleSends


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_same_text_while_the_first_is_answered_or_just_after_is_a_repeat():
    clock = Clock()
    sends = DoubleSends(2.0, clock=clock)
    assert not sends.is_repeat("a", "ja")
    clock.now += 0.4
    assert sends.is_repeat("a", "ja")  # still being answered
    sends.replied("a")
    clock.now += 0.3
    assert sends.is_repeat("a", " ja ")  # a moment after the answer went out: the same tap
    clock.now += 0.6
    assert not sends.is_repeat("a", "ja")  # read the question, then "ja" again: a new answer


def test_the_same_button_for_the_next_question_a_second_later_is_an_answer():
    """Widget run: "Ja, dit klopt" and "Ja, stuur maar" both send /affirm; the second one,
    pressed a second after the consent question appeared, was swallowed as a double tap."""
    clock = Clock()
    sends = DoubleSends(2.0, clock=clock)
    assert not sends.is_repeat("a", "/affirm")
    clock.now += 0.3
    sends.replied("a")
    clock.now += 0.8
    assert not sends.is_repeat("a", "/affirm")


def test_nothing_counts_after_the_window():
    clock = Clock()
    sends = DoubleSends(2.0, clock=clock)
    assert not sends.is_repeat("a", "ja")
    clock.now += 2.1  # never answered (the turn failed without a reply): still a new message
    assert not sends.is_repeat("a", "ja")


def test_other_text_other_sender_or_off_is_never_a_repeat():
    clock = Clock()
    sends = DoubleSends(2.0, clock=clock)
    assert not sends.is_repeat("a", "ja")
    assert not sends.is_repeat("b", "ja")
    assert not sends.is_repeat("a", "nee")
    off = DoubleSends(0, clock=clock)
    assert not off.is_repeat("a", "ja") and not off.is_repeat("a", "ja")


def test_only_a_digest_is_kept_and_the_memory_is_bounded():
    sends = DoubleSends(2.0, max_senders=3)
    for sender in "abcde":
        sends.is_repeat(sender, "mijn naam is Piotr Nowak")
    assert len(sends._last) == 3
    assert all(isinstance(entry[0], bytes) and b"Piotr" not in entry[0] for entry in sends._last.values())
