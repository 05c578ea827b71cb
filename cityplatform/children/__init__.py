"""四类儿童 registry (issue 5): 留守儿童, 困境儿童, 社会散居孤儿 and 事实无人抚养儿童.

Owns the children themselves (ID numbers encrypted at rest, found again through a blind
index), their guardians and guardianship status, an append-only history of every change,
care arrangements (临时照料 and the protection centre's 临时兜底监护), visits with
follow-ups, counselling sessions, assistance given, and the 24-hour hotline
(未成年人关爱保护救助热线) with escalation of calls nobody answered in time. A record is
never deleted: when a child leaves the registry (turned 18, moved out, guardianship
restored, deceased, other) it is closed with the reason and day, stops raising alarms,
leaves the default lists, and can be reopened with a reason.

Only the people responsible for a child see it: village 儿童主任, town 儿童督导员,
county bureau and protection-centre staff, each inside their jurisdiction; every read,
export and change is audited. Public pages never show a child; a pseudonymised case
summary is what a published story may use. `selectors.registry_counts_by_village` and
`selectors.unplaced_new_children` feed the daily zero reports (the registry's figures
beside the reported ones, and the flag on a zero that hides an unplaced child).
"""
