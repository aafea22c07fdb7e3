// The triage queue: the list on the left in the API's order (urgency, then due), the selected item
// on the right with everything a person needs to decide, and every action on a button and a key.
import { askText, choose, draftReply, pickCustomer } from './dialogs.js';
import { facts, formatRelative, formatTime, h, replace, time } from './dom.js';

const pollMs = 3_000;

const topics = [
  'billing',
  'orders-delivery',
  'outage-technical',
  'account-access',
  'product-quality',
  'store-staff',
  'travel-disruption',
  'lost-damaged-property',
  'other',
];
const priorities = [
  { value: 'P1', label: 'P1', hint: 'urgent: safety, legal, outage, vulnerable customer' },
  { value: 'P2', label: 'P2', hint: 'high' },
  { value: 'P3', label: 'P3', hint: 'normal' },
  { value: 'P4', label: 'P4', hint: 'low' },
];
const dismissals = [
  { value: 'chatter', label: 'Chatter', hint: 'talk about the brand, nothing to do' },
  { value: 'spam', label: 'Spam', hint: 'advertising, scams, bots' },
  { value: 'praise', label: 'Praise', hint: 'thanks and compliments' },
  { value: 'idea', label: 'Idea', hint: 'a suggestion to pass on' },
];
const networks = ['x', 'facebook', 'instagram', 'messenger', 'review', 'community', 'import'];

/** Every key of the triage view, for the help overlay and the buttons' `aria-keyshortcuts`. */
export const triageKeys = [
  ['j / ↓', 'next item'],
  ['k / ↑', 'previous item'],
  ['c', 'confirm: a service need (creates the case or adds to the customer’s open case)'],
  ['d', 'dismiss, then 1 chatter · 2 spam · 3 praise · 4 idea (or Enter)'],
  ['m', 'merge into a case (asks for the case id)'],
  ['l', 'link the author to a customer (search by name or id)'],
  ['p', 'change priority, then 1–4'],
  ['t', 'change topic, then 1–9'],
  ['a', 'assign a team'],
  ['r', 'draft a reply: public, or move to direct message'],
  ['x', 'select or unselect the item for a bulk action'],
  ['Shift+A', 'select every item in the list for a bulk action'],
  ['Esc', 'clear the bulk selection'],
  ['c d m p t a', 'with items selected (x), act on every selected item'],
  ['?', 'this help'],
];

