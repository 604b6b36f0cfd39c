/* geokg viewer: draws the embedded graph with vis-network and wires the legend toggles,
 * search, date filter, details panel and PNG export.
 *
 * The search box is search.js (window.geokgSearch), inlined before this file.
 *
 * Safety rule: every string that comes from the data (names, evidence, titles, urls) is put
 * on the page with textContent or as a canvas label, never parsed as HTML; links are made
 * only for http(s) urls. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var container = document.getElementById("graph");
  var DAY = 86400000;
  var DIM_NODE = { background: "#eceff2", border: "#dfe3e7" };
  var DIM_EDGE = "#e9ecef";
  var FONT = "#1d232a";
  var DIM_FONT = "#c3c9cf";

  // ------------------------------------------------------------------ helpers

  /** Element with text and attributes; the text is always text. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props.text;
      else if (key === "class") node.className = props.class;
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(String(url));
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function plural(n, word, many) { return n + " " + (n === 1 ? word : many || word + "s"); }

  function dayNumber(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY; }
  function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  // ------------------------------------------------------------------ data sets and network

  data.nodes.forEach(function (n) { n.baseColor = n.color; });
  data.edges.forEach(function (e) { e.baseColor = e.color; e.total = e.assertions.length; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var names = {};
  data.nodes.forEach(function (n) { names[n.id] = n.label; });
  data.options.nodes.font.color = FONT;

  var hiddenLabels = new Set();
  var hiddenRelations = new Set();
  var range = data.dates ? { from: data.dates.min, to: data.dates.max } : null;
  var api = { data: data, nodes: nodes, edges: edges, stable: false, stableAt: null, selected: null, moving: false };
  window.geokg = api;

  document.getElementById("page-title").textContent = data.title;
  if (data.omitted > 0) {
    var note = document.getElementById("omitted");
    note.textContent = plural(data.omitted, "more entity", "more entities") +
      " matched the selection but were left out to keep the page usable (the strongest ties were kept). " +
      "Narrow the selection with a center, depth, relation types or dates, or raise the node limit.";
    note.hidden = false;
  }

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  api.network = network;

  function markStable() {
    if (api.stable) return;
    network.setOptions({ physics: { enabled: false } });
    api.stable = true;
    api.stableAt = performance.now();
    document.getElementById("progress").hidden = true;
  }
  network.on("stabilizationProgress", function (p) {
    document.getElementById("progress").textContent =
      "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", markStable);
  network.on("stabilized", markStable);
  if (data.nodes.length === 0) {
    document.getElementById("empty").hidden = false;
    markStable();
  }
  // White background, so the exported PNG is not transparent.
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // ------------------------------------------------------------------ filters (toggles, dates)

  function inRange(assertion) {
    return !range || !assertion.day || (assertion.day >= range.from && assertion.day <= range.to);
  }

  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [], shownNodes = 0, shownEdges = 0, hiddenNode = {};
    nodes.forEach(function (n) {
      var hidden = hiddenLabels.has(n.ntype);
      hiddenNode[n.id] = hidden;
      if (!hidden) shownNodes++;
      if (Boolean(n.hidden) !== hidden) nodeUpdates.push({ id: n.id, hidden: hidden });
    });
    edges.forEach(function (e) {
      var count = e.assertions.filter(inRange).length;
      var hidden = count === 0 || hiddenRelations.has(e.rtype) || hiddenNode[e.from] || hiddenNode[e.to];
      if (!hidden) shownEdges++;
      var value = Math.max(count, 1);  // a hidden edge keeps a valid width
      if (Boolean(e.hidden) !== hidden || e.value !== value) edgeUpdates.push({ id: e.id, hidden: hidden, value: value });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    var total = data.counts;
    document.getElementById("summary").textContent =
      (shownNodes === total.nodes && shownEdges === total.edges)
        ? plural(total.nodes, "entity", "entities") + " · " + plural(total.edges, "relation") +
          " (" + plural(total.assertions, "assertion") + ")"
        : "showing " + shownNodes + " of " + total.nodes + " entities, " + shownEdges + " of " +
          total.edges + " relations";
  }

  // Legend swatches drawn like vis-network's shapes (14x14 SVG).
  var SHAPES = {
    dot: ["circle", { cx: 7, cy: 7, r: 6 }],
    square: ["rect", { x: 1.5, y: 1.5, width: 11, height: 11 }],
    box: ["rect", { x: 1, y: 3, width: 12, height: 8, rx: 2 }],
    triangle: ["polygon", { points: "7,1 13,13 1,13" }],
    diamond: ["polygon", { points: "7,0.5 13.5,7 7,13.5 0.5,7" }],
    hexagon: ["polygon", { points: "7,0.5 12.6,3.7 12.6,10.3 7,13.5 1.4,10.3 1.4,3.7" }],
    star: ["polygon", { points: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5" }]
  };

  function shapeSwatch(shape, color) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    var spec = SHAPES[shape] || SHAPES.dot;
    var mark = document.createElementNS(ns, spec[0]);
    Object.keys(spec[1]).forEach(function (name) { mark.setAttribute(name, String(spec[1][name])); });
    mark.setAttribute("fill", color);
    svg.appendChild(mark);
    return svg;
  }

  function legendRow(kind, row, swatch) {
    var box = el("input", { type: "checkbox", id: "toggle-" + kind + "-" + row.name, "data-kind": kind,
      "data-name": row.name });
    box.checked = true;
    box.addEventListener("change", function () {
      var set = kind === "label" ? hiddenLabels : hiddenRelations;
      if (box.checked) set.delete(row.name); else set.add(row.name);
      applyFilters();
    });
    var label = el("label", { title: row.description }, [box, swatch, el("span", { text: row.name }),
      el("span", { class: "count", text: "(" + row.count + ")" })]);
    return el("li", { class: row.count ? "" : "absent" }, [label]);
  }

  var labelList = document.getElementById("legend-labels");
  data.legend.labels.forEach(function (row) {
    labelList.appendChild(legendRow("label", row, shapeSwatch(row.shape, row.color)));
  });
  var relationBox = document.getElementById("legend-relations");
  var byCategory = {};
  data.legend.relations.forEach(function (row) { (byCategory[row.category] = byCategory[row.category] || []).push(row); });
  Object.keys(byCategory).forEach(function (category) {
    var list = el("ul", { class: "legend" });
    byCategory[category].forEach(function (row) {
      var line = el("span", { class: "swatch-line" });
      line.style.background = row.color;
      list.appendChild(legendRow("relation", row, line));
    });
    relationBox.appendChild(el("h3", { text: category }));
    relationBox.appendChild(list);
  });

  var fromInput = document.getElementById("date-from");
  var toInput = document.getElementById("date-to");
  if (range && data.dates.min === data.dates.max) {  // one day: nothing to slide
    document.getElementById("date-filter").replaceChildren(
      el("p", { class: "hint", text: "Every dated assertion is from " + data.dates.min + "." }));
    applyFilters();
  } else if (range) {
    var first = dayNumber(data.dates.min), last = dayNumber(data.dates.max);
    [fromInput, toInput].forEach(function (input) { input.min = 0; input.max = last - first; });
    fromInput.value = 0;
    toInput.value = last - first;
    var onDates = function (event) {
      var a = +fromInput.value, b = +toInput.value;
      if (a > b) { if (event && event.target === fromInput) toInput.value = a; else fromInput.value = b; }
      range = { from: isoDay(first + +fromInput.value), to: isoDay(first + +toInput.value) };
      document.getElementById("date-from-label").textContent = range.from;
      document.getElementById("date-to-label").textContent = range.to;
      applyFilters();
    };
    fromInput.addEventListener("input", onDates);
    toInput.addEventListener("input", onDates);
    onDates();
  } else {
    document.getElementById("dates-section").hidden = true;
    applyFilters();
  }

  // ------------------------------------------------------------------ highlight and panel

  function highlight(nodeIds, edgeIds) {
    var all = nodeIds === null;
    nodes.update(nodes.map(function (n) {
      var on = all || nodeIds.has(n.id);
      return { id: n.id, color: on ? n.baseColor : DIM_NODE, font: { color: on ? FONT : DIM_FONT } };
    }));
    edges.update(edges.map(function (e) {
      return { id: e.id, color: all || edgeIds.has(e.id) ? e.baseColor : DIM_EDGE };
    }));
  }

  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function openPanel(children) {
    panelBody.replaceChildren.apply(panelBody, children);
    panel.hidden = false;
  }

  function closePanel() {
    panel.hidden = true;
    api.selected = null;
    network.unselectAll();
    highlight(null, null);
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);

  function definitionList(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") return;
      var value = Array.isArray(pair[1]) ? pair[1].join(", ") :
        (typeof pair[1] === "object" ? JSON.stringify(pair[1]) : String(pair[1]));
      dl.appendChild(el("dt", { text: pair[0] }));
      dl.appendChild(el("dd", { text: value }));
    });
    return dl;
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    api.selected = { kind: "node", id: id };
    var pairs = [["aliases", n.aliases]];
    Object.keys(n.props || {}).sort().forEach(function (k) { pairs.push([k, n.props[k]]); });
    var connected = edges.get(network.getConnectedEdges(id)).sort(function (a, b) { return b.total - a.total; });
    var list = el("ul", { class: "relations" });
    connected.slice(0, 200).forEach(function (e) {
      var text = names[e.from] + " " + e.rtype + " " + names[e.to] + " (" + e.total + ")";
      var link = el("a", { href: "#", role: "button", text: text });
      link.addEventListener("click", function (event) { event.preventDefault(); selectEdgeById(e.id); });
      list.appendChild(el("li", {}, [link]));
    });
    if (connected.length > 200) list.appendChild(el("li", { text: "… and " + (connected.length - 200) + " more" }));
    openPanel([
      el("h2", { text: n.label }),
      el("p", { class: "kind", text: n.ntype + " · " + n.id }),
      definitionList(pairs),
      el("h3", { text: "Relations (" + connected.length + ")" }),
      list
    ]);
    var around = new Set(network.getConnectedNodes(id).concat([id]));
    highlight(around, new Set(connected.map(function (e) { return e.id; })));
  }

  function evidenceBlock(a) {
    var article = data.articles[a.article] || {};
    var meta = el("div", { class: "meta" });
    var add = function (node) { if (meta.childNodes.length) meta.appendChild(document.createTextNode(" · ")); meta.appendChild(node); };
    if (a.date) add(el("span", { text: String(a.date) }));
    if (a.article || article.title) {
      var url = safeUrl(article.url);
      var title = article.title || a.article;
      add(url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: title })
              : el("span", { class: "article", text: title }));
    }
    if (article.source) add(el("span", { text: article.source }));
    if (article.published && String(article.published).slice(0, 10) !== String(a.date || "").slice(0, 10)) {
      add(el("span", { text: "published " + String(article.published).slice(0, 10) }));
    }
    if (a.confidence !== undefined) add(el("span", { text: "confidence " + Number(a.confidence).toFixed(2) }));
    if (a.rule) add(el("span", { text: "rule " + a.rule }));
    var flags = el("div");
    if (a.negated) flags.appendChild(el("span", { class: "flag", text: "negated" }));
    if (a.hedged) flags.appendChild(el("span", { class: "flag", text: "hedged" }));
    if (a.section && a.section !== "body") flags.appendChild(el("span", { class: "flag", text: a.section }));
    if (a.role) flags.appendChild(el("span", { class: "flag", text: "role: " + a.role }));
    return el("div", { class: "evidence" + (inRange(a) ? "" : " out-of-range") }, [
      el("blockquote", { text: a.evidence || "(no evidence sentence stored)" }),
      meta,
      flags.childNodes.length ? flags : null
    ]);
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    api.selected = { kind: "edge", id: id };
    var shown = e.assertions.filter(inRange).length;
    var relation = data.legend.relations.filter(function (r) { return r.name === e.rtype; })[0];
    openPanel([
      el("h2", { text: names[e.from] + " → " + names[e.to] }),
      el("p", { class: "kind", text: e.rtype + " · " + plural(e.total, "assertion") +
        (shown !== e.total ? " (" + shown + " in the date range)" : "") }),
      relation ? el("p", { class: "hint", text: relation.description }) : null,
      el("h3", { text: "Evidence" })
    ].concat(e.assertions.map(evidenceBlock)).filter(Boolean));
    highlight(new Set([e.from, e.to]), new Set([id]));
  }

  function selectEdgeById(id) {
    if (!edges.get(id)) return false;
    network.selectEdges([id]);
    showEdge(id);
    return true;
  }

  network.on("animationFinished", function () { api.moving = false; });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else closePanel();
  });

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) return false;
    if (hiddenLabels.has(n.ntype)) {  // a search hit of a hidden type turns its type back on
      hiddenLabels.delete(n.ntype);
      document.getElementById("toggle-label-" + n.ntype).checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    showNode(id);
    // Centre the node in the part of the graph the panel leaves visible.
    api.moving = true;
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: -panel.offsetWidth / 2, y: 0 },
      animation: { duration: 300 } });
    return true;
  }

  // ------------------------------------------------------------------ search (search.js)

  var search = window.geokgSearch.attach(document.getElementById("search"), document.getElementById("search-results"),
    data.nodes, focusNode);

  // ------------------------------------------------------------------ buttons

  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("export-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    canvas.toBlob(function (blob) {
      var url = URL.createObjectURL(blob);
      var name = window.geokgSearch.fold(data.title).replace(/[^a-z0-9]+/g, "-") || "graph";
      var link = el("a", { href: url, download: name + ".png" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }, "image/png");
  });

  // ------------------------------------------------------------------ test and scripting hook

  api.focus = focusNode;
  api.search = search;
  api.selectEdge = function (source, type, target) { return selectEdgeById(source + "|" + type + "|" + target); };
  /** Viewport coordinates of a point on the edge where a click hits that edge and no node. */
  api.edgePoint = function (id) {
    var edge = network.body.edges[id];
    if (!edge) return null;
    var rect = container.getBoundingClientRect();
    var steps = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75];
    for (var i = 0; i < steps.length; i++) {
      var dom = network.canvasToDOM(edge.edgeType.getPoint(steps[i]));
      var x = rect.left + dom.x, y = rect.top + dom.y;
      if (network.getEdgeAt(dom) === id && network.getNodeAt(dom) === undefined &&
          container.contains(document.elementFromPoint(x, y))) {
        return { x: x, y: y };
      }
    }
    return null;
  };
  api.nodePoint = function (id) {
    var rect = container.getBoundingClientRect();
    var dom = network.canvasToDOM(network.getPositions([id])[id]);
    return { x: rect.left + dom.x, y: rect.top + dom.y };
  };
})();
