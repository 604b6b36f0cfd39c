/* geokg viewer: the search box over names and aliases (window.geokgSearch).
 *
 * Matching is case- and accent-insensitive and keeps every script's letters, so Arabic,
 * Chinese and Cyrillic names and aliases are found. Hits are ranked: exact name, name
 * prefix, exact alias, alias prefix, then substrings; ties go to the better connected node.
 * Results are built with textContent only. */
(function () {
  "use strict";

  /** Case- and accent-insensitive form (same idea as kg.schema.fold): NFKD, drop combining
   * marks, lower case. Letters of other scripts (Arabic, Chinese, Cyrillic) are kept. */
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\u2019/g, "'").replace(/\s+/g, " ").trim();
  }

  function item(text, className) {
    var span = document.createElement("span");
    span.textContent = text;
    if (className) span.className = className;
    return span;
  }

  function rank(entry, q) {
    var best = null;
    var consider = function (score, via) { if (best === null || score < best.score) best = { score: score, via: via }; };
    if (entry.folded === q) consider(0, null);
    else if (entry.folded.startsWith(q)) consider(1, null);
    else if (entry.folded.indexOf(q) >= 0) consider(4, null);
    entry.aliases.forEach(function (a) {
      if (a.folded === q) consider(2, a.text);
      else if (a.folded.startsWith(q)) consider(3, a.text);
      else if (a.folded.indexOf(q) >= 0) consider(5, a.text);
    });
    return best;
  }

  /** Wire `input` and its `results` list to the vis nodes; `onChoose(id)` gets the chosen
   * node. Returns `search(text)`, which shows and returns the ids of the best hits. */
  function attach(input, results, nodes, onChoose) {
    var index = nodes.map(function (n) {
      return { id: n.id, name: n.label, type: n.ntype, degree: n.degree, folded: fold(n.label),
        aliases: (n.aliases || []).map(function (a) { return { text: a, folded: fold(a) }; }) };
    });
    var hits = [], active = 0;

    function render() {
      results.replaceChildren();
      hits.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", String(i === active));
        li.setAttribute("data-id", hit.entry.id);
        li.appendChild(item(hit.entry.name));
        li.appendChild(item(" " + hit.entry.type + (hit.via ? " · " + hit.via : ""), "via"));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        results.appendChild(li);
      });
      results.hidden = hits.length === 0;
      input.setAttribute("aria-expanded", String(hits.length > 0));
    }

    function search(text) {
      var q = fold(text);
      hits = [];
      if (q) {
        index.forEach(function (entry) {
          var r = rank(entry, q);
          if (r) hits.push({ entry: entry, score: r.score, via: r.via });
        });
        hits.sort(function (a, b) {
          return a.score - b.score || b.entry.degree - a.entry.degree || a.entry.name.localeCompare(b.entry.name);
        });
        hits = hits.slice(0, 12);
      }
      active = 0;
      render();
      return hits.map(function (h) { return h.entry.id; });
    }

    function choose(i) {
      var hit = hits[i];
      if (!hit) return;
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      onChoose(hit.entry.id);
    }

    input.addEventListener("input", function () { search(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (hits.length) active = (active + (event.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        render();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (!hits.length) search(input.value);
        choose(active);
      } else if (event.key === "Escape") {
        results.hidden = true;
      }
    });
    input.addEventListener("blur", function () { results.hidden = true; });
    return search;
  }

  window.geokgSearch = { attach: attach, fold: fold };
})();
