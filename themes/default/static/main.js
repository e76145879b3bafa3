// Small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var narrow = window.matchMedia("(max-width: 50rem)");
  // On a narrow screen the menu and the search are buttons in a one-line header.
  var toggle = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  var searchToggle = document.querySelector(".search-toggle");
  var search = document.getElementById("site-search");
  var sync = function () {
    if (toggle) toggle.hidden = !narrow.matches;
    if (searchToggle) searchToggle.hidden = !narrow.matches;
  };
  sync();
  if (narrow.addEventListener) narrow.addEventListener("change", sync);
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // The phone's search field opens below the header (it also shows while it has the
  // focus, so `/` still reaches it) and closes on a click or a Tab elsewhere.
  if (searchToggle && search) {
    var field = search.querySelector("input");
    var showSearch = function (open) {
      search.classList.toggle("open", open);
      searchToggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    searchToggle.addEventListener("click", function () {
      var open = !search.classList.contains("open");
      showSearch(open);
      if (open && field) field.focus();
    });
    search.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !search.contains(e.relatedTarget) && e.relatedTarget !== searchToggle) showSearch(false);
    });
    document.addEventListener("click", function (e) {
      if (!search.contains(e.target) && !searchToggle.contains(e.target)) showSearch(false);
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
  // Code wider than its box: a shadow on each edge that hides more, and a keyboard
  // stop with a name, only on the blocks that scroll (they change with the window,
  // and a block in a hidden tab has no width until its tab opens).
  var cue = function (pre) {
    var more = pre.scrollWidth - pre.clientWidth, scrolls = more > 1;
    pre.classList.toggle("scrolls", scrolls);
    pre.classList.toggle("more-left", scrolls && pre.scrollLeft > 1);
    pre.classList.toggle("more-right", scrolls && pre.scrollLeft < more - 1);
    if (scrolls && !pre.hasAttribute("aria-label")) {
      var lang = (pre.getAttribute("data-lang") || "").toUpperCase();
      pre.tabIndex = 0;
      pre.setAttribute("role", "group");
      pre.setAttribute("aria-label", (lang ? lang + " code" : "Code") + ", scrolls sideways");
    } else if (!scrolls && pre.hasAttribute("tabindex")) {
      ["tabindex", "role", "aria-label"].forEach(function (a) { pre.removeAttribute(a); });
    }
  };
  var blocks = [].slice.call(document.querySelectorAll("pre.code"));
  blocks.forEach(function (pre) {
    cue(pre);
    pre.addEventListener("scroll", function () { cue(pre); }, { passive: true });
  });
  if (blocks.length && window.ResizeObserver) {
    var sized = new ResizeObserver(function (entries) { entries.forEach(function (e) { cue(e.target); }); });
    blocks.forEach(function (pre) { sized.observe(pre); });
  }
})();
