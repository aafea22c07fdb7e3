// The agent view: the team queues with how many cases wait, "claim next" per queue, and the
// claimed case with the customer's whole story, why it was routed here, notes, release, resolve.
import { askText } from './dialogs.js';
import { facts, h, replace, time } from './dom.js';

const pollMs = 3_000;
const claimedKey = 'bridge.agent.case';

export const agentKeys = [
  ['n', 'claim the next case of the first queue with cases waiting'],
  ['?', 'this help'],
];

export const createAgentView = ({ api, ui }) => {
  let queues = [];
  let claimed = null;
  let timer = null;
  let busy = 0;

  const queueBody = h('tbody');
  const queuesCard = h(
    'section',
    { className: 'queue-pane', 'aria-labelledby': 'agent-queues-title' },
    h('div', { className: 'pane-head' }, h('h2', { id: 'agent-queues-title' }, 'Team queues')),
    h(
      'table',
      { className: 'queues' },
      h('caption', { className: 'visually-hidden' }, 'Cases waiting per team queue'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Queue'),
          h('th', { scope: 'col' }, 'Waiting'),
          h('th', { scope: 'col' }, 'Hours'),
          h('th', { scope: 'col' }, h('span', { className: 'visually-hidden' }, 'Action')),
        ),
      ),
      queueBody,
    ),
  );
  const caseHeading = h('h2', { id: 'agent-case-title', tabindex: '-1' }, 'No case claimed');
  const caseBody = h('div', { className: 'detail-body' });
  const casePane = h(
    'section',
    { className: 'detail-pane', 'aria-labelledby': 'agent-case-title', id: 'agent-case' },
    h('div', { className: 'pane-head' }, caseHeading),
    caseBody,
  );

  const withBusy = async (work) => {
    busy += 1;
    view.dataset.busy = 'true';
    try {
      await work();
      ui.clearProblem();
    } catch (error) {
      ui.problem(error);
    } finally {
      busy -= 1;
      view.dataset.busy = String(busy > 0);
    }
  };

  const renderQueues = () => {
    replace(
      queueBody,
      queues.length === 0
        ? h('tr', {}, h('td', { colspan: '4' }, 'No queues.'))
        : queues.map((queue) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, queue.queue),
              h('td', {}, String(queue.waiting)),
              h('td', {}, `${queue.open ? 'open' : 'closed'} now${queue.timeZone ? ` (${queue.timeZone})` : ''}`),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    className: 'small nowrap',
                    disabled: queue.waiting === 0,
                    'aria-label': `Claim next in ${queue.queue}`,
                    onclick: () => claim(queue.queue),
                  },
                  'Claim next',
                ),
              ),
            ),
          ),
    );
  };

  const loadQueues = async () => {
    const answer = await api.get('/agent/queues');
    queues = answer?.queues ?? [];
    renderQueues();
  };

  const renderCase = () => {
    if (!claimed) {
      replace(caseHeading, 'No case claimed');
      replace(caseBody, h('p', { className: 'hint' }, 'Claim the next case of a queue to work on it.'));
      return;
    }
    const story = claimed.customerTimeline?.length ? claimed.customerTimeline : (claimed.timeline ?? []);
    replace(
      caseHeading,
      `Case ${claimed.caseId} `,
      h('span', { className: `badge priority ${claimed.priority}` }, claimed.priority),
      ' ',
      h('span', { className: 'badge state' }, claimed.status),
    );
    const noteField = h('textarea', { id: 'agent-note', rows: 3, name: 'note' });
    replace(
      caseBody,
      h(
        'div',
        { className: 'actions', role: 'group', 'aria-label': 'Actions on this case' },
        h('button', { type: 'button', onclick: () => release() }, 'Release to queue'),
        h('button', { type: 'button', className: 'primary', onclick: () => resolve() }, 'Resolve…'),
      ),
      h(
        'section',
        { className: 'card', 'aria-label': 'Case' },
        h('h3', {}, 'Case'),
        facts([
          [
            'Customer',
            claimed.party?.kind === 'customer'
              ? claimed.party.customerId
              : `unknown: ${claimed.party?.identity?.network} @${claimed.party?.identity?.handle}`,
          ],
          ['Topic', claimed.topic],
          ['Queue', claimed.queue],
          ['Assignee', claimed.assignee],
          ['First response due', claimed.due?.firstResponseAt ? time(claimed.due.firstResponseAt) : null],
          ['Resolution due', claimed.due?.resolutionAt ? time(claimed.due.resolutionAt) : null],
          ['Opened', time(claimed.createdAt)],
        ]),
      ),
      h(
        'section',
        { className: 'card', 'aria-label': 'Why it came here' },
        h('h3', {}, 'Why it came here'),
        claimed.routing
          ? facts([
              ['Queue', claimed.routing.queue],
              ['Rule', claimed.routing.rule],
              ['Reason', claimed.routing.reason],
              ['Routed', time(claimed.routing.at)],
            ])
          : h('p', { className: 'hint' }, 'No routing recorded.'),
      ),
      h(
        'section',
        { className: 'card', 'aria-label': 'Timeline' },
        h('h3', {}, claimed.customerTimeline?.length ? 'The customer’s story, every channel' : 'Timeline'),
        h(
          'ol',
          { className: 'timeline' },
          story.map((entry) =>
            h(
              'li',
              {},
              time(entry.at),
              ' ',
              h('span', { className: `badge channel ${entry.channel}` }, entry.channel),
              ` ${entry.kind}: ${entry.summary}`,
              entry.by ? h('span', { className: 'hint' }, ` — ${entry.by}`) : null,
              entry.caseId && entry.caseId !== claimed.caseId
                ? h('span', { className: 'hint' }, ` (case ${entry.caseId})`)
                : null,
            ),
          ),
        ),
      ),
      h(
        'form',
        {
          className: 'card note-form',
          'aria-label': 'Add a note',
          onsubmit: (event) => {
            event.preventDefault();
            const text = noteField.value.trim();
            if (text) addNote(text);
          },
        },
        h('h3', {}, 'Add a note'),
        h('p', {}, h('label', { for: 'agent-note' }, 'Note for the timeline')),
        h('p', {}, noteField),
        h('button', { type: 'submit' }, 'Add note'),
      ),
    );
  };

  const show = (value) => {
    claimed = value;
    if (value) sessionStorage.setItem(claimedKey, value.caseId);
    else sessionStorage.removeItem(claimedKey);
    renderCase();
  };

  const caseOf = (answer) => answer?.case ?? answer;

  const claim = (queue) =>
    withBusy(async () => {
      const answer = await api.post(`/agent/queues/${encodeURIComponent(queue)}/claim`);
      if (!answer) {
        ui.status(`Nobody waits in ${queue}.`);
      } else {
        const value = caseOf(answer);
        show({ ...value, customerTimeline: answer.customerTimeline ?? value.customerTimeline });
        ui.status(`Claimed case ${value.caseId} from ${queue}.`);
        caseHeading.focus();
      }
      await loadQueues();
    });

  const reload = async () => {
    if (!claimed) return;
    const answer = await api.get(`/agent/cases/${encodeURIComponent(claimed.caseId)}`);
    show(
      caseOf(answer) && {
        ...caseOf(answer),
        customerTimeline: answer.customerTimeline ?? caseOf(answer).customerTimeline,
      },
    );
  };

  const addNote = (text) =>
    withBusy(async () => {
      await api.post(`/agent/cases/${encodeURIComponent(claimed.caseId)}/notes`, { text });
      ui.status(`Note added to ${claimed.caseId}.`);
      await reload();
    });

  const release = () =>
    withBusy(async () => {
      const caseId = claimed.caseId;
      await api.post(`/agent/cases/${encodeURIComponent(caseId)}/release`);
      show(null);
      ui.status(`Released ${caseId} back to its queue.`);
      await loadQueues();
    });

  const resolve = async () => {
    if (!claimed) return;
    const caseId = claimed.caseId;
    const note = await askText({
      title: `Resolve case ${caseId}`,
      description: 'The customer hears back on their channel.',
      label: 'Resolution note (optional)',
      required: false,
      multiline: true,
      submitLabel: 'Resolve',
      submit: (text) => api.post(`/agent/cases/${encodeURIComponent(caseId)}/resolve`, text ? { note: text } : {}),
    });
    if (note === null) return;
    show(null);
    ui.status(`Resolved ${caseId}.`);
    await withBusy(loadQueues);
  };

  const view = h('div', { className: 'agent-view', dataset: { busy: 'false' } }, queuesCard, casePane);

  return {
    element: view,
    title: 'Agent',
    onKey: (event) => {
      if (event.key !== 'n') return false;
      const next = queues.find((queue) => queue.waiting > 0);
      if (next && busy === 0) claim(next.queue);
      return true;
    },
    activate: async () => {
      await withBusy(async () => {
        await loadQueues();
        const remembered = sessionStorage.getItem(claimedKey);
        if (remembered && !claimed) {
          claimed = { caseId: remembered };
          await reload().catch(() => show(null));
        } else {
          renderCase();
        }
      });
      clearInterval(timer);
      timer = setInterval(() => {
        if (busy === 0 && document.visibilityState !== 'hidden') loadQueues().catch((error) => ui.problem(error));
      }, pollMs);
    },
    deactivate: () => {
      clearInterval(timer);
      timer = null;
    },
  };
};
