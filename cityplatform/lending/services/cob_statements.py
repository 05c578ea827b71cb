"""The close of business's last step: on the month's last day, one statement per line
open during the month, in one set-based INSERT (a rerun adds only the missing ones)."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def make_statements(day: date) -> int:
    """On the month's last day, a statement for every line open during the month."""
    if not is_month_end(day):
        return 0
    start = day.replace(day=1)
    previous_end = start - timedelta(days=1)
    params = {
        "start": start,
        "end": day,
        "prev": previous_end,
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    live = "('disbursed', 'settled')"
    sql = f"""
        INSERT INTO lending_statement
            (line_id, period_start, period_end, opening_principal, closing_principal,
             drawn, repaid, interest_charged, penalty_charged, interest_charged_to_date,
             penalty_charged_to_date, interest_outstanding, penalty_outstanding, overdue,
             credit_balance, created_at)
        SELECT l.id, %(start)s, %(end)s,
               COALESCE(prev.closing_principal, 0), l.principal_outstanding,
               COALESCE(dr.drawn, 0), COALESCE(rp.repaid, 0),
               COALESCE(agg.interest_total, 0) - COALESCE(prev.interest_charged_to_date, 0),
               COALESCE(agg.penalty_total, 0) - COALESCE(prev.penalty_charged_to_date, 0),
               COALESCE(agg.interest_total, 0), COALESCE(agg.penalty_total, 0),
               COALESCE(agg.interest_left, 0), COALESCE(agg.penalty_left, 0),
               COALESCE(agg.overdue, 0), l.credit_balance, %(now)s
        FROM lending_line l
        LEFT JOIN (
            SELECT line_id,
                   SUM(interest_accrued_total) AS interest_total,
                   SUM(penalty_accrued_total) AS penalty_total,
                   SUM(interest_outstanding) AS interest_left,
                   SUM(penalty_outstanding) AS penalty_left,
                   SUM(principal_overdue + interest_overdue + penalty_outstanding) AS overdue
            FROM lending_draw WHERE status IN {live} GROUP BY line_id
        ) agg ON agg.line_id = l.id
        LEFT JOIN (
            SELECT line_id, SUM(amount) AS drawn FROM lending_draw
            WHERE status IN {live} AND disbursed_on >= %(start)s AND disbursed_on <= %(end)s
            GROUP BY line_id
        ) dr ON dr.line_id = l.id
        LEFT JOIN (
            SELECT line_id, SUM(amount) AS repaid FROM lending_repayment
            WHERE business_date >= %(start)s AND business_date <= %(end)s GROUP BY line_id
        ) rp ON rp.line_id = l.id
        LEFT JOIN lending_statement prev ON prev.line_id = l.id AND prev.period_end = %(prev)s
        WHERE l.opened_on <= %(end)s
          AND (l.status <> 'closed' OR l.closed_on >= %(start)s)
          AND NOT EXISTS (
              SELECT 1 FROM lending_statement s
              WHERE s.line_id = l.id AND s.period_end = %(end)s
          )
    """  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
