// Draws the points of a record map (core/record_map.html) with Leaflet, served by the app.
// Tiles only from the configured server; without one, a plain background with a grid.
(function () {
  "use strict";
  var box = document.getElementById("record-map");
  if (!box || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById("map-points").textContent);
  var tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  var map = L.map(box, { zoomSnap: 0.25, attributionControl: !!tiles.url });
  if (tiles.url) {
    L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 18 }).addTo(map);
  } else {
    box.classList.add("record-map-plain");
    for (var lat = -80; lat <= 80; lat += 1) {
      L.polyline([[lat, -180], [lat, 180]], { color: "#adb5bd", weight: 0.6, interactive: false })
        .bindTooltip(lat + "°", { permanent: false }).addTo(map);
    }
    for (var lon = -180; lon <= 180; lon += 1) {
      L.polyline([[-80, lon], [80, lon]], { color: "#adb5bd", weight: 0.6, interactive: false }).addTo(map);
    }
  }
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], { radius: 6, color: "#0d6efd", fillOpacity: 0.8 });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    marker.bindPopup(link);
    marker.bindTooltip(p.title, { permanent: points.length <= 30, direction: "right" });
    marker.addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
  } else {
    map.setView([19.0, 105.0], 7);
    box.setAttribute("title", box.dataset.empty);
    var note = L.control({ position: "topright" });
    note.onAdd = function () {
      var div = L.DomUtil.create("div", "record-map-empty");
      div.textContent = box.dataset.empty;
      return div;
    };
    note.addTo(map);
  }
}());
