from django.urls import path

from duban.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("bulletins/", views.document_list, name="list"),
    path("bulletins/generate/", views.generate, name="generate"),
    path("bulletins/<int:pk>/", views.document_detail, name="detail"),
    path("bulletins/<int:pk>/file/<str:fmt>/", views.document_file, name="file"),
    path("bulletins/review/<str:quarter>/", views.review, name="review"),
    path("bulletins/notices/", views.notice_register, name="notices"),
    path("bulletins/notices/<int:pk>/docx/", views.notice_document, name="notice_docx"),
]
