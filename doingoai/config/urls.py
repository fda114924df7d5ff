"""Root URLconf."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from doingoai.core.api import api_urlpatterns


def _public(patterns: list) -> list:
    """API views authenticate themselves (session or token): exempt them from the login
    redirect of LoginRequiredMiddleware, which knows nothing of tokens."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
    return patterns


api_v1 = [
    # the schema answers to a session or a token, never to an anonymous caller
    # (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the Swagger UI is a page behind the login
    *_public(
        [*api_urlpatterns(), path("schema/", SpectacularAPIView.as_view(), name="api-schema")]
    ),
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include(api_v1)),
    path("", include("doingoai.reports.urls")),
    path("", include("doingoai.delegations.urls")),
    path("", include("doingoai.core.urls")),
]
