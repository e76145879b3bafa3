/* ownbook serve: live reload. Added to pages by the development server only. */
(function () {
  "use strict";
  var build = "__OWNBOOK_BUILD__";
  var delay = 250;

  function showOverlay(html) {
    var old = document.getElementById("ownbook-overlay");
    if (old) old.remove();
    // The overlay HTML comes from the server, which escapes the diagnostics in it.
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }

  function swapStylesheets(pairs) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    pairs.forEach(function (pair) {
      links.forEach(function (link) {
        if (new URL(link.href, location.href).pathname !== "/" + pair[0]) return;
        var next = link.cloneNode();
        // The same name means the file changed in place: defeat the cache.
        next.href = "/" + pair[1] + (pair[0] === pair[1] ? "?v=" + Date.now() : "");
        next.onload = function () { link.remove(); };
        link.after(next);
      });
    });
  }

  function onState(event) {
    var state = JSON.parse(event.data);
    if (state.build !== build) {
      if (state.css && state.prev === build) {
        swapStylesheets(state.css);
        build = state.build;
      } else {
        location.reload();
        return;
      }
    }
    showOverlay(state.error);
  }

  function connect() {
    // A path on the page's own origin, so any host name, port or IPv6 address works.
    var source = new EventSource("/__ownbook/events");
    source.addEventListener("state", onState);
    source.onopen = function () { delay = 250; };
    source.onerror = function () {
      // The server is gone (restarting?): retry with back-off; the first state
      // message after it is back reloads the page if the site changed meanwhile.
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  connect();
})();
