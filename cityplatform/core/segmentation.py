"""Chinese word segmentation for keyword search (jieba).

Texts are indexed as the set of terms `jieba.cut_for_search` yields (words and
their shorter sub-words), so a query term such as 疫情防控 or 防控 finds the text.
Queries are cut the same way; punctuation and single-character noise are dropped.

Apps add the phrases of their trade (add_words: 家电齐全, 学区房, 交通方便 …), which
jieba would cut into common words (家电 + 齐全, 学区 + 房). Each such phrase is then one
term: a query for 学区房 reads one short posting list instead of intersecting 学区 with
房, which nearly every listing has. A text is indexed under every added phrase it
contains anywhere, so 家具家电齐全 is found by 家电齐全 too; the parts stay terms as well
(a query for 家电 still finds it).
"""

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jieba
from django.db.models import Count, QuerySet

jieba.setLogLevel(60)

_WORD = re.compile(r"[\w]", re.UNICODE)
# Function words that would match nearly every Chinese text.
STOP_TERMS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "为",
        "对",
        "等",
        "也",
        "都",
        "就",
        "而",
        "及其",
        "以及",
        "一个",
        "我们",
        "他们",
        "该",
    ]
)


def _keep(term: str) -> bool:
    term = term.strip()
    if not term or term in STOP_TERMS:
        return False
    if not _WORD.search(term):
        return False
    # A lone ASCII letter or digit carries no meaning; a lone Chinese character may.
    return not (len(term) == 1 and term.isascii())


# Phrases added by the apps, and those of them jieba has been told (on first use:
# telling jieba loads its dictionary, a second's work a process need not do at start).
# _words is replaced whole, never changed, so a reader never sees it half-updated.
_words: frozenset[str] = frozenset()
_told: set[str] = set()
_lock = threading.Lock()


def add_words(words: Iterable[str]) -> None:
    """Make each phrase of three characters or more one search term (shorter ones are
    words to jieba already). Call at start-up (an AppConfig.ready): an index holds the
    terms of the phrases known when it was built, so adding phrases later needs a
    re-index (a data migration), as changing them does."""
    global _words
    added = {w.strip().lower() for w in words if len(w.strip()) >= 3} - _words
    if added:
        with _lock:
            _words = _words | added
        query_terms.cache_clear()


def added_words() -> frozenset[str]:
    return _words


def _tell_jieba() -> None:
    if len(_told) < len(_words):
        with _lock:
            for word in sorted(_words.difference(_told)):
                jieba.add_word(word)  # with the frequency that keeps it whole
                _told.add(word)


def index_terms(text: str) -> set[str]:
    """All distinct search terms of a text, lower-cased: what jieba.cut_for_search
    yields, and every added phrase the text contains."""
    _tell_jieba()
    terms = {t.lower() for t in jieba.cut_for_search(text) if _keep(t)}
    lowered = text.lower()
    terms.update(word for word in _words if word in lowered)
    return terms


@lru_cache(maxsize=2048)
def query_terms(query: str) -> tuple[str, ...]:
    """The terms a query must all match: the longest words jieba finds in it."""
    _tell_jieba()
    terms = [t.lower() for t in jieba.cut(query.strip()) if _keep(t)]
    return tuple(dict.fromkeys(terms))


def owners_with_all_terms(
    term_rows: QuerySet[Any], owner_field: str, terms: tuple[str, ...]
) -> QuerySet[Any]:
    """Ids (in `owner_field`) of the records whose index rows hold every term.

    `term_rows` is a term table (one row per distinct term of a record, with a `term`
    column): the news and housing indexes are both searched this way.
    """
    return (
        term_rows.filter(term__in=terms)
        .values(owner_field)
        .annotate(matched=Count("id"))
        .filter(matched=len(terms))
        .values(owner_field)
    )
