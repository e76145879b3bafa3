// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Narrow screens: the menu and the search are buttons in a one-line header. The
  // search field opens below it (and shows while focused, so `/` reaches it).
  var narrow = matchMedia("(max-width: 50rem)"), $ = document.querySelector.bind(document);
  var toggle = $(".menu-toggle"), sidebar = $("#sidebar"), find = $(".search-toggle"), search = $("#site-search");
  var sync = function () { [toggle, find].forEach(function (b) { if (b) b.hidden = !narrow.matches; }); };
  sync();
  if (narrow.addEventListener) narrow.addEventListener("change", sync);
  if (toggle && sidebar) toggle.addEventListener("click", function () {
    toggle.setAttribute("aria-expanded", sidebar.classList.toggle("open"));
  });
  if (find && search) {
    var show = function (open) { search.classList.toggle("open", open); find.setAttribute("aria-expanded", open); };
    find.addEventListener("click", function () {
      show(!search.classList.contains("open"));
      if (search.classList.contains("open")) search.querySelector("input").focus();
    });
    document.addEventListener("click", function (e) { if (!search.contains(e.target) && !find.contains(e.target)) show(false); });
    search.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && !search.contains(to) && to !== find) show(false);
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
