// Modal dialogs on the native <dialog> element: the page behind is inert while one is open, Tab
// stays inside it, Escape cancels it, and focus goes back where it was when it closes.
import { h, replace } from './dom.js';

let counter = 0;
const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const focusables = (root) =>
  [...root.querySelectorAll(focusableSelector)].filter(
    (element) =>
      element.getClientRects().length > 0 &&
      !(element.type === 'radio' && !element.checked && radioGroupHasChecked(root, element)),
  );

// Tab stops at a radio group once, on its checked radio, as browsers do.
const radioGroupHasChecked = (root, radio) =>
  [...root.querySelectorAll(`input[type=radio][name="${CSS.escape(radio.name)}"]`)].some((other) => other.checked);

/** Whether a modal dialog is open: the page's own shortcuts then keep quiet. */
export const dialogOpen = () => document.querySelector('dialog[open]') !== null;

/**
 * Opens a modal dialog and resolves with what it settles on, or `null` when cancelled.
 * `body(controls)` returns the dialog's content; `controls.done(value)` closes it with `value`;
 * `controls.submit(value)` runs `options.submit(value)` first (an API call, say) and closes with
 * its result, or shows its error in the dialog and stays open; `controls.fail(message)` shows a
 * message. `onKeydown(event, controls)` sees keys before the dialog does.
 */
export const openDialog = ({ title, description, body, onKeydown, submit, className = '' }) =>
  new Promise((resolve) => {
    const id = `dialog-${++counter}`;
    const returnFocus = document.activeElement;
    const error = h('p', { className: 'dialog-error', role: 'alert', id: `${id}-error` });
    const dialog = h('dialog', {
      className: `dialog ${className}`.trim(),
      'aria-labelledby': `${id}-title`,
      ...(description ? { 'aria-describedby': `${id}-description` } : {}),
    });
    let busy = false;
    const controls = {
      done: (value) => {
        dialog.close();
        dialog.remove();
        if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
        resolve(value);
      },
      fail: (message) => replace(error, message),
      submit: async (value) => {
        if (busy) return;
        if (!submit) {
          controls.done(value);
          return;
        }
        busy = true;
        dialog.setAttribute('aria-busy', 'true');
        replace(error);
        try {
          const result = await submit(value);
          controls.done(result ?? value);
        } catch (failure) {
          controls.fail(failure.plain ?? failure.message);
        } finally {
          busy = false;
          dialog.removeAttribute('aria-busy');
        }
      },
      dialog,
    };
    dialog.append(
      h('h2', { id: `${id}-title`, className: 'dialog-title' }, title),
      description ? h('p', { id: `${id}-description`, className: 'dialog-description' }, description) : null,
      body(controls),
      error,
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      controls.done(null);
    });
    dialog.addEventListener('keydown', (event) => {
      onKeydown?.(event, controls);
      if (event.defaultPrevented) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        controls.done(null);
        return;
      }
      if (event.key === 'Tab') {
        const stops = focusables(dialog);
        const first = stops[0];
        const last = stops[stops.length - 1];
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    const autofocus = dialog.querySelector('[data-autofocus]') ?? focusables(dialog)[0];
    autofocus?.focus();
  });

const buttons = (submitLabel, controls) =>
  h(
    'div',
    { className: 'dialog-buttons' },
    h('button', { type: 'submit', className: 'primary' }, submitLabel),
    h('button', { type: 'button', onclick: () => controls.done(null) }, 'Cancel'),
  );

/**
 * A choice among a few options, as radio buttons numbered 1…n: the number key picks one at once,
 * Enter takes the checked one. `other` adds a free-text field ("another team") that wins when filled.
 */
export const choose = ({ title, description, legend, options, initial, submitLabel = 'Choose', other, submit }) =>
  openDialog({
    title,
    description,
    submit,
    className: 'dialog-choice',
    onKeydown: (event, controls) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'text') return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number.parseInt(event.key, 10);
      if (Number.isInteger(index) && index >= 1 && index <= options.length) {
        event.preventDefault();
        const picked = options[index - 1];
        const radio = controls.dialog.querySelector(`input[value="${CSS.escape(picked.value)}"]`);
        if (radio) radio.checked = true;
        controls.submit(picked.value);
      }
    },
    body: (controls) => {
      const name = `choice-${++counter}`;
      const otherInput = other
        ? h('input', { type: 'text', name: `${name}-other`, id: `${name}-other`, autocomplete: 'off' })
        : null;
      const form = h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault();
            const typed = otherInput?.value.trim();
            const checked = form.querySelector(`input[name="${name}"]:checked`);
            const value = typed || checked?.value;
            if (value) controls.submit(value);
            else controls.fail('Choose one first.');
          },
        },
        h(
          'fieldset',
          {},
          h('legend', {}, legend ?? title),
          options.map((option, index) =>
            h(
              'label',
              { className: 'choice' },
              h('input', {
                type: 'radio',
                name,
                value: option.value,
                checked: option.value === (initial ?? options[0]?.value),
                'data-autofocus': option.value === (initial ?? options[0]?.value) ? true : null,
                'aria-keyshortcuts': String(index + 1),
              }),
              h('kbd', { 'aria-hidden': 'true' }, String(index + 1)),
              h('span', {}, option.label),
              option.hint ? h('span', { className: 'hint' }, ` — ${option.hint}`) : null,
            ),
          ),
        ),
        other ? h('p', {}, h('label', { for: `${name}-other` }, other), ' ', otherInput) : null,
        buttons(submitLabel, controls),
      );
      form.addEventListener('keydown', (event) => {
        // Enter on a radio takes it, as it would in a text field.
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'radio') {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      return form;
    },
  });

