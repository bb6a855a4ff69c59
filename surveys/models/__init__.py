"""Models of the diagnosis, by concern; import them from `surveys.models`."""

from .directions import (  # noqa: F401
    RiskActivation,
    RiskDeclination,
    RiskDirection,
)
from .profiles import (  # noqa: F401
    ProfileEvent,
    ProfileJob,
    RiskLevel,
    RiskProfile,
    RiskProfileEntry,
)
from .questionnaires import (  # noqa: F401
    Answer,
    Indicator,
    Option,
    OptionIndicator,
    Question,
    Questionnaire,
    Response,
    SchoolHeadcount,
    Section,
    SurveyLink,
)
from .year_settings import (  # noqa: F401
    PUBLIC_GROUPS,
    WINDOW_CODES,
    DiagnosisSettings,
    RespondentGroup,
    ScoringMethod,
)
