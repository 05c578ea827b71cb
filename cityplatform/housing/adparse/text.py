"""Text helpers shared by the field readers: normalisation, numbers, the work buffer.

Every reader works on one normalised copy of the ad (`Work`): NFKC turns full-width
digits, letters, punctuation and brackets into half-width ones, and every spelling of
square metres (m², m2, ㎡, 平米, 平方米, 平方, a bare 平 after a number, the OCR form
`m <sup>2</sup>`) becomes the single character ㎡. A reader that takes a piece of the
ad blanks it out with GAP, so no later reader can take it again and what is left at
the end is the free description the features come from.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

AREA_UNIT = "㎡"
GAP = "\x00"

# A plain decimal number that is not part of a longer one ("12.34567" is no number).
NUM = r"(?<![0-9.])(?P<num>[0-9]{1,9}(?:\.[0-9]{1,4})?)(?![0-9]|\.[0-9])"

# Chinese numerals as the ads write room counts: 一 … 十, 两, 二, 十一 … 九十九.
CN_NUM = r"[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Characters that end a clause: what precedes a number in its clause says what it is.
CLAUSE_BREAK = re.compile(r"[,;。!?、()\[\]{}【】<>《》|\n" + GAP + "]")

# The OCR form comes with a space after it that the printed ad does not have.
_SUP2 = re.compile(r"m\s*<\s*sup\s*>\s*2\s*<\s*/\s*sup\s*> ?|m&sup2;", re.IGNORECASE)
_UNIT_WORDS = re.compile(
    r"(?<![A-Za-z])(?:m\^?2(?![0-9])|sqm(?![A-Za-z]))|平方米|平米|平方", re.IGNORECASE
)
# 平 alone is a unit only right after a number, "/" or 每 (120平, 元/平, 每平);
# 平层 and 平台 are words of their own.
_BARE_PING = re.compile(r"(?<=[0-9/每])\s*平(?![方米层台])")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")


def normalize(text: str) -> str:
    """The ad in the one spelling the readers expect (see the module docstring)."""
    text = text.replace(GAP, " ")
    text = unicodedata.normalize("NFKC", text)
    text = _SUP2.sub(AREA_UNIT, text)
    text = _UNIT_WORDS.sub(AREA_UNIT, text)
    text = _BARE_PING.sub(AREA_UNIT, text)
    text = _THOUSANDS.sub("", text)
    return text.strip()


def cn_number(text: str) -> int | None:
    """A small count written in digits or Chinese numerals, or None if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = 1 if head == "" else _CN_DIGITS.get(head) if len(head) == 1 else None
        ones = 0 if tail == "" else _CN_DIGITS.get(tail) if len(tail) == 1 else None
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class Work:
    """The normalised ad, with the pieces readers have taken blanked out."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, start: int, end: int) -> str:
        """Blank out text[start:end] and return what was there."""
        taken = self.text[start:end]
        self.text = self.text[:start] + GAP * (end - start) + self.text[end:]
        return taken

    def clause_before(self, pos: int, limit: int = 12) -> str:
        """Up to `limit` characters before pos, within pos's clause."""
        start = max(0, pos - limit)
        for match in CLAUSE_BREAK.finditer(self.text, start, pos):
            start = match.end()
        return self.text[start:pos]

    def clause_after(self, pos: int, limit: int = 8) -> str:
        """Up to `limit` characters from pos, within pos's clause."""
        end = min(len(self.text), pos + limit)
        match = CLAUSE_BREAK.search(self.text, pos, end)
        return self.text[pos : match.start() if match else end]
