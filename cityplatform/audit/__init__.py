"""Audit: the append-only log of who read or changed a sensitive record.

Owns `AuditEntry` and `audit_record()`, the helper any app calls in the same
transaction as the read or change it records. Entries are never updated or
deleted: the model and queryset refuse, the admin is read-only (for auditors),
and on PostgreSQL a trigger refuses UPDATE and DELETE as well.
Entries hold type and id of a record, never its personal data.
"""
