"""Writes of the roadmaps app, by concern; the package exports them all (`services.document_submit`, …)."""

from .documents import (  # noqa: F401
    comment_create,
    document_confirm,
    document_reopen,
    document_return,
    document_submit,
    document_upload,
    version_create,
    version_downloaded,
)
from .expertise import (  # noqa: F401
    evaluation_save,
    expert_appoint,
    expert_remove,
    experts_of,
    is_expert,
    item_assign,
    rubric_copy,
    rubric_for_year,
    sample_draw,
    sample_pick,
    zone_for,
)
from .requirements import required_documents_copy, required_documents_set  # noqa: F401
from .roadmap import (  # noqa: F401
    INDICATOR_FIELDS,
    MEASURE_FIELDS,
    indicator_create,
    indicator_delete,
    indicator_update,
    measure_create,
    measure_delete,
    measure_update,
    roadmap_copy_previous,
    roadmap_prepare,
    section_update,
)
