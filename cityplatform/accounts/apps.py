from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cityplatform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cityplatform.accounts import roles

        roles.autodiscover()
        # Keep each role's group and permissions in step with the code, as Django
        # itself does for permissions after migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
