"""The home page: the user's task inbox and the year's figures."""

from django.shortcuts import render

from doingoai.core.inbox import tasks_for


def home(request):  # noqa: ANN001, ANN201
    return render(request, "reports/home.html", {"tasks": tasks_for(request.user)})
