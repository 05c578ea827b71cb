"""Generated Chinese names for demo children and guardians (no real person)."""

import random

SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
GIVEN = (
    "子涵欣怡梓轩浩宇思彤雨萱俊杰嘉怡梓涵一诺诗琪宇轩佳怡晨曦可馨博文雅婷浩然思远"
    "欣妍家豪若曦睿泽语桐明轩紫萱天佑梦瑶志强海峰文静晓雯丽娟建华国庆春燕秀英"
)
GIVEN_CHARS = sorted(set(GIVEN))


def child_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(SURNAMES) + given


def adult_name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2))))
    return (surname or rng.choice(SURNAMES)) + given


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
