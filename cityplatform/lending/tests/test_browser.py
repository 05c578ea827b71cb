"""From login to money received, in headless Chromium: the ad's four steps."""

from datetime import date
from typing import Any

import pytest

from cityplatform.lending.models import Draw
from cityplatform.lending.services.clock import clock_set
from cityplatform.lending.tests.conftest import make_id_number, register_relationship
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = make_id_number(region="430203", birth="19920315", seq="002")
PAYROLL_ACCOUNT = "6217000088886666"


@pytest.fixture
def newcomer(product: Any, make_user: Any) -> Any:
    clock_set(date(2026, 4, 1))
    register_relationship(ID_NUMBER, "payroll", PAYROLL_ACCOUNT)
    return make_user("shenqing", password="pass-1234-word")


def test_log_in_apply_approved_borrow_money_received(
    newcomer: Any,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + "/loans/")
    assert "年化利率(单利)" in page.content()
    page.click("text=登录后申请")

    # 1. Log in.
    page.fill("input[name=username]", "shenqing")
    page.fill("input[name=password]", "pass-1234-word")
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/loans/apply/")

    # 2. Apply.
    form = page.locator("form.application-form")
    form.locator("[name=full_name]").fill("周晓梅")
    form.locator("[name=id_number]").fill(ID_NUMBER)
    form.locator("[name=phone]").fill("13907330000")
    form.locator("[name=place_code]").select_option("430203000000")
    form.locator("[name=segment]").select_option("payroll")
    form.locator("[name=employer_name]").fill("株洲市芦淞区人民医院")
    form.locator("[name=segment_evidence]").fill(PAYROLL_ACCOUNT)
    form.locator("[name=monthly_income]").fill("10000")
    form.locator("[name=monthly_debt_payments]").fill("0")
    form.locator("[name=employment_years]").fill("3")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()

    # 3. Approval, with its reasons.
    page.wait_for_selector(".application-result")
    assert "已批准" in page.inner_text(".application-result")
    limit = page.inner_text(".approved-limit")
    assert limit == "200,000.00"  # 10,000 × 20, grade A
    assert "5.475%" in page.content()
    page.click("text=立即借款")

    # 4. Money received.
    draw_form = page.locator("form.draw-form")
    draw_form.locator("[name=amount]").fill("10000.00")
    draw_form.locator("[name=purpose]").select_option("装修")
    draw_form.locator("[name=term_months]").select_option("1")
    draw_form.locator("[name=repayment_method]").select_option("bullet")
    draw_form.locator("button[type=submit]").click()
    # The schedule comes first; nothing is lent until it is confirmed.
    page.wait_for_selector(".draw-confirm")
    assert "10,045.00" in page.inner_text("#quote")
    page.locator("form.confirm-form button[type=submit]").click()
    page.wait_for_selector(".money-received")
    assert "已到账" in page.inner_text("#draw-status")

    page.click("text=返回我的额度")
    page.wait_for_selector(".line-dashboard")
    assert page.inner_text(".available") == "190,000.00"
    assert page.inner_text(".principal") == "10,000.00"
    assert page.locator(".draw-row[data-status=disbursed]").count() == 1

    draw = query_outside_the_browser_loop(lambda: Draw.objects.get())
    assert draw.status == Draw.Status.DISBURSED
    assert draw.seconds_to_disburse is not None
