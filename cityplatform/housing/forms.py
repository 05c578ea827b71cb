"""The public search form: the API's filters, with prices in 万元 as buyers think of them."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityplatform.housing.models import BuildingType
from cityplatform.housing.search import SORTS, ListingFilters
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

WAN = 10_000

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("price", _("Price, low to high")),
    ("-price", _("Price, high to low")),
    ("unit_price", _("Unit price, low to high")),
    ("-area", _("Largest first")),
]


def _yuan(wan: Decimal | None) -> int | None:
    return None if wan is None else int(wan * WAN)


class ListingSearchForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=100)
    district = forms.ChoiceField(label=_("District or county"), required=False)
    min_price = forms.DecimalField(
        label=_("Min price (万元)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        decimal_places=2,
    )
    max_price = forms.DecimalField(
        label=_("Max price (万元)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        decimal_places=2,
    )
    bedrooms = forms.IntegerField(label=_("Bedrooms"), required=False, min_value=0, max_value=20)
    building_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", "—"), *BuildingType.choices]
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = Place.objects.filter(parent_id=ZHUZHOU).order_by("code")
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = [("", "—"), *((p.code, p.name) for p in counties)]

    def filters(self) -> ListingFilters:
        data = self.cleaned_data
        sort = data.get("sort") or "newest"
        return ListingFilters(
            q=data.get("q") or "",
            district=data.get("district") or "",
            min_price=_yuan(data.get("min_price")),
            max_price=_yuan(data.get("max_price")),
            bedrooms=data.get("bedrooms"),
            building_type=data.get("building_type") or "",
            sort=sort if sort in SORTS else "newest",
        )
