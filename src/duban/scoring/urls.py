from django.urls import path

from duban.scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.board, name="board"),
    path("<str:code>/subject/<int:subject_id>/", views.subject, name="subject"),
    path("<str:code>/export.xlsx", views.export, name="export"),
    path("<str:code>/adjustments/", views.adjustments, name="adjustments"),
]
