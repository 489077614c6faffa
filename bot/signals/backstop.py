"""A statistical backstop for the form: where the lexicon finds signals but not enough to
name a form, a linear model on word and character n-grams (trained on the development sets
only, at start-up) may name one, if a found signal points to it. See
`content/signals/backstop.yml`."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "content" / "signals" / "backstop.yml"


@dataclass(frozen=True)
class Guess:
    form: str
    probability: float


def _features() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, strip_accents="unicode")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                  strip_accents="unicode")),
    ])


def _model() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")


class FormBackstop:
    """The form model, and a second model for danger now: the acute detector's rules miss
    phrasings nobody wrote down yet, so a probable "acute" from this model also counts
    (recall first; 112 is said, the form needs no reason for that).

    Both models read the same n-gram features of the same training texts, so the features
    are fitted once and computed once per message (they are most of the time per message)."""

    def __init__(self, texts: list[str], labels: list[str | None], min_probability: float,
                 acute: list[bool] | None = None, acute_min_probability: float = 1.01) -> None:
        # a label None: a text for the danger-now model only (its form label is not used)
        self.features = _features()
        x = self.features.fit_transform(texts)
        rows = [i for i, label in enumerate(labels) if label is not None]
        self.model = _model().fit(x[rows], [labels[i] for i in rows])
        self.min_probability = float(min_probability)
        self.acute_model = None
        if acute is not None and any(acute) and not all(acute):
            self.acute_model = _model().fit(x, acute)
        self.acute_min_probability = float(acute_min_probability)
        self._last: tuple[str, Any] | None = None
        self._ranked: tuple[str, list[Guess]] | None = None
        from scipy.sparse import hstack

        self._hstack = hstack

    @classmethod
    def from_yaml(cls, path: str | Path | None = None) -> "FormBackstop":
        with open(path or DEFAULT_PATH, encoding="utf-8") as fh:
            config = yaml.safe_load(fh)
        acute_only = set(config.get("acute_only_writers") or [])
        texts, labels, acute = [], [], []
        for case in _cases(ROOT / name for name in config["train"]):
            texts.append(case["text"])
            labels.append(None if case["id"].split("-")[0] in acute_only else case["form"])
            acute.append(bool(case["acute"]))
        return cls(texts, labels, config["min_probability"], acute, config["acute_min_probability"])

    def _x(self, text: str) -> Any:
        # one message is read by both models in one classification: compute its features once
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        # each vectoriser directly: FeatureUnion.transform goes through joblib, a third of the time
        x = self._hstack([vectoriser.transform([text]) for _, vectoriser in self.features.transformer_list]).tocsr()
        self._last = (text, x)
        return x

    def acute(self, text: str) -> bool:
        if self.acute_model is None or not (text or "").strip():
            return False
        probability = float(self.acute_model.predict_proba(self._x(text))[0][list(self.acute_model.classes_).index(True)])
        return probability >= self.acute_min_probability

    def ranked(self, text: str) -> list[Guess]:
        # asked up to three times per message (tie, guess, explanation): read it once
        last = self._ranked
        if last is not None and last[0] == text:
            return last[1]
        probabilities = self.model.predict_proba(self._x(text or ""))[0]
        pairs = sorted(zip(self.model.classes_, probabilities), key=lambda p: -p[1])
        ranked = [Guess(str(label), float(p)) for label, p in pairs]
        self._ranked = (text, ranked)
        return ranked

    def guess(self, text: str, allowed: Iterable[str]) -> Guess | None:
        """The most probable form among `allowed` (forms a found signal explains), if it is
        the model's first or second choice and probable enough; else None."""
        allowed = set(allowed)
        ranked = self.ranked(text)
        for guess in ranked[:2]:
            if guess.form in allowed and guess.probability >= self.min_probability:
                return guess
        return None


def _cases(paths: Iterable[Path]) -> Iterable[dict[str, Any]]:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
