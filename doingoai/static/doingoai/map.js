// Draws the points of a record map (core/record_map.html) with Leaflet, served by the app.
// Tiles only from the configured server; without one, a plain background with a grid.
// A point may carry (from the record type's map_point hook) a colour, a legend category, a
// kind (CSS class map-point-<kind>), a radius, a legend rank, a detail line and a short
// permanent label ("" for none: long titles then show on hover only); an optional GeoJSON outline
// (#map-outline, the province) is drawn under the points.
(function () {
  "use strict";
  var box = document.getElementById("record-map");
  if (!box || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById("map-points").textContent);
  var tiles = JSON.parse(document.getElementById("map-tiles").textContent);
  var outlineData = document.getElementById("map-outline");
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
  var outline = null;
  if (outlineData) {
    outline = L.geoJSON(JSON.parse(outlineData.textContent), {
      interactive: false,
      className: "map-outline",
      style: { color: "#495057", weight: 2, dashArray: "6 4", fillColor: "#e9ecef", fillOpacity: 0.35 }
    }).addTo(map);
  }
  var bounds = [];
  var legend = [];
  points.forEach(function (p) {
    var color = p.color || "#0d6efd";
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: p.radius || 6,
      color: color,
      fillColor: color,
      fillOpacity: 0.8,
      className: p.kind ? "map-point map-point-" + p.kind : "map-point"
    });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    popup.appendChild(link);
    if (p.detail) {
      var detail = document.createElement("div");
      detail.className = "small text-muted";
      detail.textContent = p.detail;
      popup.appendChild(detail);
    }
    marker.bindPopup(popup);
    // the permanent label (few points): the point's short label if it has one ("" for none)
    var label = typeof p.label === "string" ? p.label : p.title;
    marker.bindTooltip(label || p.title, { permanent: !!label && points.length <= 30, direction: "right" });
    marker.addTo(map);
    bounds.push([p.lat, p.lon]);
    if (p.category && !legend.some(function (l) { return l.category === p.category && l.color === color; })) {
      legend.push({ category: p.category, color: color, rank: p.rank || 0 });
    }
  });
  if (legend.length) {
    legend.sort(function (a, b) { return a.rank - b.rank; });
    var key = L.control({ position: "bottomright" });
    key.onAdd = function () {
      var div = L.DomUtil.create("div", "record-map-legend");
      div.id = "map-legend";
      legend.forEach(function (l) {
        var row = L.DomUtil.create("div", "", div);
        var dot = L.DomUtil.create("span", "record-map-dot", row);
        dot.style.background = l.color;
        row.appendChild(document.createTextNode(l.category));
      });
      return div;
    };
    key.addTo(map);
  }
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
  } else if (outline) {
    map.fitBounds(outline.getBounds(), { padding: [20, 20] });
  } else {
    map.setView([19.0, 105.0], 7);
  }
  if (!bounds.length) {
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
