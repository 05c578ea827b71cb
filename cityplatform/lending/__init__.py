"""Lending: the bank's internet revolving credit line (华融闪贷, issue 6).

Owns the product as data (limits, daily-rate tiers by risk grade, terms, repayment
methods, customer segments with their employer and institution lists, prohibited
purposes, switchable regulatory caps); applications and their explainable automatic
decisions (rules and a transparent scorecard) with an officer review queue; credit
lines, draws paid out through a payment-rail adapter, repayments with the penalty →
interest → principal order, Idempotency-Key handling; the business date and the
set-based close of business (daily interest and penalty accrual, due and overdue
processing, overdue notices, monthly statements). Money is posted to the generic
double-entry book (`cityplatform.ledger`); `ledger_checks.py` adds lending's
invariants to `verify_ledger`.
"""
