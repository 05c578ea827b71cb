from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "cityplatform.housing"
    label = "housing"
    verbose_name = _("Housing")
    url_prefix = "housing/"
    nav_items = [(_("Second-hand homes"), "housing:list")]
    nav_order = 20

    def ready(self) -> None:
        from cityplatform.core.segmentation import add_words
        from cityplatform.housing.adparse.features import VOCABULARY

        # The ads' phrases (学区房, 家电齐全 …) are search terms whole: see core.segmentation.
        add_words(VOCABULARY)
