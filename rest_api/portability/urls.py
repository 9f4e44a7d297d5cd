from django.urls import path

from rest_api.portability import views

urlpatterns = [
    path("sync/last-activities/", views.LastActivitiesView.as_view(), name="sync-last-activities"),
]
