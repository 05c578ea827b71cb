"""Housing (楼盘推介, 二手房交易): second-hand listings and new developments, read from the
ads staff receive as text, searched by the public and matched to buyers' demands.

Owns communities and their aliases, listings with their lifecycle, verification,
duplicates, freshness and photos, the public's false-listing reports, the ad-text parser (`adparse`) and the keyword index;
the staff's viewings (no double-booking) and deals (offer → closed, with a timeline),
the staff console, community pages with their price trend, and the housing API.
"""
