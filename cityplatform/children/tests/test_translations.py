"""Words other apps translate differently are in context here, so the children's own
Chinese shows (an earlier app's catalogue, or the project's, would win otherwise)."""

from django.utils import translation
from django.utils.translation import pgettext

from cityplatform.children.models import Child, HotlineCall


def test_children_words_are_their_own() -> None:
    with translation.override("zh-hans"):
        assert str(Child._meta.get_field("name").verbose_name) == "姓名"  # not 名称
        assert str(HotlineCall._meta.get_field("received_at").verbose_name) == "来电时间"
        assert pgettext("hotline call", "Received") == "来电时间"  # not 收到时间
        assert pgettext("child's record number", "Record") == "档案号"  # not housing's 记录
