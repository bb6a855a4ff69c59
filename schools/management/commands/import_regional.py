from ._import import ImportCommand


class Command(ImportCommand):
    help = "Импорт из Excel: региональные координаторы (ошибки — со строкой и столбцом)."
    kind = "regional"
