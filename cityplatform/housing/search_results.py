"""Search results as pages, read the cheaper of two ways (docs/decisions.md, "Listing
search at a million listings").

A broad search ("3 rooms in 天元区", "家电齐全") matches tens of thousands of homes. An
exact count would read all of them, and so would sorting them for the first page.
Like the big portals ("1000+ 套"), the count stops at COUNT_CAP. When it does, there
are so many matches that walking the published listings in the requested order (one
district's, when the search names one), a chunk at a time, and keeping the rows that
pass the filters, fills a page after a few hundred rows. The walk reads only an index
(housing_pub_* holds the order and every filter column) and, for keywords, the term
index; the table is read for the page's twenty rows alone.

A narrow search (fewer than COUNT_CAP matches) is counted exactly, and its matches,
whose ids the count has already fetched, are sorted.

A one-term search whose filters the term index carries copies of (district, price,
rooms) is exactly a range of that index, which copies the sort keys too: its pages
are read from the range, sorted, when the term is not among the commonest, and when
a walk gives up.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Field, QuerySet

from cityplatform.core.queries import id_array, raw_rows, request_plans, rows_for_ids
from cityplatform.housing.models import Listing, ListingStatus, ListingTerm
from cityplatform.housing.search_terms import term_frequency
from cityplatform.housing.selectors import PublicListingQuerySet, listings_public

# Counting stops here: the pages say "1000+" and offer 50 pages of 20.
COUNT_CAP = 1000
# The walk reads rows in growing chunks, and gives up past WALK_LIMIT rows: the matches
# lie far down the order (homes of 2 rooms, largest first, walk past every bigger
# home), or the page is deep. The matches are then sorted instead.
WALK_FIRST_CHUNK = 500
WALK_MAX_CHUNK = 4_000
WALK_LIMIT = 15_000
# Testing a walked id for a term costs a probe of the term index; a long walk reads
# the rarest term's postings once instead, when reading them costs less than probing
# the rows still to walk (estimated at the rate found so far). What reading a posting
# costs, in probes (measured at a million listings, docs/benchmarks.md): PostgreSQL
# reads one for 0.45 µs and probes one id for 2.3 µs; SQLite 0.6 µs and 1 µs.
PROBES_PER_POSTING = {"postgresql": 0.2, "sqlite": 0.6}
# Within one PostgreSQL query, probing the term index for an id (4 µs) costs as much as
# reading 16 of a term's postings in a join (0.25 µs each). Misjudging how common a term
# is, the planner joined 500 walked ids to all 33,000 postings of 地铁 (6.5 ms) where
# probing for each id takes 2 ms; the walk chooses instead (with_terms).
POSTINGS_PER_PROBE = 16
# A range filter on the sorted column narrows the walk itself (a price band, sorted
# by price, starts at the band instead of walking up to it).
SORT_RANGES = {"price_yuan": ("min_price", "max_price"), "area_m2": ("min_area", "max_area")}

# What the walk may read of each listing, all in the housing_pub_* indexes: the id,
# and the columns of the filters a search sets (RowTest.spine_fields).
SPINE_FIELDS = (
    "pk",
    "community_id",
    "price_yuan",
    "area_m2",
    "bedrooms",
    "building_type",
    "decoration",
)


def _within(value: Any, low: Any, high: Any) -> bool:
    """SQL's `value >= low AND value <= high` for the bounds given (NULL fails)."""
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _within_area(area: Any, low: Decimal | None, high: Decimal | None) -> bool:
    """_within for an area as the driver gives it: SQLite a float, which SQLite
    compares with the bounds as floats too; PostgreSQL a Decimal."""
    if isinstance(area, float):
        return _within(
            area, None if low is None else float(low), None if high is None else float(high)
        )
    return _within(area, low, high)


