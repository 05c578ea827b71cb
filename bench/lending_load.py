"""Bulk load of the lending benchmark: N active lines, each with a draw outstanding.

Rows are written with COPY on PostgreSQL and executemany on SQLite, in chunks, with
explicit ids, so a million lines load in minutes rather than hours. The data is what
the services would have made (checked afterwards by verify_ledger's lending checks):

- each line belongs to its own user and approved application (grades A–D, limits
  100,000), with its loans-receivable account in the ledger;
- 75 % of lines have a monthly-interest draw of 1,000–49,000 for 3 months, paid out
  1–31 days before the business date (about 1/31 of them fall due on it);
- 20 % have an equal-instalment (等额本息) draw of the same sizes and dates for 6
  months, with the schedule the service would have made (`rates.quote`: equal monthly
  totals, principal parts, expected interest), so the close of business also fixes
  equal instalments' principal parts on their due dates;
- 5 % have a one-month draw already overdue (5–34 days), accruing penalty interest;
- each draw is booked by one posting (Dr the line's loans receivable, Cr settlement),
  as loans migrated from a core system would be.

On PostgreSQL the load runs with session_replication_role = replica, which skips the
ledger's per-row triggers and foreign-key checks for speed; the data is consistent by
construction and the benchmark verifies the whole book afterwards.
"""

import functools
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

CHUNK = 50_000
LIMIT = 100_000
GRADES = [("A", "0.00015000"), ("B", "0.00020000"), ("C", "0.00030000"), ("D", "0.00045000")]
GRADE_OF = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3]  # 40 % A, 30 % B, 20 % C, 10 % D
EQUAL_TERM = 6  # months of the equal-instalment draws

# fmt: off
COLUMNS = {
    "accounts_user": ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined", "display_name", "jurisdiction_id"],
    "lending_application": ["id", "product_id", "applicant_id", "place_id", "full_name", "id_number", "id_number_index", "birth_date", "phone", "employer_name", "segment_id", "segment_evidence", "monthly_income", "monthly_debt_payments", "employment_years", "consent_at", "consent_version", "status", "business_date", "submitted_at", "decided_at"],
    "ledger_account": ["id", "code", "name", "kind", "owner_type", "owner_id", "created_at"],
    "lending_line": ["id", "product_id", "application_id", "borrower_id", "place_id", "id_number_index", "grade", "daily_rate", "penalty_rate", "credit_limit", "principal_outstanding", "credit_balance", "status", "opened_on", "closed_on", "principal_account_id", "credit_account_id", "created_at"],
    "ledger_transaction": ["id", "posted_at", "value_date", "description", "source", "reference"],
    "ledger_entry": ["id", "transaction_id", "account_id", "amount"],
    "lending_draw": ["id", "line_id", "amount", "purpose", "term_months", "repayment_method", "daily_rate", "penalty_rate", "status", "business_date", "requested_at", "checked_at", "disbursing_at", "disbursed_at", "failed_at", "disbursed_on", "maturity_date", "settled_on", "transfer_id", "attempts", "failure_reason", "principal_outstanding", "principal_overdue", "interest_outstanding", "interest_overdue", "penalty_outstanding", "interest_accrued_total", "penalty_accrued_total", "last_interest_accrual", "last_penalty_accrual", "accrued_through", "overdue_since", "overdue_stage", "posting_txn_id", "settlement_txn_id", "reversal_txn_id", "instalment_amount", "interest_accrued_at_last_due"],
    "lending_instalment": ["id", "draw_id", "seq", "due_date", "principal", "principal_cumulative", "interest_due", "interest_paid", "status", "settled_on", "interest_expected"],
}
# fmt: on


def add_months(start: date, months: int) -> date:
    from cityplatform.lending.rates import add_months as _add

    return _add(start, months)


@functools.cache
def equal_instalment_plan(amount: int, rate_text: str, start: date) -> Any:
    """The schedule `draw_mark_disbursed` would have made for an equal-instalment draw
    (cached: the book's draws share a few thousand amount, rate and date triples)."""
    from cityplatform.lending import rates

    return rates.quote(
        amount=Decimal(amount),
        daily_rate=Decimal(rate_text),
        term_months=EQUAL_TERM,
        method="equal_instalment",
        start=start,
    )


