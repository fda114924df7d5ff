"""URLs of the diaspora module beyond the generic record URLs (from the registry)."""

from django.urls import include, path

from doingoai.diaspora import views

app_patterns = (
    [
        path("duplicates/", views.duplicates, name="duplicates"),
        path("duplicates/<int:pk>/", views.duplicate_detail, name="duplicate"),
        path("persons/<int:pk>/data-request/", views.person_request, name="person-request"),
        path("contacts/", views.contacts, name="contacts"),
        path("statistics/", views.statistics, name="statistics"),
    ],
    "diaspora",
)

urlpatterns = [path("diaspora/", include(app_patterns))]
