"""The journal's details in Russian: «Было: на проверке; Стало: подтверждён», not «from: submitted; to: confirmed».

Keys are the same few everywhere (labels below). Status codes belong to the apps above: each registers its
model's choices in its AppConfig.ready() (`register_statuses`), since the audit app cannot import them.
"""

from collections.abc import Iterable, Mapping

KEY_LABELS = {
    "from": "Было",
    "to": "Стало",
    "reason": "Причина",
    "version": "Версия",
    "file": "Файл",
    "type": "Способ",
    "login": "Вход",
    "reauthentication": "Повторная проверка",
    "user": "Пользователь",
    "role": "Роль",
    "year": "Год",
    "scope": "Область",
    "permission": "Право",
    "school_id": "Школа (код в системе)",
    "schools": "Школ",
    "total": "Всего",
    "source": "Источник",
    "size": "Размер",
    "seed": "Зерно выборки",
    "number": "Номер",
    "note": "Примечание",
    "kind": "Вид",
    "event": "Событие",
    "limit": "Не более строк",
}
VALUE_LABELS = {
    True: "да",
    False: "нет",
    None: "—",
    "totp": "приложение-аутентификатор",
    "recovery_codes": "резервные коды",
}
STATUS_KEYS = ("from", "to")

_statuses: dict[str, dict[str, str]] = {}


def register_statuses(object_type: str, choices: Iterable[tuple[str, str]]) -> None:
    """`object_type` is the model's label_lower (as recorded in AuditEvent.object_type)."""
    _statuses.setdefault(object_type, {}).update({str(code): str(label) for code, label in choices})


def _value(key: str, value, object_type: str) -> str:
    if key in STATUS_KEYS and isinstance(value, str):
        return _statuses.get(object_type, {}).get(value, value)
    if isinstance(value, bool) or value is None or value in ("totp", "recovery_codes"):
        return VALUE_LABELS[value]
    return str(value)


def details_text(details: Mapping, object_type: str = "") -> str:
    """One line: «Было: на проверке; Стало: подтверждён; Причина: …» (empty values left out)."""
    parts = []
    order = list(KEY_LABELS)  # jsonb keeps no order of its own: «Было» before «Стало» always
    items = sorted((details or {}).items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    for key, value in items:
        if value in ("", None, [], {}):
            continue
        parts.append(f"{KEY_LABELS.get(key, key)}: {_value(key, value, object_type)}")
    return "; ".join(parts)
