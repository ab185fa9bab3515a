from django.urls import path

from duban.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/retry/", views.retry_failed, name="retry"),
]
