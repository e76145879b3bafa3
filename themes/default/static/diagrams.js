// Draws ```mermaid blocks (src/markdown/code.rs) with the vendored mermaid, which a
// page loads only when it has a diagram. The drawing follows the colour scheme: the
// reader's (prefers-color-scheme), or the site's own choice when <html> carries
// data-theme or data-color-scheme ("light"/"dark"); it is drawn again when either
// changes. Without JavaScript, or when a diagram cannot be drawn, its source stays
// readable as a code block.
(function () {
  "use strict";
  var mermaid = window.mermaid;
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".diagram[data-diagram=mermaid]"));
  if (!mermaid || !blocks.length) return;
  var root = document.documentElement;
  // Screens only: paper is white, so a print is drawn light (like style.css).
  var darkQuery = window.matchMedia("screen and (prefers-color-scheme: dark)");
  var drawn = 0;
  var pending = Promise.resolve();

  function scheme() {
    var chosen = root.getAttribute("data-theme") || root.getAttribute("data-color-scheme");
    if (window.matchMedia("print").matches) return "light";
    if (chosen === "dark" || chosen === "light") return chosen;
    return darkQuery.matches ? "dark" : "light";
  }

  async function drawAll() {
    var current = scheme();
    // mermaid's dark edge labels (#ccc on #585858) miss 4.5:1 contrast; a darker
    // label background reaches it.
    var dark = current === "dark";
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: dark ? "dark" : "default",
      themeVariables: dark ? { edgeLabelBackground: "#333638" } : {}
    });
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.getAttribute("data-scheme") === current) continue;
      var source = block.querySelector(".diagram-source code").textContent;
      var id = "ownbook-diagram-" + (++drawn);
      try {
        var result = await mermaid.render(id, source);
        var box = block.querySelector(".diagram-svg");
        if (!box) {
          box = document.createElement("div");
          box.className = "diagram-svg";
          block.appendChild(box);
        }
        box.innerHTML = result.svg;
        block.classList.add("rendered");
        block.setAttribute("data-scheme", current);
      } catch (e) {
        // mermaid leaves its error drawing in the body; the source block says enough.
        var stray = document.getElementById("d" + id);
        if (stray) stray.remove();
        block.classList.remove("rendered");
        console.warn("diagram not drawn:", e && e.message ? e.message : e);
      }
    }
  }

  function redraw() { pending = pending.then(drawAll); }
  redraw();
  if (darkQuery.addEventListener) darkQuery.addEventListener("change", redraw);
  new MutationObserver(redraw).observe(root, { attributes: true, attributeFilter: ["data-theme", "data-color-scheme"] });
})();
