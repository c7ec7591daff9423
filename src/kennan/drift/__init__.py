"""Drift: how a claim changed from a source statement to its retelling.

Decompose, then compare: :func:`decompose` scores one side on its own (in its
own language) on the certainty scale (question < possibility < probable <
will/must < done/is) and on qualifiers, intent markers, acts and agentless
passives, stance and quotations; :func:`compare` runs both sides and returns a
:class:`DriftResult` with typed :class:`DriftFinding` rows, each with spans into
both sides and the versioned method name, plus a calibrated hop score.

    >>> from kennan.drift import compare
    >>> r = compare("I think there's that opportunity to work with Russia.",
    ...             "Russia has been invited to be friends against China")
    >>> "certainty_inflated" in r.types
    True
"""

from .compare import compare, compare_sides
from .decompose import decompose, detect_lang
from .statements import compare_statements
from .types import (
    CERTAINTY_LEVELS,
    FINDING_TYPES,
    Cue,
    DriftFinding,
    DriftResult,
    SideScale,
)

__all__ = [
    "CERTAINTY_LEVELS",
    "FINDING_TYPES",
    "Cue",
    "DriftFinding",
    "DriftResult",
    "SideScale",
    "compare",
    "compare_sides",
    "compare_statements",
    "decompose",
    "detect_lang",
]
