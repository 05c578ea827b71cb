"""Housing (楼盘推介, 二手房交易): second-hand listings and new developments, read from the
ads staff receive as text, searched by the public and matched to buyers' demands.

So far: the ad-text parser (`adparse`) and the `parse_ads` command; listings, search and
matching come next (issue 3).
"""
