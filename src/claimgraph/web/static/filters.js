// The filter form: date sliders over the months that have events, kept in step with the
// From/To boxes.  At either end a slider clears its bound (so undated events stay in).
export function initDateRanges(form, onChange) {
  const box = form.querySelector('fieldset.dates');
  if (!box) return;
  const months = (box.dataset.months || '').split(',').filter(Boolean);
  const ranges = [...box.querySelectorAll('input.range')];
  if (!months.length) { ranges.forEach((r) => { r.hidden = true; }); return; }
  const field = (name) => form.elements.namedItem(name);
  const label = (m) => new Date(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)
    .toLocaleDateString('en-GB', { month: 'short', year: 'numeric' });

  function indexOf(value, fallback) {
    if (!value) return fallback;
    const m = value.slice(0, 7).length === 7 ? value.slice(0, 7) : value.slice(0, 4) + (fallback === 0 ? '-01' : '-12');
    let i = months.findIndex((x) => x >= m);
    if (i < 0) i = months.length - 1;
    if (fallback !== 0 && months[i] > m && i > 0) i -= 1;
    return i;
  }
  function fromText() {
    for (const r of ranges) {
      const name = r.dataset.for;
      r.value = indexOf(field(name).value.trim(), name === 'since' ? 0 : months.length - 1);
      r.title = label(months[Number(r.value)]);
    }
  }
  function fromRange(moved) {
    const [since, until] = ['since', 'until'].map((n) => ranges.find((r) => r.dataset.for === n));
    if (Number(since.value) > Number(until.value)) {
      if (moved === since) until.value = since.value; else since.value = until.value;
    }
    field('since').value = Number(since.value) === 0 ? '' : months[Number(since.value)];
    field('until').value = Number(until.value) === months.length - 1 ? '' : months[Number(until.value)];
    for (const r of ranges) r.title = label(months[Number(r.value)]);
  }
  for (const r of ranges) {
    r.addEventListener('input', () => fromRange(r));
    r.addEventListener('change', () => { fromRange(r); onChange(); });
  }
  for (const name of ['since', 'until']) field(name).addEventListener('change', () => { fromText(); onChange(); });
  fromText();
}

// On pages that render on the server (the timeline), a change submits the form.
const form = document.getElementById('filters');
if (form && document.body.classList.contains('page-timeline')) {
  initDateRanges(form, () => form.requestSubmit());
  form.addEventListener('change', (event) => {
    if (event.target.matches('input[type=checkbox]')) form.requestSubmit();
  });
}

// Leave empty boxes out of the address: /timeline?actor=Front, not ?actor=Front&since=&until=…
export function tidySubmit(form) {
  form.addEventListener('submit', () => {
    for (const input of form.querySelectorAll('input[name]')) {
      if (!input.value.trim() && input.type !== 'checkbox') {
        input.disabled = true;
        setTimeout(() => { input.disabled = false; }, 0);
      }
    }
  });
}
if (form) tidySubmit(form);
