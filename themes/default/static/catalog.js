// ownbook catalog pages: sort and filter the services table, and work out who is on
// call right now from each rotation. Everything here is an enhancement: without
// JavaScript the table is complete and the build date's on-call answer is shown.
(function () {
  "use strict";

  // --- Who is on call now -------------------------------------------------------
  // A rotation hands off at the same wall-clock time in its own time zone, so we take
  // the current wall-clock time in that zone and count whole turns since the start;
  // overrides are wall-clock times of that zone too.
  function wallClockMinutes(date, timeZone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute) / 60000;
  }

  function startMinutes(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 60000 : NaN;
  }

  document.querySelectorAll(".oncall[data-start]").forEach(function (el) {
    try {
      var members = JSON.parse(el.getAttribute("data-members") || "[]");
      var turn = Number(el.getAttribute("data-turn-days")) * 1440;
      var start = startMinutes(el.getAttribute("data-start"));
      var now = wallClockMinutes(new Date(), el.getAttribute("data-tz"));
      if (!members.length || !(turn > 0) || isNaN(start) || isNaN(now)) return;
      var k = Math.floor((now - start) / turn);
      var who = members[((k % members.length) + members.length) % members.length];
      // An override (someone covering, whoever was scheduled) wins over the turns.
      JSON.parse(el.getAttribute("data-overrides") || "[]").forEach(function (o) {
        if (startMinutes(o[0]) <= now && now < startMinutes(o[1])) who = o[2];
      });
      el.querySelector(".oncall-now").textContent = who;
      var note = el.querySelector(".oncall-note");
      // The page's language gives the words (data-now, from its strings file).
      note.textContent = note.getAttribute("data-now") || note.textContent;
    } catch (e) {
      // An unknown time zone in an old browser: keep the build-time answer.
    }
  });

  // --- Sorting ------------------------------------------------------------------
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll("th[data-sort]").forEach(function (th, _, all) {
      var column = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        all.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-value") || "";
          var y = b.cells[column].getAttribute("data-value") || "";
          var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { sensitivity: "base" });
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // --- Filtering ----------------------------------------------------------------
  var form = document.getElementById("catalog-filters");
  var table = document.getElementById("services-table");
  if (form && table) {
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var apply = function () {
      var q = form.elements.q.value.trim().toLowerCase();
      var owner = form.elements.owner.value;
      var tier = form.elements.tier.value;
      var lifecycle = form.elements.lifecycle.value;
      var tag = form.elements.tag.value;
      var shown = 0;
      rows.forEach(function (r) {
        var tags = (r.getAttribute("data-tags") || "").split(" ");
        var ok = (!owner || r.getAttribute("data-owner") === owner) &&
          (!tier || r.getAttribute("data-tier") === tier) &&
          (!lifecycle || r.getAttribute("data-lifecycle") === lifecycle) &&
          (!tag || tags.indexOf(tag) >= 0) &&
          (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) shown++;
      });
      var count = form.elements.count;
      count.value = (count.getAttribute("data-shown") || "{shown} / {total}")
        .replace("{shown}", shown).replace("{total}", rows.length);
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    // Filters can be linked to: services/index.html?owner=checkout&tier=1
    var params = new URLSearchParams(window.location.search);
    ["q", "owner", "tier", "lifecycle", "tag"].forEach(function (name) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    });
    apply();
  }
})();
