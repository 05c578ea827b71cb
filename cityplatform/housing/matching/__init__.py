"""Matching buyers' demands and listings, both ways (reads only).

- `criteria`: what fits, the score and its reasons (pure functions).
- `reverse`: a listing → the open demands it fits, through the indexed DemandMatchKey.
- `forward`: a demand → its best published listings, ranked in SQL.

The writes (match notices, messages to buyers) are in housing.services.matching.
"""
