// The query engine of ownbook search. Index files are scripts that call
// ownbookSearchData(kind, id, data) when loaded (fetch does not work from file://),
// and only the files a query needs are loaded: the manifest once, one term shard
// per word, and the document chunks of the results on screen. Scores were computed
// at build time (BM25F); here they are only added up. Nothing in this file reads
// or writes the page.
(function () {
  "use strict";
  if (window.ownbookSearchEngine) return;
  var T = window.ownbookSearchText;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var a = 0; a < 64; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  var MAX_QUERY = 256;
  var MAX_WORDS = 10;
  var COMPLETIONS = 8;
  // The last word is completed as a prefix only from this many characters on (one
  // or two letters match too much), and never when typed in capitals (an acronym
  // such as SLO is a whole word).
  var MIN_PREFIX = 3;
  // Words that make a query a question; dropped from the words to match (unless
  // nothing else is left) but a sign the reader asks about a service or team.
  var QUESTION = new Set(["who", "whom", "whose", "what", "which", "where", "when", "why", "how",
    "do", "does", "did", "can", "should", "i", "we", "me", "my", "our", "you", "your"]);
  // Words that ask what a catalog entry answers: owner, on-call, escalation, contact.
  var CATALOG_WORDS = new Set(["own", "owns", "owned", "owner", "owners", "call", "oncall", "on-call",
    "escalation", "escalations", "escalate", "pager", "paged", "contact", "rotation", "rota"]);
  // Words that ask whom to page, in a question ("who do I page for search").
  var PAGE_WORDS = new Set(["page", "paged", "paging"]);
  // How much a service or team the question names gains on other results, per
  // word of its name; name entries are keys that start with NAME_MARK (see
  // src/search/names.rs).
  var NAMED_BOOST = 3;
  var NAME_MARK = "\u0001";

  // The loaded files of each index (by its folder: the search page may search
  // every language's index, whose files have the same names).
  var stores = {};
  var waiting = {};
  function storeOf(base) {
    if (!stores[base]) stores[base] = { m: {}, t: {}, d: {}, p: {} };
    return stores[base];
  }
  window.ownbookSearchData = function (kind, id, data) {
    // The <script> running is the one load() added, which names its index.
    var script = document.currentScript;
    var store = storeOf(script && script.getAttribute("data-index") || "");
    if (!store[kind]) return;
    store[kind][id] = data;
  };

  // Loads one index file by adding a <script>; resolves once it has registered.
  function load(base, kind, id, file) {
    var slot = base + "\u0000" + kind + ":" + id, store = storeOf(base);
    if (store[kind][id] !== undefined) return Promise.resolve(store[kind][id]);
    if (waiting[slot]) return waiting[slot];
    waiting[slot] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + file;
      s.async = true;
      s.setAttribute("data-index", base);
      s.onload = function () {
        s.remove();
        if (store[kind][id] !== undefined) resolve(store[kind][id]);
        else { delete waiting[slot]; reject(new Error("index file " + file + " did not register")); }
      };
      s.onerror = function () {
        s.remove();
        delete waiting[slot];
        reject(new Error("cannot load the search index file " + file));
      };
      document.head.appendChild(s);
    });
    return waiting[slot];
  }

  function decode(code) {
    var docs = [], scores = [], i = 0, n = code.length;
    var next = function () {
      var v = 0, shift = 0;
      while (i < n) {
        var d = DIGIT[code.charCodeAt(i++)] | 0;
        v += (d & 31) * Math.pow(2, shift);
        shift += 5;
        if (d < 32) return v;
      }
      return -1;
    };
    var max = next() / 1000, doc = 0;
    for (;;) {
      var gap = next();
      if (gap < 0) break;
      var level = next();
      doc += gap;
      docs.push(doc);
      scores.push(level / 31 * max);
    }
    return { docs: Uint32Array.from(docs), scores: Float32Array.from(scores) };
  }

  function varints(code) {
    var out = [], i = 0;
    while (i < code.length) {
      var v = 0, shift = 0, d;
      do { d = DIGIT[code.charCodeAt(i++)] | 0; v += (d & 31) * Math.pow(2, shift); shift += 5; } while (d >= 32 && i < code.length);
      out.push(v);
    }
    return out;
  }

  function Engine(base) {
    this.base = base;
    this.manifest = null;
    this.decoded = new Map();
  }

  Engine.prototype.open = function () {
    var self = this;
    if (this.opening) return this.opening;
    this.opening = load(this.base, "m", 0, "index.js").then(function (m) {
      self.manifest = m;
      self.catalogEnd = m.kinds.guide[0];
      // Document → first document of its page, for "at most 3 results per page".
      var group = new Uint32Array(m.docs), d = self.catalogEnd;
      for (var c = 0; c < self.catalogEnd; c++) group[c] = c;
      varints(m.pages || "").forEach(function (count) {
        for (var k = 0; k < count && d + k < m.docs; k++) group[d + k] = d;
        d += count;
      });
      self.group = group;
      // First document of each chunk.
      var starts = [], at = 0;
      varints(m.chunks || "").forEach(function (count) { starts.push(at); at += count; });
      self.chunkStarts = starts;
      return m;
    });
    return this.opening;
  };

  // The term shard that holds `key`: the last whose first key is <= key.
  Engine.prototype.shardOf = function (key) {
    var keys = this.manifest.keys, lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  Engine.prototype.shard = function (i) {
    if (i < 0 || i >= this.manifest.keys.length) return Promise.resolve([]);
    return load(this.base, "t", i, "t/" + i + "." + this.manifest.version + ".js");
  };

  // The raw value of an index key, or null.
  Engine.prototype.value = async function (key) {
    var items = await this.shard(this.shardOf(key));
    var lo = 0, hi = items.length / 2 - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, k = items[mid * 2];
      if (k === key) return items[mid * 2 + 1];
      if (k < key) lo = mid + 1; else hi = mid - 1;
    }
    return null;
  };

  // Follows a value to its postings: {key, docs, scores}, or null.
  Engine.prototype.postings = async function (key, value, depth) {
    if (value === undefined) value = await this.value(key);
    if (value === null) return null;
    // A word leads to its stem, and a stem to postings: never further.
    if (value[0] === "=") return (depth || 0) < 2 ? this.postings(value.slice(1), undefined, (depth || 0) + 1) : null;
    if (value[0] === "!") value = value.slice(1);
    var hit = this.decoded.get(key);
    if (hit) return hit;
    var tail = null;
    if (value[0] === "@") {
      // "@HEAD+TAIL": the best documents now, the rest only if needed (see full).
      var names = value.slice(1).split("+");
      tail = names[1] || null;
      value = await load(this.base, "p", names[0], "p/" + names[0] + ".js");
    }
    var p = decode(value);
    p.key = key;
    p.tail = tail;
    if (this.decoded.size > 500) this.decoded.clear();
    this.decoded.set(key, p);
    return p;
  };

  // Completes postings `p` that hold only their head with the tail's documents,
  // in place (every query that holds `p` then sees them all).
  Engine.prototype.full = async function (p) {
    if (!p.tail) return p;
    var name = p.tail;
    var rest = decode(await load(this.base, "p", name, "p/" + name + ".js"));
    var n = p.docs.length + rest.docs.length, docs = new Uint32Array(n), scores = new Float32Array(n);
    for (var i = 0, j = 0, k = 0; k < n; k++) {
      if (j >= rest.docs.length || (i < p.docs.length && p.docs[i] < rest.docs[j])) { docs[k] = p.docs[i]; scores[k] = p.scores[i++]; }
      else { docs[k] = rest.docs[j]; scores[k] = rest.scores[j++]; }
    }
    p.docs = docs;
    p.scores = scores;
    p.tail = null;
    return p;
  };

  // Surface words starting with `prefix` from the shards that hold them (at most
  // two shards, so a one-letter prefix stays cheap).
  Engine.prototype.completions = async function (prefix) {
    var first = this.shardOf(prefix), out = [];
    for (var s = first; s < Math.min(first + 2, this.manifest.keys.length); s++) {
      if (s > first && !(this.manifest.keys[s].startsWith(prefix))) break;
      var items = await this.shard(s);
      for (var i = 0; i < items.length; i += 2) {
        var k = items[i], v = items[i + 1];
        if (k.startsWith(prefix) && k !== prefix && v[0] !== "!") out.push([k, v]);
        if (out.length >= 64) return out;
      }
    }
    return out;
  };

  // Surface words within `max` edits of `word` in its shard and its neighbours.
  Engine.prototype.similar = async function (word, max) {
    var at = this.shardOf(word), out = [];
    for (var s = Math.max(0, at - 1); s <= Math.min(at + 1, this.manifest.keys.length - 1); s++) {
      var items = await this.shard(s);
      for (var i = 0; i < items.length; i += 2) {
        var k = items[i];
        if (k[0] !== word[0] || items[i + 1][0] === "!" || Math.abs(k.length - word.length) > max) continue;
        var d = T.distance(word, k, max);
        if (d <= max) out.push([k, items[i + 1], d]);
      }
    }
    out.sort(function (x, y) { return x[2] - y[2]; });
    return out.slice(0, 5);
  };

  // Query text → words to match. The last word is a prefix while it is being typed
  // (see MIN_PREFIX). `asks` is set when the query is a question or asks for an
  // owner, an on-call or an escalation: then the catalog entries it names rank first.
  Engine.prototype.parse = function (query) {
    var q = String(query || "").slice(0, MAX_QUERY);
    var open = q.length > 0 && !/[\s.,;:!?)\]}"']$/.test(q);
    var tokens = T.tokenize(q);
    // Runs of a script without spaces: matched as written, not bigram by bigram.
    var runs = T.runs(q);
    var words = [], bonus = [], asks = false;
    var content = tokens.filter(function (t) { return t.kind === "c" || !QUESTION.has(t.w); });
    if (content.some(function (t) { return t.kind !== "c"; })) {
      asks = content.length < tokens.length;
      tokens = content;
    }
    var question = asks;
    tokens.forEach(function (t) {
      if (CATALOG_WORDS.has(t.w)) asks = true;
      if (t.kind === "c") bonus.push(t.w);
      else if (words.length < MAX_WORDS && !words.some(function (w) { return w.w === t.w; })) {
        var run = t.kind === "j" ? runs.filter(function (r) { return r.indexOf(t.w) >= 0; })[0] : null;
        words.push({ w: t.w, kind: t.kind, run: run || null });
      }
    });
    // In a question about the catalog, "on call", "owns" or "page" say what is
    // asked, not what the answer must contain: they are soft, unless nothing else is
    // left.
    var isSoft = function (w) { return asks && (CATALOG_WORDS.has(w.w) || (question && PAGE_WORDS.has(w.w))); };
    if (words.some(function (w) { return !isSoft(w); })) words.forEach(function (w) { if (isSoft(w)) w.soft = true; });
    var last = tokens[tokens.length - 1];
    var typedInCapitals = /(^|[^\p{L}\p{N}])\p{Lu}[\p{Lu}\p{N}]+$/u.test(q);
    if (open && words.length && last && last.kind !== "c" && !typedInCapitals) words[words.length - 1].prefix = true;
    return { words: words, bonus: bonus, asks: asks, phrases: runs.filter(function (r) { return Array.from(r).length > 2; }) };
  };

  // The candidates of one query word: [{postings, weight}] and the keys they match.
  Engine.prototype.expand = async function (word) {
    var self = this, w = word.w, found = [], seen = new Set();
    var add = async function (key, value, weight, exact) {
      var p = await self.postings(key, value);
      if (p && !seen.has(p.key)) { seen.add(p.key); found.push({ p: p, weight: weight, exact: exact }); }
    };
    var value = await this.value(w);
    if (value !== null) await add(w, value, 1, true);
    else if (word.kind === "w" && T.key(w) !== w) await add(T.key(w), undefined, 1, true);
    var chars = Array.from(w).length;
    if (word.prefix && (chars >= MIN_PREFIX || word.kind === "j")) {
      var more = await this.completions(w);
      var resolved = [];
      for (var i = 0; i < more.length; i++) {
        var p = await this.postings(more[i][0], more[i][1]);
        if (p) resolved.push(p);
      }
      resolved.sort(function (x, y) { return y.docs.length - x.docs.length; });
      resolved.slice(0, COMPLETIONS).forEach(function (p) {
        if (!seen.has(p.key)) { seen.add(p.key); found.push({ p: p, weight: 0.8, exact: false }); }
      });
    }
    if (!found.length && word.kind === "w" && chars >= 5) {
      var max = chars >= 9 ? 2 : 1;
      var close = await this.similar(w, max);
      for (var c = 0; c < close.length; c++) await add(close[c][0], close[c][1], close[c][2] === 1 ? 0.6 : 0.45, false);
    }
    return found;
  };

  // Runs a query. filters: {kind, owner, tier, lifecycle} (empty = any).
  // Resolves to {total, ids, more, keys, used, missing}: the number of matching
  // documents, then ranked document ids, at most 3 per page.
  // On a large site, common words first load only their best documents: when
  // those do not fill `limit` results, the rest of their postings load and the
  // query runs again on the whole lists.
  Engine.prototype.search = async function (query, filters, limit) {
    var self = this, res = await this.searchLoaded(query, filters, limit);
    var partial = res.used.filter(function (p) { return p.tail; });
    if (!partial.length) return res;
    // A full screen from the heads: the count is a lower bound, and there is more.
    if (res.ids.length >= (limit || 10)) { res.partial = true; res.more = true; return res; }
    await Promise.all(partial.map(function (p) { return self.full(p); }));
    return this.searchLoaded(query, filters, limit);
  };

  Engine.prototype.searchLoaded = async function (query, filters, limit) {
    var self = this, m = await this.open(), f = filters || {};
    limit = limit || 10;
    var parsed = this.parse(query);
    // Every word's shards load at once.
    var expansions = await Promise.all(parsed.words.map(function (w) { return self.expand(w); }));
    var bonus = await Promise.all(parsed.bonus.map(function (w) { return self.postings(w); }));
    // For a question, the services and teams whose name or id has a word of it.
    var names = parsed.asks && this.catalogEnd > 0 ? await Promise.all(parsed.words.map(function (w) {
      return w.soft ? null : self.postings(NAME_MARK + (w.kind === "w" ? T.key(w.w) : w.w));
    })) : [];
    var n = m.docs, total = new Float32Array(n), hits = new Uint8Array(n), best = new Float32Array(n);
    // Per document: how many words it has as typed (or by stem) rather than only
    // by prefix or typo.
    var exact = new Uint8Array(n), exactNow = new Uint8Array(n);
    var keys = new Set(), used = [], missing = [], required = 0, seen = [];
    // The words a result must have first; then the soft words of a question,
    // which only add to the score of results that have some of those.
    var order = parsed.words.map(function (w, i) { return i; });
    order.sort(function (a, b) { return (parsed.words[a].soft ? 1 : 0) - (parsed.words[b].soft ? 1 : 0) || a - b; });
    order.forEach(function (i) {
      var cands = expansions[i], soft = parsed.words[i].soft;
      if (!cands.length) {
        var said = parsed.words[i].run || parsed.words[i].w;
        if (!soft && missing.indexOf(said) < 0) missing.push(said);
        return;
      }
      if (!soft) required++;
      var touched = [];
      cands.forEach(function (c) {
        keys.add(c.p.key);
        used.push(c.p);
        var docs = c.p.docs, scores = c.p.scores;
        for (var j = 0; j < docs.length; j++) {
          var d = docs[j], s = scores[j] * c.weight;
          if (best[d] === 0) touched.push(d);
          if (s > best[d]) best[d] = s;
          if (c.exact) exactNow[d] = 1;
        }
      });
      for (var t = 0; t < touched.length; t++) {
        var doc = touched[t];
        if (soft) {
          if (hits[doc]) total[doc] += best[doc];
          exactNow[doc] = 0;
          best[doc] = 0;
          continue;
        }
        if (hits[doc] === 0) seen.push(doc);
        total[doc] += best[doc];
        hits[doc]++;
        exact[doc] += exactNow[doc];
        exactNow[doc] = 0;
        best[doc] = 0;
      }
    });
    bonus.forEach(function (p) {
      if (!p) return;
      keys.add(p.key);
      used.push(p);
      for (var x = 0; x < p.docs.length; x++) if (hits[p.docs[x]]) total[p.docs[x]] += p.scores[x];
    });
    // Each word of the question that names a service or team multiplies its score.
    names.forEach(function (p) {
      if (!p) return;
      for (var x = 0; x < p.docs.length; x++) if (hits[p.docs[x]]) total[p.docs[x]] *= NAMED_BOOST;
    });
    var out = { total: 0, ids: [], more: false, keys: keys, used: used, missing: missing };
    if (!required) return out;
    // Every word must match; if no document has them all, the most words win.
    var matching = seen.filter(function (d) { return hits[d] >= required && self.passes(d, f); });
    if (!matching.length && required > 1) matching = seen.filter(function (d) { return self.passes(d, f); });
    var want = Math.max(100, limit * 4);
    var ranked = this.rank(matching, total, hits, exact, want);
    out.total = matching.length;
    if (parsed.phrases.length) {
      // Bigrams say only that a document has each pair of characters somewhere:
      // keep the documents whose text has each run of the query as typed.
      var texts = await this.docs(ranked);
      ranked = ranked.filter(function (d, k) {
        var x = texts[k], text = T.fold([x.title, x.heading, x.text].join("\n"));
        return parsed.phrases.every(function (p) { return text.indexOf(p) >= 0; });
      });
      out.total = ranked.length;
      out.partial = matching.length > want && ranked.length > 0;
    }
    out.ids = ranked.slice(0, limit);
    out.more = ranked.length > limit || matching.length > want;
    return out;
  };

  // The best `want` of `docs`, at most three per page: more matched words first,
  // then more words matched whole (so "SLO" puts sections about SLOs before those
  // that only say "slow"), then a higher score. Large lists are cut at the want-th
  // score before sorting.
  Engine.prototype.rank = function (docs, total, hits, exact, want) {
    var score = function (d) { return hits[d] * 1e6 + exact[d] * 1e4 + Math.min(total[d], 9999); };
    if (docs.length > want * 2) {
      var scores = new Float64Array(docs.length);
      for (var i = 0; i < docs.length; i++) scores[i] = score(docs[i]);
      scores.sort();
      var cut = scores[scores.length - want];
      docs = docs.filter(function (d) { return score(d) >= cut; });
    }
    docs.sort(function (x, y) { return score(y) - score(x) || x - y; });
    var perPage = new Map(), out = [];
    for (var k = 0; k < docs.length; k++) {
      var g = this.group[docs[k]], c = perPage.get(g) || 0;
      if (c < 3) { perPage.set(g, c + 1); out.push(docs[k]); }
    }
    return out;
  };

  // The keys of a search result that occur in document `d`.
  Engine.prototype.keysOf = function (d, res) {
    var out = new Set();
    res.used.forEach(function (p) {
      var lo = 0, hi = p.docs.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (p.docs[mid] === d) { out.add(p.key); return; }
        if (p.docs[mid] < d) lo = mid + 1; else hi = mid - 1;
      }
    });
    return out;
  };

  Engine.prototype.passes = function (d, f) {
    var m = this.manifest;
    if (f.kind) { var r = m.kinds[f.kind]; if (!r || d < r[0] || d >= r[1]) return false; }
    if (f.owner || f.tier || f.lifecycle) {
      if (d >= this.catalogEnd) return false;
      var o = m.facets[d * 3], t = m.facets[d * 3 + 1], l = m.facets[d * 3 + 2];
      if (f.owner && m.owners[o] !== f.owner) return false;
      if (f.tier && String(t) !== String(f.tier)) return false;
      if (f.lifecycle && m.lifecycles[l] !== f.lifecycle) return false;
    }
    return true;
  };

  // Title, URL, heading, trail and text of documents, loading their chunks.
  Engine.prototype.docs = async function (ids) {
    var m = this.manifest, self = this, starts = this.chunkStarts;
    var chunkOf = function (d) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= d) lo = mid; else hi = mid - 1; }
      return lo;
    };
    var needed = Array.from(new Set(ids.map(chunkOf)));
    await Promise.all(needed.map(function (c) {
      return load(self.base, "d", c, "d/" + c + "." + m.version + ".js");
    }));
    return ids.map(function (d) {
      var c = chunkOf(d), data = storeOf(self.base).d[c] || [[], []];
      var row = data[1][d - starts[c]] || [0, "", "", ""], page = data[0][row[0]] || ["", "", ""];
      var kind = d < m.kinds.service[1] ? "service" : d < m.kinds.team[1] ? "team" : "guide";
      var doc = {
        id: d, kind: kind, url: page[0] + (row[1] ? "#" + row[1] : ""), title: page[1],
        heading: row[2], trail: page[2], text: row[3]
      };
      if (d < self.catalogEnd) {
        doc.owner = m.owners[m.facets[d * 3]] || null;
        doc.tier = m.facets[d * 3 + 1] >= 0 ? m.facets[d * 3 + 1] : null;
        doc.lifecycle = m.lifecycles[m.facets[d * 3 + 2]] || null;
      }
      return doc;
    });
  };

  window.ownbookSearchEngine = { Engine: Engine, decode: decode, distance: T.distance };
})();
