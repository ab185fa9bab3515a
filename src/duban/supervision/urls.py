from django.urls import path

from duban.supervision import views

app_name = "supervision"

urlpatterns = [
    path("tasks/mine/", views.my_tasks, name="mine"),
    path("tasks/board/", views.board, name="board"),
    path("tasks/board/urge/", views.bulk_urge, name="urge"),
    path("tasks/leader/", views.leader_tasks, name="leader"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/report/", views.report_progress, name="report"),
    path("tasks/<int:pk>/comment/", views.comment, name="comment"),
    path("tasks/notices/<int:pk>/<str:action>/", views.notice_action, name="notice_action"),
    path("tasks/reports/<int:pk>/attachment/", views.attachment, name="attachment"),
]
