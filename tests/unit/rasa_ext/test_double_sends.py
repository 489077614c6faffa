"""A double tap or a "ja" sent twice is read once (persona run: the second "ja" answered the
consent question the user had not seen yet and stored the report)."""
from rasa_ext.channels import DoubleSends


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_same_text_from_the_same_sender_within_the_window_is_a_repeat():
    clock = Clock()
    sends = DoubleSends(2.0, clock=clock)
    assert not sends.is_repeat("a", "ja")
    clock.now += 0.4
    assert sends.is_repeat("a", "ja")
    assert sends.is_repeat("a", " ja ")  # a third tap, still within the window of the first
    clock.now += 1.7
    assert not sends.is_repeat("a", "ja")  # read the question, then "ja" again: a new answer


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
    assert all(isinstance(digest, bytes) and b"Piotr" not in digest for digest, _ in sends._last.values())
