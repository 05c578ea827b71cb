"""Root URLs. Apps plug themselves in: an app whose AppConfig has `url_prefix`
gets its `urls` module included there; its `api.router` is mounted by the API root.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from cityplatform.api import api

admin.site.site_header = _("Zhuzhou City Service Platform")
admin.site.site_title = _("Zhuzhou City Service Platform")

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("cityplatform.accounts.urls")),
]
urlpatterns += [
    path(config.url_prefix, include(f"{config.name}.urls"))  # type: ignore[attr-defined]
    for config in apps.get_app_configs()
    if getattr(config, "url_prefix", None)
]
urlpatterns.append(path("", include("cityplatform.portal.urls")))

if settings.DEBUG:
    # Uploaded media in development; in production the reverse proxy serves MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
