// Text rules of ownbook search, shared by the query engine and the highlighter on
// the page a reader lands on. They mirror src/search/tokenize.rs: the same words,
// identifiers (whole and by part), bigrams for scripts without spaces, stop words
// and English (Snowball) stems, so a typed word meets the term the build indexed.
// Pure functions only: nothing here touches the page.
(function () {
  "use strict";

  var WORD = /[\p{Alphabetic}\p{N}\p{M}\u200c\u200d]/u;
  var STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
    "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "will", "with"]);
  var MAX_WORD = 40;
  var MAX_COMPOUND = 64;

  function isJoiner(c) {
    return c === "-" || c === "_" || c === "." || c === ":" || c === "/" || c === "@";
  }
  function isApostrophe(c) { return c === "'" || c === "\u2019"; }
  function isIgnored(c) { return c === "\u00ad" || c === "\u200b" || c === "\ufeff"; }

  function isBigram(c) {
    var n = c.codePointAt(0);
    return (n >= 0x0E00 && n <= 0x0EFF) || (n >= 0x1000 && n <= 0x109F) ||
      (n >= 0x1780 && n <= 0x17FF) || (n >= 0x2E80 && n <= 0x2FDF) ||
      n === 0x3005 || n === 0x3007 || (n >= 0x3021 && n <= 0x3029) ||
      (n >= 0x3038 && n <= 0x303B) || (n >= 0x3040 && n <= 0x30FF) ||
      (n >= 0x31F0 && n <= 0x31FF) || (n >= 0x3400 && n <= 0x4DBF) ||
      (n >= 0x4E00 && n <= 0x9FFF) || (n >= 0xF900 && n <= 0xFAFF) ||
      (n >= 0xFF66 && n <= 0xFF9F) || (n >= 0x20000 && n <= 0x3134F);
  }

  function chunkChar(c) { return WORD.test(c) || isJoiner(c) || isApostrophe(c); }

  // Splits text into pieces: {text, start, end, cjk}. A piece is a chunk of word
  // characters and joiners, or a run of a script without spaces.
  function pieces(text) {
    var out = [];
    var start = -1, cjk = false, i = 0;
    var close = function (end) {
      if (start >= 0) out.push({ text: text.slice(start, end), start: start, end: end, cjk: cjk });
      start = -1;
    };
    for (var c of text) {
      var big = isBigram(c);
      if (isIgnored(c)) {
        // Stays inside the piece and is removed when the piece is read.
      } else if (big || chunkChar(c)) {
        if (start >= 0 && big !== cjk) close(i);
        if (start < 0) { start = i; cjk = big; }
      } else {
        close(i);
      }
      i += c.length;
    }
    close(i);
    return out;
  }

  function stripIgnored(s) { return s.replace(/[\u00ad\u200b\ufeff]/g, ""); }

  // The parts and compound of a chunk such as "escalation_policy", as in Rust.
  function readChunk(raw) {
    var chars = Array.from(stripIgnored(raw).toLowerCase());
    var sep = function (c) { return isJoiner(c) || isApostrophe(c); };
    var whole = "";
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (!isApostrophe(c)) whole += c;
      else if (i === 0 || i + 1 === chars.length || sep(chars[i - 1]) || sep(chars[i + 1])) whole += "-";
    }
    var a = 0, b = whole.length;
    while (a < b && isJoiner(whole[a])) a++;
    while (b > a && isJoiner(whole[b - 1])) b--;
    var trimmed = whole.slice(a, b);
    var parts = trimmed.split(/[-_.:\/@]/).filter(function (p) { return p !== ""; });
    return { parts: parts, whole: parts.length > 1 && Array.from(trimmed).length <= MAX_COMPOUND ? trimmed : null };
  }

  function bigrams(raw) {
    var chars = Array.from(stripIgnored(raw).toLowerCase());
    if (chars.length === 1) return [chars[0]];
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // Text as the index reads it, for matching runs of characters: lowercased, with
  // the invisible characters the tokenizer drops removed.
  function fold(text) { return stripIgnored(String(text || "")).toLowerCase(); }

  // The runs of a script without spaces in a text (folded), as typed.
  function runs(text) {
    return pieces(text).filter(function (p) { return p.cjk; }).map(function (p) { return fold(p.text); });
  }

  // Tokens of a text: {w, kind} with kind "w" (word), "c" (compound) or "j" (bigram).
  function tokenize(text) {
    var out = [];
    pieces(text).forEach(function (p) {
      if (p.cjk) {
        bigrams(p.text).forEach(function (g) { out.push({ w: g, kind: "j" }); });
        return;
      }
      var r = readChunk(p.text);
      r.parts.forEach(function (w) {
        if (Array.from(w).length <= MAX_WORD && !STOP.has(w)) out.push({ w: w, kind: "w" });
      });
      if (r.whole) out.push({ w: r.whole, kind: "c" });
    });
    return out;
  }

  // ---- English (Porter2 / Snowball) stemmer, as the rust-stemmers crate applies it.
  var EXCEPTIONS = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes" };
  var EXCEPTIONS2 = new Set(["inning", "outing", "canning", "herring", "earring", "proceed",
    "exceed", "succeed"]);
  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"],
    ["abli", "able"], ["entli", "ent"], ["ization", "ize"], ["izer", "ize"], ["ation", "ate"],
    ["ator", "ate"], ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"],
    ["ousli", "ous"], ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"],
    ["biliti", "ble"], ["bli", "ble"], ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"],
    ["li", ""]];
  var STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"],
    ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]];
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

  function vowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  // The longest suffix of w from a list (the Snowball "among" rule).
  function longest(w, list) {
    var best = null;
    list.forEach(function (s) {
      var k = typeof s === "string" ? s : s[0];
      if (w.endsWith(k) && (!best || k.length > (typeof best === "string" ? best : best[0]).length)) best = s;
    });
    return best;
  }
  function shortSyllableAt(w, end) {
    // A short syllable ends at `end`: non-vowel (not w, x, Y), vowel, non-vowel; or
    // vowel, non-vowel at the start of the word.
    var c1 = w[end - 1], c2 = w[end - 2], c3 = w[end - 3];
    if (end >= 3 && !vowel(c1) && c1 !== "w" && c1 !== "x" && c1 !== "Y" && vowel(c2) && !vowel(c3)) return true;
    return end === 2 && !vowel(c1) && vowel(c2);
  }
  function regions(w) {
    var p1 = w.length, p2 = w.length, i = 0;
    var m = /^(gener|commun|arsen)/.exec(w);
    var after = function (from) {
      var j = from;
      while (j < w.length && !vowel(w[j])) j++;
      while (j < w.length && vowel(w[j])) j++;
      return j < w.length ? j + 1 : w.length;
    };
    if (m) p1 = m[0].length;
    else { i = after(0); p1 = i; }
    p2 = after(p1);
    return [p1, p2];
  }

  function stem(word) {
    if (EXCEPTIONS.hasOwnProperty(word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var w = word.replace(/^'/, "");
    var yFound = false;
    if (w[0] === "y") { w = "Y" + w.slice(1); yFound = true; }
    for (var i = 1; i < w.length; i++) {
      if (w[i] === "y" && vowel(w[i - 1])) { w = w.slice(0, i) + "Y" + w.slice(i + 1); yFound = true; }
    }
    var r = regions(w), p1 = r[0], p2 = r[1];
    // Step 1a
    var s = longest(w, ["'s'", "'s", "'"]);
    if (s) w = w.slice(0, -s.length);
    s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length - 3 > 1 ? "i" : "ie");
    else if (s === "s" && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
    if (!EXCEPTIONS2.has(w)) {
      // Step 1b
      s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
      if (s === "eed" || s === "eedly") {
        if (w.length - s.length >= p1) w = w.slice(0, -s.length) + "ee";
      } else if (s && /[aeiouy]/.test(w.slice(0, -s.length))) {
        w = w.slice(0, -s.length);
        var t = longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
        if (t === "at" || t === "bl" || t === "iz") w += "e";
        else if (t) w = w.slice(0, -1);
        else if (w.length === p1 && shortSyllableAt(w, w.length)) w += "e";
      }
      // Step 1c
      var last = w[w.length - 1];
      if ((last === "y" || last === "Y") && w.length > 2 && !vowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
      // Step 2
      s = longest(w, STEP2);
      if (s && w.length - s[0].length >= p1) {
        var stemLen = w.length - s[0].length;
        if (s[0] === "ogi") { if (w[stemLen - 1] === "l") w = w.slice(0, stemLen) + "og"; }
        else if (s[0] === "li") { if ("cdeghkmnrt".indexOf(w[stemLen - 1]) >= 0 && stemLen > 0) w = w.slice(0, stemLen); }
        else w = w.slice(0, stemLen) + s[1];
      }
      // Step 3
      s = longest(w, STEP3);
      if (s && w.length - s[0].length >= p1) {
        if (s[0] !== "ative" || w.length - 5 >= p2) w = w.slice(0, -s[0].length) + s[1];
      }
      // Step 4
      s = longest(w, STEP4);
      if (s && w.length - s.length >= p2) {
        if (s !== "ion") w = w.slice(0, -s.length);
        else if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
      }
      // Step 5
      if (w.endsWith("e")) {
        var at = w.length - 1;
        if (at >= p2 || (at >= p1 && !shortSyllableAt(w, at))) w = w.slice(0, -1);
      } else if (w.endsWith("l")) {
        if (w.length - 1 >= p2 && w[w.length - 2] === "l") w = w.slice(0, -1);
      }
    }
    return yFound ? w.replace(/Y/g, "y") : w;
  }

  // The index key of a surface word: its stem, repeated to a fixed point (as in Rust).
  var keyCache = new Map();
  function key(word) {
    if (!/^[a-z]{3,}$/.test(word)) return word;
    var cached = keyCache.get(word);
    if (cached !== undefined) return cached;
    var k = word;
    for (var i = 0; i < 4; i++) {
      var next = stem(k);
      if (next === k || next === "") break;
      k = next;
    }
    if (keyCache.size > 20000) keyCache.clear();
    keyCache.set(word, k);
    return k;
  }

  // Ranges of `text` that match one of `keys` (a Set of index keys): [start, end, key].
  function matches(text, keys) {
    var out = [];
    pieces(text).forEach(function (p) {
      if (p.cjk) {
        var chars = Array.from(p.text), offs = [], o = p.start;
        chars.forEach(function (c) { offs.push(o); o += c.length; });
        offs.push(o);
        var grams = bigrams(p.text), last = null;
        grams.forEach(function (g, i) {
          if (!keys.has(g)) return;
          var from = offs[i], to = offs[Math.min(i + Array.from(g).length, chars.length)];
          // Overlapping or touching bigrams are one run: one range, marked whole.
          if (last && from <= last[1]) { last[1] = to; return; }
          last = [from, to, g];
          out.push(last);
        });
        return;
      }
      var r = readChunk(p.text);
      if (r.whole && keys.has(r.whole)) { out.push([p.start, p.end, r.whole]); return; }
      // Walk the parts through the raw text to find their offsets.
      var re = /[^-_.:\/@]+/g, m;
      while ((m = re.exec(p.text)) !== null) {
        var w = stripIgnored(m[0]).toLowerCase().replace(/['\u2019]/g, "");
        var k = key(w);
        if (w && keys.has(k)) out.push([p.start + m.index, p.start + m.index + m[0].length, k]);
      }
    });
    return out;
  }

  // A snippet of about `width` characters around the most matched words:
  // [[text, marked], ...], with "…" where the text was cut.
  function snippet(text, keys, width) {
    width = width || 160;
    var hits = matches(text, keys);
    var start = 0;
    if (hits.length && text.length > width) {
      var bestScore = -1;
      hits.forEach(function (h, i) {
        var seen = new Set(), n = 0;
        for (var j = i; j < hits.length && hits[j][1] <= h[0] + width; j++) { seen.add(hits[j][2]); n++; }
        var score = seen.size * 100 + n;
        if (score > bestScore) { bestScore = score; start = Math.max(0, h[0] - 30); }
      });
    }
    var end = Math.min(text.length, start + width);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < start + 20) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > start + width / 2) end = ep; }
    var out = [];
    if (start > 0) out.push(["…", false]);
    var at = start;
    hits.forEach(function (h) {
      // Ranges do not overlap (runs of bigrams come as one); `at` guards the cut.
      var from = Math.max(h[0], at);
      if (h[0] < start || h[1] > end || h[1] <= from) return;
      if (from > at) out.push([text.slice(at, from), false]);
      out.push([text.slice(from, h[1]), true]);
      at = h[1];
    });
    if (at < end) out.push([text.slice(at, end), false]);
    if (end < text.length) out.push(["…", false]);
    return out;
  }

  // Damerau-Levenshtein distance (optimal string alignment), giving up past `max`.
  function distance(a, b, max) {
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

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
      var ranges = matches(t.data, set);
      for (var i = ranges.length - 1; i >= 0; i--) {
        var r = ranges[i], hit = t.splitText(r[0]);
        hit.splitText(r[1] - r[0]);
        var m = document.createElement("mark");
        m.className = "search-hit";
        hit.parentNode.replaceChild(m, hit);
        m.appendChild(hit);
        marks++;
      }
    });
  }

  window.ownbookSearchText = {
    // The search interface's words in English, for a strings.js that lacks one.
    english: {
      search_all_languages: "All languages", search_results_label: "Search results",
      search_loading: "Loading the search index…", search_unavailable: "Search is unavailable: {error}.",
      search_no_results: "No results for “{query}”", search_no_match_for: " (no match for {words})",
      search_one_result: "1 result", search_results: "{n} results", search_more_than: "More than {n} results",
      search_show_more: "Show more results", search_kind_page: "Page", search_kind_service: "Service",
      search_kind_team: "Team", search_filter_type: "Type", search_filter_any: "{label}: any",
      search_filter_pages: "Pages", search_filter_services: "Services", search_filter_teams: "Teams",
      search_filter_owner: "Owner", search_filter_tier: "Tier", search_filter_tier_value: "Tier {n}",
      search_filter_lifecycle: "Lifecycle", search_tier: "tier {n}", search_owner: "owner {name}"
    },
    tokenize: tokenize, runs: runs, fold: fold, stem: stem, distance: distance, key: key, matches: matches, snippet: snippet, highlightLanding: highlightLanding,
    isStopWord: function (w) { return STOP.has(w); }
  };
})();
