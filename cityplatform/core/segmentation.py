"""Chinese word segmentation for keyword search (jieba).

Texts are indexed as the set of terms `jieba.cut_for_search` yields (words and
their shorter sub-words), so a query term such as 疫情防控 or 防控 finds the text.
Queries are cut the same way; punctuation and single-character noise are dropped.
"""

import re
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


def index_terms(text: str) -> set[str]:
    """All distinct search terms of a text, lower-cased."""
    return {t.lower() for t in jieba.cut_for_search(text) if _keep(t)}


@lru_cache(maxsize=2048)
def query_terms(query: str) -> tuple[str, ...]:
    """The terms a query must all match: the longest words jieba finds in it."""
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
