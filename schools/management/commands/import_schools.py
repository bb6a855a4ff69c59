from ._import import ImportCommand


class Command(ImportCommand):
    help = "Импорт из Excel: школы года проекта (ошибки — со строкой и столбцом)."
    kind = "schools"
