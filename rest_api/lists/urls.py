"""REST routes of user lists."""

from django.urls import path

from rest_api.lists import views

urlpatterns = [
    path("user/lists/", views.MyListsView.as_view(), name="my-lists"),
    path("users/<str:username>/lists/", views.UserListsView.as_view(), name="user-lists"),
    path("lists/shared/<str:token>/", views.SharedListView.as_view(), name="shared-list"),
    path(
        "lists/shared/<str:token>/entries/", views.SharedListEntriesView.as_view(), name="shared-list-entries"
    ),
    path("lists/<uuid:list_id>/", views.ListDetailView.as_view(), name="list-detail"),
    path("lists/<uuid:list_id>/share-token/", views.ShareLinkView.as_view(), name="list-share-token"),
    path("lists/<uuid:list_id>/leave/", views.LeaveListView.as_view(), name="list-leave"),
    path("lists/<uuid:list_id>/entries/", views.ListEntriesView.as_view(), name="list-entries"),
    path(
        "lists/<uuid:list_id>/entries/<int:tmdb_id>/", views.ListEntryDetailView.as_view(), name="list-entry"
    ),
    path(
        "lists/<uuid:list_id>/collaborators/<str:username>/",
        views.CollaboratorView.as_view(),
        name="list-collaborator",
    ),
]
