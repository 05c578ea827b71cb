"""Words other apps translate differently are in context here, so charity's own
Chinese shows (an earlier app's catalogue, or the project's, would win otherwise)."""

from django.utils import translation
from django.utils.translation import pgettext

from cityplatform.charity.models import CorrectionNote, Disbursement


def test_charity_words_are_their_own() -> None:
    with translation.override("zh-hans"):
        assert pgettext("amount received", "Received") == "接收"  # not 收到时间
        assert pgettext("withdraw a donation", "Withdraw") == "撤销"  # not housing's 下架
        assert str(Disbursement.Status.APPROVED.label) == "已批准"  # not reports' 已审核
        assert pgettext("disbursement decision", "Approve") == "批准"
        assert str(CorrectionNote._meta.get_field("created_by").verbose_name) == "经办人"
        assert pgettext("all organisations", "All") == "合计"
        # Freed from charity's translations, lending's own words show again.
        assert translation.gettext("Lines") == "额度"
