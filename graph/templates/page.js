/* ckg network page. Every text from the graph reaches the DOM through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ckg-data").textContent);
  var STYLE = data.style;
  var nodesData = data.nodes, edgesData = data.edges, claims = data.claims;
  var articles = data.articles, relations = data.relations;
  var PANEL_LIMIT = 150;
  var CLAIMANT_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                         "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "className") { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
      });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function byId(id) { return document.getElementById(id); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function fmtNumber(q) { return typeof q === "number" ? q.toLocaleString("en-US") : ""; }
  function fmtShort(q) {
    var units = [[1e9, "B"], [1e6, "M"], [1e4, "k"]];
    for (var u = 0; u < units.length; u += 1) {
      if (Math.abs(q) >= units[u][0]) { return Number((q / units[u][0]).toPrecision(3)) + units[u][1]; }
    }
    return fmtNumber(q);
  }

  /* ---- the network ------------------------------------------------------------------ */

  /* Class styles are vis groups and edge styles global options, so the items stay small
     (vis deep-copies every item's options; 5,000 nodes notice). */
  var groups = {};
  Object.keys(STYLE.classes).forEach(function (cls) {
    var st = STYLE.classes[cls];
    groups[cls] = { shape: st.shape,
                    color: { background: st.color, border: "#2b2b2b",
                             highlight: { background: st.color, border: "#000" },
                             hover: { background: st.color, border: "#000" } } };
  });
  var visNodes = nodesData.map(function (n, i) {
    return { id: i, label: n.label, x: n.x, y: n.y, group: n.cls, size: n.size };
  });
  function edgeColor(status) { return STYLE.status[status] || "#888"; }
  var visEdges = edgesData.map(function (e, i) {
    var item = { id: "t" + i, from: e.from, to: e.to, width: e.width, color: edgeColor(e.st) };
    if (e.label) { item.label = e.label; }
    if (e.curve) {
      item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW",
                      roundness: Math.abs(e.curve) };
    }
    return item;
  });
  /* Affiliation and located-in links: thin, grey, dashed, no arrow (their direction is
     plain from the classes at either end). */
  relations.forEach(function (r, i) {
    visEdges.push({ id: "r" + i, from: r.from, to: r.to, width: 0.6, dashes: [3, 4],
                    color: "#b9b9b9", arrows: "" });
  });

  var claimEdge = claims.map(function () { return -1; });
  edgesData.forEach(function (e, k) { e.claims.forEach(function (c) { claimEdge[c] = k; }); });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var big = data.big;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 300,
                   multiselect: false, navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1, font: { size: 14, face: "system-ui, DejaVu Sans, sans-serif", color: "#1d1d1d",
                                     strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 6, maxVisible: 26 } } },
    groups: groups,
    /* No edge opacity: vis would convert every colour to rgba on every frame. */
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5,
             arrows: { to: { enabled: !big, scaleFactor: 0.7 } },
             font: { size: 10, color: "#444", strokeWidth: 3, strokeColor: "#fff", align: "horizontal" } }
  };
  var container = byId("ckg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.ckgNetwork = network;
  window.ckgNodeCount = visNodes.length;
  window.ckgEdgeCount = visEdges.length;
  /* Big graphs start zoomed out, where arrow heads are specks that cost a third of the
     first frame: they appear once the user zooms in. */
  var arrowsOn = !big;
  function checkArrows() {
    var want = network.getScale() > 0.35;
    if (want !== arrowsOn) {
      arrowsOn = want;
      network.setOptions({ edges: { arrows: { to: { enabled: want, scaleFactor: 0.7 } } } });
    }
  }
  if (big) {
    network.on("zoom", checkArrows);
    network.on("animationFinished", checkArrows);
  }
  network.once("afterDrawing", function () {
    window.ckgReadyAt = performance.now();
    window.ckgReady = true;
  });

  /* ---- filters ---------------------------------------------------------------------- */

  var classBoxes = {}, statusBoxes = {};
  function legendRow(parent, swatchClass, color, text, count, boxes, key) {
    var label = el("label", { className: "check" });
    var box = el("input", { type: "checkbox" });
    box.checked = true;
    box.addEventListener("change", applyFilters);
    boxes[key] = box;
    var sw = el("span", { className: "swatch " + swatchClass });
    sw.style.background = color;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(document.createTextNode(text + " "));
    label.appendChild(el("span", { className: "count" }, "(" + count + ")"));
    parent.appendChild(label);
  }
  var classCounts = {};
  nodesData.forEach(function (n) { classCounts[n.cls] = (classCounts[n.cls] || 0) + 1; });
  data.classes.forEach(function (cls) {
    var st = STYLE.classes[cls] || STYLE.classes.Other;
    legendRow(byId("ckg-classes"), st.shape === "dot" ? "dot" : st.shape, st.color,
              cls.replace(/([a-z])([A-Z])/g, "$1 $2"), classCounts[cls] || 0, classBoxes, cls);
  });
  var statusCounts = {};
  claims.forEach(function (c) { statusCounts[c.st] = (statusCounts[c.st] || 0) + 1; });
  data.statusOrder.forEach(function (status) {
    legendRow(byId("ckg-statuses"), "line", STYLE.status[status], status,
              statusCounts[status] || 0, statusBoxes, status);
  });
  function addOptions(select, items) {
    items.forEach(function (item) {
      var option = el("option", { value: String(item[0]) }, item[1]);
      select.appendChild(option);
    });
  }
  addOptions(byId("ckg-category"), data.categories.map(function (c) { return [c, c]; }));
  var claimantSet = {};
  claims.forEach(function (c) { c.by.forEach(function (b) { claimantSet[b] = true; }); });
  addOptions(byId("ckg-claimant"), Object.keys(claimantSet).map(Number).sort(function (a, b) {
    return nodesData[a].label.localeCompare(nodesData[b].label);
  }).map(function (i) { return [i, nodesData[i].label]; }));
  addOptions(byId("ckg-article"), articles.map(function (a, i) {
    return [i, (a.title || a.file || "article " + (i + 1)) + (a.date ? " (" + a.date + ")" : "")];
  }));
  ["ckg-category", "ckg-claimant", "ckg-article", "ckg-relations", "ckg-isolated"].forEach(function (id) {
    byId(id).addEventListener("change", applyFilters);
  });
  byId("ckg-reset").addEventListener("click", function () {
    Object.keys(classBoxes).forEach(function (k) { classBoxes[k].checked = true; });
    Object.keys(statusBoxes).forEach(function (k) { statusBoxes[k].checked = true; });
    ["ckg-category", "ckg-claimant", "ckg-article"].forEach(function (id) { byId(id).value = ""; });
    byId("ckg-relations").checked = true;
    byId("ckg-isolated").checked = false;
    focus = null;
    applyFilters();
  });

  var claimPasses = claims.map(function () { return true; });
  var nodeHidden = nodesData.map(function () { return false; });
  var edgeHidden = {};
  var focus = null;  /* when set: the only entities shown (one entity and its neighbours) */
  function neighbourhood(i) {
    var keep = {};
    keep[i] = true;
    edgesData.forEach(function (e) {
      if (e.from === i || e.to === i) { keep[e.from] = true; keep[e.to] = true; }
    });
    relations.forEach(function (r) {
      if (r.from === i || r.to === i) { keep[r.from] = true; keep[r.to] = true; }
    });
    claims.forEach(function (c) {
      if (c.s === i || c.r === i || c.by.indexOf(i) >= 0) {
        keep[c.s] = true; keep[c.r] = true;
        c.by.forEach(function (b) { keep[b] = true; });
      }
    });
    return keep;
  }
  function focusOn(i) {
    focus = neighbourhood(i);
    applyFilters();
    network.fit({ nodes: Object.keys(focus).map(Number), animation: { duration: 300 } });
  }
  function currentFilter() {
    return {
      category: byId("ckg-category").value,
      claimant: byId("ckg-claimant").value === "" ? -1 : Number(byId("ckg-claimant").value),
      article: byId("ckg-article").value === "" ? -1 : Number(byId("ckg-article").value)
    };
  }
  function applyFilters() {
    var f = currentFilter();
    /* Status boxes hide edges only; the selects also hide the entities they leave out. */
    var claimFilter = f.category !== "" || f.claimant >= 0 || f.article >= 0 ||
                      byId("ckg-isolated").checked;
    var involved = nodesData.map(function () { return false; });
    claims.forEach(function (c, i) {
      var ok = (!statusBoxes[c.st] || statusBoxes[c.st].checked) &&
               (f.category === "" || c.cat === f.category) &&
               (f.claimant < 0 || c.by.indexOf(f.claimant) >= 0) &&
               (f.article < 0 || c.a === f.article);
      claimPasses[i] = ok;
      if (ok) {
        involved[c.s] = true; involved[c.r] = true;
        c.by.forEach(function (b) { involved[b] = true; });
      }
    });
    var nodeUpdates = [], shown = 0;
    nodesData.forEach(function (n, i) {
      var hide = (classBoxes[n.cls] && !classBoxes[n.cls].checked) || (claimFilter && !involved[i]) ||
                 (focus !== null && !focus[i]);
      if (hide !== nodeHidden[i]) { nodeHidden[i] = hide; nodeUpdates.push({ id: i, hidden: hide }); }
      if (!hide) { shown += 1; }
    });
    var edgeUpdates = [], shownEdges = 0;
    edgesData.forEach(function (e, i) {
      var count = 0;
      e.claims.forEach(function (c) { if (claimPasses[c]) { count += 1; } });
      var hide = count === 0 || nodeHidden[e.from] || nodeHidden[e.to];
      var id = "t" + i;
      if (hide !== !!edgeHidden[id]) { edgeHidden[id] = hide; edgeUpdates.push({ id: id, hidden: hide }); }
      if (!hide) { shownEdges += 1; }
    });
    var showRelations = byId("ckg-relations").checked;
    relations.forEach(function (r, i) {
      var hide = !showRelations || nodeHidden[r.from] || nodeHidden[r.to];
      var id = "r" + i;
      if (hide !== !!edgeHidden[id]) { edgeHidden[id] = hide; edgeUpdates.push({ id: id, hidden: hide }); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    byId("ckg-shown").textContent = (shown === nodesData.length && shownEdges === edgesData.length)
      ? "" : "showing " + shown + " entities, " + shownEdges + " transfer edges";
  }

  /* ---- search ----------------------------------------------------------------------- */

  var search = byId("ckg-search"), results = byId("ckg-results");
  var haystack = nodesData.map(function (n) {
    return [n.label].concat(n.alt || []).join("\n").toLowerCase();
  });
  function searchMatches(query) {
    var q = query.trim().toLowerCase(), found = [];
    if (!q) { return found; }
    for (var i = 0; i < nodesData.length && found.length < 20; i += 1) {
      if (haystack[i].indexOf(q) >= 0) { found.push(i); }
    }
    found.sort(function (a, b) {
      var pa = nodesData[a].label.toLowerCase().indexOf(q) === 0 ? 0 : 1;
      var pb = nodesData[b].label.toLowerCase().indexOf(q) === 0 ? 0 : 1;
      return pa - pb || nodesData[b].n - nodesData[a].n || nodesData[a].label.localeCompare(nodesData[b].label);
    });
    return found;
  }
  search.addEventListener("input", function () {
    clear(results);
    var found = searchMatches(search.value);
    found.forEach(function (i) {
      var li = el("li");
      var button = el("button", { type: "button" }, nodesData[i].label);
      button.appendChild(el("span", { className: "cls" }, nodesData[i].cls));
      button.addEventListener("click", function () { selectNode(i, true); results.hidden = true; });
      li.appendChild(button);
      results.appendChild(li);
    });
    if (search.value.trim() && !found.length) { results.appendChild(el("li", { className: "hint" }, "No entity matches.")); }
    results.hidden = !search.value.trim();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = searchMatches(search.value);
      if (found.length) { selectNode(found[0], true); results.hidden = true; }
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });

  /* ---- side panel ------------------------------------------------------------------- */

  var panel = byId("ckg-panel");
  function statusBadge(status) {
    var badge = el("span", { className: "badge" }, status);
    badge.style.background = edgeColor(status);
    return badge;
  }
  function claimantNames(c) {
    return c.byl.length ? c.byl.join(", ") : "no claimant named";
  }
  function amount(c) {
    var parts = [];
    if (c.qual) { parts.push(c.qual); }
    if (typeof c.q === "number") { parts.push(fmtNumber(c.q)); }
    if (c.unit) { parts.push(c.unit); }
    return parts.length ? parts.join(" ") : "no number given";
  }
  var openEdge = -1;
  function claimCard(ci) {
    var c = claims[ci];
    var card = el("div", { className: "claim" });
    card.style.borderLeftColor = edgeColor(c.st);
    var head = el("div", { className: "head" });
    if (claimEdge[ci] >= 0 && claimEdge[ci] !== openEdge) {
      head.className = "head link";
      head.title = "Show this transfer edge and its timeline";
      head.addEventListener("click", function () { selectEdge(claimEdge[ci], true); });
    }
    head.appendChild(statusBadge(c.st));
    head.appendChild(document.createTextNode(" " + nodesData[c.s].label + " → " + nodesData[c.r].label +
                                             ": " + c.cat + ", " + amount(c)));
    card.appendChild(head);
    card.appendChild(el("div", { className: "meta" }, "Claimed by: " + claimantNames(c)));
    var when = c.date ? "Transfer date: " + c.date : (c.when ? "Article date: " + c.when : "No date given");
    card.appendChild(el("div", { className: "meta" }, when + (c.dest ? " · destination: " + c.dest : "")));
    if (c.ev) { card.appendChild(el("blockquote", null, c.ev)); }
    var a = articles[c.a];
    if (a) {
      var src = el("div", { className: "src" });
      src.appendChild(document.createTextNode("Article: " + (a.title || "(untitled)") +
        (a.file ? " — " + a.file : "") + (a.date ? " — " + a.date : "") + (a.byline ? " — " + a.byline : "")));
      if (a.url && /^https?:\/\//i.test(a.url)) {
        src.appendChild(document.createTextNode(" "));
        var link = el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer" }, "open");
        src.appendChild(link);
      }
      card.appendChild(src);
    }
    return card;
  }
  function claimList(parent, list) {
    var shown = 0;
    function more() {
      var stop = Math.min(list.length, shown + PANEL_LIMIT);
      for (; shown < stop; shown += 1) { parent.insertBefore(claimCard(list[shown]), button); }
      if (shown >= list.length) { button.remove(); } else { button.textContent = "Show " + Math.min(PANEL_LIMIT, list.length - shown) + " more of " + (list.length - shown); }
    }
    var button = el("button", { type: "button", className: "more" });
    button.addEventListener("click", more);
    parent.appendChild(button);
    more();
  }
  function linkRow(parent, text, onClick) {
    var button = el("button", { type: "button", className: "linkrow" }, text);
    button.addEventListener("click", onClick);
    parent.appendChild(button);
  }

  function showNode(i) {
    var n = nodesData[i];
    openEdge = -1;
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    var meta = el("div", { className: "meta" });
    var st = STYLE.classes[n.cls] || STYLE.classes.Other;
    var badge = el("span", { className: "badge" }, n.cls);
    badge.style.background = st.color;
    meta.appendChild(badge);
    if (n.role) { meta.appendChild(document.createTextNode(" " + n.role)); }
    panel.appendChild(meta);
    if (n.aff && n.aff.length) { panel.appendChild(el("div", { className: "meta" }, "Affiliation: " + n.aff.join(", "))); }
    if (n.alt && n.alt.length) { panel.appendChild(el("div", { className: "meta" }, "Also called: " + n.alt.join(", "))); }
    if (n.wd && /^http:\/\/www\.wikidata\.org\/entity\/[QPL][0-9]+$/.test(n.wd)) {
      var wd = el("div", { className: "meta" }, "Wikidata: ");
      wd.appendChild(el("a", { href: n.wd.replace("http://", "https://"), target: "_blank", rel: "noopener noreferrer" },
                        n.wd.split("/").pop()));
      panel.appendChild(wd);
    }
    panel.appendChild(el("div", { className: "meta" }, n.id));
    var only = el("button", { type: "button", className: "more", id: "ckg-focus" },
                  "Show only " + n.label + " and its links");
    only.addEventListener("click", function () { focusOn(i); });
    panel.appendChild(only);
    var linked = [];
    edgesData.forEach(function (e, k) { if (e.from === i || e.to === i) { linked.push(k); } });
    if (linked.length) {
      panel.appendChild(el("h3", null, "Transfers (" + linked.length + ")"));
      linked.forEach(function (k) {
        var e = edgesData[k];
        linkRow(panel, nodesData[e.from].label + " → " + nodesData[e.to].label + ": " + e.cat +
                " · " + e.claims.length + (e.claims.length === 1 ? " claim" : " claims"),
                function () { selectEdge(k, true); });
      });
    }
    var list = [];
    claims.forEach(function (c, k) { if (c.s === i || c.r === i || c.by.indexOf(i) >= 0) { list.push(k); } });
    panel.appendChild(el("h3", null, list.length ? "Claims (" + list.length + ")" : "No transfer claims involve this entity."));
    claimList(panel, list);
  }

  function showEdge(k) {
    var e = edgesData[k];
    openEdge = k;
    clear(panel);
    panel.appendChild(el("h2", null, nodesData[e.from].label + " → " + nodesData[e.to].label));
    var meta = el("div", { className: "meta" }, e.cat + " · " + e.claims.length + (e.claims.length === 1 ? " claim · " : " claims · "));
    meta.appendChild(statusBadge(e.st));
    panel.appendChild(meta);
    var pair = [];
    edgesData.forEach(function (other, j) {
      if (j !== k && other.from === e.from && other.to === e.to) { pair.push(j); }
    });
    if (pair.length) {
      panel.appendChild(el("h3", null, "Other categories for this pair"));
      pair.forEach(function (j) {
        linkRow(panel, edgesData[j].cat + " · " + plural(edgesData[j].claims.length, "claim"), function () { selectEdge(j, true); });
      });
    }
    panel.appendChild(el("h3", null, "Timeline"));
    timeline(panel, e.claims);
    panel.appendChild(el("h3", null, "Claims (" + e.claims.length + ")"));
    claimList(panel, e.claims);
  }

  function showRelation(i) {
    var r = relations[i];
    clear(panel);
    panel.appendChild(el("h2", null, nodesData[r.from].label + " — " + r.kind + " → " + nodesData[r.to].label));
    linkRow(panel, nodesData[r.from].label, function () { selectNode(r.from, true); });
    linkRow(panel, nodesData[r.to].label, function () { selectNode(r.to, true); });
  }

  /* ---- timeline: quantity over time, one colour per claimant ------------------------ */

  function dayNumber(text) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!m) { return null; }
    return Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 6, m[3] ? Number(m[3]) : (m[2] ? 15 : 1)) / 86400000;
  }
  function timeline(parent, list) {
    var points = [], skipped = 0;
    list.forEach(function (ci) {
      var c = claims[ci];
      if (typeof c.q !== "number") { skipped += 1; return; }
      points.push({ d: dayNumber(c.when), q: c.q, c: c, who: c.byl.join(", ") });
    });
    if (!points.length) {
      parent.appendChild(el("p", { className: "note" }, "No claim here gives a number."));
      return;
    }
    var dated = points.filter(function (p) { return p.d !== null; });
    var undated = points.length - dated.length;
    var W = 350, H = 170, L = 52, R = undated ? 58 : 10, T = 10, B = 26;
    var days = dated.map(function (p) { return p.d; });
    var d0 = days.length ? Math.min.apply(null, days) : 0;
    var d1 = days.length ? Math.max.apply(null, days) : 1;
    var qmax = Math.max.apply(null, points.map(function (p) { return p.q; }));
    if (d1 === d0) { d0 -= 15; d1 += 15; }
    if (qmax <= 0) { qmax = 1; }
    function X(d) {
      return d === null ? W - R / 2 : L + 10 + (d - d0) / (d1 - d0) * (W - L - R - 20);
    }
    function Y(q) { return H - B - q / qmax * (H - T - B - 8); }
    var chart = svg("svg", { "class": "timeline", width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" });
    chart.appendChild(svg("title", {}, "Claimed quantity over time, one colour per claimant"));
    chart.appendChild(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#999" }));
    chart.appendChild(svg("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#999" }));
    chart.appendChild(svg("text", { x: L - 4, y: Y(qmax) + 4, "text-anchor": "end" }, fmtShort(qmax)));
    chart.appendChild(svg("text", { x: L - 4, y: H - B, "text-anchor": "end" }, "0"));
    function dateText(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }
    if (days.length) {
      chart.appendChild(svg("text", { x: X(d0), y: H - 8, "text-anchor": "start" }, dateText(d0)));
      if (d1 - d0 > 30 || days.length > 1) {
        chart.appendChild(svg("text", { x: X(d1), y: H - 8, "text-anchor": "end" }, dateText(d1)));
      }
    }
    if (undated) {
      chart.appendChild(svg("line", { x1: W - R + 4, y1: T, x2: W - R + 4, y2: H - B, stroke: "#ddd",
                                      "stroke-dasharray": "3 3" }));
      chart.appendChild(svg("text", { x: W - R / 2, y: H - 8, "text-anchor": "middle" }, "no date"));
    }
    var who = [];
    points.forEach(function (p) { if (who.indexOf(p.who) < 0) { who.push(p.who); } });
    who.sort();
    function colorOf(w) { return w === "" ? "#999" : CLAIMANT_COLORS[who.indexOf(w) % CLAIMANT_COLORS.length]; }
    who.forEach(function (w) {
      var mine = points.filter(function (p) { return p.who === w; });
      var line = mine.filter(function (p) { return p.d !== null; }).sort(function (a, b) { return a.d - b.d; });
      if (line.length > 1) {
        chart.appendChild(svg("polyline", { fill: "none", stroke: colorOf(w), "stroke-width": 1.5, "stroke-opacity": 0.7,
          points: line.map(function (p) { return X(p.d).toFixed(1) + "," + Y(p.q).toFixed(1); }).join(" ") }));
      }
      mine.forEach(function (p) {
        var cx = X(p.d) + (p.d === null ? (who.indexOf(w) - (who.length - 1) / 2) * Math.min(6, 40 / who.length) : 0);
        var dot = svg("circle", { cx: cx.toFixed(1), cy: Y(p.q).toFixed(1), r: 4, fill: colorOf(w),
                                  stroke: edgeColor(p.c.st), "stroke-width": 2 });
        dot.appendChild(svg("title", {}, (w === "" ? "no claimant named" : w) + ": " + amount(p.c) +
                                            " (" + p.c.st + (p.c.when ? ", " + p.c.when : "") + ")"));
        chart.appendChild(dot);
      });
    });
    parent.appendChild(chart);
    var legend = el("div", { className: "tl-legend" });
    who.forEach(function (w) {
      var item = el("span");
      var sw = el("span", { className: "swatch dot" });
      sw.style.background = colorOf(w);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(w === "" ? "no claimant named" : w));
      legend.appendChild(item);
    });
    parent.appendChild(legend);
    if (skipped) { parent.appendChild(el("p", { className: "note" }, plural(skipped, "claim") + " without a number " + (skipped === 1 ? "is" : "are") + " listed below only.")); }
  }

  /* ---- selection -------------------------------------------------------------------- */

  function selectNode(i, focus) {
    if (nodeHidden[i]) { byId("ckg-reset").click(); }
    network.selectNodes([i]);
    if (focus) { network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } }); }
    showNode(i);
  }
  function selectEdge(k, focus) {
    network.selectEdges(["t" + k]);
    if (focus) { network.fit({ nodes: [edgesData[k].from, edgesData[k].to], animation: { duration: 300 } }); }
    showEdge(k);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); return; }
    if (params.edges.length) {
      var id = String(params.edges[0]);
      if (id.charAt(0) === "t") { showEdge(Number(id.slice(1))); } else { showRelation(Number(id.slice(1))); }
    }
  });
  window.ckgSelectNode = function (i) { selectNode(i, false); };
  window.ckgSelectEdge = function (k) { selectEdge(k, false); };
}());
