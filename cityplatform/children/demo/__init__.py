"""Demo registry for 醴陵 (issue 5): about 4,000 children in its 24 towns and 270 villages,
欢欢's family of four in 李畋镇华埠村 under pseudonyms (the seed page's 3月17日 visit),
a few open alarms, overdue follow-ups and hotline calls, and the demo logins.

Everything is generated from a fixed seed, so two machines get the same registry; a
second run adds nothing. The bulk of it goes in with bulk_create (the ID numbers are
still encrypted, one by one, by the field), so the load stays within seconds.
"""

from typing import TextIO

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.children.models import Child
from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING

from .family import load_huanhuan_family
from .generate import load_children, load_hotline

MAFANGTANG = "430281002001"
LAILONGMEN = "430281002000"
HUABU = "430281109200"

LOGINS = [
    ("ez_mafangtang", "儿童主任 · 来龙门街道马放塘社区 (四类儿童名册)"),
    ("ez_huabu", "儿童主任 · 李畋镇华埠村 (欢欢一家)"),
    ("ez_lailongmen", "儿童督导员 · 来龙门街道"),
    ("ez_minzheng", "醴陵市民政局 · 儿童福利 (全市, 可查看完整身份证号)"),
    ("ez_jiuzhu", "醴陵市未成年人救助保护中心 (临时兜底监护)"),
    ("ez_shenji", "审计员 · 醴陵市 (谁查看了哪个儿童)"),
]

_USERS = [
    ("ez_mafangtang", "马放塘社区儿童主任", MAFANGTANG, ["child_director"]),
    ("ez_huabu", "华埠村儿童主任", HUABU, ["child_director"]),
    ("ez_lailongmen", "来龙门街道儿童督导员", LAILONGMEN, ["child_supervisor"]),
    ("ez_minzheng", "民政局儿童福利股", LILING, ["child_bureau"]),
    ("ez_jiuzhu", "未成年人救助保护中心", LILING, ["child_centre"]),
    ("ez_shenji", "醴陵市审计员", LILING, ["auditor"]),
]


def load(out: TextIO) -> None:
    for username, display_name, code, roles in _USERS:
        user_ensure(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            jurisdiction=Place.objects.get(code=code),
            roles=roles,
        )
    if Child.objects.filter(village__code__startswith=LILING[:6]).exists():
        out.write("  children: already loaded")
        return
    count = load_children()
    load_huanhuan_family()
    calls = load_hotline()
    out.write(f"  children: {count + 4} children, {calls} hotline calls")