@dataclass(frozen=True)
class RowTest:
    """A search's filters as a test of one walked row: the same conditions that
    search.listing_search puts in SQL. Keyword terms are tested afterwards, on the
    term index (`terms`, rarest first)."""

    place_codes: tuple[str, ...] | None = None
    community_sets: tuple[frozenset[int], ...] = ()
    min_price: int | None = None
    max_price: int | None = None
    min_area: Decimal | None = None
    max_area: Decimal | None = None
    bedrooms: int | None = None
    building_type: str = ""
    decoration: str = ""
    terms: tuple[str, ...] = ()

    def spine_fields(self) -> tuple[str, ...]:
        """The id and the columns the filters set test (but the place: the walk's own),
        in SPINE_FIELDS order: a walk reads thousands of rows, and each column read
        costs (PostgreSQL's Decimal areas most)."""
        tested = {
            "community_id": bool(self.community_sets),
            "price_yuan": self.min_price is not None or self.max_price is not None,
            "area_m2": self.min_area is not None or self.max_area is not None,
            "bedrooms": self.bedrooms is not None,
            "building_type": bool(self.building_type),
            "decoration": bool(self.decoration),
        }
        return tuple(name for name in SPINE_FIELDS if name == "pk" or tested[name])

    def passing_ids(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """The ids of the walked rows (spine_fields) that pass. Only the filters set are
        tested, each on the survivors of the one before: a walk tests thousands of rows."""
        at = {name: i for i, name in enumerate(self.spine_fields())}
        if self.bedrooms is not None:
            i = at["bedrooms"]
            rows = [row for row in rows if row[i] == self.bedrooms]
        if self.building_type:
            i = at["building_type"]
            rows = [row for row in rows if row[i] == self.building_type]
        if self.decoration:
            i = at["decoration"]
            rows = [row for row in rows if row[i] == self.decoration]
        for allowed in self.community_sets:
            i = at["community_id"]
            rows = [row for row in rows if row[i] in allowed]
        if "price_yuan" in at:
            i, low, high = at["price_yuan"], self.min_price, self.max_price
            rows = [row for row in rows if _within(row[i], low, high)]
        if "area_m2" in at:
            i = at["area_m2"]
            rows = [row for row in rows if _within_area(row[i], self.min_area, self.max_area)]
        return [row[0] for row in rows]


def with_terms(ids: list[int], terms: Iterable[str], *, using: str = "default") -> set[int]:
    """Those of `ids` whose listing has every term (one look-up in the term index per
    term, on the survivors of the one before)."""
    left = set(ids)
    probe_each = connections[using].vendor == "postgresql"
    for term in terms:
        if not left:
            break
        if probe_each and len(left) * POSTINGS_PER_PROBE < term_frequency(term):
            left = _probed(sorted(left), term, using=using)
            continue
        rows = rows_for_ids(
            ListingTerm._meta.db_table,
            ["listing_id"],
            "listing_id",
            sorted(left),
            condition="t.term = %s",
            params=(term,),
            using=using,
        )
        left = {row[0] for row in rows}
    return left


def _probed(ids: list[int], term: str, *, using: str) -> set[int]:
    """Those of `ids` having the term, one probe of the term index per id: a LATERAL
    subquery with a LIMIT is one plan PostgreSQL cannot turn into a join."""
    table = ListingTerm._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT wanted.id FROM unnest(%s::bigint[]) AS wanted(id) "  # noqa: S608
            f"CROSS JOIN LATERAL (SELECT 1 FROM {table} t WHERE t.listing_id = wanted.id "
            "AND t.term = %s LIMIT 1) found",
            [id_array(ids), term],
        )
        return {row[0] for row in cursor.fetchall()}


# The listing order (search.SORTS) as the order of its postings, whose copies of the
# sort keys have the listing's names.
_POSTING_ORDER = {"id": "listing_id", "-id": "-listing_id"}


def first_matches(ids: QuerySet[Any, int]) -> list[int]:
    """Up to COUNT_CAP of the matching `ids` (a flat values_list), in no order: whether
    there are any, and the count a search's pages show."""
    with request_plans(ids.db):
        return list(ids[:COUNT_CAP])


def _column(name: str) -> str:
    field = Listing._meta.get_field(name)
    assert isinstance(field, Field)
    assert field.column
    return field.column


@dataclass(frozen=True)
class TermPostings:
    """The postings of a keyword search's rarest term, narrowed by the filters the
    index carries copies of: `ids` their listing ids (unread), `count` how many there
    are at most; `covers_filters` when those are all the search's filters."""

    term: str
    ids: QuerySet[Any, int]
    count: int
    covers_filters: bool = False


