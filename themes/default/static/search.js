// The search box: `/` or Ctrl-K focuses it, results show as you type, arrow keys
// and Enter navigate, Esc closes. The engine and the index load on first use, not
// with every page. Results are built with DOM nodes and textContent only, so titles,
// snippets and queries are always shown as text. Also highlights the searched words
// on the page a result leads to (the `h` parameter of its link).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = script.getAttribute("data-index") || "search/";
  var sources = [script.getAttribute("data-text"), script.getAttribute("data-engine")];
  // Results per screen: fewer in the header's drop-down than on the search page.
  var PAGE = 10, PAGE_INLINE = 20;
  var engine = null, starting = null, engineReady = null;
  // One label per result, in the words of the type filter.
  var KIND_LABELS = { guide: "Page", service: "Service", team: "Team" };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  // Loads search-text.js (always first), then the engine and the manifest; each once.
  function start(needEngine) {
    if (!starting) {
      starting = loadScript(sources[0]);
      starting.catch(function () { starting = null; });
    }
    if (!needEngine) return starting;
    if (!engineReady) {
      engineReady = starting.then(function () {
        return window.ownbookSearchEngine ? null : loadScript(sources[1]);
      }).then(function () {
        engine = new window.ownbookSearchEngine.Engine(base);
        return engine.open().then(function () { return engine; });
      });
      // A failed load (say, a missing file) may be retried on the next keystroke.
      engineReady.catch(function () { engineReady = null; engine = null; });
    }
    return engineReady;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Appends `text` to `parent` with the words of `keys` in <mark>.
  function marked(parent, text, keys) {
    var parts = window.ownbookSearchText.snippet(text, keys, Math.max(text.length, 1));
    parts.forEach(function (p) { parent.appendChild(p[1] ? el("mark", null, p[0]) : document.createTextNode(p[0])); });
  }

  function withHighlight(url, keys) {
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash), frag = hash < 0 ? "" : url.slice(hash);
    var words = Array.from(keys).slice(0, 20).map(encodeURIComponent).join("+");
    return words ? path + "?h=" + words + frag : url;
  }

  function Box(root) {
    this.root = root;
    this.input = root.querySelector("input[type=search]");
    this.inline = root.hasAttribute("data-inline");
    this.panel = root.querySelector(".search-panel");
    this.seq = 0;
    this.active = -1;
    this.page = this.inline ? PAGE_INLINE : PAGE;
    this.limit = this.page;
    this.filters = {};
    this.items = [];
    var self = this;
    var id = "search-results-" + Math.random().toString(36).slice(2, 8);
    this.list = el("ol", "search-results");
    this.list.id = id;
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "Search results");
    this.status = el("p", "search-status");
    this.status.setAttribute("role", "status");
    this.filterRow = el("div", "search-filters");
    this.filterRow.hidden = true;
    this.more = el("button", "search-more", "Show more results");
    this.more.type = "button";
    this.more.hidden = true;
    this.panel.append(this.filterRow, this.status, this.list, this.more);
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-controls", id);
    this.input.setAttribute("aria-expanded", this.inline ? "true" : "false");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.addEventListener("focus", function () { self.warm(); });
    this.input.addEventListener("input", function () { self.limit = self.page; self.schedule(); });
    this.input.addEventListener("keydown", function (e) { self.key(e); });
    this.more.addEventListener("click", function () { self.limit += self.page; self.run(); });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      self.go(self.active >= 0 ? self.active : 0);
    });
    if (!this.inline) {
      document.addEventListener("click", function (e) { if (!root.contains(e.target)) self.close(); });
    }
  }

  Box.prototype.warm = function () {
    var self = this;
    start(true).then(function (eng) { self.buildFilters(eng.manifest); }, function () {});
  };

  Box.prototype.buildFilters = function (m) {
    if (this.filterRow.childNodes.length || m.kinds.guide[0] === 0) return;
    var self = this;
    var add = function (name, label, values, labels) {
      if (!values.length) return;
      var sel = el("select", "search-filter");
      sel.setAttribute("aria-label", label);
      sel.name = name;
      sel.appendChild(el("option", null, label + ": any")).value = "";
      values.forEach(function (v, i) { var o = el("option", null, labels ? labels[i] : v); o.value = String(v); sel.appendChild(o); });
      if (self.filters[name]) sel.value = self.filters[name];
      sel.addEventListener("change", function () { self.filters[name] = sel.value; self.limit = self.page; self.run(); });
      self.filterRow.appendChild(sel);
    };
    add("kind", "Type", ["guide", "service", "team"], ["Pages", "Services", "Teams"]);
    add("owner", "Owner", m.owners);
    add("tier", "Tier", m.tiers, m.tiers.map(function (t) { return "Tier " + t; }));
    add("lifecycle", "Lifecycle", m.lifecycles);
    this.filterRow.hidden = false;
  };

  Box.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(); }, 40);
  };

  Box.prototype.open = function () {
    this.panel.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Box.prototype.close = function () {
    if (this.inline) return;
    this.panel.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.select(-1);
  };

  Box.prototype.run = function () {
    var self = this, seq = ++this.seq, query = this.input.value;
    if (this.inline) this.remember(query);
    if (!query.trim()) {
      this.list.replaceChildren();
      this.items = [];
      this.more.hidden = true;
      this.status.textContent = "";
      if (!this.inline) this.close();
      return Promise.resolve();
    }
    this.open();
    if (!engine) this.status.textContent = "Loading the search index…";
    return start(true).then(function (eng) {
      self.buildFilters(eng.manifest);
      return eng.search(query, self.filters, self.limit).then(function (res) {
        return eng.docs(res.ids).then(function (docs) {
          if (seq === self.seq) self.show(query, res, docs);
        });
      });
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.list.replaceChildren();
      self.status.textContent = "Search is unavailable: " + (err && err.message ? err.message : "the index could not be loaded") + ".";
    });
  };

  Box.prototype.show = function (query, res, docs) {
    var self = this;
    this.list.replaceChildren();
    this.items = docs;
    this.active = -1;
    var note = res.missing.length ? " (no match for " + res.missing.join(", ") + ")" : "";
    this.status.textContent = docs.length
      ? (res.partial ? "More than " + res.total + " results" : res.total === 1 ? "1 result" : res.total + " results") + note
      : "No results for “" + query.slice(0, 80) + "”" + note;
    docs.forEach(function (d, i) {
      // Words to mark: those of the query found in this result.
      var keys = engine.keysOf(d.id, res);
      var li = el("li", "search-result");
      li.id = self.list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = el("a");
      // Index URLs are relative paths; anything with a scheme is not followed.
      a.href = /^[a-z][a-z0-9+.-]*:/i.test(d.url) ? "#" : withHighlight(base.replace(/search\/$/, "") + d.url, keys);
      a.tabIndex = -1;
      var head = el("span", "search-result-head");
      head.appendChild(el("span", "search-badge search-badge-" + d.kind, KIND_LABELS[d.kind] || "Page"));
      var title = el("span", "search-result-title");
      marked(title, d.title || d.url, keys);
      if (d.heading) {
        title.appendChild(el("span", "search-crumb-sep", " » "));
        var h = el("span", "search-result-heading");
        marked(h, d.heading, keys);
        title.appendChild(h);
      }
      head.appendChild(title);
      a.appendChild(head);
      // The label above says what the result is; the trail only says where a page sits.
      var meta = [d.kind === "guide" ? d.trail : null, d.owner && "owner " + d.owner, d.tier !== null && d.tier !== undefined ? "tier " + d.tier : null, d.lifecycle].filter(Boolean);
      if (meta.length) a.appendChild(el("span", "search-result-meta", meta.join(" · ")));
      if (d.text) {
        var snip = el("span", "search-snippet");
        window.ownbookSearchText.snippet(d.text, keys, 180).forEach(function (p) {
          snip.appendChild(p[1] ? el("mark", null, p[0]) : document.createTextNode(p[0]));
        });
        a.appendChild(snip);
      }
      a.addEventListener("mousemove", function () { self.select(i); });
      li.appendChild(a);
      self.list.appendChild(li);
    });
    this.more.hidden = !res.more;
  };

  Box.prototype.select = function (i) {
    var items = this.list.children;
    if (this.active >= 0 && items[this.active]) items[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", items[i].id);
      if (items[i].scrollIntoView) items[i].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Box.prototype.go = function (i) {
    var link = this.list.children[i] && this.list.children[i].querySelector("a");
    if (link) window.location.href = link.href;
  };

  Box.prototype.key = function (e) {
    var n = this.list.children.length;
    if (e.key === "ArrowDown" && n) { e.preventDefault(); this.open(); this.select((this.active + 1) % n); }
    else if (e.key === "ArrowUp" && n) { e.preventDefault(); this.select(this.active <= 0 ? n - 1 : this.active - 1); }
    else if (e.key === "Escape") {
      e.preventDefault();
      if (!this.inline && !this.panel.hidden) this.close();
      else { this.input.value = ""; this.run(); this.input.blur(); }
    }
  };

  // On the search page the address always holds the query, so it can be shared.
  Box.prototype.remember = function (query) {
    if (!this.root.hasAttribute("data-page") || !window.history.replaceState) return;
    var params = new URLSearchParams();
    if (query) params.set("q", query.slice(0, 256));
    Object.keys(this.filters).forEach(function (k) { if (this.filters[k]) params.set(k, this.filters[k]); }, this);
    var qs = params.toString();
    try { window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "")); } catch (err) { /* file:// may refuse */ }
  };

  // Marks the searched words (index keys in `h`) in the page's main content.
  function highlightLanding(keys) {
    var main = document.querySelector("main .content") || document.querySelector("main");
    if (!main) return;
    var set = new Set(keys), walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT), nodes = [], node;
    while ((node = walker.nextNode()) && nodes.length < 5000) {
      if (!node.parentElement.closest("script, style, mark")) nodes.push(node);
    }
    var marks = 0;
    nodes.forEach(function (t) {
      if (marks > 500) return;
      var ranges = window.ownbookSearchText.matches(t.data, set);
      for (var i = ranges.length - 1; i >= 0; i--) {
        var r = ranges[i], hit = t.splitText(r[0]);
        hit.splitText(r[1] - r[0]);
        var m = el("mark", "search-hit");
        hit.parentNode.replaceChild(m, hit);
        m.appendChild(hit);
        marks++;
      }
    });
  }

  function init() {
    var boxes = Array.prototype.map.call(document.querySelectorAll("[data-search]"), function (r) { return new Box(r); });
    var header = boxes.filter(function (b) { return !b.inline; })[0] || boxes[0];
    document.addEventListener("keydown", function (e) {
      var t = e.target, editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!header) return;
      var target = boxes.filter(function (b) { return b.inline; })[0] || header;
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) { e.preventDefault(); target.input.focus(); target.input.select(); }
      else if (e.key === "/" && !editing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); target.input.focus(); }
    });
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (b) {
      if (!b.inline) return;
      b.warm();
      var q = params.get("q");
      if (q === null && b.root.hasAttribute("data-from-path")) {
        // A missing page: search for the words of its address.
        var last = decodeURIComponent(window.location.pathname.replace(/\/(index\.html?)?$/, "").split("/").pop() || "");
        q = last.replace(/\.[a-z]+$/i, "").replace(/[-_.]+/g, " ").trim();
        if (q === "404") q = "";
      }
      ["kind", "owner", "tier", "lifecycle"].forEach(function (k) { if (params.get(k)) b.filters[k] = params.get(k); });
      if (q) { b.input.value = q.slice(0, 256); b.run(); }
    });
    var h = params.get("h");
    if (h) {
      var keys = h.split(/[+ ]/).filter(Boolean).slice(0, 20);
      start(false).then(function () { highlightLanding(keys); }, function () {});
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
