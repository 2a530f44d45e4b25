from django.urls import URLPattern, path

from tiwizi.impact.reports import views

urlpatterns: list[URLPattern] = [
    path(
        "impact/programs/<int:pk>/report.pdf",
        views.program_report_pdf,
        name="program_report_pdf",
    ),
    path(
        "impact/programs/<int:pk>/report.xlsx",
        views.program_report_xlsx,
        name="program_report_xlsx",
    ),
    path("impact/programs/<int:pk>/iati.xml", views.program_iati, name="program_iati"),
]