class SearchResults:
    """A sequence of listings for Django's Paginator and the API's pagination:
    `count()` (capped), `capped`, and slices.

    `matches` finds the matches from the indexes (keyword postings, filter columns);
    `test` is the same search as a test of one walked row; `order` is the listing
    order, ending in the id.
    """

    ordered = True  # for Paginator: the order is fixed

    def __init__(
        self,
        *,
        matches: PublicListingQuerySet,
        test: RowTest,
        order: tuple[str, ...],
        first_ids: list[int] | None = None,
        rarest: TermPostings | None = None,
        postings: QuerySet[ListingTerm] | None = None,
    ) -> None:
        self.matches = matches
        self.test = test
        self.order = order
        # The rarest term's postings, for a long walk to test the term on (test.terms
        # lists that term first).
        self.rarest = rarest
        # The matches as postings of the term index, when they are exactly that (one
        # term, and filters the postings carry): they carry the sort keys too.
        self.postings = postings
        self._ids = first_ids  # first_matches of the search, when the caller has them

    def _first_ids(self) -> list[int]:
        """Up to COUNT_CAP matching ids, in no order."""
        if self._ids is None:
            self._ids = first_matches(self.matches.order_by().values_list("pk", flat=True))
        return self._ids

    def count(self) -> int:
        """The number of matches, or COUNT_CAP when there are at least that many."""
        return len(self._first_ids())

    @property
    def capped(self) -> bool:
        return self.count() >= COUNT_CAP

    def all(self) -> "SearchResults":
        return self  # django-ninja's pagination counts `queryset.all()`

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, k: Any) -> Any:
        if not isinstance(k, slice):
            return self[k : k + 1][0]
        start, stop = k.start or 0, k.stop
        ids: list[int] | None = None
        if self.postings is not None and self.rarest is not None:
            # Fewer postings than FREQUENCY_CAP, read as one index range: cheaper than
            # a walk's first chunk, and bounded where a walk is not.
            return self._rows(self._from_postings(self.postings, k))
        if stop is not None and self.capped:
            ids = self._walk(stop)
        if ids is not None:
            ids = ids[start:stop]
        elif self.postings is not None:
            ids = self._from_postings(self.postings, k)
        elif self.capped:
            # Sorting thousands of matches: PostgreSQL's parallel plan for it spent
            # more starting its workers than it saved (core.queries.request_plans).
            with request_plans(self.matches.db):
                ids = list(self.matches.order_by(*self.order).values_list("pk", flat=True)[k])
        else:
            ids = self._sorted(self._first_ids())[k]
        return self._rows(ids)

    def _rows(self, ids: list[int]) -> list[Listing]:
        rows = listings_public().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _from_postings(self, postings: QuerySet[ListingTerm], k: slice) -> list[int]:
        """A page of the matches read from their postings, sorted by the copies of the
        sort keys there: one range of housing_term_search, no listing read. Thousands
        of postings sort in a few ms, where walking the listings in order for the few
        that match (homes of 2 rooms, largest first) reads tens of thousands."""
        order = [_POSTING_ORDER.get(name, name) for name in self.order]
        with request_plans(self.matches.db):
            return list(postings.order_by(*order).values_list("listing_id", flat=True)[k])

    def _sorted(self, ids: list[int]) -> list[int]:
        """The ids in the search's order, sorted here: given a list of ids and an
        ORDER BY, PostgreSQL's planner may walk the sort column's index and test each
        row against the list (40 ms) rather than read the few hundred rows by id."""
        fields = [name.lstrip("-") for name in self.order]
        descending = self.order[0].startswith("-")
        assert all(name.startswith("-") == descending for name in self.order)
        # NULL sorts as the database sorts it: last ascending on PostgreSQL, first on SQLite.
        null_rank = 1 if connections[self.matches.db].features.nulls_order_largest else -1

        def key(row: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
            return tuple((null_rank, 0) if v is None else (0, v) for v in row)

        columns = [_column(name) for name in fields]
        rows = rows_for_ids(Listing._meta.db_table, columns, "id", ids, using=self.matches.db)
        return [row[-1] for row in sorted(rows, key=key, reverse=descending)]

    def _probes_per_posting(self) -> float:
        return PROBES_PER_POSTING.get(connections[self.matches.db].vendor, 1.0)

    def _walk(self, needed: int) -> list[int] | None:
        """The first `needed` matching ids in order, walking the published listings
        (of the search's districts) in that order through an index, a chunk at a time;
        None when that takes more than WALK_LIMIT rows."""
        spine = Listing.objects.filter(status=ListingStatus.PUBLISHED)
        if self.test.place_codes is not None:
            spine = spine.filter(place_id__in=self.test.place_codes)
        key = self.order[0].lstrip("-")
        if key in SORT_RANGES:
            low, high = (getattr(self.test, name) for name in SORT_RANGES[key])
            bounds = {f"{key}__gte": low, f"{key}__lte": high}
            spine = spine.filter(**{k: v for k, v in bounds.items() if v is not None})
        spine = spine.order_by(*self.order)
        fields = self.test.spine_fields()
        rows = spine.values_list(*fields)
        found: list[int] = []
        tests_rows = len(fields) > 1
        terms = self.test.terms
        having_rarest: set[int] | None = None  # the rarest term's postings, once read
        offset, size = 0, WALK_FIRST_CHUNK
        while len(found) < needed:
            if offset >= WALK_LIMIT:
                return None
            chunk = raw_rows(rows[offset : offset + size])
            if not chunk:
                break
            passed = self.test.passing_ids(chunk) if tests_rows else [row[0] for row in chunk]
            if having_rarest is not None:
                passed = [pk for pk in passed if pk in having_rarest]
            if terms:
                having = with_terms(passed, terms, using=self.matches.db)
                passed = [pk for pk in passed if pk in having]
            found += passed
            offset, size = offset + size, min(size * 2, WALK_MAX_CHUNK)
            missing = needed - len(found)
            if missing <= 0 or having_rarest is not None:
                continue  # (the rarest term's postings read, walking on costs little)
            # At the rate found so far, the rows still to walk:
            still_to_walk = missing * offset / max(len(found), 1)
            if (
                self.rarest is not None
                and self.rarest.count * self._probes_per_posting() < still_to_walk
            ):
                having_rarest = {row[0] for row in raw_rows(self.rarest.ids)}
                terms = tuple(t for t in terms if t != self.rarest.term)
                if self.rarest.covers_filters:
                    # The postings passed every filter: the walk needs only the ids.
                    rows, tests_rows = spine.values_list("pk"), False
            elif still_to_walk > WALK_LIMIT - offset:
                return None  # give up early: the page lies past the limit
        return found