const optionId = (itemId) => `item-${itemId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const percent = (value) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : '');
const path = (itemId) => `/triage/items/${encodeURIComponent(itemId)}`;

/** What an action did, in a sentence, from its body and the API's answer. */
const describe = (action, count = 1) => {
  const what = count === 1 ? 'the item' : `${count} items`;
  switch (action.action) {
    case 'confirm':
      return `Confirmed ${what} as a service need`;
    case 'dismiss':
      return `Dismissed ${what} as ${action.as}`;
    case 'priority':
      return `Set priority ${action.priority} on ${what}`;
    case 'topic':
      return `Set topic ${action.topic} on ${what}`;
    case 'link':
      return `Linked the author to ${action.customerId}`;
    case 'merge':
      return `Merged ${what} into case ${action.caseId}`;
    case 'assign':
      return `Assigned ${what} to team ${action.team}`;
    case 'draft-reply':
      return `Drafted a ${action.kind === 'direct' ? 'move-to-DM' : 'public'} reply`;
    default:
      return `Done: ${action.action}`;
  }
};

/**
 * The triage view. `ui` carries the shell's shared pieces: `announce(text)` for the polite live
 * region, `status(text)` for outcomes, `problem(error)` to show an error plainly, `teams()`.
 */
export const createTriageView = ({ api, ui }) => {
  let items = [];
  let currentId = null;
  let detail = null;
  const bulk = new Set();
  let knownIds = null;
  let listSequence = 0;
  let detailSequence = 0;
  let busy = 0;
  let timer = null;

  // ---------------------------------------------------------------------------------- the filters
  const select = (name, label, values, all = 'any') =>
    h(
      'div',
      { className: 'field' },
      h('label', { for: `filter-${name}` }, label),
      h(
        'select',
        { id: `filter-${name}`, name },
        all === null ? null : h('option', { value: '' }, all),
        values.map((value) =>
          Array.isArray(value) ? h('option', { value: value[0] }, value[1]) : h('option', { value }, value),
        ),
      ),
    );
  const filters = h(
    'form',
    { className: 'filters', 'aria-label': 'Filters', onsubmit: (event) => event.preventDefault() },
    select(
      'state',
      'State',
      [
        ['open', 'open'],
        ['done', 'done'],
      ],
      null,
    ),
    select('priority', 'Priority', ['P1', 'P2', 'P3', 'P4']),
    select('topic', 'Topic', topics),
    select('network', 'Network', networks),
    select('kind', 'Kind', [
      ['decide', 'decide'],
      ['identify', 'identify customer'],
    ]),
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'filter-language' }, 'Language'),
      h('input', {
        id: 'filter-language',
        name: 'language',
        type: 'text',
        size: 4,
        maxlength: 8,
        placeholder: 'pt',
        autocomplete: 'off',
      }),
    ),
    h(
      'div',
      { className: 'field field-wide' },
      h('label', { for: 'filter-dueBefore' }, 'Due before'),
      h('input', { id: 'filter-dueBefore', name: 'dueBefore', type: 'datetime-local' }),
    ),
    h(
      'div',
      { className: 'field field-check' },
      h('input', { id: 'filter-unknownCustomer', name: 'unknownCustomer', type: 'checkbox' }),
      h('label', { for: 'filter-unknownCustomer' }, 'Unknown customer only'),
    ),
  );
  const filterQuery = () => {
    const data = new FormData(filters);
    const dueBefore = data.get('dueBefore');
    return {
      state: data.get('state') || 'open',
      priority: data.get('priority'),
      topic: data.get('topic'),
      network: data.get('network'),
      kind: data.get('kind'),
      language: String(data.get('language') ?? '')
        .trim()
        .toLowerCase(),
      dueBefore: dueBefore ? new Date(String(dueBefore)).toISOString() : '',
      unknownCustomer: data.get('unknownCustomer') ? 'true' : '',
    };
  };
  let filterTimer;
  const onFilter = () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      currentId = null;
      bulk.clear();
      knownIds = null;
      refresh();
    }, 250);
  };
  filters.addEventListener('change', onFilter);
  filters.addEventListener('input', (event) => {
    if (event.target.name === 'language') onFilter();
  });

  // ------------------------------------------------------------------------------------ the list
  const count = h('span', { className: 'count', id: 'queue-count' });
  const updated = h('span', { className: 'updated hint' });
  const list = h('ul', {
    id: 'queue',
    role: 'listbox',
    tabindex: '0',
    'aria-labelledby': 'queue-title',
    'aria-describedby': 'queue-count',
    className: 'queue',
  });
  const bulkCount = h('span', { id: 'bulk-count', className: 'bulk-count' });
  const bulkBar = h(
    'div',
    { className: 'bulk-bar', role: 'group', 'aria-label': 'Bulk actions', hidden: true },
    bulkCount,
    h('span', { className: 'hint bulk-hint' }, 'keys c d p t a m act on all of them'),
    h('button', { type: 'button', className: 'small', onclick: () => confirm(), 'aria-keyshortcuts': 'c' }, 'Confirm'),
    h('button', { type: 'button', className: 'small', onclick: () => dismiss(), 'aria-keyshortcuts': 'd' }, 'Dismiss…'),
    h(
      'button',
      { type: 'button', className: 'small', onclick: () => priority(), 'aria-keyshortcuts': 'p' },
      'Priority…',
    ),
    h('button', { type: 'button', className: 'small', onclick: () => topic(), 'aria-keyshortcuts': 't' }, 'Topic…'),
    h('button', { type: 'button', className: 'small', onclick: () => assign(), 'aria-keyshortcuts': 'a' }, 'Assign…'),
    h('button', { type: 'button', className: 'small', onclick: () => merge(), 'aria-keyshortcuts': 'm' }, 'Merge…'),
    h(
      'button',
      { type: 'button', className: 'small', onclick: () => clearBulk(), 'aria-keyshortcuts': 'Escape' },
      'Clear',
    ),
  );
  const queuePane = h(
    'section',
    { className: 'queue-pane', 'aria-labelledby': 'queue-title' },
    h('div', { className: 'pane-head' }, h('h2', { id: 'queue-title' }, 'Triage queue'), ' ', count, ' ', updated),
    filters,
    bulkBar,
    list,
  );

  const renderOption = (item) => {
    const due = item.dueAt ? formatRelative(item.dueAt) : '';
    const overdue = item.dueAt && Date.parse(item.dueAt) < Date.now();
    const option = h(
      'li',
      {
        id: optionId(item.itemId),
        role: 'option',
        'aria-selected': String(item.itemId === currentId),
        'aria-checked': String(bulk.has(item.itemId)),
        dataset: { id: item.itemId },
        className: `row${bulk.has(item.itemId) ? ' picked' : ''}`,
        onclick: () => selectItem(item.itemId, { focusList: true }),
      },
      h(
        'div',
        { className: 'row-top' },
        h('span', { className: 'check', 'aria-hidden': 'true' }, bulk.has(item.itemId) ? '☑' : '☐'),
        h('span', { className: `badge priority ${item.priority}` }, item.priority),
        h('span', { className: `badge kind ${item.kind}` }, item.kind === 'identify' ? 'identify' : 'decide'),
        item.unknownCustomer ? h('span', { className: 'badge unknown' }, 'unknown customer') : null,
        h('span', { className: `due${overdue ? ' overdue' : ''}` }, due ? `due ${due}` : ''),
      ),
      h('div', { className: 'excerpt' }, item.excerpt),
      h(
        'div',
        { className: 'row-meta' },
        `@${item.author?.handle ?? '?'} · ${item.network}`,
        item.language ? ` · ${item.language}` : '',
        ` · ${item.topic} · ${item.intent} ${percent(item.confidence)}`,
        item.state === 'done' && item.outcome ? ` · ${item.outcome.action} by ${item.outcome.by}` : '',
      ),
    );
    return option;
  };

  const renderList = () => {
    const scroll = list.scrollTop;
    replace(
      list,
      items.length === 0
        ? h(
            'li',
            { role: 'option', 'aria-selected': 'false', 'aria-disabled': 'true', className: 'empty' },
            'Nothing to triage.',
          )
        : items.map(renderOption),
    );
    list.scrollTop = scroll;
    if (currentId) list.setAttribute('aria-activedescendant', optionId(currentId));
    else list.removeAttribute('aria-activedescendant');
    replace(count, `${items.length} ${items.length === 1 ? 'item' : 'items'}`);
    for (const id of [...bulk]) if (!items.some((item) => item.itemId === id)) bulk.delete(id);
    bulkBar.hidden = bulk.size === 0;
    replace(bulkCount, `${bulk.size} selected`);
  };

  const markCurrent = () => {
    for (const option of list.querySelectorAll('[role=option][data-id]')) {
      option.setAttribute('aria-selected', String(option.dataset.id === currentId));
    }
    if (currentId) {
      list.setAttribute('aria-activedescendant', optionId(currentId));
      document.getElementById(optionId(currentId))?.scrollIntoView({ block: 'nearest' });
    }
  };

  /** Loads the list; `poll` marks the quiet background refresh whose changes are announced. */
  const refresh = async ({ poll = false, preferIndex } = {}) => {
    const mine = ++listSequence;
    if (!poll) setBusy(+1);
    try {
      const answer = await api.get('/triage/items', filterQuery());
      if (mine !== listSequence) return;
      const previousIndex = preferIndex ?? items.findIndex((item) => item.itemId === currentId);
      const next = answer.items ?? [];
      const nextIds = new Set(next.map((item) => item.itemId));
      if (poll && knownIds) {
        const added = next.filter((item) => !knownIds.has(item.itemId)).length;
        const gone = [...knownIds].filter((id) => !nextIds.has(id)).length;
        const parts = [];
        if (added > 0) parts.push(`${added} new ${added === 1 ? 'item' : 'items'}`);
        if (gone > 0) parts.push(`${gone} ${gone === 1 ? 'item' : 'items'} left the queue`);
        if (parts.length > 0) ui.announce(`Triage queue updated: ${parts.join(', ')}.`);
      }
      const changed =
        currentId !== null &&
        items.find((item) => item.itemId === currentId)?.updatedAt !==
          next.find((item) => item.itemId === currentId)?.updatedAt;
      items = next;
      knownIds = nextIds;
      if (!nextIds.has(currentId)) {
        // The item left the list (settled here or elsewhere): the one now in its place is next.
        const index = Math.min(Math.max(previousIndex, 0), items.length - 1);
        currentId = items[index]?.itemId ?? null;
        renderList();
        await loadDetail();
      } else {
        renderList();
        if (changed || !poll) await loadDetail();
      }
      replace(updated, `updated ${new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date())}`);
    } catch (error) {
      if (mine === listSequence) ui.problem(error);
    } finally {
      if (!poll) setBusy(-1);
    }
  };

  const setBusy = (delta) => {
    busy += delta;
    list.setAttribute('aria-busy', String(busy > 0));
    view.dataset.busy = String(busy > 0);
  };

  // ---------------------------------------------------------------------------------- the detail
  const detailHeading = h('h2', { id: 'detail-title' }, 'No item selected');
  const actionButton = (label, key, run, extra = {}) =>
    h(
      'button',
      { type: 'button', className: 'action', onclick: run, 'aria-keyshortcuts': key, ...extra },
      label,
      ' ',
      h('kbd', { 'aria-hidden': 'true' }, key),
    );
  const pickButton = actionButton('Select', 'x', () => toggleBulk(), {
    'aria-pressed': 'false',
    title: 'Select for a bulk action',
  });
  const actions = h(
    'div',
    { className: 'actions', role: 'group', 'aria-label': 'Actions on this item' },
    actionButton('Confirm', 'c', () => confirm({ single: true }), { className: 'action primary' }),
    actionButton('Dismiss…', 'd', () => dismiss({ single: true })),
    actionButton('Merge…', 'm', () => merge({ single: true })),
    actionButton('Link…', 'l', () => link()),
    actionButton('Priority…', 'p', () => priority({ single: true })),
    actionButton('Topic…', 't', () => topic({ single: true })),
    actionButton('Assign…', 'a', () => assign({ single: true })),
    actionButton('Reply…', 'r', () => reply()),
    pickButton,
  );
  const detailBody = h('div', { className: 'detail-body' });
  const detailPane = h(
    'section',
    { className: 'detail-pane', 'aria-labelledby': 'detail-title', id: 'detail' },
    h('div', { className: 'pane-head' }, detailHeading),
    actions,
    detailBody,
  );

  const section = (title, ...content) =>
    h('section', { className: 'card', 'aria-label': title }, h('h3', {}, title), ...content);

  const renderDetail = () => {
    const item = items.find((value) => value.itemId === currentId) ?? detail?.item;
    actions.hidden = !item;
    if (!item || !detail) {
      delete detailPane.dataset.item;
      replace(detailHeading, currentId ? 'Loading…' : 'No item selected');
      replace(
        detailBody,
        currentId ? '' : h('p', { className: 'hint' }, 'The queue is empty, or nothing matches the filters.'),
      );
      return;
    }
    // Which item the pane shows, once loaded: tests and scripts wait on it.
    detailPane.dataset.item = item.itemId;
    pickButton.setAttribute('aria-pressed', String(bulk.has(item.itemId)));
    const {
      mention,
      classification,
      disposition,
      thread = [],
      customer,
      links = [],
      customerTimeline = [],
      replies = [],
    } = detail;
    const theCase = detail.case;
    replace(
      detailHeading,
      `@${item.author?.handle ?? '?'} on ${item.network}`,
      ' ',
      h('span', { className: `badge priority ${item.priority}` }, item.priority),
      ' ',
      h('span', { className: `badge state ${item.state}` }, item.state),
    );
    replace(
      detailBody,
      h(
        'p',
        { className: 'reason' },
        h('strong', {}, item.kind === 'identify' ? 'Who is this? ' : 'Decide: '),
        item.reason,
      ),
      section(
        'Mention',
        h(
          'blockquote',
          { className: 'mention-text', lang: item.language || classification?.language?.code || null },
          mention?.text ?? item.excerpt,
        ),
        facts([
          [
            'Author',
            `${mention?.author?.displayName ? `${mention.author.displayName} ` : ''}@${item.author?.handle} (${item.author?.id})`,
          ],
          ['Posted', mention?.createdAt ? time(mention.createdAt) : null],
          ['Due', item.dueAt ? h('span', {}, time(item.dueAt), ` (${formatRelative(item.dueAt)})`) : null],
          [
            'Link',
            mention?.url
              ? h('a', { href: mention.url, target: '_blank', rel: 'noopener noreferrer' }, 'open on the network')
              : null,
          ],
          ['Id', item.itemId],
        ]),
      ),
      thread.length > 1
        ? section(
            `Thread (${thread.length})`,
            h(
              'ol',
              { className: 'thread' },
              thread.map((post) =>
                h(
                  'li',
                  {
                    className: post.mentionId === item.itemId ? 'this' : '',
                    'aria-current': post.mentionId === item.itemId ? 'true' : null,
                  },
                  h('span', { className: 'who' }, `@${post.author?.handle ?? post.author ?? '?'}`),
                  ' ',
                  time(post.createdAt),
                  h('div', {}, post.text),
                ),
              ),
            ),
          )
        : null,
      section(
        'Customer',
        customer
          ? facts([
              ['Name', customer.name],
              ['Customer id', customer.customerId],
              ['Tier', customer.tier],
              [
                'Accounts',
                links.length ? links.map((one) => `${one.network} @${one.handle} (${one.source})`).join('; ') : null,
              ],
            ])
          : h(
              'p',
              { className: 'unknown-note' },
              'Not linked to a customer. Press ',
              h('kbd', {}, 'l'),
              ' to find and link one.',
            ),
        customerTimeline.length
          ? h(
              'div',
              {},
              h('h4', {}, 'Timeline across channels'),
              h(
                'ol',
                { className: 'timeline' },
                customerTimeline.map((entry) =>
                  h(
                    'li',
                    {},
                    time(entry.at),
                    ' ',
                    h('span', { className: `badge channel ${entry.channel}` }, entry.channel),
                    ` ${entry.kind}: ${entry.summary}`,
                    entry.caseId
                      ? h('span', { className: 'hint' }, ` — case ${entry.caseId} (${entry.caseStatus ?? ''})`)
                      : null,
                  ),
                ),
              ),
            )
          : null,
      ),
      theCase
        ? section(
            'Case',
            facts([
              ['Case id', theCase.caseId],
              ['Status', theCase.status],
              ['Priority', theCase.priority],
              ['Topic', theCase.topic],
              ['Queue', theCase.queue],
              ['Assignee', theCase.assignee],
              ['First response due', theCase.due?.firstResponseAt ? time(theCase.due.firstResponseAt) : null],
              [
                'Routing',
                theCase.routing
                  ? `${theCase.routing.queue}: ${theCase.routing.reason} (rule ${theCase.routing.rule})`
                  : null,
              ],
              [
                'Merge offered',
                theCase.mergeOffer ? `into ${theCase.mergeOffer.caseId}: ${theCase.mergeOffer.reason}` : null,
              ],
              ['Merged into', theCase.mergedInto],
            ]),
          )
        : item.caseId
          ? section('Case', facts([['Case id', item.caseId]]))
          : null,
      section(
        'Classification',
        facts([
          ['Intent', `${item.intent}${classification ? ` (${percent(classification.confidence)})` : ''}`],
          ['Topic', item.topic],
          ['Priority', item.priority],
          [
            'Language',
            classification?.language
              ? `${classification.language.code}${classification.language.supported ? '' : ' — not one the classifier reads'}`
              : item.language,
          ],
          [
            'Sentiment',
            classification?.sentiment ? `${classification.sentiment.label} (${classification.sentiment.score})` : null,
          ],
          ['Urgency', classification?.urgencySignals?.length ? classification.urgencySignals.join(', ') : null],
          [
            'Stated deadline',
            classification?.deadline
              ? `“${classification.deadline.phrase}” → ${formatTime(classification.deadline.at)}`
              : null,
          ],
          [
            'Disposition',
            disposition ? `${disposition.kind}${disposition.caseId ? ` → ${disposition.caseId}` : ''}` : null,
          ],
        ]),
        classification?.reasons?.length
          ? h(
              'div',
              {},
              h('h4', {}, 'Reasons'),
              h(
                'ul',
                { className: 'reasons' },
                classification.reasons.map((reason) => h('li', {}, reason)),
              ),
            )
          : null,
      ),
      section(
        `Replies (${replies.length})`,
        replies.length
          ? h(
              'ul',
              { className: 'replies' },
              replies.map((one) =>
                h(
                  'li',
                  {},
                  h('span', { className: `badge reply ${one.state}` }, one.state),
                  ` ${one.kind === 'direct' ? 'move to DM' : 'public'} by ${one.createdBy}: `,
                  h('q', {}, one.text),
                  one.error ? h('span', { className: 'hint' }, ` (${one.error.code}: ${one.error.message})`) : null,
                  one.state === 'draft' || one.state === 'failed'
                    ? h(
                        'button',
                        { type: 'button', className: 'small', onclick: () => sendReply(one) },
                        one.state === 'failed' ? 'Send again' : 'Send',
                      )
                    : null,
                ),
              ),
            )
          : h('p', { className: 'hint' }, 'No reply drafted. Press ', h('kbd', {}, 'r'), ' to draft one.'),
      ),
      item.history?.length
        ? section(
            'History',
            h(
              'ol',
              { className: 'history' },
              item.history.map((entry) =>
                h(
                  'li',
                  {},
                  time(entry.at),
                  ` ${entry.actor}: ${entry.action}`,
                  entry.before || entry.after
                    ? h(
                        'span',
                        { className: 'hint' },
                        ` ${JSON.stringify(entry.before ?? {})} → ${JSON.stringify(entry.after ?? {})}`,
                      )
                    : null,
                ),
              ),
            ),
          )
        : null,
    );
  };

  const loadDetail = async () => {
    const mine = ++detailSequence;
    if (!currentId) {
      detail = null;
      renderDetail();
      return;
    }
    if (detail?.item?.itemId !== currentId) {
      detail = null;
      renderDetail();
    }
    try {
      const answer = await api.get(path(currentId));
      if (mine !== detailSequence) return;
      detail = answer;
      renderDetail();
    } catch (error) {
      if (mine === detailSequence) ui.problem(error);
    }
  };

  const selectItem = (itemId, { focusList = false } = {}) => {
    if (!itemId || itemId === currentId) return;
    currentId = itemId;
    markCurrent();
    if (focusList) list.focus();
    loadDetail();
  };

  const move = (step) => {
    if (items.length === 0) return;
    const index = items.findIndex((item) => item.itemId === currentId);
    const next = Math.min(Math.max(index + step, 0), items.length - 1);
    selectItem(items[next]?.itemId);
  };

  // --------------------------------------------------------------------------------- the actions
  const current = () => items.find((item) => item.itemId === currentId);

  /** The items an action applies to: the bulk selection when there is one, else the current item. */
  const targets = ({ single = false } = {}) => (!single && bulk.size > 0 ? [...bulk] : currentId ? [currentId] : []);

  const run = async (ids, action) => {
    if (ids.length === 0) return;
    const index = items.findIndex((item) => item.itemId === currentId);
    setBusy(+1);
    try {
      if (ids.length === 1 && bulk.size === 0) {
        const answer = await api.post(`${path(ids[0])}/actions`, action);
        const extra = answer?.caseId ? `: case ${answer.caseId}` : '';
        const offers = answer?.mergeOffers?.length
          ? `; merge offered into ${answer.mergeOffers.map((offer) => offer.intoCaseId ?? offer.caseId).join(', ')}`
          : '';
        ui.status(`${describe(action)} (${ids[0]})${extra}${offers}.`);
      } else {
        const answer = await api.post('/triage/actions', { ids, action });
        const results = answer?.results ?? [];
        const failed = results.filter((result) => result.status !== 'ok');
        ui.status(
          `${describe(action, ids.length)}: ${results.length - failed.length} done${failed.length ? `, ${failed.length} failed` : ''}.`,
        );
        if (failed.length) {
          ui.problem({ plain: failed.map((result) => `${result.id}: ${result.code}: ${result.message}`).join(' · ') });
        }
        for (const result of results) if (result.status === 'ok') bulk.delete(result.id);
      }
      ui.clearProblem();
      await refresh({ preferIndex: index });
    } catch (error) {
      ui.problem(error);
    } finally {
      setBusy(-1);
    }
  };

  const scopeText = (ids) => (ids.length > 1 ? `${ids.length} selected items` : `item ${ids[0]}`);

  const confirm = (options) => run(targets(options), { action: 'confirm' });

  const dismiss = async (options) => {
    const ids = targets(options);
    if (ids.length === 0) return;
    const as = await choose({
      title: 'Dismiss: what is it instead?',
      description: `Not a service need. The choice for ${scopeText(ids)} becomes a training label.`,
      legend: 'Dismiss as',
      options: dismissals,
      submitLabel: 'Dismiss',
    });
    if (as) await run(ids, { action: 'dismiss', as });
  };

  const priority = async (options) => {
    const ids = targets(options);
    if (ids.length === 0) return;
    const chosen = await choose({
      title: 'Change priority',
      description: `For ${scopeText(ids)} and its case, if it has one.`,
      legend: 'Priority',
      options: priorities,
      initial: ids.length === 1 ? items.find((item) => item.itemId === ids[0])?.priority : undefined,
      submitLabel: 'Set priority',
    });
    if (chosen) await run(ids, { action: 'priority', priority: chosen });
  };

  const topic = async (options) => {
    const ids = targets(options);
    if (ids.length === 0) return;
    const chosen = await choose({
      title: 'Change topic',
      description: `For ${scopeText(ids)} and its case, if it has one.`,
      legend: 'Topic',
      options: topics.map((value) => ({ value, label: value })),
      initial: ids.length === 1 ? items.find((item) => item.itemId === ids[0])?.topic : undefined,
      submitLabel: 'Set topic',
    });
    if (chosen) await run(ids, { action: 'topic', topic: chosen });
  };

  const assign = async (options) => {
    const ids = targets(options);
    if (ids.length === 0) return;
    const teams = (await ui.teams()).slice(0, 9);
    const chosen = await choose({
      title: 'Assign to a team',
      description: `Sends the case of ${scopeText(ids)} to the team’s queue.`,
      legend: 'Team',
      options: teams.map((value) => ({ value, label: value })),
      initial: ids.length === 1 ? items.find((item) => item.itemId === ids[0])?.team : undefined,
      other: 'Another team',
      submitLabel: 'Assign',
    });
    if (chosen) await run(ids, { action: 'assign', team: chosen });
  };

  const merge = async (options) => {
    const ids = targets(options);
    if (ids.length === 0) return;
    const suggestion =
      detail?.case?.mergeOffer?.caseId ??
      detail?.customerTimeline?.find(
        (entry) =>
          entry.caseId !== current()?.caseId && entry.caseStatus !== 'resolved' && entry.caseStatus !== 'closed',
      )?.caseId ??
      '';
    const caseId = await askText({
      title: 'Merge into a case',
      description: `Puts ${scopeText(ids)} (or its case) into the case you name.`,
      label: 'Case id',
      value: suggestion,
      submitLabel: 'Merge',
    });
    if (caseId) await run(ids, { action: 'merge', caseId });
  };

  const link = async () => {
    const item = current();
    if (!item) return;
    const chosen = await pickCustomer({
      api,
      title: 'Link to a customer',
      description: `Links @${item.author.handle} on ${item.network} to the customer you pick.`,
    });
    if (chosen) await run([item.itemId], { action: 'link', customerId: chosen });
  };

  const reply = async () => {
    const item = current();
    if (!item) return;
    const drafted = await draftReply({
      title: `Reply to @${item.author.handle}`,
      description: 'Replies never carry personal data: the bridge refuses a draft that does.',
      submit: async ({ kind, text }) => {
        const answer = await api.post(`${path(item.itemId)}/actions`, { action: 'draft-reply', kind, text });
        return answer ?? { kind, text };
      },
    });
    if (drafted) {
      ui.clearProblem();
      ui.status(`${describe({ action: 'draft-reply', kind: drafted.reply?.kind ?? drafted.kind })} (${item.itemId}).`);
      await refresh();
    }
  };

  const sendReply = async (one) => {
    setBusy(+1);
    try {
      const answer = await api.post(`/replies/${encodeURIComponent(one.replyId)}/send`);
      const state = answer?.reply?.state ?? answer?.state;
      ui.status(state === 'awaiting-approval' ? 'The reply waits for a lead’s approval.' : `Reply ${state ?? 'sent'}.`);
      await loadDetail();
    } catch (error) {
      ui.problem(error);
    } finally {
      setBusy(-1);
    }
  };

  const toggleBulk = (itemId = currentId) => {
    if (!itemId) return;
    if (bulk.has(itemId)) bulk.delete(itemId);
    else bulk.add(itemId);
    renderList();
    markCurrent();
    pickButton.setAttribute('aria-pressed', String(bulk.has(currentId)));
    ui.announce(`${bulk.size} selected for a bulk action.`);
  };

  const selectAll = () => {
    for (const item of items) bulk.add(item.itemId);
    renderList();
    ui.announce(`${bulk.size} selected for a bulk action.`);
  };

  const clearBulk = () => {
    if (bulk.size === 0) return;
    bulk.clear();
    renderList();
    markCurrent();
    pickButton.setAttribute('aria-pressed', 'false');
    ui.announce('Bulk selection cleared.');
  };

  // ------------------------------------------------------------------------------------ the keys
  const keys = {
    j: () => move(+1),
    k: () => move(-1),
    c: () => confirm(),
    d: () => dismiss(),
    m: () => merge(),
    l: () => link(),
    p: () => priority(),
    t: () => topic(),
    a: () => assign(),
    r: () => reply(),
    x: () => toggleBulk(),
    A: () => selectAll(),
    Escape: () => clearBulk(),
  };

  list.addEventListener('keydown', (event) => {
    const step = { ArrowDown: +1, ArrowUp: -1 }[event.key];
    if (step) {
      event.preventDefault();
      move(step);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      selectItem((event.key === 'Home' ? items[0] : items[items.length - 1])?.itemId);
    } else if (event.key === ' ') {
      event.preventDefault();
      toggleBulk();
    }
  });

  const view = h('div', { className: 'triage-view', dataset: { busy: 'false' } }, queuePane, detailPane);

  return {
    element: view,
    title: 'Triage',
    /** Handles a page-level key; true when it was the view's. */
    onKey: (event) => {
      const handler = keys[event.key];
      if (!handler) return false;
      if (busy > 0 && event.key !== 'j' && event.key !== 'k') return true;
      handler();
      return true;
    },
    activate: async () => {
      await refresh();
      list.focus();
      clearInterval(timer);
      timer = setInterval(() => {
        if (busy === 0 && document.visibilityState !== 'hidden') refresh({ poll: true });
      }, pollMs);
    },
    deactivate: () => {
      clearInterval(timer);
      timer = null;
    },
  };
};
