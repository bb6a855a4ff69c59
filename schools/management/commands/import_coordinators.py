from ._import import ImportCommand


class Command(ImportCommand):
    help = "Импорт из Excel: муниципальные координаторы (ошибки — со строкой и столбцом)."
    kind = "coordinators"
