"""Money as the pages print it."""

from decimal import Decimal

from cityplatform.developments.templatetags.developments_format import wan, yuan


def test_yuan() -> None:
    assert yuan(Decimal("8500.00")) == "8,500"
    assert yuan(Decimal("8500.50")) == "8,500.5"
    assert yuan(Decimal("12345678.25")) == "12,345,678.25"
    assert yuan(None) == ""


def test_wan() -> None:
    assert wan(Decimal("685000.00")) == "68.5"
    assert wan(Decimal("1650000")) == "165"
    assert wan(Decimal("798000")) == "79.8"
    assert wan(Decimal("1234567")) == "123.46"
    assert wan(None) == ""
