// The graph page: fetches /api/graph with the filter form's values and draws it with
// Cytoscape.js, or lists the connections when the library is not installed.  Clicking an
// actor or a connection fills the side panel from the JSON API.
import { el, append, clear, fetchJSON, evidenceEl, actorLink, actorHref, curatedLinks } from './common.js';
import { initDateRanges } from './filters.js';

const STEP = 150;
const TYPE_COLOURS = { PERSON: '#4e79a7', ORG: '#f28e2b', GPE: '#59a1a0', NORP: '#b07aa1', OTHER: '#9d9d9d' };
const STANCE_COLOURS = { cooperative: '#1a9850', hostile: '#d73027', other: '#8a8f98' };

const form = document.getElementById('filters');
const statusLine = document.getElementById('status');
const moreButton = document.getElementById('more');
const fitButton = document.getElementById('fit');
const pngButton = document.getElementById('save-png');
const svgButton = document.getElementById('save-svg');
const cyBox = document.getElementById('cy');
const fallback = document.getElementById('fallback');
const panel = document.getElementById('panel');
let limit = Number(form.elements.namedItem('limit').value) || STEP;
let cy = null;
let current = null;
let loading = 0;

window.claimgraph = { get cy() { return cy; }, get data() { return current; }, load, viewSVG: () => viewSVG() };

function query() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (key !== 'limit' && String(value).trim() !== '') params.append(key, String(value).trim());
  }
  if (params.get('min_weight') === '1') params.delete('min_weight');
  if (limit !== STEP) params.set('limit', String(limit));
  return params;
}

async function load() {
  const params = query();
  const ticket = ++loading;
  document.body.dataset.loading = 'true';
  statusLine.textContent = 'Loading the graph…';
  statusLine.classList.remove('error');
  history.replaceState(null, '', params.toString() ? '/?' + params : '/');
  try {
    const data = await fetchJSON('/api/graph?' + params);
    if (ticket !== loading) return;
    current = data;
    draw(data);
  } catch (err) {
    if (ticket !== loading) return;
    statusLine.textContent = err.message;
    statusLine.classList.add('error');
  } finally {
    if (ticket === loading) document.body.dataset.loading = 'false';
  }
}

function summary(data) {
  const shown = data.edges.length;
  let text = `${shown} of ${data.total_edges} connections among ${data.nodes.length} actors`;
  if (!data.total_edges) text = 'No connections match these filters.';
  else if (!data.more) text = `All ${shown} connections among ${data.nodes.length} actors`;
  return text + (data.more ? ' (strongest first)' : '');
}

function draw(data) {
  statusLine.textContent = summary(data);
  moreButton.hidden = !data.more;
  moreButton.textContent = `Show ${Math.min(STEP, data.total_edges - data.edges.length)} more connections`;
  if (window.cytoscape && cyBox) drawGraph(data); else drawList(data);
  document.body.dataset.ready = 'true';
}

function sizes(nodes) {
  const counts = nodes.map((n) => n.mentions || 0);
  const lo = Math.min(...counts, 0), hi = Math.max(...counts, 1);
  return (m) => 18 + 52 * Math.sqrt(((m || 0) - lo) / Math.max(hi - lo, 1));
}

function drawGraph(data) {
  const size = sizes(data.nodes);
  const maxW = Math.max(1, ...data.edges.map((e) => e.weight || 1));
  const elements = [
    ...data.nodes.map((n) => ({ group: 'nodes', position: { x: n.x || 0, y: n.y || 0 },
      data: { id: n.id, name: n.name, type: n.type, mentions: n.mentions, size: size(n.mentions),
        label_size: n.label_size || 14, colour: TYPE_COLOURS[n.type] || TYPE_COLOURS.OTHER } })),
    ...data.edges.map((e) => ({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, stance: e.stance,
      weight: e.weight, count: e.count, width: 1.5 + 6 * ((e.weight || 1) - 1) / Math.max(maxW - 1, 1),
      colour: STANCE_COLOURS[e.stance] || STANCE_COLOURS.other } })),
  ];
  if (cy) cy.destroy();
  cy = window.cytoscape({
    container: cyBox,
    elements,
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)',
        label: 'data(name)', 'font-size': 'data(label_size)', 'font-weight': 600, 'text-valign': 'bottom', 'text-margin-y': 4,
        color: '#1f2933', 'text-outline-color': '#fff', 'text-outline-width': 3, 'min-zoomed-font-size': 9,
        'text-wrap': 'ellipsis', 'text-max-width': 180, 'border-width': 1, 'border-color': '#fff' } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.9, 'curve-style': 'bezier', opacity: 0.75 } },
      { selector: 'edge[stance = "other"]', style: { 'line-style': 'dashed' } },
      { selector: ':selected', style: { 'border-width': 3, 'border-color': '#111', 'line-color': '#111', 'target-arrow-color': '#111', opacity: 1 } },
      { selector: '.faded', style: { opacity: 0.15 } },
    ],
    // the server's seeded layout: the same graph is drawn the same way on every load
    layout: { name: 'preset', fit: true, padding: 30 },
  });
  cy.on('tap', 'node', (event) => showActor(event.target.id()));
  cy.on('tap', 'edge', (event) => showEdge(event.target.id()));
  cy.on('mouseover', 'node', (event) => {
    const hood = event.target.closedNeighborhood();
    cy.elements().difference(hood).addClass('faded');
  });
  cy.on('mouseout', 'node', () => cy.elements().removeClass('faded'));
  fitButton.hidden = false;
  pngButton.hidden = false;
  svgButton.hidden = false;
}

