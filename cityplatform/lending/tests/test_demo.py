"""The demo: the ad's product, a customer of each group with history, idempotent."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.lending.models import (
    Accrual,
    Application,
    Draw,
    Line,
    OverdueNotice,
    Product,
    Repayment,
    Statement,
)
from cityplatform.lending.tests.conftest import book_problems

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Product,
            Application,
            Line,
            Draw,
            Repayment,
            Accrual,
            Statement,
            OverdueNotice,
        )
    }


def test_demo_loads_the_ad_and_customers_with_history_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    product = Product.objects.get()
    assert (product.name, product.credit_limit_max, product.draw_min) == (
        "华融闪贷",
        Decimal("500000.00"),
        Decimal("1000.00"),
    )
    assert product.tiers.order_by("daily_rate").first().daily_rate == Decimal("0.00015000")
    segments = set(Line.objects.values_list("application__segment__code", flat=True))
    assert segments == {"payroll", "mortgage", "public", "enterprise"}
    # The teacher's 10,000 for exactly 30 days cost exactly 45.00.
    teacher_draw = Draw.objects.filter(line__borrower__username="shiye").order_by("id").first()
    assert teacher_draw is not None
    assert teacher_draw.status == Draw.Status.SETTLED
    assert teacher_draw.interest_accrued_total == Decimal("45.00")
    # 王先生 repays 30,000 in equal monthly instalments (等额本息), always on time.
    renovation = Draw.objects.get(line__borrower__username="jiekuan")
    assert renovation.repayment_method == "equal_instalment"
    assert renovation.instalment_amount is not None
    assert renovation.overdue_stage == 0
    assert Draw.objects.filter(line__borrower__username="qiye", overdue_stage__gt=0).exists()
    assert OverdueNotice.objects.exists()
    assert Statement.objects.exists()
    assert Application.objects.filter(status="review").count() == 1
    assert book_problems() == []

    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first


def test_demo_logins_work() -> None:
    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    response = client.post("/accounts/login/", {"username": "jiekuan", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    line = Line.objects.get(borrower__username="jiekuan")
    assert client.get(f"/loans/lines/{line.pk}/").status_code == 200
    officer = Client()
    response = officer.post("/accounts/login/", {"username": "xindai", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    for path in ("", "lines/", "draws/", "overdue/", "product/"):
        assert officer.get(f"/loans/console/{path}").status_code == 200
    assert "赵建国" in officer.get("/loans/console/").content.decode()
