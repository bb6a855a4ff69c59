# One module per area; each helper area adds its import here.
from .calendar import Milestone, RegionalMilestone  # noqa: F401
