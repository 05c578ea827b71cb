"""Ledger: a generic double-entry, append-only book of accounts.

Owns `Account` (code, kind, and an optional owner: any record of any app),
`Transaction` and `Entry` (legs; debit positive, credit negative), the services
that post and reverse transactions, balances derived by SUM (none stored), and the
`verify_ledger` command with its check registry: every app may add invariants in
`<app>/ledger_checks.py` (`CHECKS = [callable]`, each yielding problem strings).
It knows nothing of charity or lending; those apps open accounts and post here.
"""
