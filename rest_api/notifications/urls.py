"""REST routes of notifications and the calendar."""

from django.urls import path

from rest_api.notifications import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path("notifications/unread-count/", views.UnreadCountView.as_view(), name="notification-unread-count"),
    path("notifications/read/", views.MarkReadView.as_view(), name="notification-read"),
    path("user/calendar/", views.CalendarLinkView.as_view(), name="calendar-link"),
    path("user/calendar/rotate/", views.CalendarRotateView.as_view(), name="calendar-rotate"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar-feed"),
]
