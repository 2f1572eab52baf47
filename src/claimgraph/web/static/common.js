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

// Curation (editing.py): a page of an app that takes edits carries its CSRF token in
// <meta name="csrf-token">; without it no curation control is drawn.
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : null;
}

export async function postJSON(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() || '' },
    body: JSON.stringify(body || {}),
  });
  let answer = null;
  try { answer = await response.json(); } catch (e) { answer = null; }
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

export function decisionLink(id) {
  return el('a', { class: 'decision', href: '/decisions#d-' + encodeURIComponent(id) }, 'decision ' + id);
}

export function curatedLinks(ids) {
  if (!ids || !ids.length) return null;
  const out = [el('span', { class: 'badge curated', title: "corrected by a user's decision" }, 'curated'), ' '];
  ids.forEach((id, i) => out.push(...(i ? [', '] : []), decisionLink(id)));
  return out;
}

// The twin of the "curate" box of templates/_macros.html: reject or confirm this event.  It
// posts to the JSON API and says what it did in place; without scripts the same form posts itself.
export function curateEl(e) {
  const token = csrfToken();
  if (!token || !e.event_id) return null;
  const id = encodeURIComponent(e.event_id);
  const note = el('input', { name: 'note', placeholder: 'why (optional)', 'aria-label': 'Why', maxlength: 2000 });
  const buttons = [el('button', { type: 'submit', class: 'reject', value: 'reject' }, 'Reject')];
  if (e.curation !== 'confirmed') buttons.push(el('button', { type: 'submit', class: 'confirm', value: 'confirm', formaction: '/events/' + id + '/confirm' }, 'Confirm'));
  const status = el('span', { class: 'curate-status', role: 'status' });
  const form = el('form', { class: 'curate', method: 'post', action: '/events/' + id + '/reject' },
    el('input', { type: 'hidden', name: 'csrf_token', value: token }),
    el('input', { type: 'hidden', name: 'next', value: location.pathname + location.search }),
    note, ' ', ...buttons, ' ', status);
  const box = el('details', { class: 'curate-event' }, el('summary', {}, 'curate'), form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const verb = event.submitter && event.submitter.value === 'confirm' ? 'confirm' : 'reject';
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const answer = await postJSON('/api/events/' + id + '/' + verb, { note: note.value });
      const done = el('p', { class: 'curated-done' }, verb === 'reject' ? 'Rejected by ' : 'Confirmed by ', decisionLink(answer.decision.id),
        verb === 'reject' ? ': it leaves every view from the next load on.' : '.');
      const item = box.closest('.evidence');
      if (item) item.classList.add(verb === 'reject' ? 'curated-rejected' : 'curated-confirmed');
      box.replaceWith(done);
    } catch (err) {
      status.textContent = err.message;
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return box;
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
  if (e.curation) {
    meta.append(' ', el('a', { class: 'badge curated', href: '/decisions#d-' + encodeURIComponent(e.curation_decision), title: "a user's decision" },
      e.curation + ' · decision ' + e.curation_decision));
  }
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
  const curate = curateEl(e);
  if (curate) node.append(curate);
  return node;
}
