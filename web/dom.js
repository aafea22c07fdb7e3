// Small DOM helpers. Everything the API returns is put on the page as text, never as HTML, so a
// post's words cannot become markup.

/**
 * Builds an element: `h('button', { type: 'button', onclick }, 'Confirm')`. Props starting with
 * `on` become listeners, `dataset`/`style` objects are merged, `false`/`null`/`undefined` props and
 * children are skipped, everything else is set as an attribute.
 */
export const h = (tag, props = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'className') element.className = value;
    else if (name === 'value') element.value = value;
    else if (name === 'checked') element.checked = Boolean(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
};

const append = (element, children) => {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
};

/** Replaces an element's children. */
export const replace = (element, ...children) => {
  element.replaceChildren();
  append(element, children);
  return element;
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as people read it, in their own time zone. */
export const formatTime = (iso) => {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
};

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 3 hours", "2 days ago": how near a due date is, from `now`. */
export const formatRelative = (iso, now = Date.now()) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const minutes = Math.round((date.getTime() - now) / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
};

/** A `<time>` element with the exact moment as its machine-readable value. */
export const time = (iso, text = formatTime(iso)) => h('time', { datetime: iso, title: iso }, text);

/** A definition list from `[term, value]` pairs, leaving out empty values. */
export const facts = (pairs, props = {}) =>
  h(
    'dl',
    { className: 'facts', ...props },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );

/** Whether a key press is meant for a text field rather than for the page's shortcuts. */
export const isTyping = (target) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    (target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)));
