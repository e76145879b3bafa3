// Content tabs (src/markdown/tabs.rs), loaded only on pages that have them. Without
// this script every panel shows under its heading; with it, each group gets its tab
// list (ARIA tabs: one panel at a time, roving tabindex, Left/Right/Home/End), tabs
// with the same label switch together on the page, and a link to a heading inside a
// tab opens that tab.
(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll(".tabs"));

  function tabsOf(group) {
    var list = group.querySelector(":scope > .tab-list");
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=tab]")) : [];
  }

  function select(group, tab, focus) {
    tabsOf(group).forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
    if (focus) tab.focus();
  }

  // Every other group shows its tab of the same label, if it has one.
  function follow(label, from) {
    groups.forEach(function (group) {
      if (group === from) return;
      tabsOf(group).forEach(function (t) {
        if (t.textContent === label) select(group, t, false);
      });
    });
  }

  function choose(group, tab, focus) {
    select(group, tab, focus);
    follow(tab.textContent, group);
  }

  groups.forEach(function (group) {
    var tabs = tabsOf(group);
    if (!tabs.length) return;
    tabs.forEach(function (tab, i) {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
      }
      tab.addEventListener("click", function () { choose(group, tab, false); });
      tab.addEventListener("keydown", function (e) {
        var next = { ArrowRight: tabs[(i + 1) % tabs.length], ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length], Home: tabs[0], End: tabs[tabs.length - 1] }[e.key];
        if (!next) return;
        e.preventDefault();
        choose(group, next, true);
      });
    });
    tabs[0].parentNode.hidden = false;
    group.classList.add("tabs-on");
    select(group, tabs[0], false);
  });

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var panel = target && target.closest(".tab-panel");
    if (!panel || !panel.hidden) return;
    var tab = document.querySelector("[role=tab][aria-controls=\"" + panel.id + "\"]");
    var group = panel.closest(".tabs");
    if (!tab || !group) return;
    choose(group, tab, false);
    (target === panel.firstElementChild ? panel : target).scrollIntoView();
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
