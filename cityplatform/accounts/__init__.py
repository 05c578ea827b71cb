"""Accounts: who someone is, what they may do, and where.

Owns `User` (with a jurisdiction: the place whose code prefix bounds what they
see), API tokens, the role registry that every app adds its roles to (`roles`),
and the one jurisdiction mechanism (`jurisdiction`) that pages, the API and the
admin all use to show a user only records inside their place. Also login and
logout with lockout after repeated failures (django-axes).
"""
