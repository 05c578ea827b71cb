"""Reads for the portal."""

from cityplatform.portal.models import PlatformContact


def platform_contact() -> PlatformContact | None:
    return PlatformContact.objects.filter(is_active=True).first()
