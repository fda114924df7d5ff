"""The map of a type's located records."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from doingoai.core.filters import filterset_for
from doingoai.core.views.records.base import RecordView


class MapView(RecordView):
    """The list's records (same filters) on a map: Leaflet served by the application, tiles
    only from the configured server, otherwise the points on a plain background."""

    def get(self, request):  # noqa: ANN001, ANN201
        from doingoai.core import places

        rt = self.record_type
        if not rt.map_fields:
            raise Http404
        filterset = filterset_for(rt)(
            request.GET or None, queryset=self.queryset(), request=request
        )
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset()
        points = places.map_points(rt, qs)
        return render(
            request,
            "core/record_map.html",
            self.context(
                points=points,
                filterset=filterset,
                query=request.GET.urlencode(),
                tiles={
                    "url": settings.MAP_TILES_URL,
                    "attribution": settings.MAP_TILES_ATTRIBUTION,
                },
                outline=places.map_outline(),
            ),
        )
