from django.urls import path

from .views import documents, expertise, requirements, roadmap

app_name = "roadmaps"

urlpatterns = [
    path("schools/<int:school_pk>/documents/", documents.document_list, name="document_list"),
    path("schools/<int:school_pk>/documents/upload/", documents.document_upload, name="document_upload"),
    path("schools/<int:school_pk>/roadmap/", roadmap.roadmap_detail, name="roadmap_detail"),
    path("schools/<int:school_pk>/roadmap/start/", roadmap.roadmap_start, name="roadmap_start"),
    path("schools/<int:school_pk>/roadmap/copy/", roadmap.roadmap_copy, name="roadmap_copy"),
    path("schools/<int:school_pk>/roadmap/export.xlsx", roadmap.roadmap_export_xlsx, name="roadmap_export_xlsx"),
    path("schools/<int:school_pk>/roadmap/export.pdf", roadmap.roadmap_export_pdf, name="roadmap_export_pdf"),
    path("sections/<int:pk>/edit/", roadmap.section_edit, name="section_edit"),
    path("sections/<int:pk>/measures/new/", roadmap.measure_create, name="measure_create"),
    path("sections/<int:pk>/indicators/new/", roadmap.indicator_create, name="indicator_create"),
    path("measures/<int:pk>/edit/", roadmap.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", roadmap.measure_delete, name="measure_delete"),
    path("indicators/<int:pk>/edit/", roadmap.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", roadmap.indicator_delete, name="indicator_delete"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/similarity/", documents.document_similarity, name="document_similarity"),
    path("documents/<int:pk>/versions/new/", documents.version_upload, name="version_upload"),
    path("documents/<int:pk>/submit/", documents.document_submit, name="document_submit"),
    path("documents/<int:pk>/confirm/", documents.document_confirm, name="document_confirm"),
    path("documents/<int:pk>/return/", documents.document_return, name="document_return"),
    path("documents/<int:pk>/reopen/", documents.document_reopen, name="document_reopen"),
    path("documents/<int:pk>/comments/", documents.comment_create, name="comment_create"),
    path("documents/<int:pk>/diff/", documents.document_diff, name="document_diff"),
    path("documents/<int:pk>/evaluation/", documents.evaluation_edit, name="evaluation_edit"),
    path("versions/<int:pk>/download/", documents.version_download, name="version_download"),
    path("versions/<int:pk>/view/", documents.version_view, name="version_view"),
    path("review/", documents.review_list, name="review_list"),
    path("required-documents/", requirements.required_documents, name="required_documents"),
    path("expertise/", expertise.sample_list, name="sample_list"),
    path("expertise/draw/", expertise.sample_draw, name="sample_draw"),
    path("expertise/<int:pk>/", expertise.sample_detail, name="sample_detail"),
    path(
        "expertise/<int:pk>/regions/<int:region_pk>.xlsx", expertise.sample_region_export, name="sample_region_export"
    ),
    path("expertise/items/<int:pk>/", expertise.item_evaluate, name="item_evaluate"),
    path("expertise/experts/", expertise.expert_list, name="expert_list"),
    path("expertise/experts/<int:pk>/remove/", expertise.expert_remove, name="expert_remove"),
    path("expertise/items/<int:pk>/assign/", expertise.item_assign, name="item_assign"),
]
