"""The public "register a demand" form (一个电话, 专人为您匹配).

Budgets are asked in 万元 as buyers think of them; everything else is checked by the
service (housing.services.demand_values), whose messages land on the matching field.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.housing.models import MAX_DIGEST_LISTINGS, BuildingType, NoticePreference
from cityplatform.housing.models.demands import DEFAULT_DIGEST_LISTINGS, KEYWORDS_MAX_LENGTH
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

WAN = 10_000
HONEYPOT_FIELD = "website"
# Features buyers ask for most, in the words ads use.
FEATURE_CHOICES = [
    (f, f)
    for f in (
        "家电齐全",
        "拎包入住",
        "精装修",
        "电梯",
        "车位",
        "学区房",
        "南北通透",
        "满五唯一",
        "中央空调",
        "低楼层",
    )
]
# Service field → form field, for the service's messages.
_FIELD_OF = {"budget_min_yuan": "budget_min_wan", "budget_max_yuan": "budget_max_wan"}


def _wan(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100_000, decimal_places=2
    )


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=99)


def _area(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=99_999, decimal_places=2
    )


class DemandForm(forms.Form):
    buyer_name = forms.CharField(
        label=_("How should we address you?"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    buyer_phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Our staff call you on this number; it is never shown to anyone else."),
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts or counties"), required=False, widget=forms.CheckboxSelectMultiple
    )
    communities = forms.CharField(
        label=_("Communities"),
        required=False,
        max_length=300,
        help_text=_("One or more names, separated by commas."),
    )
    budget_min_wan = _wan(_("Budget from (万元)"))
    budget_max_wan = _wan(_("Budget up to (万元)"))
    bedrooms_min = _count(_("Bedrooms from"))
    bedrooms_max = _count(_("Bedrooms up to"))
    area_min_m2 = _area(_("Area from (m²)"))
    area_max_m2 = _area(_("Area up to (m²)"))
    building_types = forms.MultipleChoiceField(
        label=_("Building types"),
        required=False,
        choices=BuildingType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    features = forms.MultipleChoiceField(
        label=_("Must-have features"),
        required=False,
        choices=FEATURE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=KEYWORDS_MAX_LENGTH,
        help_text=_("For example a school or a street: 二中, 泰山路"),
    )
    notes = forms.CharField(
        label=_("Anything else we should know?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notice_preference = forms.ChoiceField(
        label=_("Tell me about new matches"),
        choices=NoticePreference.choices,
        initial=NoticePreference.INSTANT,
        widget=forms.RadioSelect,
    )
    digest_max_listings = forms.IntegerField(
        label=_("Homes per daily digest, at most"),
        min_value=1,
        max_value=MAX_DIGEST_LISTINGS,
        initial=DEFAULT_DIGEST_LISTINGS,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = Place.objects.filter(parent_id=ZHUZHOU).order_by("code")
        districts = self.fields["districts"]
        assert isinstance(districts, forms.MultipleChoiceField)
        districts.choices = [(p.code, p.name) for p in counties]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def service_values(self) -> dict[str, Any]:
        """The cleaned form as demand_register's keyword arguments."""
        data = self.cleaned_data
        names = data.get("communities") or ""
        for separator in "，、;；":
            names = names.replace(separator, ",")
        return {
            "buyer_name": data["buyer_name"],
            "buyer_phone": data["buyer_phone"],
            "districts": data.get("districts") or [],
            "communities": [n.strip() for n in names.split(",") if n.strip()],
            "budget_min_yuan": _yuan(data.get("budget_min_wan")),
            "budget_max_yuan": _yuan(data.get("budget_max_wan")),
            "bedrooms_min": data.get("bedrooms_min"),
            "bedrooms_max": data.get("bedrooms_max"),
            "area_min_m2": data.get("area_min_m2"),
            "area_max_m2": data.get("area_max_m2"),
            "building_types": data.get("building_types") or [],
            "features": data.get("features") or [],
            "keywords": data.get("keywords") or "",
            "notes": data.get("notes") or "",
            "notice_preference": data["notice_preference"],
            "digest_max_listings": data["digest_max_listings"],
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show the service's ValidationError on the matching fields."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            name = _FIELD_OF.get(field, field)
            self.add_error(name if name in self.fields else None, errors)


def _yuan(wan: Decimal | None) -> int | None:
    return None if wan is None else int(wan * WAN)


def initial_from_search(params: Any, listing: Any = None) -> dict[str, Any]:
    """Start the form from what the buyer was looking at: the search's filters, or the
    listing's community and district."""
    initial: dict[str, Any] = {}
    if listing is not None:
        initial["districts"] = [listing.place_id]
        initial["communities"] = listing.community.name
        return initial
    if params.get("district", "").isdigit():
        initial["districts"] = [params["district"]]
    for source, target in (("min_price", "budget_min_wan"), ("max_price", "budget_max_wan")):
        value = params.get(source, "")
        if value.replace(".", "", 1).isdigit():
            initial[target] = value
    if params.get("bedrooms", "").isdigit():
        initial["bedrooms_min"] = initial["bedrooms_max"] = params["bedrooms"]
    if params.get("q"):
        initial["keywords"] = params["q"][:KEYWORDS_MAX_LENGTH]
    return initial
