from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# How many leading digits of the 12-digit code identify a place at each level.
PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


class Place(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        CITY = 2, _("City")
        COUNTY = 3, _("District or county")
        TOWN = 4, _("Town or street")
        VILLAGE = 5, _("Village or community")

    code = models.CharField(
        _("division code"),
        primary_key=True,
        max_length=12,
        validators=[RegexValidator(r"^\d{12}$", _("A division code has 12 digits."))],
    )
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, blank=True, help_text=_("e.g. 镇, 街道, 村"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="place_level_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The code prefix every place inside this one shares."""
        return self.code[: PREFIX_LENGTH[self.level]]

    def contains(self, code: str) -> bool:
        """Whether the place with this code is this place or lies inside it."""
        return code.startswith(self.prefix)

    def ancestor_codes(self) -> list[str]:
        """Codes of the enclosing places, outermost first, derived from the code."""
        return [
            self.code[:length].ljust(12, "0")
            for level, length in PREFIX_LENGTH.items()
            if level < self.level
        ]

    @property
    def full_name(self) -> str:
        names = dict(
            Place.objects.filter(code__in=self.ancestor_codes()).values_list("code", "name")
        )
        # The province is implied on a city platform; start from the city.
        parts = [names[c] for c in self.ancestor_codes()[1:] if c in names]
        return "".join([*parts, self.name])


def level_of(code: str) -> int:
    """The level a 12-digit code stands for, from its trailing zeros."""
    if code[2:] == "0" * 10:
        return Place.Level.PROVINCE
    if code[4:] == "0" * 8:
        return Place.Level.CITY
    if code[6:] == "0" * 6:
        return Place.Level.COUNTY
    if code[9:] == "000":
        return Place.Level.TOWN
    return Place.Level.VILLAGE


def parent_code_of(code: str) -> str | None:
    level = level_of(code)
    if level == Place.Level.PROVINCE:
        return None
    return code[: PREFIX_LENGTH[level - 1]].ljust(12, "0")
