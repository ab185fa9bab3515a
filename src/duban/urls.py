from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from duban.api import api

admin.site.site_header = _("督办 duban 管理")
admin.site.site_title = _("督办 duban")
admin.site.index_title = _("目录与系统管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cockpit/", include("duban.monitoring.urls")),
    path("", include("duban.supervision.urls")),
    path("", include("duban.notifications.urls")),
    path("data/", include("duban.observations.urls")),
    path("", include("duban.bulletins.urls")),
    path("meetings/", include("duban.meetings.urls")),
    path("scoring/", include("duban.scoring.urls")),
    path("projects/", include("duban.projects.urls")),
    path("", include("duban.web.urls")),
]
