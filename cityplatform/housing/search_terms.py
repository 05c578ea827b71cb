"""How common a search term is among published listings: what decides which term of a
keyword search drives the lookup, and how a walk tests the others (search,
search_results, matching.forward)."""

import time

from cityplatform.housing.models import ListingTerm

# Counting a term's postings stops here: enough to tell a landmark (a few per cent of
# the homes) from a feature most ads mention; counting 30,000 index entries takes 2 ms.
FREQUENCY_CAP = 30_000
# A term's count is reused this long (seconds), as a planner reuses its statistics: the
# order of a query's terms only decides which of them drives the lookup.
FREQUENCY_TTL = 600.0
_frequencies: dict[str, tuple[int, float]] = {}


def term_frequency(term: str) -> int:
    """How many published listings have the term, counted up to FREQUENCY_CAP and
    remembered for FREQUENCY_TTL seconds."""
    now = time.monotonic()
    known = _frequencies.get(term)
    if known is not None and known[1] > now:
        return known[0]
    count = ListingTerm.objects.published().filter(term=term)[:FREQUENCY_CAP].count()
    if len(_frequencies) > 50_000:
        _frequencies.clear()
    _frequencies[term] = (count, now + FREQUENCY_TTL)
    return count


def rarest_first(terms: tuple[str, ...]) -> list[str]:
    """The terms by how many listings have them, rarest first."""
    return list(terms) if len(terms) < 2 else sorted(terms, key=term_frequency)
