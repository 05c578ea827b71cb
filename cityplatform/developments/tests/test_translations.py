"""An enquiry that is dealt with is 已结束, not housing's 已成交 (a sold home)."""

from django.utils import translation

from cityplatform.developments.models import EnquiryStatus


def test_a_closed_enquiry_is_ended_not_sold() -> None:
    with translation.override("zh-hans"):
        assert str(EnquiryStatus.CLOSED.label) == "已结束"