class Values:
    """Python values as the database columns want them, per vendor (MoneyField and
    DailyRateField are scaled integers on SQLite)."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def money(self, yuan: int) -> Any:
        return yuan if self.pg else yuan * 100

    def amount(self, value: Decimal | None) -> Any:
        if value is None:
            return None
        return value if self.pg else int(value * 100)

    def rate(self, text: str) -> Any:
        return Decimal(text) if self.pg else int(Decimal(text) * 10**8)

    def day(self, value: date | None) -> Any:
        return value if self.pg or value is None else value.isoformat()

    def stamp(self, value: datetime) -> Any:
        return value if self.pg else connection.ops.adapt_datetimefield_value(value)

    def flag(self, value: bool) -> Any:
        return value if self.pg else int(value)


def _write(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                list(rows),
            )


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _reset_sequences(tables: list[str]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows explicit ids by itself
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def load(
    *, lines: int, business_date: date, progress: Callable[[int], None] = lambda n: None
) -> dict[str, int]:
    """Load `lines` lines with their draws; returns how many rows each table got (and
    how many of the draws are equal-instalment ones)."""
    from cityplatform.core.crypto import encrypt
    from cityplatform.lending.models import Product
    from cityplatform.lending.services.accounts import SETTLEMENT, control

    v = Values()
    product = Product.objects.get(code="huarong-shandai")
    segment_id = product.segments.get(code="payroll").pk
    settlement = control(SETTLEMENT).pk
    now = timezone.now()
    stamp = v.stamp(now)
    cipher_id = encrypt("430202199001010011")
    cipher_evidence = encrypt("6217000000000000")
    place = "430202000000"
    start = {
        t: _next_id(t)
        for t in (
            "accounts_user",
            "lending_application",
            "ledger_account",
            "lending_line",
            "lending_draw",
            "ledger_transaction",
            "ledger_entry",
            "lending_instalment",
        )
    }
    counts = dict.fromkeys(start, 0)
    counts["equal_instalment_draws"] = 0
    entry_id, instalment_id = start["ledger_entry"], start["lending_instalment"]
    D = business_date
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    try:
        for chunk_start in range(0, lines, CHUNK):
            chunk = range(chunk_start, min(chunk_start + CHUNK, lines))
            users, apps, accounts, line_rows, draws, txns, entries, insts = ([] for _ in range(8))
            # fmt: off
            for i in chunk:
                uid, aid = start["accounts_user"] + i, start["lending_application"] + i
                acc, lid = start["ledger_account"] + i, start["lending_line"] + i
                did, tid = start["lending_draw"] + i, start["ledger_transaction"] + i
                grade, rate_text = GRADES[GRADE_OF[i % 10]]
                rate = v.rate(rate_text)
                penalty = v.rate(str(Decimal(rate_text) * Decimal("1.5")))
                index = f"bench{i:059d}"
                amount = 1000 + (i * 7919 % 49) * 1000
                overdue = i % 20 == 0
                plan = None
                if overdue:
                    disbursed = D - timedelta(days=36 + i % 30)
                    term, method = 1, "bullet"
                elif i % 5 == 1:
                    disbursed = D - timedelta(days=1 + i % 31)
                    term, method = EQUAL_TERM, "equal_instalment"
                    plan = equal_instalment_plan(amount, rate_text, disbursed)
                    counts["equal_instalment_draws"] += 1
                else:
                    disbursed = D - timedelta(days=1 + i % 31)
                    term, method = 3, "monthly_interest"
                if plan is not None:
                    schedule = [(p.due_date, v.amount(p.principal), v.amount(p.principal_cumulative), v.amount(p.interest)) for p in plan.instalments]
                else:
                    schedule = [(add_months(disbursed, k), v.money(amount if k == term else 0), v.money(amount if k == term else 0), None) for k in range(1, term + 1)]
                dues = [due for due, *_rest in schedule]
                overdue_since = dues[0] if overdue else None
                stage = (1 if (D - dues[0]).days <= 30 else 2) if overdue else 0
                opened = v.day(disbursed - timedelta(days=1))
                users.append((uid, "!", None, v.flag(False), f"bench{i}", "", "", "", v.flag(False), v.flag(True), stamp, "", None))
                apps.append((aid, product.pk, uid, place, "测试", cipher_id, index, v.day(date(1990, 1, 1)), "13800000000", "株洲市荷塘区人民医院", segment_id, cipher_evidence, v.money(12000), v.money(0), 5, stamp, "bench", "approved", opened, stamp, stamp))
                accounts.append((acc, f"lending.line.{lid}.principal", f"Loans receivable, line {lid}", "asset", "lending.line", str(lid), stamp))
                line_rows.append((lid, product.pk, aid, uid, place, index, grade, rate, penalty, v.money(LIMIT), v.money(amount), v.money(0), "active", opened, None, acc, None, stamp))
                zero = v.money(0)
                draws.append((did, lid, v.money(amount), "装修", term, method, rate, penalty, "disbursed", v.day(disbursed), stamp, stamp, stamp, stamp, None, v.day(disbursed), v.day(dues[-1]), None, f"bench{did}", 1, "", v.money(amount), v.money(amount if overdue else 0), zero, zero, zero, zero, zero, zero, zero, v.day(D - timedelta(days=1)), v.day(overdue_since), stage, tid, tid, None, v.amount(plan.instalment_amount if plan else None), None))
                txns.append((tid, stamp, v.day(disbursed), f"Draw #{did} migrated", "lending.draw", str(did)))
                entries.append((entry_id, tid, acc, v.money(amount)))
                entries.append((entry_id + 1, tid, settlement, v.money(-amount)))
                entry_id += 2
                for seq, (due, principal, cumulative, expected) in enumerate(schedule, start=1):
                    status = "overdue" if overdue else "scheduled"
                    insts.append((instalment_id, did, seq, v.day(due), principal, cumulative, zero if overdue else None, zero, status, None, expected))
                    instalment_id += 1
            with transaction.atomic():
                for table, rows in (("accounts_user", users), ("lending_application", apps), ("ledger_account", accounts), ("lending_line", line_rows), ("ledger_transaction", txns), ("ledger_entry", entries), ("lending_draw", draws), ("lending_instalment", insts)):
                    _write(table, COLUMNS[table], iter(rows))
                    counts[table] += len(rows)
            # fmt: on
            progress(len(chunk))
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    _reset_sequences(list(start))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the planner, on both databases
    return counts
