from django.urls import path

from duban.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.board, name="board"),
    path("<str:code>/", views.project, name="project"),
    path("<str:code>/entry/<str:period>/", views.entry, name="entry"),
    path("<str:code>/months/<str:period>/<str:action>/", views.month_action, name="month_action"),
]
