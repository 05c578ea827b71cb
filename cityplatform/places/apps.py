from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "cityplatform.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from cityplatform.core.segmentation import add_words
        from cityplatform.places.landmarks import LANDMARKS

        # 株洲's landmarks (工业大学, 人民医院 …) are search terms whole: see places.landmarks.
        add_words(LANDMARKS)
