// The timeline strip: hovering (or focusing) a dot or bar shows its event in a card beside it,
// a copy of the event's entry in the list below (already rendered, as text, by the server).
const strip = document.querySelector('.strip');
const card = document.getElementById('tl-hover');

function show(mark) {
  const item = document.getElementById('ev-' + mark.dataset.event);
  if (!item || !card) return;
  const body = item.querySelector('.tl-body');
  const date = item.querySelector('.tl-date');
  card.replaceChildren(...[date, body].filter(Boolean).map((n) => n.cloneNode(true)));
  card.querySelectorAll('[id]').forEach((n) => n.removeAttribute('id'));
  card.hidden = false;
  const box = strip.getBoundingClientRect();
  const at = mark.getBoundingClientRect();
  const left = Math.min(Math.max(at.left - box.left - 40, 0), Math.max(box.width - card.offsetWidth, 0));
  card.style.left = left + 'px';
  card.style.top = (at.bottom - box.top + 6) + 'px';
  card.dataset.event = mark.dataset.event;
}

function hide() {
  if (card) { card.hidden = true; delete card.dataset.event; }
}

if (strip && card) {
  strip.querySelectorAll('.mark[data-event]').forEach((mark) => {
    mark.addEventListener('mouseenter', () => show(mark));
    mark.addEventListener('focus', () => show(mark));
    mark.addEventListener('mouseleave', hide);
    mark.addEventListener('blur', hide);
  });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hide(); });
}
