from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wegwijzer.core import health
from wegwijzer.core import views as core_views

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("wegwijzer.api.urls")),
    path("health/", health.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("wegwijzer.knowledge.urls")),
    path("hulpmiddelen/", include("wegwijzer.catalog.urls")),
    path("er-is-iets-gebeurd/", include("wegwijzer.assistant.urls")),
    path("accounts/", include("wegwijzer.accounts.urls")),
    prefix_default_language=False,
)

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
