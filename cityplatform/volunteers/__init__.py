"""Volunteers (三社联动): social organisations, their volunteers and what they do.

Owns social organisations and their staff, volunteers (ID numbers encrypted at rest,
recognised by a blind index so one person counts once), memberships, skills,
activities with their outputs (masks handed out, messages published ...), service
records (who served which activity, for how many hours), volunteer service
certificates (志愿服务证明) with public verification, and the statistics the civil
affairs bureau reports: organisations, volunteers, activities, person-times and hours,
always computed from the records by aggregate queries, never stored as totals.
"""
