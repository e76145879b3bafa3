// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var toggle = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    var narrow = window.matchMedia("(max-width: 50rem)");
    var sync = function () { toggle.hidden = !narrow.matches; };
    sync();
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The TOC marks the heading being read: the last one above a third of the window.
  // The observer's box reaches far up, so that big jumps count too.
  var toc = document.querySelector(".toc");
  if (toc && window.IntersectionObserver) {
    var links = [].filter.call(toc.querySelectorAll("a[href^='#']"), function (a) {
      return (a.h = document.getElementById(decodeURIComponent(a.hash.slice(1))));
    });
    var seen = new IntersectionObserver(function () {
      var now;
      links.forEach(function (a) {
        a.removeAttribute("aria-current");
        if (a.h.getBoundingClientRect().top < innerHeight / 3) now = a;
      });
      if (now) now.setAttribute("aria-current", "true");
    }, { rootMargin: "99999px 0px -67% 0px" });
    links.forEach(function (a) { seen.observe(a.h); });
  }
})();
