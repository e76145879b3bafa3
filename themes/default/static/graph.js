// The full dependency graph (services/graph/), loaded only there: it starts fitted to
// the width of its box; the buttons, + - 0 on the focused graph, and Ctrl+wheel (a
// touchpad's pinch) zoom it; a mouse drags it and wheels or touch scroll it. Without
// this script the box scrolls and a line says so.
(function () {
  "use strict";
  var MAX = 4, STEP = 1.25;

  function zoomable(figure) {
    var view = figure.querySelector(".graph-view");
    var svg = view && view.querySelector("svg");
    var tools = figure.querySelector(".graph-tools");
    if (!svg || !tools) return;
    var width = svg.width.baseVal.value, height = svg.height.baseVal.value;
    if (!(width > 0 && height > 0)) return;
    var output = tools.querySelector(".graph-scale");
    var scale = 1, fitted = true;

    function fitScale() { return Math.min(1, view.clientWidth / width); }

    // Scales the drawing, keeping the point at (x, y) of the box where it is.
    function zoom(next, x, y) {
      var before = scale;
      scale = Math.max(fitScale(), Math.min(MAX, next));
      var px = (view.scrollLeft + x) / before, py = (view.scrollTop + y) / before;
      svg.style.width = width * scale + "px";
      svg.style.height = height * scale + "px";
      view.scrollLeft = px * scale - x;
      view.scrollTop = py * scale - y;
      figure.setAttribute("data-scale", scale.toFixed(3));
      if (output) output.value = Math.round(scale * 100) + "%";
    }
    function fit() { fitted = true; zoom(fitScale(), 0, 0); }
    function step(factor) {
      fitted = false;
      zoom(scale * factor, view.clientWidth / 2, view.clientHeight / 2);
    }

    tools.hidden = false;
    figure.classList.add("zoomable");
    fit();
    tools.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-zoom]");
      if (!button) return;
      var how = button.getAttribute("data-zoom");
      if (how === "fit") fit();
      else step(how === "in" ? STEP : 1 / STEP);
    });
    view.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "+" || e.key === "=") step(STEP);
      else if (e.key === "-") step(1 / STEP);
      else if (e.key === "0") fit();
      else return;
      e.preventDefault();
    });
    view.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls, as everywhere
      e.preventDefault();
      var box = view.getBoundingClientRect();
      fitted = false;
      zoom(scale * Math.exp(-e.deltaY / 300), e.clientX - box.left, e.clientY - box.top);
    }, { passive: false });

    // Dragging with a mouse pans; a drag that moved is not a click on a service.
    var drag = null, moved = false;
    view.addEventListener("pointerdown", function (e) {
      if (e.pointerType !== "mouse" || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: view.scrollLeft, top: view.scrollTop };
      moved = false;
    });
    window.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      moved = true;
      view.classList.add("dragging");
      view.scrollLeft = drag.left - dx;
      view.scrollTop = drag.top - dy;
    });
    window.addEventListener("pointerup", function () {
      drag = null;
      view.classList.remove("dragging");
    });
    view.addEventListener("click", function (e) {
      if (moved) { e.preventDefault(); moved = false; }
    }, true);
    view.addEventListener("dragstart", function (e) { e.preventDefault(); });
    window.addEventListener("resize", function () { if (fitted) fit(); else zoom(scale, 0, 0); });
  }

  document.querySelectorAll("[data-graph]").forEach(zoomable);
})();