function download(href, name) {
  const a = el('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// PNG of the current view (Cytoscape renders it)
function savePNG() {
  if (cy) download(cy.png({ full: false, scale: 2, bg: '#ffffff' }), 'claimgraph.png');
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(name, attrs, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;  // text, never markup
  return node;
}

// SVG of the current view, built from the drawn positions (what is on screen, at this zoom)
function viewSVG() {
  const w = cy.width(), h = cy.height(), z = cy.zoom();
  const svg = svgEl('svg', { xmlns: SVG_NS, width: w, height: h, viewBox: `0 0 ${w} ${h}`, 'font-family': 'sans-serif' });
  svg.append(svgEl('rect', { width: w, height: h, fill: '#ffffff' }));
  const inView = (p) => p.x >= -50 && p.y >= -50 && p.x <= w + 50 && p.y <= h + 50;
  cy.edges().forEach((e) => {
    const a = e.source().renderedPosition(), b = e.target().renderedPosition();
    if (!inView(a) && !inView(b)) return;
    const line = svgEl('line', { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      stroke: e.data('colour'), 'stroke-width': (e.data('width') * z).toFixed(2), 'stroke-opacity': 0.75 });
    if (e.data('stance') === 'other') line.setAttribute('stroke-dasharray', '6 4');
    svg.append(line);
  });
  cy.nodes().forEach((n) => {
    const p = n.renderedPosition();
    if (!inView(p)) return;
    const r = (n.data('size') * z) / 2;
    svg.append(svgEl('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), fill: n.data('colour'), stroke: '#fff' }));
    const fs = n.data('label_size') * z;
    if (fs >= 6) {
      svg.append(svgEl('text', { x: p.x.toFixed(1), y: (p.y + r + fs).toFixed(1), 'font-size': fs.toFixed(1), 'font-weight': 600,
        'text-anchor': 'middle', fill: '#1f2933', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' }, n.data('name')));
    }
  });
  return new XMLSerializer().serializeToString(svg);
}

function saveSVG() {
  if (!cy) return;
  const url = URL.createObjectURL(new Blob([viewSVG()], { type: 'image/svg+xml' }));
  download(url, 'claimgraph.svg');
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function edgeLabel(e, names) {
  const types = Object.entries(e.types || {}).sort((a, b) => b[1] - a[1]).map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
  return [names[e.source] || e.source, ' → ', names[e.target] || e.target, ' ', el('span', { class: 'muted' }, `${types} · ${e.weight} outlet${e.weight === 1 ? '' : 's'}`)];
}

function drawList(data) {
  fallback.hidden = false;
  clear(fallback);
  const names = Object.fromEntries(data.nodes.map((n) => [n.id, n.name]));
  const list = el('ol', { class: 'edge-list' });
  for (const e of data.edges) {
    list.append(el('li', { class: 'st-' + e.stance },
      append(el('button', { type: 'button', class: 'link edge-button', 'data-edge': e.id }), edgeLabel(e, names))));
  }
  const actors = el('p', { class: 'node-list' });
  for (const n of data.nodes) actors.append(el('button', { type: 'button', class: 'chip t-' + n.type, 'data-node': n.id }, n.name), ' ');
  fallback.append(el('h2', {}, 'Connections, strongest first'), list, el('h2', {}, 'Actors'), actors);
  fallback.querySelectorAll('[data-edge]').forEach((b) => b.addEventListener('click', () => showEdge(b.dataset.edge)));
  fallback.querySelectorAll('[data-node]').forEach((b) => b.addEventListener('click', () => showActor(b.dataset.node)));
}

function panelShow(...children) {
  clear(panel);
  append(panel, children);
  panel.scrollTop = 0;
}

async function showActor(id) {
  panelShow(el('p', { class: 'muted' }, 'Loading…'));
  try {
    const data = await fetchJSON('/api/actors/' + encodeURIComponent(id));
    const a = data.actor;
    const labels = el('div', { class: 'labels' });
    for (const [source, items] of Object.entries(data.framing.by_source || {})) {
      labels.append(el('p', {}, el('span', { class: 'outlet' }, source), ': ',
        ...items.map((l) => el('span', { class: 'chip label', title: l.example || '' }, l.label + (l.count > 1 ? ' ×' + l.count : '')))));
    }
    if (!labels.childNodes.length) labels.append(el('p', { class: 'muted' }, 'No outlet attaches a label.'));
    const focus = el('button', { type: 'button', class: 'link' }, 'show only its connections');
    focus.addEventListener('click', () => { form.elements.namedItem('actor').value = a.name; limit = STEP; load(); });
    const events = data.events.slice(0, 8).map((e) => evidenceEl(e));
    panelShow(
      el('h2', { class: 'panel-title' }, a.name, ' ', el('span', { class: 'badge t-' + a.type }, a.type)),
      a.curated_by && a.curated_by.length ? el('p', { class: 'curated-by' }, curatedLinks(a.curated_by)) : null,
      el('p', { class: 'muted' }, `${a.mentions} mentions in ${a.documents} articles · `,
        el('a', { href: actorHref(a.id) }, 'open'), ' · ', el('a', { href: '/timeline?actor=' + encodeURIComponent(a.id) }, 'timeline'), ' · ', focus),
      el('h3', {}, 'Also called'),
      el('p', { class: 'aliases' }, ...a.aliases.map((x) => el('span', { class: 'chip' }, x))),
      el('h3', {}, 'Labels by outlet'), labels,
      el('h3', {}, `Events (${data.events_total})`), ...events,
      data.events_total > events.length ? el('p', {}, el('a', { href: actorHref(a.id) }, `all ${data.events_total} events →`)) : null,
    );
    panel.dataset.showing = 'actor:' + a.id;
  } catch (err) {
    panelShow(el('p', { class: 'error' }, err.message));
  }
}

async function showEdge(edgeId) {
  const e = current && current.edges.find((x) => x.id === edgeId);
  if (!e) return;
  const names = Object.fromEntries(current.nodes.map((n) => [n.id, n.name]));
  panelShow(el('p', { class: 'muted' }, 'Loading the evidence…'));
  const ids = (e.event_ids || []).slice(0, 200);
  try {
    const data = await fetchJSON('/api/events?limit=200&ids=' + ids.join(','));
    panelShow(
      el('h2', { class: 'panel-title' }, actorLink(e.source, names[e.source]), ' → ', actorLink(e.target, names[e.target])),
      el('p', {}, ...Object.entries(e.types || {}).map(([t, n]) => el('span', { class: 'chip st-' + e.stance }, n > 1 ? `${t} ×${n}` : t))),
      el('p', { class: 'muted' }, `${e.count} event${e.count === 1 ? '' : 's'} reported by ${e.weight} outlet${e.weight === 1 ? '' : 's'}`,
        e.count > ids.length ? ` (first ${ids.length} shown)` : '', ' · ',
        el('a', { href: '/events?ids=' + ids.join(',') }, 'open as a page')),
      el('div', { class: 'evidence-list', id: 'evidence' }, ...data.events.map((x) => evidenceEl(x, { showPair: true }))),
    );
    panel.dataset.showing = 'edge:' + edgeId;
  } catch (err) {
    panelShow(el('p', { class: 'error' }, err.message));
  }
}

moreButton.addEventListener('click', () => { limit += STEP; load(); });
fitButton.addEventListener('click', () => cy && cy.fit(undefined, 20));
pngButton.addEventListener('click', savePNG);
svgButton.addEventListener('click', saveSVG);
form.addEventListener('submit', (event) => { event.preventDefault(); limit = STEP; load(); });
form.addEventListener('change', (event) => {
  if (event.target.matches('input[type=checkbox], input[name=min_weight]')) { limit = STEP; load(); }
});
initDateRanges(form, () => { limit = STEP; load(); });
load();