/** One line of text (a case id, a note). */
export const askText = ({
  title,
  description,
  label,
  value = '',
  submitLabel = 'OK',
  required = true,
  multiline = false,
  submit,
}) =>
  openDialog({
    title,
    description,
    submit,
    body: (controls) => {
      const id = `text-${++counter}`;
      const field = multiline
        ? h('textarea', { id, name: 'text', rows: 4, 'data-autofocus': true, required }, value)
        : h('input', { id, name: 'text', type: 'text', value, autocomplete: 'off', 'data-autofocus': true, required });
      const form = h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault();
            const text = field.value.trim();
            if (required && !text) controls.fail(`${label} is needed.`);
            else controls.submit(text);
          },
        },
        h('p', {}, h('label', { for: id }, label)),
        h('p', {}, field),
        buttons(submitLabel, controls),
      );
      if (multiline) {
        field.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            form.requestSubmit();
          }
        });
      }
      return form;
    },
  });

/**
 * Finds a customer by name or id (`GET /triage/customers?q=`) and picks one: type, the results
 * come as radio buttons (the first checked), Enter links the checked one.
 */
export const pickCustomer = ({ api, title, description, initialQuery = '', submit }) =>
  openDialog({
    title,
    description,
    submit,
    body: (controls) => {
      const id = `customer-${++counter}`;
      const search = h('input', {
        id,
        type: 'search',
        name: 'q',
        value: initialQuery,
        autocomplete: 'off',
        'data-autofocus': true,
        'aria-controls': `${id}-results`,
      });
      const status = h('p', { className: 'hint', role: 'status', id: `${id}-status` });
      const results = h('fieldset', { id: `${id}-results`, className: 'customer-results' });
      let sequence = 0;
      let timer;
      const find = async () => {
        const mine = ++sequence;
        const q = search.value.trim();
        if (!q) {
          replace(results, h('legend', {}, 'Customers'));
          replace(status, 'Type a name or a customer id.');
          return;
        }
        replace(status, 'Searching…');
        try {
          const answer = await api.get('/triage/customers', { q });
          if (mine !== sequence) return;
          const items = answer.items ?? [];
          replace(
            results,
            h('legend', {}, 'Customers'),
            items.map((customer, index) =>
              h(
                'label',
                { className: 'choice' },
                h('input', { type: 'radio', name: `${id}-pick`, value: customer.customerId, checked: index === 0 }),
                h('span', {}, customer.name ?? customer.customerId),
                h('span', { className: 'hint' }, ` ${customer.customerId}`),
              ),
            ),
          );
          replace(
            status,
            items.length === 0 ? `No customer matches “${q}”.` : `${items.length} found: Enter links the checked one.`,
          );
        } catch (failure) {
          if (mine === sequence) replace(status, failure.plain ?? failure.message);
        }
      };
      search.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(find, 200);
      });
      search.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowDown') {
          const checked = results.querySelector('input:checked') ?? results.querySelector('input');
          if (checked) {
            event.preventDefault();
            checked.focus();
          }
        }
      });
      const form = h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault();
            const checked = results.querySelector('input:checked');
            if (checked) controls.submit(checked.value);
            else controls.fail('Find a customer first.');
          },
        },
        h('p', {}, h('label', { for: id }, 'Search customers (name or id)'), ' ', search),
        status,
        results,
        buttons('Link', controls),
      );
      form.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'radio') {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      if (initialQuery) find();
      else replace(status, 'Type a name or a customer id.');
      return form;
    },
  });

/** A reply on the thread (public) or a move-to-DM reply (direct); Ctrl+Enter drafts it. */
export const draftReply = ({ title, description, submit }) =>
  openDialog({
    title,
    description,
    submit,
    body: (controls) => {
      const id = `reply-${++counter}`;
      const text = h('textarea', { id, name: 'text', rows: 5, required: true, 'data-autofocus': true });
      const kind = (value, label, hint, checked) =>
        h(
          'label',
          { className: 'choice' },
          h('input', { type: 'radio', name: `${id}-kind`, value, checked }),
          h('span', {}, label),
          h('span', { className: 'hint' }, ` — ${hint}`),
        );
      const form = h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault();
            const body = text.value.trim();
            if (!body) {
              controls.fail('Write the reply first.');
              return;
            }
            const chosen = form.querySelector(`input[name="${id}-kind"]:checked`)?.value ?? 'public';
            controls.submit({ kind: chosen, text: body });
          },
        },
        h('p', {}, h('label', { for: id }, 'Reply text'), h('span', { className: 'hint' }, ' (Ctrl+Enter drafts it)')),
        h('p', {}, text),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Where'),
          kind('public', 'Public reply', 'on the thread, for everyone to see', true),
          kind('direct', 'Move to direct message', 'asks the customer to continue privately', false),
        ),
        buttons('Draft reply', controls),
      );
      form.addEventListener('keydown', (event) => {
        const onRadio = event.target instanceof HTMLInputElement && event.target.type === 'radio';
        if (event.key === 'Enter' && (onRadio || event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      return form;
    },
  });

/** The keyboard help: every key the page answers to. */
export const showHelp = (keys) =>
  openDialog({
    title: 'Keyboard shortcuts',
    description: 'Keys work when no text field has the focus. Esc closes any dialog.',
    className: 'dialog-help',
    body: (controls) =>
      h(
        'div',
        {},
        h(
          'table',
          {},
          h('caption', { className: 'visually-hidden' }, 'Keys and what they do'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Action'))),
          h(
            'tbody',
            {},
            keys.map(([key, action]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, key)), h('td', {}, action))),
          ),
        ),
        h(
          'div',
          { className: 'dialog-buttons' },
          h('button', { type: 'button', 'data-autofocus': true, onclick: () => controls.done(null) }, 'Close'),
        ),
      ),
  });
