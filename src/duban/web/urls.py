from django.urls import path

from duban.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("healthz", views.healthz, name="healthz"),
]
