"""deduce 3.0.3: loading, cache building, and turning its annotations into our spans.

deduce keeps its lookup structures (tries of names and streets) in a pickle:
``<site-packages>/deduce/data/lookup/cache/lookup_structs.pickle`` (deduce's default
``cache_path`` is its own lookup directory). Building them takes ~3 minutes; loading the
pickle ~10 s. Build once at setup with ``python -m bot anonymise --build``.
The pickle is valid while deduce's version is unchanged and no file under
``deduce/data/lookup/src`` is newer than the pickle (deduce's own rule).

Importing deduce calls ``logging.basicConfig(stream=sys.stdout, level=DEBUG)``; we undo
that so our CLI's stdout stays clean and the host's logging setup is untouched.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from .recognizers import Span

log = logging.getLogger(__name__)

_CACHE_FILE = Path("cache") / "lookup_structs.pickle"

# deduce annotators we do not want: places/regions (routing needs them), dates (we only
# remove dates of birth), ages (not identifiers), institutions (not personal), and the
# patient-name annotator (needs metadata we never have).
DISABLED_ANNOTATORS = {
    "placename", "date_dmy_1", "date_dmy_2", "date_ymd_1", "date_ymd_2", "age", "hospital",
    "institution", "patient_name",
}

# deduce tag -> our kind ("locatie" is decided by its text: postcode or address)
_TAG_KIND = {
    "bsn": "BSN",
    "id": "DOCUMENT",
    "telefoonnummer": "TELEFOON",
    "emailadres": "EMAIL",
    "url": "URL",
}


class DeduceCacheMissing(RuntimeError):
    """deduce's lookup structures are not built (run ``python -m bot anonymise --build``)."""


def _import_deduce() -> Any:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import deduce  # noqa: WPS433 (deliberately lazy)
    finally:
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)
    return deduce


def package_lookup_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("deduce")
    if spec is None or spec.origin is None:
        raise ImportError("deduce is not installed")
    return Path(spec.origin).parent / "data" / "lookup"


def cache_dir(override: Path | None = None) -> Path:
    """Directory deduce uses as ``cache_path`` (the pickle lives in ``<dir>/cache/``):
    ``override`` (``Settings.deduce_cache_dir``) or deduce's own lookup directory."""
    return Path(override) if override else package_lookup_dir()


def cache_file(override: Path | None = None) -> Path:
    return cache_dir(override) / _CACHE_FILE


def cache_is_fresh(override: Path | None = None) -> bool:
    """Same rule as deduce (version is checked when it loads): pickle present and newer
    than every source list."""
    f = cache_file(override)
    if not f.exists():
        return False
    built = f.stat().st_mtime
    src = package_lookup_dir() / "src"
    for p in src.glob("**/*"):
        if p.stat().st_mtime > built:
            return False
    return True


def _config() -> dict:
    base = package_lookup_dir().parents[2] / "base_config.json"
    with open(base, encoding="utf-8") as fh:
        cfg = json.load(fh)
    cfg["annotators"] = {k: v for k, v in cfg["annotators"].items() if k not in DISABLED_ANNOTATORS}
    return cfg


def build_cache(override: Path | None = None) -> Path:
    """Build deduce's lookup structures and write the pickle (~3 minutes)."""
    deduce = _import_deduce()
    t0 = time.monotonic()
    lookup = package_lookup_dir()
    target = cache_dir(override)
    log.warning("Building deduce lookup structures into %s (takes about 3 minutes)", target / _CACHE_FILE)
    deduce.Deduce(
        load_base_config=False, config=_config(), lookup_data_path=lookup, cache_path=target,
        build_lookup_structs=True,
    )
    log.warning("deduce lookup structures built in %.0f s", time.monotonic() - t0)
    return target / _CACHE_FILE


def load_deduce(allow_build: bool = True, cache: Path | None = None) -> Any:
    """Return a configured ``deduce.Deduce``. Loads the cached structures (~10 s).

    If the cache is missing or stale: with ``allow_build`` log a WARNING and build it
    (~3 minutes, written to the cache for next time); otherwise raise DeduceCacheMissing.
    """
    deduce = _import_deduce()
    fresh = cache_is_fresh(cache)
    if not fresh:
        msg = (
            "deduce lookup structures missing or stale at %s; run `python -m bot anonymise "
            "--build` during setup."
        )
        if not allow_build:
            raise DeduceCacheMissing(msg % cache_file(cache))
        log.warning(msg + " Building now: this takes about 3 minutes.", cache_file(cache))
    t0 = time.monotonic()
    model = deduce.Deduce(
        load_base_config=False, config=_config(), lookup_data_path=package_lookup_dir(),
        cache_path=cache_dir(cache),
    )
    log.info("deduce loaded in %.1f s (cache %s)", time.monotonic() - t0, "hit" if fresh else "built")
    return model


def cache_info(override: Path | None = None) -> dict:
    f = cache_file(override)
    return {
        "path": str(f),
        "exists": f.exists(),
        "fresh": cache_is_fresh(override) if f.exists() else False,
        "built": datetime.fromtimestamp(f.stat().st_mtime).isoformat(timespec="seconds") if f.exists() else None,
    }


_POSTCODE_LIKE = __import__("re").compile(r"^\s*[1-9]\d{3}\s?[A-Za-z]{2}\s*$")
_PERSON_TAG_PARTS = ("persoon", "naam", "voornaam", "achternaam", "initia", "patient")


def deduce_spans(model: Any, text: str) -> list[Span]:
    doc = model.deidentify(text, disabled={"redactor"})
    spans = []
    for a in doc.annotations:
        tag = a.tag.lower()
        kind: Optional[str] = _TAG_KIND.get(tag)
        if kind is None:
            if tag.startswith("locatie") or "huisnummer" in tag or tag == "postbus":
                kind = "POSTCODE" if _POSTCODE_LIKE.match(a.text) else "ADRES"
            elif any(p in tag for p in _PERSON_TAG_PARTS):
                kind = "PERSOON"
            else:
                continue  # pseudo names, streets without number, anything new: keep text
        spans.append(Span(a.start_char, a.end_char, kind, "deduce"))
    return spans
