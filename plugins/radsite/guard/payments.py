"""Payment identifiers by their own check digits: IBANs (ISO 13616, mod 97) and payment card numbers (Luhn).

A refund letter, an invoice or a self-pay form carries the patient's bank account or card, and neither has
a label the rules know ("Refund to IBAN GB33 ...", "Paid by card 4111 ..."). Both prove what they are: an
IBAN's country code, its length for that country and its two check digits (`stdnum.iban`); a card's issuer
prefix, its length and its Luhn digit. A run that fails its check is no hit. Hits are `account`.
"""

from __future__ import annotations

import re

# An IBAN: a country code, two check digits, then groups of four (the last may be shorter), printed or compact
_IBAN = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,3})?(?![\w-])")
# A card number: 13 to 19 digits, in groups of four (Amex 4-6-5) or compact, an issuer's first digits
_CARD = re.compile(
    r"(?<![\w.,/-])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))\d{0,2}(?:[ \t-]?\d){10,16}(?![\w,/-]|[.,/-]\d)"
)
# What either needs: thirteen digits with single separators, or a country code and its check digits
GATE = re.compile(r"\d(?:[ \t-]?\d){12}|[A-Z]{2}\d{2}[ \t]?[A-Z0-9]{4}")


# A product's barcode label before a run: the run is an article number whatever its Luhn digit ("JAN 4901234567894")
_PRODUCT_BEFORE = re.compile(
    r"\b(?:EAN|JAN|GTIN|UPC|ISBN|ISSN|GS1|bar[ \t]?code)(?:-?1[34]|-?8)?[ \t]*(?:code|number|no\.?|#)?[ \t]*[:#]?[ \t]*$",
    re.IGNORECASE,
)


def _iban(token: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(token))


def _card(token: str) -> bool:
    from stdnum import luhn

    digits = re.sub(r"[ \t-]", "", token)
    return 13 <= len(digits) <= 19 and bool(luhn.is_valid(digits))


def payment_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each IBAN or payment card number whose check digits hold."""
    found = [(m.start(), m.end()) for m in _IBAN.finditer(line) if _iban(m.group(0))]
    found += [(m.start(), m.end()) for m in _CARD.finditer(line)
              if _card(m.group(0)) and not any(s <= m.start() < e for s, e in found)
              and _PRODUCT_BEFORE.search(line, max(0, m.start() - 24), m.start()) is None]  # fmt: skip
    return found
