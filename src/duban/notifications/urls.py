from django.urls import path

from duban.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/retry/", views.retry_failed, name="retry"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_open, name="inbox_open"),
    path("inbox/read/", views.inbox_read_all, name="inbox_read_all"),
]
