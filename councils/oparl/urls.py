"""OParl 1.1 URLs under /oparl/v1.1/ (outside the language prefix: ids never change)."""

from django.urls import path

from . import views

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/organization/", views.body_organizations, name="body_organizations"),
    path("body/<int:pk>/person/", views.body_persons, name="body_persons"),
    path("body/<int:pk>/meeting/", views.body_meetings, name="body_meetings"),
    path("body/<int:pk>/paper/", views.body_papers, name="body_papers"),
    path("body/<int:pk>/agendaItem/", views.body_agendaitems, name="body_agendaitems"),
    path("body/<int:pk>/consultation/", views.body_consultations, name="body_consultations"),
    path("body/<int:pk>/file/", views.body_files, name="body_files"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path(
        "organization/<int:pk>/meeting/",
        views.organization_meetings,
        name="organization_meetings",
    ),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("agendaItem/<int:meeting>-<int:number>/", views.agenda_item, name="agendaitem"),
    path("consultation/<int:meeting>-<int:number>/", views.consultation, name="consultation"),
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("file/kilde-<int:pk>/", views.source_file, name="file_source"),
    path(
        "file/bilag-<int:meeting>-<int:number>-<int:order>/",  # order: the bilag's number
        views.bilag_file,
        name="file_bilag",
    ),
    path("location/<int:pk>/", views.location, name="location"),
]
