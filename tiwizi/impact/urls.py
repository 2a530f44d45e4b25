from django.urls import URLPattern

from tiwizi.impact.reports import urls as reports

app_name = "impact"
urlpatterns: list[URLPattern] = [*reports.urlpatterns]
