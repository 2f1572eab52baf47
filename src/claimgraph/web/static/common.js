// Small DOM helpers shared by the pages.  Data from the store is untrusted (article text,
// titles, actor names, labels): it only ever becomes text nodes or attribute values, never
// markup, so a "<script>" in an article is shown as those characters.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(key)) throw new Error('event handler attributes are not allowed: ' + key);
    node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && body.detail;
    const text = Array.isArray(detail) ? detail.map((d) => (d.parameter ? d.parameter + ': ' : '') + d.problem).join('; ') : detail;
    super(((body && body.error) || 'error ' + status) + (text ? ': ' + text : ''));
    this.status = status;
    this.body = body;
  }
}

export async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export function actorHref(id) {
  return '/actors/' + encodeURIComponent(id);
}

export function actorLink(id, name) {
  if (id) return el('a', { class: 'actor', href: actorHref(id) }, name || id);
  if (name) return el('span', { class: 'actor' }, name);
  return el('span', { class: 'muted' }, '?');
}

export function safeHttpUrl(url) {
  return typeof url === 'string' && /^https?:\/\/[^\s<>"'`]+$/i.test(url) ? url : null;
}

export function sentenceEl(e) {
  const p = el('p', { class: 'sentence' });
  const text = e.sentence || '';
  let pos = 0;
  const marks = [...(e.highlights || [])].sort((a, b) => a.start - b.start);
  for (const h of marks) {
    if (h.start < pos || h.end > text.length) continue;
    if (h.start > pos) p.append(document.createTextNode(text.slice(pos, h.start)));
    p.append(el('mark', { class: 'hl hl-' + h.kind }, text.slice(h.start, h.end)));
    pos = h.end;
  }
  if (pos < text.length) p.append(document.createTextNode(text.slice(pos)));
  return p;
}

export function evidenceEl(e, { showPair = true } = {}) {
  const node = el('article', { class: 'evidence st-' + (e.stance || 'other'), 'data-event': e.event_id });
  if (showPair) {
    node.append(el('p', { class: 'pair' }, actorLink(e.source_actor_id, e.source_actor), ' ',
      el('span', { class: 'type' }, e.type), ' ', actorLink(e.target_actor_id, e.target_actor)));
  }
  node.append(sentenceEl(e));
  const meta = el('p', { class: 'meta' },
    el('span', { class: 'outlet' }, e.source || 'unknown outlet'), ' · ',
    el('span', { class: 'date', title: e.date_origin ? 'date: ' + e.date_origin : 'undated' }, e.date_label || 'undated'));
  if (e.date_precision === 'month' || e.date_precision === 'year') meta.append(' ', el('span', { class: 'badge prec' }, e.date_precision + ' only'));
  meta.append(' · ', e.attributed_to
    ? el('span', { class: 'attr' }, 'according to ', actorLink(e.attributed_to_id, e.attributed_to))
    : el('span', { class: 'attr' }, "the outlet's own account"));
  if (e.hedged) meta.append(' ', el('span', { class: 'badge hedged' }, 'hedged'));
  if (e.negated) meta.append(' ', el('span', { class: 'badge negated' }, 'negated'));
  for (const m of e.mode || []) if (m !== 'negated') meta.append(' ', el('span', { class: 'badge mode mode-' + m }, m));
  if (e.why && !(e.why === 'negated' && e.negated)) meta.append(' ', el('span', { class: 'badge why' }, e.why));
  if (e.match) meta.append(' ', el('span', { class: 'badge match' }, 'same ' + e.match));
  if (e.via) meta.append(' ', el('span', { class: 'badge via' }, 'via ' + e.via));
  if (e.article && e.article.startsWith('/documents/')) meta.append(' · ', el('a', { class: 'article', href: e.article }, 'article'));
  const original = safeHttpUrl(e.url);
  if (original) meta.append(' · ', el('a', { href: original, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original'));
  node.append(meta);
  const c = e.answers_claim;
  if (c) {
    node.append(el('p', { class: 'answers' },
      'answers ' + (c.attributed_to || c.relayed_via || c.source) + "'s claim" + (e.answers_scope === 'document' ? '' : ' in another document') + ': ',
      el('q', {}, c.sentence || ''), ' ', el('span', { class: 'outlet' }, '(' + (c.source || '') + ')')));
  }
  return node;
}
