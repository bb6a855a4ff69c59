"""Models of the diagnosis, by concern; import them from `surveys.models`."""

from .directions import (  # noqa: F401
    RiskActivation,
    RiskDeclination,
    RiskDirection,
)
from .profiles import (  # noqa: F401
    FinalRiskEntry,
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
    FINAL_WINDOW_CODE,
    PUBLIC_GROUPS,
    WINDOW_CODES,
    DiagnosisRound,
    DiagnosisSettings,
    RespondentGroup,
    ScoringMethod,
)
