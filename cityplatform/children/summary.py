"""A pseudonymised case summary that a published story may use (like the seed's 欢欢(化名)).

It names the child only by the pseudonym given, places them no closer than their county,
gives an age instead of a birth date, and names no guardian, carer, responsible person,
school, village, address, ID or phone number: kinds and counts only.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cityplatform.children.models import AssistanceItem, Child, Guardian
from cityplatform.places.models import Place


def _age(birth_date: datetime.date, today: datetime.date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def siblings_in_registry(child: Child) -> int:
    """Registered brothers and sisters: children of the same village sharing a parent."""
    parents = list(
        child.guardians.filter(
            relation__in=[Guardian.Relation.FATHER, Guardian.Relation.MOTHER]
        ).values_list("name", "relation")
    )
    if not parents:
        return 0
    others = Child.objects.filter(village_id=child.village_id).exclude(pk=child.pk)
    found: set[int] = set()
    for name, relation in parents:
        found.update(
            others.filter(guardians__name=name, guardians__relation=relation).values_list(
                "pk", flat=True
            )
        )
    return len(found)


def _money(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount == amount.to_integral() else f"{amount:.2f}"


def case_summary(child: Child, *, pseudonym: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    county = Place.objects.filter(code=child.village_id[:6] + "000000").first()
    siblings = siblings_in_registry(child)
    parts: list[str] = []
    who = _("%(pseudonym)s (pseudonym)") % {"pseudonym": pseudonym}
    categories = "、".join(child.category_labels)
    if siblings:
        parts.append(
            _(
                "%(who)s and %(siblings)d siblings, of %(county)s, are registered as: %(categories)s."
            )
            % {
                "who": who,
                "siblings": siblings,
                "county": county.name if county else "",
                "categories": categories,
            }
        )
    else:
        parts.append(
            _("%(who)s, %(age)d years old, of %(county)s, is registered as: %(categories)s.")
            % {
                "who": who,
                "age": _age(child.birth_date, today),
                "county": county.name if county else "",
                "categories": categories,
            }
        )
    situations = [
        _("%(relation)s: %(situation)s")
        % {"relation": g.get_relation_display(), "situation": g.get_situation_display()}
        for g in child.guardians.all()
    ]
    if situations:
        parts.append(_("Family: %(situations)s.") % {"situations": "；".join(situations)})
    active = [a for a in child.arrangements.all() if a.is_active_on(today)]
    if active:
        parts.append(
            _("Now cared for: %(kinds)s.")
            % {"kinds": "、".join(str(a.get_kind_display()) for a in active)}
        )
    visits = child.visits.count()
    sessions = child.counselling_sessions.count()
    if visits or sessions:
        parts.append(
            _("Visited %(visits)d times; %(sessions)d counselling sessions.")
            % {"visits": visits, "sessions": sessions}
        )
    items = list(
        AssistanceItem.objects.filter(assistance__child=child)
        .values_list("item", flat=True)
        .distinct()
    )
    cash = child.assistance.aggregate(total=Sum("cash_amount"))["total"] or Decimal("0")
    if items or cash:
        given = "、".join(items)
        if cash:
            given = (
                _("%(items)s and %(cash)s yuan in cash") % {"items": given, "cash": _money(cash)}
                if given
                else _("%(cash)s yuan in cash") % {"cash": _money(cash)}
            )
        parts.append(_("Received: %(given)s.") % {"given": given})
    # Chinese sentences follow each other without a space.
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(parts)
