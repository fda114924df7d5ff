"""Root URLconf."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from doingoai.core.api import api_urlpatterns
from doingoai.core.views import account


def _public(patterns: list) -> list:
    """API views authenticate themselves (session or token): exempt them from the login
    redirect of LoginRequiredMiddleware, which knows nothing of tokens."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _public(pattern.url_patterns)
    return patterns


def favicon(request):  # noqa: ANN001, ANN201
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("doingoai/favicon.svg"), permanent=True)


api_v1 = [
    # the schema answers to a session or a token, never to an anonymous caller
    # (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the Swagger UI is a page behind the login
    *_public(
        [*api_urlpatterns(), path("schema/", SpectacularAPIView.as_view(), name="api-schema")]
    ),
    *_public([path("", include("doingoai.partners.api_urls"))]),
    *_public([path("", include("doingoai.conferences.api_urls"))]),
    *_public([path("", include("doingoai.outreach.api_urls"))]),
    *_public([path("", include("doingoai.aid.api_urls"))]),
    *_public([path("", include("doingoai.consular.api_urls"))]),
    *_public([path("", include("doingoai.diaspora.api_urls"))]),
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
    path("accounts/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/two-factor/", account.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", account.two_factor_setup, name="two-factor-setup"),
    path("accounts/security/", account.account_security, name="account-security"),
    path(
        "accounts/security/recovery-codes/",
        account.account_recovery_codes,
        name="account-recovery-codes",
    ),
    path(
        "accounts/security/two-factor-off/",
        account.account_two_factor_off,
        name="account-two-factor-off",
    ),
    path(
        "accounts/security/tokens/<str:key_prefix>/revoke/",
        account.account_token_revoke,
        name="account-token-revoke",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("favicon.ico", login_not_required(favicon), name="favicon"),
    path("api/v1/", include(api_v1)),
    path("", include("doingoai.reports.urls")),
    path("", include("doingoai.delegations.urls")),
    path("", include("doingoai.partners.urls")),
    path("", include("doingoai.border.urls")),
    path("", include("doingoai.conferences.urls")),
    path("", include("doingoai.outreach.urls")),
    path("", include("doingoai.aid.urls")),
    path("", include("doingoai.consular.urls")),
    path("", include("doingoai.diaspora.urls")),
    path("", include("doingoai.core.urls")),
]
