from django.urls import path

from . import views

app_name = "roadmaps"

urlpatterns = [
    path("schools/<int:school_pk>/documents/", views.document_list, name="document_list"),
    path("schools/<int:school_pk>/documents/upload/", views.document_upload, name="document_upload"),
    path("schools/<int:school_pk>/roadmap/", views.roadmap_detail, name="roadmap_detail"),
    path("schools/<int:school_pk>/roadmap/export.xlsx", views.roadmap_export_xlsx, name="roadmap_export_xlsx"),
    path("schools/<int:school_pk>/roadmap/export.pdf", views.roadmap_export_pdf, name="roadmap_export_pdf"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("sections/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/similarity/", views.document_similarity, name="document_similarity"),
    path("documents/<int:pk>/versions/new/", views.version_upload, name="version_upload"),
    path("documents/<int:pk>/submit/", views.document_submit, name="document_submit"),
    path("documents/<int:pk>/confirm/", views.document_confirm, name="document_confirm"),
    path("documents/<int:pk>/return/", views.document_return, name="document_return"),
    path("documents/<int:pk>/reopen/", views.document_reopen, name="document_reopen"),
    path("documents/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("documents/<int:pk>/diff/", views.document_diff, name="document_diff"),
    path("documents/<int:pk>/evaluation/", views.evaluation_edit, name="evaluation_edit"),
    path("versions/<int:pk>/download/", views.version_download, name="version_download"),
    path("review/", views.review_list, name="review_list"),
    path("expertise/", views.sample_list, name="sample_list"),
    path("expertise/draw/", views.sample_draw, name="sample_draw"),
    path("expertise/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("expertise/<int:pk>/regions/<int:region_pk>.xlsx", views.sample_region_export, name="sample_region_export"),
    path("expertise/items/<int:pk>/", views.item_evaluate, name="item_evaluate"),
    path("expertise/items/<int:pk>/assign/", views.item_assign, name="item_assign"),
]
