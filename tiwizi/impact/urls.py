from django.urls import URLPattern, path

from tiwizi.impact import views
from tiwizi.impact.reports import urls as reports

app_name = "impact"
urlpatterns: list[URLPattern] = [
    path("impact/", views.index, name="index"),
    path("impact/public/", views.public, name="public"),
    path("impact/platform/", views.platform_dashboard, name="platform_dashboard"),
    path("impact/programs/<int:pk>/", views.program_dashboard, name="program_dashboard"),
    path("impact/programs/<int:pk>/targets/", views.program_targets, name="program_targets"),
    path("impact/programs/<int:pk>/targets/add/", views.target_add, name="target_add"),
    path(
        "impact/programs/<int:pk>/targets/<int:target_pk>/edit/",
        views.target_edit,
        name="target_edit",
    ),
    path(
        "impact/programs/<int:pk>/targets/<int:target_pk>/delete/",
        views.target_delete,
        name="target_delete",
    ),
    path(
        "impact/programs/<int:pk>/measurements/",
        views.program_measurements,
        name="program_measurements",
    ),
    path(
        "impact/programs/<int:pk>/measurements/add/",
        views.measurement_add,
        name="measurement_add",
    ),
    path(
        "impact/programs/<int:pk>/measurements/<int:measurement_pk>/edit/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "impact/programs/<int:pk>/measurements/<int:measurement_pk>/delete/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path("impact/reports/", views.report_list, name="report_list"),
    path("impact/reports/new/", views.report_create, name="report_create"),
    path("impact/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("impact/reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path(
        "impact/organizations/<int:pk>/",
        views.organization_figures,
        name="organization_figures",
    ),
    *reports.urlpatterns,
]
