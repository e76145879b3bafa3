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
  var engine = null, starting = null, engines = {};
  // The words shown: the index's strings.js (in the site's language) over the
  // English ones search-text.js holds; "{n}"-style names are filled in by say().
  var S = {};
  window.ownbookSearchStrings = function (strings) {
    Object.keys(strings || {}).forEach(function (k) { if (typeof strings[k] === "string") S[k] = strings[k]; });
  };
  function say(key, vars) {
    var english = window.ownbookSearchText ? window.ownbookSearchText.english : {};
    return String(key in S ? S[key] : english[key] || "").replace(/\{(\w+)\}/g, function (all, name) {
      return vars && vars[name] !== undefined ? String(vars[name]) : all;
    });
  }
  var KIND_KEYS = { guide: "search_kind_page", service: "search_kind_service", team: "search_kind_team" };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  // Loads search-text.js and strings.js (always first), then the engine of this
  // page's index with its manifest; each once.
  function start(needEngine) {
    if (!starting) {
      // A missing strings file (an index built before it existed) leaves English.
      starting = Promise.all([loadScript(sources[0]), loadScript(base + "strings.js").catch(function () {})]);
      starting.catch(function () { starting = null; });
    }
    if (!needEngine) return starting;
    return engineOf(base).then(function (e) { engine = e; return e; });
  }

  // The engine of an index folder (another one: the search page's "all languages").
  function engineOf(index) {
    if (!engines[index]) {
      engines[index] = start(false).then(function () {
        return window.ownbookSearchEngine ? null : loadScript(sources[1]);
      }).then(function () {
        var e = new window.ownbookSearchEngine.Engine(index);
        return e.open().then(function () { return e; });
      });
      // A failed load (say, a missing file) may be retried on the next keystroke.
      engines[index].catch(function () { delete engines[index]; });
    }
    return engines[index];
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
    // The search page's languages: {code, name, index, current}; "all" searches each.
    this.languages = Array.prototype.map.call(root.querySelectorAll(".search-languages [data-code]"), function (li) {
      return { code: li.getAttribute("data-code"), name: li.textContent, index: li.getAttribute("data-index"), current: li.hasAttribute("data-current") };
    });
    this.all = root.querySelector("[data-search-all]");
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
    if (this.all) this.all.addEventListener("change", function () { self.limit = self.page; self.run(); });
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
    start(true).then(function (eng) { self.localize(); self.buildFilters(eng.manifest); }, function () {});
  };

  // The words set before the strings had loaded.
  Box.prototype.localize = function () {
    this.list.setAttribute("aria-label", say("search_results_label"));
    this.more.textContent = say("search_show_more");
  };

  Box.prototype.buildFilters = function (m) {
    if (this.filterRow.childNodes.length || m.kinds.guide[0] === 0) return;
    var self = this;
    var add = function (name, label, values, labels) {
      if (!values.length) return;
      var sel = el("select", "search-filter");
      sel.setAttribute("aria-label", label);
      sel.name = name;
      sel.appendChild(el("option", null, say("search_filter_any", { label: label }))).value = "";
      values.forEach(function (v, i) { var o = el("option", null, labels ? labels[i] : v); o.value = String(v); sel.appendChild(o); });
      if (self.filters[name]) sel.value = self.filters[name];
      sel.addEventListener("change", function () { self.filters[name] = sel.value; self.limit = self.page; self.run(); });
      self.filterRow.appendChild(sel);
    };
    add("kind", say("search_filter_type"), ["guide", "service", "team"],
      [say("search_filter_pages"), say("search_filter_services"), say("search_filter_teams")]);
    add("owner", say("search_filter_owner"), m.owners);
    add("tier", say("search_filter_tier"), m.tiers, m.tiers.map(function (t) { return say("search_filter_tier_value", { n: t }); }));
    add("lifecycle", say("search_filter_lifecycle"), m.lifecycles);
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
    if (!engine) {
      (starting || start(false)).then(function () {
        if (!engine && seq === self.seq) self.status.textContent = say("search_loading");
      }, function () {});
    }
    var all = this.all && this.all.checked;
    return start(true).then(function (eng) {
      self.localize();
      self.buildFilters(eng.manifest);
      var current = self.languages.filter(function (l) { return l.current; })[0] || null;
      var targets = [{ engine: Promise.resolve(eng), base: base, lang: all ? current : null, filters: self.filters }];
      // Services and teams are one data set, found in the current language's index;
      // the other languages add their guide pages only.
      var guideOnly = Object.assign({}, self.filters, { kind: "guide" });
      if (all && (!self.filters.kind || self.filters.kind === "guide")) {
        self.languages.forEach(function (l) {
          if (!l.current) targets.push({ engine: engineOf(l.index), base: l.index, lang: l, filters: guideOnly });
        });
      }
      return Promise.all(targets.map(function (t) {
        return t.engine.then(function (e) {
          return e.search(query, t.filters, self.limit).then(function (res) {
            return e.docs(res.ids).then(function (docs) { return { engine: e, base: t.base, lang: t.lang, res: res, docs: docs }; });
          });
        });
      })).then(function (groups) {
        if (seq === self.seq) self.show(query, groups);
      });
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.list.replaceChildren();
      self.status.textContent = say("search_unavailable", { error: err && err.message ? err.message : "the index could not be loaded" });
    });
  };

  // Shows the results of each searched index (`groups`: the current language's
  // first), each marked with its language when several languages were searched.
  Box.prototype.show = function (query, groups) {
    var self = this;
    this.list.replaceChildren();
    this.active = -1;
    var total = 0, partial = false, more = false, count = 0;
    groups.forEach(function (g) { total += g.res.total; partial = partial || g.res.partial; more = more || g.res.more; count += g.docs.length; });
    var missing = groups[0].res.missing.filter(function (w) { return groups.every(function (g) { return g.res.missing.indexOf(w) >= 0; }); });
    var note = missing.length ? say("search_no_match_for", { words: missing.join(", ") }) : "";
    this.status.textContent = count
      ? (partial ? say("search_more_than", { n: total }) : total === 1 ? say("search_one_result") : say("search_results", { n: total })) + note
      : say("search_no_results", { query: query.slice(0, 80) }) + note;
    var i = 0;
    groups.forEach(function (g) {
      g.docs.forEach(function (d) { self.result(g, d, i++); });
    });
    this.items = [].concat.apply([], groups.map(function (g) { return g.docs; }));
    this.more.hidden = !more;
  };

  Box.prototype.result = function (g, d, i) {
    var self = this;
    // Words to mark: those of the query found in this result.
    var keys = g.engine.keysOf(d.id, g.res);
    var li = el("li", "search-result");
    li.id = self.list.id + "-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    if (g.lang) li.lang = g.lang.code;
    var a = el("a");
    // Index URLs are relative paths; anything with a scheme is not followed.
    a.href = /^[a-z][a-z0-9+.-]*:/i.test(d.url) ? "#" : withHighlight(g.base.replace(/search\/$/, "") + d.url, keys);
    a.tabIndex = -1;
    var head = el("span", "search-result-head");
    if (g.lang) {
      var mark = el("span", "search-badge search-lang", g.lang.name);
      mark.setAttribute("data-lang", g.lang.code);
      head.appendChild(mark);
    }
    head.appendChild(el("span", "search-badge search-badge-" + d.kind, say(KIND_KEYS[d.kind] || "search_kind_page")));
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
    var meta = [d.kind === "guide" ? d.trail : null, d.owner && say("search_owner", { name: d.owner }), d.tier !== null && d.tier !== undefined ? say("search_tier", { n: d.tier }) : null, d.lifecycle].filter(Boolean);
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
    if (this.all && this.all.checked) params.set("all", "1");
    Object.keys(this.filters).forEach(function (k) { if (this.filters[k]) params.set(k, this.filters[k]); }, this);
    var qs = params.toString();
    try { window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "")); } catch (err) { /* file:// may refuse */ }
  };

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
      if (b.all && params.get("all") === "1") b.all.checked = true;
      ["kind", "owner", "tier", "lifecycle"].forEach(function (k) { if (params.get(k)) b.filters[k] = params.get(k); });
      if (q) { b.input.value = q.slice(0, 256); b.run(); }
    });
    var h = params.get("h");
    if (h) {
      var keys = h.split(/[+ ]/).filter(Boolean).slice(0, 20);
      start(false).then(function () { window.ownbookSearchText.highlightLanding(keys); }, function () {});
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
