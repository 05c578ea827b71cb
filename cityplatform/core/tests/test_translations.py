"""The committed .mo files are compiled from the committed .po files, and complete.

The project catalogue lives in cityplatform/locale; later apps keep their own catalogue in
<app>/locale, so every catalogue under the package is checked.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.PACKAGE_DIR) / "locale"
PO_FILES = sorted(Path(settings.PACKAGE_DIR).glob("**/locale/*/LC_MESSAGES/django.po"))
CHINESE_PO_FILES = [p for p in PO_FILES if p.parent.parent.name == "zh_Hans"]


def _catalogue_id(path: Path) -> str:
    return str(path.relative_to(settings.PACKAGE_DIR).parent.parent)


def test_there_is_a_chinese_catalogue() -> None:
    assert LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po" in PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=_catalogue_id)
def test_mo_matches_po(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        if entry.msgid == "":
            continue
        expected = entry.msgstr or {k: v for k, v in entry.msgstr_plural.items()}
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, entry.msgid


@pytest.mark.parametrize("po_path", CHINESE_PO_FILES, ids=_catalogue_id)
def test_chinese_catalogue_is_complete(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == []


def test_interface_speaks_chinese_by_default_and_english_on_request() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
