"""The platform's contact card, as printed on the seed page."""

from typing import TextIO

from cityplatform.portal.models import PlatformContact


def load(out: TextIO) -> None:
    PlatformContact.objects.update_or_create(
        name="株洲市城市综合服务信息平台",
        defaults={
            "address": "天元区韶山路568号",
            "directions": "乘T28路、T40路公交车到花园二村站下车步行10米",
            "hotlines": "28200686, 28200618",
            "housing_hotline": "28200686",
            "services": "信息发布 楼盘推介 二手房交易 生活服务",
            "is_active": True,
        },
    )
