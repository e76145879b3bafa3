// Loaded by pages with highlighted code: a block wider than its box gets a shadow on
// the side that has more (style.css) and is a named focus stop; one that fits loses
// the tabindex the build gives every block. A resize or an opened tab updates it.
(function () {
  "use strict";
  var cue = function (pre) {
    var more = pre.scrollWidth - pre.clientWidth, on = more > 1, lang = pre.getAttribute("data-lang");
    pre.classList.toggle("scrolls", on);
    pre.classList.toggle("more-left", on && pre.scrollLeft > 1);
    pre.classList.toggle("more-right", on && pre.scrollLeft < more - 1);
    if (on && !pre.hasAttribute("role")) {
      pre.tabIndex = 0;
      pre.setAttribute("role", "group");
      pre.setAttribute("aria-label", (lang ? lang.toUpperCase() + " code" : "Code") + ", scrolls sideways");
    } else if (!on) ["tabindex", "role", "aria-label"].forEach(function (a) { pre.removeAttribute(a); });
  };
  var sized = window.ResizeObserver && new ResizeObserver(function (all) { all.forEach(function (e) { cue(e.target); }); });
  document.querySelectorAll("pre.code").forEach(function (pre) {
    cue(pre);
    pre.addEventListener("scroll", function () { cue(pre); }, { passive: true });
    if (sized) sized.observe(pre);
  });
})();
