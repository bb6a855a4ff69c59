from ._import import ImportCommand


class Command(ImportCommand):
    help = "Импорт из Excel: кураторы и их школы (ошибки — со строкой и столбцом)."
    kind = "curators"
