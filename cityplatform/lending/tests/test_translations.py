"""Lending's words in Chinese: where another app translates the same English word
differently (housing's "Closed" is 已成交), lending's own context wins."""

from django.template import Context, Template
from django.utils import translation

from cityplatform.lending.models import Instalment, Line, Outcome


def test_statuses_read_as_a_bank_says_them() -> None:
    with translation.override("zh-hans"):
        assert str(Line.Status.CLOSED.label) == "已关闭"
        assert str(Instalment.Status.SCHEDULED.label) == "未到期"
        assert str(Instalment.Status.OVERDUE.label) == "已逾期"
        assert str(Outcome.REJECTED.label) == "未通过"


def test_the_fourth_step_and_the_console_headings() -> None:
    template = Template(
        '{% load i18n %}{% translate "Approval" context "loan" %}|'
        '{% translate "Opened" context "credit line" %}'
    )
    with translation.override("zh-hans"):
        assert template.render(Context()) == "完成审批|开立日期"
