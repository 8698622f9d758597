// Entente's page: timelines of two countries or one actor, events with their sources, articles, search.
// Every piece of data goes into the page as text (textContent / text nodes), never as HTML. The one
// exception is a search snippet, which the server escapes entirely except for its <b> tags.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const view = $("#view");
  const detail = $("#detail");
  const status = $("#status");
  let shownMain = null;
  let timeline = null;
  let people = [];

  /** An element with attributes, listeners and children (strings become text nodes). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  /** Replace a node's children, leaving out null, undefined and false (replaceChildren would print "null"). */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  }

  const enc = encodeURIComponent;
  const params = () => new URLSearchParams(location.hash.slice(1));

  /** Change the address (and so the page): keys set to null are removed; fresh=true starts over. */
  function go(changes, fresh = false) {
    const next = fresh ? new URLSearchParams() : params();
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    location.hash = next.toString();
  }

  function say(message) {
    status.textContent = message || "";
    status.hidden = !message;
  }

  // -- labels ------------------------------------------------------------------------------------
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const kindOf = (event) => [event.event_type, event.mode].filter(Boolean).join(" / ");
  const whereOf = (event) => (event.location ? event.location.name : "");
  const partyName = (p) => p.name || `${p.country_name || p.country || "?"}${p.role ? ` (${p.role})` : ""}`;
  const partiesOf = (event) => event.participants.map(partyName).join(" – ");
  const DATE_SOURCES = {
    stated: "the report gives the date", dateline: "the date of the report's dateline",
    relative: "a weekday or relative word, counted from the publication day",
    inferred: "no date words: the day the report's lede gives, else its publication day",
  };
  /** A small badge saying how the event's date was found (none for an event without one). */
  const dateBadge = (event) => (event.date_source ? el("small", {
    class: `date-source ${event.date_source}`, title: DATE_SOURCES[event.date_source] || null,
    text: [event.date_source, event.date_precision === "day" ? null : event.date_precision].filter(Boolean).join(", "),
  }) : null);

  function addDay(isoDay) {
    const day = new Date(`${isoDay}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }

  // -- the timeline ------------------------------------------------------------------------------
  function itemContent(event) {
    return el("span", { class: "item", dataset: { eventId: event.event_id, date: event.date || "" } },
      el("strong", { text: partiesOf(event) }),
      el("small", { text: [event.mode || event.event_type.toLowerCase(), whereOf(event)].filter(Boolean).join(" · ") }));
  }

  const DAY = 24 * 60 * 60 * 1000;

  /** A timeline item: a box on its day, or a bar over its span when that is long enough to show (> 6 weeks on
   * a timeline at least 700 px wide; on a phone a bar over years would be too thin to read). */
  function eventItem(event, wide) {
    const base = { id: event.event_id, content: itemContent(event), className: `type-${event.event_type.toLowerCase()}` };
    if (event.date) return { ...base, start: event.date, type: "box" };
    if (!event.date_range) return null;
    const [first, last] = event.date_range;
    if (!wide || Date.parse(last) - Date.parse(first) < 42 * DAY) return { ...base, start: first, type: "box" };
    return { ...base, start: first, end: addDay(last), type: "range" };
  }

  function drawTimeline(container, items, groups) {
    if (timeline) timeline.destroy();
    timeline = null;
    if (!window.vis || !items.length) {
      container.append(el("p", { class: "hint", text: window.vis ? "Nothing dated to draw." :
        "The timeline library is missing (run 'make setup'); the events are listed below." }));
      return;
    }
    const options = {
      stack: true, zoomKey: "ctrlKey", orientation: { axis: "bottom" }, margin: { item: 6 },
      minHeight: 160, maxHeight: container.clientWidth < 700 ? 620 : 460, verticalScroll: true,
      showCurrentTime: false, zoomMin: 1000 * 60 * 60 * 24 * 14,
      xss: { disabled: false },
    };
    const data = new vis.DataSet(items);
    timeline = groups ? new vis.Timeline(container, data, new vis.DataSet(groups), options)
      : new vis.Timeline(container, data, options);
    timeline.on("select", (props) => {
      const id = props.items[0];
      if (id && !String(id).startsWith("office:")) go({ event: id, doc: null, start: null, end: null });
    });
  }

  function eventList(events) {
    return el("ol", { class: "events" }, events.map((event) =>
      el("li", {},
        el("button", {
          type: "button", class: "event-row", dataset: { eventId: event.event_id },
          onclick: () => go({ event: event.event_id, doc: null, start: null, end: null }),
        },
        el("span", { class: "when" }, event.when, " ", dateBadge(event)),
        el("span", { class: "what", text: [kindOf(event), whereOf(event)].filter(Boolean).join(" · ") }),
        el("span", { class: "who", text: partiesOf(event) })))));
  }

  // -- main views --------------------------------------------------------------------------------
  async function showDyad(pair, stale) {
    const [a, b] = pair.split("-");
    $("#country-a").value = a;
    $("#country-b").value = b;
    const [data, summary] = await Promise.all([
      api(`/dyads/${enc(a)}/${enc(b)}/timeline`), api(`/dyads/${enc(a)}/${enc(b)}/summary`)]);
    if (stale()) return;
    const counts = Object.entries(summary.by_type).map(([type, n]) => `${n} ${type}`).join(", ");
    const high = summary.highest_level ? `; highest level: ${summary.highest_level.level} (${summary.highest_level.date})` : "";
    const box = el("div", { id: "timeline", class: "timeline" });
    fill(view,
      el("h1", { text: data.title }),
      el("p", { class: "count", text: `${count(data.events.length, "event", "events")}${counts ? ` (${counts})` : ""}${high}` }),
      box, el("h2", { text: "Events" }), eventList(data.events));
    drawTimeline(box, data.events.map((e) => eventItem(e, box.clientWidth >= 700)).filter(Boolean));
  }

  async function showActor(id, country, stale) {
    const person = await api(`/actors/${enc(id)}${country ? `?country=${enc(country)}` : ""}`);
    if (stale()) return;
    const box = el("div", { id: "timeline", class: "timeline" });
    const offices = el("table", { class: "offices" },
      el("thead", {}, el("tr", {}, el("th", { text: "Office" }), el("th", { text: "First seen" }),
        el("th", { text: "Last seen" }), el("th", { text: "Events" }), el("th", { text: "From" }))),
      el("tbody", {}, person.offices.map((o) => el("tr", {},
        el("td", { text: o.office }), el("td", { text: o.first_seen }), el("td", { text: o.last_seen }),
        el("td", { text: String(o.events.length) }),
        el("td", { text: { text: "text", knowledge: "table" }[o.source] || "",
          title: { text: "given by the articles", knowledge: "from the office-holder table" }[o.source] || "" })))));
    const aliases = person.aliases.filter((a) => a !== person.name);
    fill(view,
      el("h1", { text: person.name }),
      el("p", { class: "count", text: [person.countries.join(", "), aliases.length ? `also: ${aliases.join(", ")}` : "",
        count(person.events.length, "event", "events")].filter(Boolean).join(" · ") }),
      person.conflict ? el("p", { class: "warning", text: `Doubtful record: ${person.conflict}` }) : null,
      el("h2", { text: "Offices over time" }), box, offices,
      el("h2", { text: "Events" }), eventList(person.events));
    const spells = person.offices.map((o, n) => ({
      id: `office:${n}`, group: "offices", content: el("span", { text: o.office }), start: o.first_seen,
      end: addDay(o.last_seen), type: "range", className: "office",
    }));
    const events = person.events.map((e) => eventItem(e, box.clientWidth >= 700)).filter(Boolean)
      .map((item) => ({ ...item, group: "events" }));
    drawTimeline(box, spells.concat(events), [
      { id: "offices", content: el("span", { text: "Offices" }) }, { id: "events", content: el("span", { text: "Events" }) }]);
  }

  async function showSearch(q, stale) {
    $("#search-q").value = q;
    const found = await api(`/search?q=${enc(q)}&limit=50`);
    if (stale()) return;
    const hits = found.hits.map((hit) => {
      const snippet = el("p", { class: "snippet" });
      snippet.innerHTML = hit.snippet; // escaped by the server except <b>: see io/search.py snippet_html
      return el("li", {}, el("button", {
        type: "button", class: "hit",
        onclick: () => (hit.event_id ? go({ event: hit.event_id, doc: null, start: null, end: null })
          : go({ doc: hit.doc_id, start: null, end: null, event: null })),
      }, el("span", { class: "tag", text: hit.kind }), el("strong", { text: hit.title }), snippet));
    });
    fill(view, el("h1", { text: `Search: ${q}` }),
      el("p", { class: "count", text: count(found.total, "match", "matches") }), el("ol", { class: "hits" }, hits));
  }

  // -- details: an event, an article ---------------------------------------------------------------
  function section(title, ...content) {
    return el("section", { class: "part" }, el("h3", { text: title }), ...content);
  }

  async function showEvent(id, stale) {
    const event = await api(`/events/${enc(id)}`);
    if (stale()) return;
    if (timeline) timeline.setSelection([event.event_id]);
    const participants = el("ul", { class: "people" }, event.participants.map((p) => el("li", {},
      p.person_id ? el("a", { href: `#${new URLSearchParams({ actor: p.person_id, country: p.country || "" })}`,
        text: partyName(p) })
        : el("span", { text: partyName(p) }),
      p.office ? el("span", { class: "office", text: `, ${p.office}` }) : null,
      p.country_name && p.name ? el("span", { class: "country", text: ` (${p.country_name})` }) : null)));
    const agreements = event.agreements.length ? section("Agreements", el("ul", {}, event.agreements.map((a) =>
      el("li", {}, el("span", { class: `status ${a.status}`, text: a.status }), " ", a.name)))) : null;
    const sources = el("ol", { class: "sources" }, event.sources.map((s) => el("li", { class: "source" },
      el("strong", { text: s.title || s.doc_id }),
      el("span", { class: "meta", text: [s.outlet, s.publication_date, s.title ? s.doc_id : null].filter(Boolean).join(" · ") }),
      el("blockquote", { class: "evidence", text: s.evidence }),
      el("button", { type: "button", onclick: () => go({ doc: s.doc_id, start: s.start, end: s.end }) },
        "Read the article"))));
    fill(detail,
      el("button", { type: "button", class: "close", "aria-label": "Close", onclick: () => go({ event: null }) }, "×"),
      el("h2", {}, `${event.when} `, dateBadge(event), ` · ${kindOf(event)}`),
      event.location ? el("p", { class: "place", text: `at ${event.location.name}${event.location.country_name
        ? ` (${event.location.country_name})` : ""}` }) : null,
      section("Participants", participants),
      section(`Sources (${event.sources.length})`, sources), agreements,
      event.topics.length ? section("Topics", el("p", { text: event.topics.join(", ") })) : null);
  }

  /** The article text with spans marked: offsets count Unicode code points, as Python's do. */
  function markedText(text, spans) {
    const chars = Array.from(text);
    const box = el("div", { class: "article-text" });
    let at = 0;
    for (const span of spans.slice().sort((x, y) => x.start - y.start)) {
      if (span.start < at || span.end <= span.start || span.end > chars.length) continue;
      box.append(chars.slice(at, span.start).join(""));
      box.append(el("mark", { class: span.current ? "current" : null, text: chars.slice(span.start, span.end).join("") }));
      at = span.end;
    }
    box.append(chars.slice(at).join(""));
    return box;
  }

  async function showDocument(id, start, end, stale) {
    const doc = await api(`/documents/${enc(id)}`);
    if (stale()) return;
    const wanted = Number.isInteger(start) && Number.isInteger(end);
    const spans = wanted ? [{ start, end, current: true }] : doc.evidence.map((e) => ({ start: e.start, end: e.end }));
    const link = doc.url && /^https?:\/\//i.test(doc.url)
      ? el("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank", text: doc.url }) : null;
    fill(detail,
      el("button", { type: "button", class: "close", "aria-label": "Close", onclick: () => go({ doc: null, start: null, end: null }) }, "×"),
      params().get("event") ? el("button", { type: "button", class: "back", onclick: () => go({ doc: null, start: null, end: null }) },
        "← Back to the event") : null,
      el("h2", { class: "article-title", text: doc.title || doc.doc_id }),
      el("p", { class: "meta", text: [doc.outlet, doc.publication_date, doc.title ? doc.doc_id : null]
        .filter(Boolean).join(" · ") }),
      link ? el("p", { class: "meta" }, link) : null,
      markedText(doc.text, spans));
    const mark = detail.querySelector("mark.current") || detail.querySelector("mark");
    if (!mark) return;
    // Beside the view the panel scrolls by itself; below it (phones) the page does.
    if (detail.scrollHeight > detail.clientHeight) detail.scrollTop = mark.offsetTop - detail.clientHeight / 4;
    else mark.scrollIntoView({ block: "center" });
  }

  // -- the address drives the page -------------------------------------------------------------------
  let generation = 0;

  async function render() {
    const mine = ++generation;
    const stale = () => mine !== generation; // a newer address is being shown: drop this one's results
    const p = params();
    const main = p.get("dyad") ? `dyad=${p.get("dyad")}`
      : p.get("actor") ? `actor=${p.get("actor")},${p.get("country")}` : p.get("q") ? `q=${p.get("q")}` : null;
    say("");
    try {
      if (main !== shownMain) {
        if (p.get("dyad")) await showDyad(p.get("dyad"), stale);
        else if (p.get("actor")) await showActor(p.get("actor"), p.get("country"), stale);
        else if (p.get("q")) await showSearch(p.get("q"), stale);
        if (stale()) return;
        shownMain = main;
      }
      const wantsDetail = p.get("doc") || p.get("event");
      detail.hidden = !wantsDetail;
      document.body.classList.toggle("with-detail", Boolean(wantsDetail));
      if (p.get("doc")) {
        const start = p.get("start") === null ? NaN : Number(p.get("start"));
        const end = p.get("end") === null ? NaN : Number(p.get("end"));
        await showDocument(p.get("doc"), start, end, stale);
      } else if (p.get("event")) await showEvent(p.get("event"), stale);
      if (wantsDetail && window.matchMedia("(max-width: 900px)").matches) detail.scrollIntoView({ block: "start" });
    } catch (error) {
      if (!stale()) say(`Could not load: ${error.message}`);
    }
  }

  function listen() {
    $("#pick").addEventListener("submit", (e) => {
      e.preventDefault();
      const a = $("#country-a").value;
      const b = $("#country-b").value;
      if (a && b && a !== b) go({ dyad: `${a}-${b}` }, true);
      else say("Pick two different countries.");
    });
    $("#pick-actor").addEventListener("submit", (e) => {
      e.preventDefault();
      const name = $("#actor-name").value.trim().toLowerCase();
      const person = people.find((p) => p.aliases.some((a) => a.toLowerCase() === name))
        || people.find((p) => p.aliases.some((a) => a.toLowerCase().includes(name)));
      if (name && person) go({ actor: person.id }, true);
      else say("No actor by that name.");
    });
    $("#search").addEventListener("submit", (e) => {
      e.preventDefault();
      const q = $("#search-q").value.trim();
      if (q) go({ q }, true);
    });
    window.addEventListener("hashchange", render);
  }

  /** Fill the pickers; open the address's view, or the busiest pair's timeline when there is none. */
  async function setUp() {
    listen();
    try {
      const countries = await api("/countries");
      for (const select of [$("#country-a"), $("#country-b")]) {
        select.replaceChildren(...countries.map((c) => el("option", { value: c.code, text: `${c.name} (${c.events})` })));
      }
      const busiest = countries.slice().sort((x, y) => y.events - x.events);
      if (busiest.length > 1) {
        $("#country-a").value = busiest[0].code;
        $("#country-b").value = busiest[1].code;
      }
      if (!location.hash && busiest.length > 1) go({ dyad: `${busiest[0].code}-${busiest[1].code}` }, true);
      else render();
      people = await api("/actors");
      $("#actor-names").replaceChildren(...people.map((p) => el("option", { value: p.name })));
    } catch (error) {
      say(`Could not load: ${error.message}`);
    }
  }

  setUp();
})();
