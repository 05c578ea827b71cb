"""The close of business's work, set-based: one SQL statement per chunk of draws, not
a loop over rows. PostgreSQL and SQLite each get their dialect of the same statement.

Every step is safe to run again after a crash: the accrual skips draws already
accrued for the day (`accrued_through`), due processing touches only instalments still
`scheduled`, notices go out only when a draw's stage rises (statements, the last step,
are in `cob_statements`). Amounts are exact on both databases: numeric with
ROUND(x, 2) (half away from zero: half up for these positive sums) on PostgreSQL, and
integer fen times the rate scaled by 10^8 on SQLite, where MoneyField and
DailyRateField keep their columns as scaled integers.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cityplatform.ledger.fields import MoneyField
from cityplatform.ledger.services import Leg, transaction_post
from cityplatform.lending.models.fields import RATE_SCALE
from cityplatform.lending.services.accounts import (
    INTEREST_INCOME,
    INTEREST_RECEIVABLE,
    PENALTY_INCOME,
    PENALTY_RECEIVABLE,
    control,
)

# Days past due at which a draw enters overdue stages 2, 3 and 4 (stage 1 from day 1).
STAGE_STARTS = (31, 61, 91)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _money(value: object) -> Decimal:
    """A money figure read back from raw SQL (fen as an integer on SQLite)."""
    field = MoneyField()
    return Decimal(field.from_db_value(value, None, connection) or 0).quantize(Decimal("0.01"))


def _interest_sql(principal: str, rate: str) -> str:
    """One day's interest on `principal` at `rate`, rounded to the fen half up."""
    if _postgres():
        return f"ROUND(({principal}) * {rate}, 2)"
    half = RATE_SCALE // 2
    return f"((({principal}) * {rate} + {half}) / {RATE_SCALE})"


# --- Accrual ---------------------------------------------------------------------

NOT_ACCRUED = (
    "status = 'disbursed' AND disbursed_on <= %(day)s "
    "AND (accrued_through IS NULL OR accrued_through < %(day)s) "
    "AND id >= %(lo)s AND id < %(hi)s"
)


@dataclass(frozen=True)
class ChunkResult:
    draws: int
    interest: Decimal
    penalty: Decimal


def draw_id_range() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM lending_draw "
            "WHERE status = 'disbursed'"
        )
        lo, hi = cursor.fetchone()
    return int(lo), int(hi)


def _accrue_postgres(params: dict[str, Any]) -> tuple[int, Any, Any]:
    # One pass over the chunk: every SET expression reads the row's old values, and
    # RETURNING hands back the day's amounts (kept in last_*_accrual) for the sub-ledger.
    interest = _interest_sql("principal_outstanding - principal_overdue", "daily_rate")
    penalty = _interest_sql("principal_overdue + interest_overdue", "penalty_rate")
    sql = f"""
        WITH updated AS (
            UPDATE lending_draw SET
                interest_outstanding = interest_outstanding + {interest},
                interest_accrued_total = interest_accrued_total + {interest},
                last_interest_accrual = {interest},
                penalty_outstanding = penalty_outstanding + {penalty},
                penalty_accrued_total = penalty_accrued_total + {penalty},
                last_penalty_accrual = {penalty},
                accrued_through = %(day)s
            WHERE {NOT_ACCRUED}
            RETURNING id, last_interest_accrual AS interest, last_penalty_accrual AS penalty
        ), inserted AS (
            INSERT INTO lending_accrual (business_date, draw_id, interest, penalty)
            SELECT %(day)s, id, interest, penalty FROM updated
        )
        SELECT COUNT(*), COALESCE(SUM(interest), 0), COALESCE(SUM(penalty), 0) FROM updated
    """  # noqa: S608 - no user input: column names and integers only
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, interest_total, penalty_total = cursor.fetchone()
    return int(count), interest_total, penalty_total


def _accrue_sqlite(params: dict[str, Any]) -> tuple[int, object, object]:
    interest = _interest_sql("principal_outstanding - principal_overdue", "daily_rate")
    penalty = _interest_sql("principal_overdue + interest_overdue", "penalty_rate")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM({interest}), 0), COALESCE(SUM({penalty}), 0) "  # noqa: S608
            f"FROM lending_draw WHERE {NOT_ACCRUED}",
            params,
        )
        count, interest_total, penalty_total = cursor.fetchone()
        if not count:
            return 0, 0, 0
        cursor.execute(
            "INSERT INTO lending_accrual (business_date, draw_id, interest, penalty) "  # noqa: S608
            f"SELECT %(day)s, id, {interest}, {penalty} FROM lending_draw WHERE {NOT_ACCRUED}",
            params,
        )
        cursor.execute(
            """
            UPDATE lending_draw SET
                interest_outstanding = interest_outstanding + a.interest,
                interest_accrued_total = interest_accrued_total + a.interest,
                last_interest_accrual = a.interest,
                penalty_outstanding = penalty_outstanding + a.penalty,
                last_penalty_accrual = a.penalty,
                penalty_accrued_total = penalty_accrued_total + a.penalty,
                accrued_through = %(day)s
            FROM lending_accrual a
            WHERE a.business_date = %(day)s AND a.draw_id = lending_draw.id
              AND lending_draw.id >= %(lo)s AND lending_draw.id < %(hi)s
              AND (lending_draw.accrued_through IS NULL
                   OR lending_draw.accrued_through < %(day)s)
            """,
            params,
        )
    return int(count), interest_total, penalty_total


