from django.urls import path

from duban.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/date/", views.redate, name="redate"),
    path("<int:pk>/candidates/<int:candidate_pk>/<str:action>/", views.act, name="act"),
]
