from django.urls import path
from django.views.generic import RedirectView

from duban.observations import views

app_name = "observations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="observations:entry_index"), name="index"),
    path("entry/", views.entry_index, name="entry_index"),
    path("entry/<int:department>/<str:period>/", views.entry, name="entry"),
    path("check-cell/", views.check_cell, name="check_cell"),
    path("review/", views.review_index, name="review_index"),
    path("review/<str:period>/", views.review, name="review"),
    path("observation/<int:pk>/history/", views.history, name="history"),
    path("observation/<int:pk>/revert/<int:revision>/", views.revert_revision, name="revert"),
    path("export.xlsx", views.export, name="export"),
]
