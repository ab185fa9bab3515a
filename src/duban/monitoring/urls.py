from django.urls import path

from duban.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("board/", views.board, name="board"),
    path("indicator/<str:code>/", views.indicator, name="indicator"),
]
