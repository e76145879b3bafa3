// Loaded by pages with highlighted code: a block wider than its box gets a shadow on
// the side that has more (style.css) and is a named focus stop; one that fits loses
// the tabindex the build gives every block. A resize or an opened tab updates it.
(function () {
  "use strict";
  // The words of the label come from the page's language (data-label on this script).
  var me = document.currentScript, said = function (name, fallback) {
    return (me && me.getAttribute(name)) || fallback;
  };
  var cue = function (pre) {
    var more = pre.scrollWidth - pre.clientWidth, on = more > 1, lang = pre.getAttribute("data-lang");
    pre.classList.toggle("scrolls", on);
    pre.classList.toggle("more-left", on && pre.scrollLeft > 1);
    pre.classList.toggle("more-right", on && pre.scrollLeft < more - 1);
    if (on && !pre.hasAttribute("role")) {
      pre.tabIndex = 0;
      pre.setAttribute("role", "group");
      pre.setAttribute("aria-label", lang
        ? said("data-label", "{lang}").replace("{lang}", lang.toUpperCase())
        : said("data-label-plain", ""));
    } else if (!on) ["tabindex", "role", "aria-label"].forEach(function (a) { pre.removeAttribute(a); });
  };
  var sized = window.ResizeObserver && new ResizeObserver(function (all) { all.forEach(function (e) { cue(e.target); }); });
  document.querySelectorAll("pre.code").forEach(function (pre) {
    cue(pre);
    pre.addEventListener("scroll", function () { cue(pre); }, { passive: true });
    if (sized) sized.observe(pre);
  });
})();
