from django.urls import path

from duban.supervision import views

app_name = "supervision"

urlpatterns = [
    path("tasks/", views.task_list, name="list"),
    path("tasks/add/", views.task_add, name="add"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="edit"),
    path("tasks/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("tasks/milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("tasks/mine/", views.my_tasks, name="mine"),
    path("tasks/board/", views.board, name="board"),
    path("tasks/board/escalate/", views.escalate, name="escalate"),
    path("tasks/leader/", views.leader_tasks, name="leader"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/report/", views.report_progress, name="report"),
    path("tasks/<int:pk>/comment/", views.comment, name="comment"),
    path("tasks/notices/<int:pk>/<str:action>/", views.notice_action, name="notice_action"),
    path("tasks/reports/<int:pk>/attachment/", views.attachment, name="attachment"),
]
