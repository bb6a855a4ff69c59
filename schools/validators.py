from django.core.exceptions import ValidationError

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """ИНН of an organisation (10 digits) or a person (12 digits) with its control digits."""
    if not value.isdigit() or len(value) not in (10, 12):
        return False
    d = [int(c) for c in value]
    if len(d) == 10:
        return _check_digit(d, _INN10_WEIGHTS) == d[9]
    return _check_digit(d, _INN12_WEIGHTS_1) == d[10] and _check_digit(d, _INN12_WEIGHTS_2) == d[11]


def validate_inn(value: str) -> None:
    if not value or not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError("ИНН должен состоять из 10 или 12 цифр.", code="inn_format")
    if not inn_is_valid(value):
        raise ValidationError("Неверная контрольная сумма ИНН.", code="inn_checksum")


def make_inn10(prefix9: str) -> str:
    """Completes 9 digits with the control digit (for demo and test data)."""
    d = [int(c) for c in prefix9]
    return prefix9 + str(_check_digit(d, _INN10_WEIGHTS))