def accrue_chunk(day: date, lo: int, hi: int) -> ChunkResult:
    """Accrue day `day` for draws with lo <= id < hi, and post the chunk's totals to the
    control accounts, in one transaction."""
    params: dict[str, Any] = {"day": day, "lo": lo, "hi": hi}
    with transaction.atomic():
        if _postgres():
            count, raw_interest, raw_penalty = _accrue_postgres(params)
        else:
            count, raw_interest, raw_penalty = _accrue_sqlite(params)
        interest, penalty = _money(raw_interest), _money(raw_penalty)
        legs = []
        if interest:
            legs += [
                Leg(control(INTEREST_RECEIVABLE), interest),
                Leg(control(INTEREST_INCOME), -interest),
            ]
        if penalty:
            legs += [
                Leg(control(PENALTY_RECEIVABLE), penalty),
                Leg(control(PENALTY_INCOME), -penalty),
            ]
        if legs:
            transaction_post(
                legs=legs,
                description=f"Interest accrued {day} on draws {lo}-{hi - 1}",
                value_date=day,
                source="lending.accrual",
                reference=f"{day.isoformat()}:{lo}",
            )
    return ChunkResult(count, interest, penalty)


# --- Instalments falling due -----------------------------------------------------

_TODAYS_INTEREST = "CASE WHEN d.accrued_through = %(day)s THEN d.last_interest_accrual ELSE 0 END"
_PREVIOUS_CUMULATIVE = "COALESCE(p.principal_cumulative, 0)"
# An equal instalment's principal part is fixed on its due date: the instalment less
# the interest accrued since the last due date (see `rates`); the last one, like every
# other method's instalments, keeps the principal_cumulative (the whole amount) it was
# scheduled with.
_CUMULATIVE = f"""
    CASE WHEN d.instalment_amount IS NOT NULL AND i.seq < d.term_months THEN
        {{least}}(d.amount, {_PREVIOUS_CUMULATIVE} + {{greatest}}(d.instalment_amount
            - (d.interest_accrued_total - {_TODAYS_INTEREST}
               - COALESCE(d.interest_accrued_at_last_due, 0)), 0))
    ELSE i.principal_cumulative END
"""

_DUE_SELECT = f"""
    SELECT i.id AS instalment_id, i.draw_id AS draw_id,
           {_CUMULATIVE} AS principal_cumulative,
           CASE WHEN d.instalment_amount IS NOT NULL
               THEN {_CUMULATIVE} - {_PREVIOUS_CUMULATIVE} ELSE i.principal END AS principal,
           {{greatest}}({_CUMULATIVE} - (d.amount - d.principal_outstanding), 0)
               AS principal_overdue,
           d.interest_outstanding - d.interest_overdue - {_TODAYS_INTEREST} AS interest_due,
           d.interest_accrued_total - {_TODAYS_INTEREST} AS interest_accrued_to_date
    FROM lending_instalment i JOIN lending_draw d ON d.id = i.draw_id
    LEFT JOIN lending_instalment p ON d.instalment_amount IS NOT NULL
        AND p.draw_id = i.draw_id AND p.seq = i.seq - 1
    WHERE i.due_date = %(day)s AND i.status = 'scheduled' AND d.status = 'disbursed'
"""  # noqa: S608 - no user input: column names only

_SETTLED_NOW = "due.principal_overdue = 0 AND due.interest_due = 0"


