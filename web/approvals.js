// Replies awaiting approval (role lead): four eyes before a reply goes out on the brand's name.
import { h, replace, time } from './dom.js';

export const createApprovalsView = ({ api, ui }) => {
  let busy = 0;
  const body = h('div', { className: 'detail-body' });
  const view = h(
    'section',
    { className: 'approvals-view', 'aria-labelledby': 'approvals-title', dataset: { busy: 'false' } },
    h('div', { className: 'pane-head' }, h('h2', { id: 'approvals-title' }, 'Replies awaiting approval')),
    body,
  );

  const load = async () => {
    busy += 1;
    view.dataset.busy = 'true';
    try {
      const answer = await api.get('/replies', { state: 'awaiting-approval' });
      const replies = Array.isArray(answer) ? answer : (answer?.items ?? answer?.replies ?? []);
      replace(
        body,
        replies.length === 0
          ? h('p', { className: 'hint' }, 'Nothing waits for approval.')
          : h(
              'ul',
              { className: 'approvals' },
              replies.map((reply) =>
                h(
                  'li',
                  { className: 'card' },
                  h('p', {}, h('q', {}, reply.text)),
                  h(
                    'p',
                    { className: 'hint' },
                    `${reply.kind === 'direct' ? 'Move to DM' : 'Public reply'} on ${reply.network} to ${reply.mentionId}, drafted by ${reply.createdBy} `,
                    time(reply.createdAt),
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      className: 'primary small',
                      'aria-label': `Approve and send the reply to ${reply.mentionId} by ${reply.createdBy}`,
                      onclick: () => approve(reply),
                    },
                    'Approve and send',
                  ),
                ),
              ),
            ),
      );
      ui.clearProblem();
    } catch (error) {
      ui.problem(error);
    } finally {
      busy -= 1;
      view.dataset.busy = String(busy > 0);
    }
  };

  const approve = async (reply) => {
    try {
      const answer = await api.post(`/replies/${encodeURIComponent(reply.replyId)}/approve`);
      ui.status(`Approved the reply to ${reply.mentionId}: ${answer?.reply?.state ?? answer?.state ?? 'sent'}.`);
    } catch (error) {
      ui.problem(error);
    }
    await load();
  };

  return {
    element: view,
    title: 'Approvals',
    onKey: () => false,
    activate: load,
    deactivate: () => {},
  };
};
