import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.places.models import Place


class User(AbstractUser):
    """A person who logs in. Roles are Django groups named after registered roles."""

    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    jurisdiction = models.ForeignKey(
        Place,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The user sees records inside this place only. Empty: none."),
    )

    # A user belongs to their jurisdiction: a town's administrator manages the
    # town's users only (see accounts.jurisdiction).
    place_field = "jurisdiction"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_role(self, code: str) -> bool:
        if not self.is_active:
            return False
        cache = getattr(self, "_role_codes", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self._role_codes = cache
        return code in cache


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; it is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=64)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