def _due_postgres(day: date) -> int:
    sql = f"""
        WITH due AS ({_DUE_SELECT.format(greatest="GREATEST", least="LEAST")}),
        instalments AS (
            UPDATE lending_instalment i SET
                principal = due.principal,
                principal_cumulative = due.principal_cumulative,
                interest_due = due.interest_due,
                status = CASE WHEN {_SETTLED_NOW} THEN 'settled' ELSE 'overdue' END,
                settled_on = CASE WHEN {_SETTLED_NOW} THEN %(day)s::date ELSE NULL END
            FROM due WHERE i.id = due.instalment_id
            RETURNING i.id
        ), draws AS (
            UPDATE lending_draw d SET
                principal_overdue = due.principal_overdue,
                interest_overdue = d.interest_overdue + due.interest_due,
                interest_accrued_at_last_due = due.interest_accrued_to_date,
                overdue_since = CASE WHEN due.principal_overdue + due.interest_due > 0
                    THEN COALESCE(d.overdue_since, %(day)s::date) ELSE d.overdue_since END
            FROM due WHERE d.id = due.draw_id
            RETURNING d.id
        )
        SELECT COUNT(*) FROM instalments
    """  # noqa: S608
    with connection.cursor() as cursor:
        # A few per cent of the book falls due on a day, scattered over its pages: probing
        # the indexes row by row beats scanning a million rows, which the default cost of
        # a random page read (4, from spinning disks) hides from the planner.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute(sql, {"day": day})
        return int(cursor.fetchone()[0])


def _due_sqlite(day: date) -> int:
    params = {"day": day}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS temp.lending_due")
        cursor.execute(
            "CREATE TEMP TABLE lending_due AS " + _DUE_SELECT.format(greatest="MAX", least="MIN"),
            params,
        )
        cursor.execute(
            f"""
            UPDATE lending_instalment SET
                principal = due.principal,
                principal_cumulative = due.principal_cumulative,
                interest_due = due.interest_due,
                status = CASE WHEN {_SETTLED_NOW} THEN 'settled' ELSE 'overdue' END,
                settled_on = CASE WHEN {_SETTLED_NOW} THEN %(day)s ELSE NULL END
            FROM temp.lending_due AS due WHERE lending_instalment.id = due.instalment_id
            """,  # noqa: S608
            params,
        )
        count = cursor.rowcount
        cursor.execute(
            """
            UPDATE lending_draw SET
                principal_overdue = due.principal_overdue,
                interest_overdue = interest_overdue + due.interest_due,
                interest_accrued_at_last_due = due.interest_accrued_to_date,
                overdue_since = CASE WHEN due.principal_overdue + due.interest_due > 0
                    THEN COALESCE(overdue_since, %(day)s) ELSE overdue_since END
            FROM temp.lending_due AS due WHERE lending_draw.id = due.draw_id
            """,
            params,
        )
        cursor.execute("DROP TABLE temp.lending_due")
    return int(count)


def _after_maturity(day: date) -> int:
    """Past its maturity date, everything a draw owes is overdue."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE lending_draw SET
                interest_overdue = interest_outstanding,
                overdue_since = COALESCE(overdue_since, maturity_date)
            WHERE status = 'disbursed' AND maturity_date < %(day)s
              AND interest_overdue <> interest_outstanding
            """,
            {"day": day},
        )
        return int(cursor.rowcount)


def process_due(day: date) -> int:
    """Instalments due today: their principal not yet repaid and all interest accrued
    until today (today's own accrual belongs to the next period) fall overdue. An
    equal instalment's principal part is fixed now, from the interest that accrued."""
    with transaction.atomic():
        count = _due_postgres(day) if _postgres() else _due_sqlite(day)
        _after_maturity(day)
    return count


# --- Overdue stages and notices --------------------------------------------------


def _stage_sql(day_param: str = "%(day)s") -> tuple[str, str]:
    if _postgres():
        dpd = f"({day_param}::date + 1 - overdue_since)"
    else:
        dpd = f"CAST(julianday({day_param}) + 1 - julianday(overdue_since) AS INTEGER)"
    s2, s3, s4 = STAGE_STARTS
    stage = (
        f"CASE WHEN overdue_since IS NULL THEN 0 WHEN {dpd} >= {s4} THEN 4 "
        f"WHEN {dpd} >= {s3} THEN 3 WHEN {dpd} >= {s2} THEN 2 ELSE 1 END"
    )
    return dpd, stage


def process_overdue(day: date) -> int:
    """Move overdue draws through the stages; a draw entering a higher one gets a notice."""
    dpd, stage = _stage_sql()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO lending_overduenotice
                (draw_id, line_id, business_date, stage, days_past_due, amount_overdue,
                 created_at)
            SELECT id, line_id, %(day)s, {stage}, {dpd},
                   principal_overdue + interest_overdue + penalty_outstanding, %(now)s
            FROM lending_draw
            WHERE status = 'disbursed' AND overdue_since IS NOT NULL AND {stage} > overdue_stage
            """,  # noqa: S608
            {"day": day, "now": connection.ops.adapt_datetimefield_value(now)},
        )
        notices = int(cursor.rowcount)
        cursor.execute(
            f"""
            UPDATE lending_draw SET overdue_stage = {stage}
            WHERE status = 'disbursed' AND overdue_since IS NOT NULL
              AND overdue_stage <> {stage}
            """,  # noqa: S608
            {"day": day},
        )
    return notices
