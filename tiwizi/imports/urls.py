from django.urls import path

from tiwizi.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.home, name="home"),
    path("imports/history/", views.job_list, name="job_list"),
    path("imports/jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("imports/jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("imports/jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("imports/jobs/<int:pk>/undo/", views.job_undo, name="job_undo"),
    path("imports/<slug:kind>/", views.upload, name="upload"),
    path("imports/<slug:kind>/template.xlsx", views.template, name="template"),
]
