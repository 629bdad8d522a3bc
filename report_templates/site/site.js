/* Optional filtering for the web edition. Every page is complete without it: the forms are
   `hidden` in the HTML and only shown here, so a reader without JavaScript never meets a
   control that does nothing. No request is made; nothing is stored. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").toLocaleLowerCase("da").normalize("NFC").trim();
  }
  function say(form, shown, total, noun) {
    var out = form.querySelector(".filter-count");
    if (out) { out.textContent = "Viser " + shown + " af " + total + " " + noun + "."; }
  }
  function rowsFilter(form, rows, tiles, noun) {
    var region = form.querySelector("#filter-region");
    var name = form.querySelector("#filter-name");
    function apply() {
      var r = region ? region.value : "";
      var n = fold(name ? name.value : "");
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!r || row.dataset.region === r) && (!n || fold(row.dataset.name).indexOf(n) !== -1);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      tiles.forEach(function (tile) {
        var ok = (!r || tile.dataset.region === r) && (!n || fold(tile.dataset.name).indexOf(n) !== -1);
        tile.classList.toggle("dim", !ok);
      });
      say(form, shown, rows.length, noun);
    }
    if (region) { region.addEventListener("change", apply); }
    if (name) { name.addEventListener("input", apply); }
    apply();
  }
  function layersFilter(form) {
    var input = form.querySelector("#filter-layer");
    var items = Array.prototype.slice.call(document.querySelectorAll("ul.layers li"));
    function apply() {
      var q = fold(input.value);
      var shown = 0;
      items.forEach(function (li) {
        var ok = !q || li.dataset.text.indexOf(q) !== -1;
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      document.querySelectorAll(".layer-group").forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      say(form, shown, items.length, "kort");
    }
    input.addEventListener("input", apply);
    apply();
  }
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var kind = form.dataset.filter;
    if (kind === "layers") { layersFilter(form); return; }
    var rows = Array.prototype.slice.call(document.querySelectorAll("tbody tr[data-name]"));
    var tiles = Array.prototype.slice.call(document.querySelectorAll("svg.tilemap .tile"));
    rowsFilter(form, rows, tiles, "kommuner");
  });
}());
