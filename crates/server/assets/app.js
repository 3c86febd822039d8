// vigie's page: quotes, event timeline, actor network, annotated article.
// Everything that comes from an article is inserted with textContent / createTextNode, never
// as markup. Spans from the API are UTF-8 byte offsets; they become JS string (UTF-16) offsets
// here, at the edge, with utf16Offsets().
"use strict";

const $ = (sel) => document.querySelector(sel);

/** Creates an element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/** For each UTF-8 byte offset of `text`, its UTF-16 offset (inner bytes map to the next char). */
function utf16Offsets(text) {
  const enc = new TextEncoder();
  const map = new Uint32Array(enc.encode(text).length + 1);
  let byte = 0;
  let unit = 0;
  for (const ch of text) {
    const n = enc.encode(ch).length;
    for (let i = 0; i < n; i++) map[byte + i] = i === 0 ? unit : unit + ch.length;
    byte += n;
    unit += ch.length;
  }
  map[byte] = unit;
  return (b) => map[Math.max(0, Math.min(b, map.length - 1))];
}

/** Words typed by a person to a safe FTS5 query: each word quoted, all required. */
function wordsQuery(q) {
  const words = (q || "").split(/[^\p{L}\p{N}'-]+/u).filter(Boolean).slice(0, 16);
  return words.map((w) => '"' + w.replace(/"/g, "") + '"').join(" ");
}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = path + (qs.toString() ? "?" + qs : "");
  const resp = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await resp.json();
  if (!resp.ok) throw new Error(body.error || resp.statusText);
  return body;
}

function status(msg, isError) {
  const s = $("#status");
  s.textContent = msg;
  s.className = isError ? "error" : "";
}

/** `text` with `[start, end)` (byte offsets relative to text) wrapped in <mark>. */
function highlighted(text, start, end) {
  const at = utf16Offsets(text);
  const a = at(start);
  const b = at(end);
  return [text.slice(0, a), el("mark", { class: "hl" }, text.slice(a, b)), text.slice(b)];
}

// CAMEO roots, for legends and colours.
const ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
  "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
  "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
  "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
  "19": "Fight", "20": "Use unconventional mass violence",
};
const rootColor = (root) => {
  const n = parseInt(root, 10);
  if (!(n >= 1 && n <= 20)) return "#98a2b3";
  // Cooperation in blues and greens, conflict in oranges and reds.
  return d3.interpolateRdYlBu(1 - (n - 1) / 19);
};

// ---------------------------------------------------------------- views

async function viewQuotes(q) {
  const data = await api("/api/quotes", { text: wordsQuery(q), limit: 200 });
  const view = $("#view");
  view.replaceChildren(el("h2", {}, q ? `Quotes matching “${q}”` : "Latest quotes"));
  for (const r of data.results) {
    const rel0 = r.span.start - r.context_start;
    const rel1 = r.span.end - r.context_start;
    view.appendChild(el("article", { class: "card quote", "data-article": r.article.id },
      el("div", { class: "head" },
        el("span", { class: "speaker" }, r.speaker || "(unattributed)"),
        r.via ? el("span", { class: "via" }, "via " + r.via) : null,
        el("span", { class: "date" }, r.article.date || "undated"),
        el("span", { class: "badge" }, r.kind + (r.cue ? " · " + r.cue : ""))),
      el("p", { class: "context" }, highlighted(r.context, rel0, rel1)),
      el("div", { class: "meta" },
        el("a", { href: `#/article/${r.article.id}?focus=quote-${r.index}` }, r.article.headline || r.article.doc_id),
        " · ", el("span", { class: "rule" }, r.rule))));
  }
  status(`${data.results.length} quote${data.results.length === 1 ? "" : "s"}` + (data.results.length === data.limit ? ` (first ${data.limit})` : ""));
}

function eventSide(code, name) {
  if (code && name) return `${name} [${code}]`;
  return code || name || "?";
}

function eventTable(rows) {
  return el("table", { class: "events" },
    el("thead", {}, el("tr", {}, ["date", "event", "source → target", "evidence", "rule"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((e) => el("tr", {},
      el("td", {}, e.date || ""),
      el("td", {}, el("span", { class: "badge" }, e.cameo), " ", e.label || ROOTS[e.root] || "", e.negated ? " (negated)" : ""),
      el("td", {}, eventSide(e.source, e.source_name), " → ", eventSide(e.target, e.target_name)),
      el("td", {}, highlighted(e.sentence, e.trigger_span.start - e.sentence_start, e.trigger_span.end - e.sentence_start),
        " ", el("a", { href: `#/article/${e.article.id}?focus=event-${e.index}` }, "article")),
      el("td", { class: "rule" }, e.rule)))));
}

function legend(roots) {
  return el("div", { class: "legend" }, [...roots].sort().map((r) =>
    el("span", {}, el("i", { style: null, "data-root": r }), `${r} ${ROOTS[r] || ""}`)));
}

function colourLegend(node) {
  node.querySelectorAll("i[data-root]").forEach((i) => { i.style.background = rootColor(i.dataset.root); });
}

function parseDate(s) {
  if (!s) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(s);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1));
}

async function viewTimeline(q) {
  const data = await api("/api/events", { text: wordsQuery(q), limit: 1000 });
  const rows = data.results;
  const view = $("#view");
  view.replaceChildren(el("h2", {}, "Event timeline" + (q ? ` — “${q}”` : "")));
  const dated = rows.map((e) => ({ e, t: parseDate(e.date) })).filter((d) => d.t);
  const chart = el("div", { class: "chart", id: "timeline" });
  view.appendChild(chart);
  const roots = new Set(rows.map((e) => e.root));
  const lg = legend(roots);
  view.appendChild(lg);
  colourLegend(lg);
  view.appendChild(eventTable(rows));
  const W = 1100, H = 320, M = { l: 40, r: 20, t: 16, b: 30 };
  const svg = d3.select(chart).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("width", "100%");
  if (dated.length) {
    let [t0, t1] = d3.extent(dated, (d) => d.t);
    if (+t0 === +t1) { t0 = d3.timeDay.offset(t0, -3); t1 = d3.timeDay.offset(t1, 3); }
    const x = d3.scaleUtc().domain([t0, t1]).range([M.l, W - M.r]).nice();
    const y = d3.scaleBand().domain([...roots].sort()).range([M.t, H - M.b]).padding(0.2);
    svg.append("g").attr("transform", `translate(0,${H - M.b})`).call(d3.axisBottom(x).ticks(8));
    svg.append("g").attr("transform", `translate(${M.l},0)`).call(d3.axisLeft(y));
    // Events of the same day and root are stacked a little so each stays visible.
    const seen = new Map();
    svg.append("g").selectAll("circle").data(dated).join("circle")
      .attr("cx", (d) => x(d.t))
      .attr("cy", (d) => {
        const k = d.e.root + "|" + (+d.t);
        const n = seen.get(k) || 0;
        seen.set(k, n + 1);
        return y(d.e.root) + y.bandwidth() / 2 + ((n % 5) - 2) * 4;
      })
      .attr("r", 6).attr("fill", (d) => rootColor(d.e.root)).attr("stroke", "#1d232a").attr("stroke-width", 0.5)
      .style("cursor", "pointer")
      .on("click", (_, d) => { location.hash = `#/article/${d.e.article.id}?focus=event-${d.e.index}`; })
      .append("title").text((d) => `${d.e.date} ${d.e.cameo} ${d.e.label || ""}: ${eventSide(d.e.source, d.e.source_name)} → ${eventSide(d.e.target, d.e.target_name)}`);
  } else {
    svg.append("text").attr("x", W / 2).attr("y", H / 2).attr("text-anchor", "middle").text("no dated events");
  }
  status(`${rows.length} event${rows.length === 1 ? "" : "s"}, ${dated.length} dated`);
}

async function viewNetwork(q) {
  const data = await api("/api/events", { text: wordsQuery(q), limit: 1000 });
  const view = $("#view");
  view.replaceChildren(el("h2", {}, "Actor network" + (q ? ` — “${q}”` : "")));
  const nodes = new Map();
  const links = [];
  const key = (code, name) => code || name;
  for (const e of data.results) {
    const s = key(e.source, e.source_name);
    const t = key(e.target, e.target_name);
    if (!s || !t) continue;
    for (const [k, name] of [[s, e.source_name], [t, e.target_name]]) {
      if (!nodes.has(k)) nodes.set(k, { id: k, names: new Set(), degree: 0 });
      const n = nodes.get(k);
      if (name) n.names.add(name);
      n.degree++;
    }
    links.push({ source: s, target: t, e });
  }
  const chart = el("div", { class: "chart", id: "network" });
  view.appendChild(chart);
  const roots = new Set(links.map((l) => l.e.root));
  const lg = legend(roots);
  view.appendChild(lg);
  colourLegend(lg);
  const W = 1100, H = 560;
  const svg = d3.select(chart).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("width", "100%");
  const ns = [...nodes.values()];
  if (ns.length) {
    const sim = d3.forceSimulation(ns)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(120))
      .force("charge", d3.forceManyBody().strength(-400))
      .force("center", d3.forceCenter(W / 2, H / 2))
      .force("collide", d3.forceCollide(30))
      .stop();
    // Lay out fully before drawing: the same data always gives the same picture.
    for (let i = 0; i < 300; i++) sim.tick();
    for (const n of ns) { n.x = Math.max(40, Math.min(W - 40, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y)); }
    // Parallel edges between the same pair are bent apart.
    const pairCount = new Map();
    svg.append("g").attr("fill", "none").selectAll("path").data(links).join("path")
      .attr("stroke", (l) => rootColor(l.e.root)).attr("stroke-width", 2.5).attr("opacity", 0.85)
      .attr("d", (l) => {
        const k = [l.source.id, l.target.id].sort().join("|");
        const n = pairCount.get(k) || 0;
        pairCount.set(k, n + 1);
        const mx = (l.source.x + l.target.x) / 2, my = (l.source.y + l.target.y) / 2;
        const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
        const off = (n % 2 ? -1 : 1) * Math.ceil(n / 2) * 18;
        const len = Math.hypot(dx, dy) || 1;
        return `M${l.source.x},${l.source.y} Q${mx - (dy / len) * off},${my + (dx / len) * off} ${l.target.x},${l.target.y}`;
      })
      .style("cursor", "pointer")
      .on("click", (_, l) => { location.hash = `#/article/${l.e.article.id}?focus=event-${l.e.index}`; })
      .append("title").text((l) => `${l.e.cameo} ${l.e.label || ROOTS[l.e.root] || ""}: ${l.source.id} → ${l.target.id} (${l.e.date || "undated"})`);
    const g = svg.append("g").selectAll("g").data(ns).join("g").attr("transform", (d) => `translate(${d.x},${d.y})`);
    g.append("circle").attr("r", (d) => 6 + Math.min(14, d.degree * 2)).attr("fill", "#16324f").attr("stroke", "#fff").attr("stroke-width", 1.5);
    g.append("text").attr("dy", -14).attr("text-anchor", "middle")
      .text((d) => d.id + (d.names.size && !d.names.has(d.id) ? ` (${[...d.names][0]})` : ""));
  } else {
    svg.append("text").attr("x", W / 2).attr("y", H / 2).attr("text-anchor", "middle").text("no events with both actors");
  }
  status(`${ns.length} actors, ${links.length} events`);
}

async function viewArticles(q) {
  const data = await api("/api/articles", { text: wordsQuery(q), limit: 200 });
  const view = $("#view");
  view.replaceChildren(el("h2", {}, q ? `Articles matching “${q}”` : "Articles"));
  for (const a of data.results) {
    view.appendChild(el("article", { class: "card" },
      el("div", { class: "head" },
        el("a", { href: `#/article/${a.article.id}` }, a.article.headline || a.article.doc_id),
        el("span", { class: "date" }, a.article.date || "undated"),
        el("span", { class: "badge" }, a.article.lang)),
      el("div", { class: "meta" }, `${a.entities} entities · ${a.quotes} quotes · ${a.events} events · ${a.article.location || ""}`)));
  }
  status(`${data.results.length} article${data.results.length === 1 ? "" : "s"}`);
}

async function viewArticle(id, focus) {
  const a = await api(`/api/articles/${encodeURIComponent(id)}`);
  const doc = a.document;
  const text = doc.text || "";
  const at = utf16Offsets(text);
  // Every annotation: its span, its CSS class and its explanation.
  const anns = [];
  const add = (id, span, cls, title, lines, rule) => {
    if (span && span.end >= span.start) anns.push({ id, span, cls, title, lines, rule });
  };
  (doc.removed || []).forEach((r, i) => add(`removed-${i}`, r.span, "a-removed", `Removed: ${r.reason}`, [], r.rule));
  (doc.dates || []).forEach((d, i) => add(`date-${i}`, d.span, "a-date", `Date “${d.text}”`, [`value: ${d.value || "unresolved"} (${d.precision})`], d.rule));
  (doc.entities || []).forEach((e) => e.mentions.forEach((m, j) =>
    add(`entity-${e.id}-${j}`, m.span, `a-ent-${e.type}`, `${e.type}: ${e.name}`,
      [e.actor ? `actor: ${e.actor}` : null, e.role ? `role: ${e.role}` : null, m.kind ? `mention: ${m.kind}` : null].filter(Boolean),
      m.rule || e.rule)));
  (doc.quotes || []).forEach((qt, i) => {
    add(`quote-${i}`, qt.span, "a-quote", `Quote (${qt.kind}) — ${qt.speaker || "unattributed"}`,
      [qt.cue ? `cue: ${qt.cue}` : null, qt.via ? `via: ${qt.via}` : null, `confidence: ${qt.confidence}`].filter(Boolean), qt.rule);
    if (qt.cue_span) add(`cue-${i}`, qt.cue_span, "a-cue", `Speech cue “${qt.cue || ""}” of quote ${i + 1}`, [], qt.rule);
    if (qt.via_span) add(`via-${i}`, qt.via_span, "a-via", `Relay “${qt.via || ""}” of quote ${i + 1}`, [], qt.rule);
  });
  (doc.events || []).forEach((e, i) => add(`event-${i}`, e.trigger_span, "a-event",
    `Event ${e.cameo} ${e.label || ROOTS[(e.cameo || "").slice(0, 2)] || ""}`,
    [`${e.source || "?"} → ${e.target || "?"}`, e.date ? `date: ${e.date}` : null, e.negated ? "negated" : null, `modality: ${e.modality}`].filter(Boolean),
    e.rule));

  // Cut the text at every boundary; each piece carries the classes of the spans covering it.
  const cuts = new Set([0, text.length]);
  for (const n of anns) { n.a = at(n.span.start); n.b = at(n.span.end); cuts.add(n.a); cuts.add(n.b); }
  const points = [...cuts].sort((x, y) => x - y);
  const body = el("div", { class: "text", id: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [p, r] = [points[i], points[i + 1]];
    const piece = text.slice(p, r);
    const over = anns.filter((n) => n.a <= p && r <= n.b && n.a < n.b);
    if (!over.length) { body.appendChild(document.createTextNode(piece)); continue; }
    body.appendChild(el("span", {
      class: over.map((n) => n.cls).join(" "),
      "data-ann": over.map((n) => n.id).join(" "),
      title: over.map((n) => `${n.title}${n.rule ? " · rule " + n.rule : ""}`).join("\n"),
    }, piece));
  }
  const side = el("div", { class: "side" });
  const sections = [["Quotes", "quote-"], ["Events", "event-"], ["Entity mentions", "entity-"], ["Dates", "date-"], ["Removed", "removed-"]];
  for (const [label, prefix] of sections) {
    const items = anns.filter((n) => n.id.startsWith(prefix));
    if (!items.length) continue;
    side.appendChild(el("h3", {}, `${label} (${items.length})`));
    for (const n of items) {
      side.appendChild(el("div", { class: "card", id: "ann-" + n.id, onclick: () => focusAnn(n.id) },
        el("div", { class: "speaker" }, n.title),
        el("div", {}, `“${text.slice(n.a, n.b)}”`),
        n.lines.map((l) => el("div", { class: "meta" }, l)),
        el("div", { class: "rule" }, "rule " + (n.rule || "—"))));
    }
  }
  const m = doc.meta || {};
  const dl = m.dateline || {};
  $("#view").replaceChildren(
    el("h2", {}, m.headline || doc.id),
    el("p", { class: "meta" }, [a.article.date || "undated", a.agency || dl.agency, doc.lang, m.byline, a.article.location].filter(Boolean).join(" · ")),
    el("p", { class: "legend" },
      el("span", { class: "a-quote" }, "quote"), el("span", { class: "a-cue" }, "cue"), el("span", { class: "a-via" }, "relay"),
      el("span", { class: "a-ent-person" }, "person"), el("span", { class: "a-ent-organization" }, "organisation"),
      el("span", { class: "a-ent-place" }, "place"), el("span", { class: "a-event" }, "event"), el("span", { class: "a-date" }, "date"),
      el("span", { class: "a-removed" }, "removed")),
    el("div", { class: "article" }, body, side));
  status(`${(doc.entities || []).length} entities · ${(doc.quotes || []).length} quotes · ${(doc.events || []).length} events — hover or click a highlight or a card for the rule that fired`);
  if (focus) focusAnn(focus);
}

function focusAnn(id) {
  document.querySelectorAll(".flash, .side .card.on").forEach((n) => n.classList.remove("flash", "on"));
  const spans = [...document.querySelectorAll("[data-ann]")].filter((s) => s.dataset.ann.split(" ").includes(id));
  spans.forEach((s) => s.classList.add("flash"));
  if (spans[0]) spans[0].scrollIntoView({ block: "center" });
  const card = document.getElementById("ann-" + id);
  if (card) card.classList.add("on");
}

document.addEventListener("click", (ev) => {
  const t = ev.target.closest && ev.target.closest("#article-text [data-ann]");
  if (t) focusAnn(t.dataset.ann.split(" ").pop());
});

// ---------------------------------------------------------------- routing

function route() {
  const hash = location.hash || "#/quotes";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  const q = params.get("q") || "";
  $("#q").value = q;
  const parts = path.split("/").filter(Boolean);
  const view = parts[0] || "quotes";
  document.querySelectorAll("header nav a").forEach((a) => {
    a.classList.toggle("active", a.dataset.view === view);
    a.setAttribute("href", `#/${a.dataset.view}` + (q ? "?q=" + encodeURIComponent(q) : ""));
  });
  document.body.dataset.state = "loading";
  document.body.dataset.view = view;
  status("Loading…");
  let p;
  if (view === "article" && parts[1]) p = viewArticle(parts[1], params.get("focus"));
  else if (view === "timeline") p = viewTimeline(q);
  else if (view === "network") p = viewNetwork(q);
  else if (view === "articles") p = viewArticles(q);
  else p = viewQuotes(q);
  p.catch((e) => { $("#view").replaceChildren(); status(String(e.message || e), true); })
    .finally(() => { document.body.dataset.state = "ready"; });
}

$("#search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = $("#q").value.trim();
  const view = document.body.dataset.view && document.body.dataset.view !== "article" ? document.body.dataset.view : "quotes";
  location.hash = `#/${view}` + (q ? "?q=" + encodeURIComponent(q) : "");
});
window.addEventListener("hashchange", route);
api("/api/stats").then((c) => { $("#stats").textContent = `${c.articles} articles · ${c.quotes} quotes · ${c.events} events · ${c.entities} entities`; }).catch(() => {});
route();
