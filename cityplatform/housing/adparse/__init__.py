"""Reading second-hand-home ads (二手房) from text: the contract of issue 3.

    parse_ad("恒大名都 精装公寓, 37.8m <sup>2</sup> 成熟小区配套齐全, 30万")

gives a `ParsedAd` with community 恒大名都, building type 公寓, area 37.8 m², price
300000 yuan, unit price 7937 yuan/m², features 精装, 成熟小区, 配套齐全, and the error
"no_layout: ..." (the ad names no rooms). `split_ads` cuts a line into its ads;
`parse_text` reads a whole text. Pure Python: no Django, no database.

Decisions the importer builds on:
- community is printed as in the ad, brackets made half-width; a bracketed alias stays
  in it ("老一医院宿舍(操坪小区)"), a bracketed district is moved to `district`.
- district is one of 株洲's nine districts and counties (株洲县 → 渌口区), when the ad
  names it before the community, in brackets after it, or as a word of its own.
- building_type is one of 独栋别墅, 叠墅, 别墅, 洋房, 公寓, 复式, 住宅 (复式楼/复式房/跃层 →
  复式; 叠拼别墅 → 叠墅); with two type words the earlier in that list wins and the other
  stays a feature (复式公寓 → 公寓 + 复式); 住宅 when the ad gives a layout and no type.
- area_m2 is the deed area, actual_area_m2 the 实际面积/实用面积/使用面积/套内面积;
  areas of storerooms, terraces and the like and sums such as 首付, 月供, 车位 are never
  taken for the home's.
- errors are "code: message" (codes in `result.ERRORS`); 面议 is price_negotiable.
"""

from .features import VOCABULARY
from .parser import parse_ad, parse_text, split_ads
from .result import ERRORS, ParsedAd

__all__ = ["ERRORS", "VOCABULARY", "ParsedAd", "parse_ad", "parse_text", "split_ads"]
