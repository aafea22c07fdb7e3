// The Metrics view: what the bridge did, in figures and small charts. Locally it reads `GET /metrics`,
// the local runtime's aggregate of every metric the handlers emitted (lambdas/local/local-metrics.ts);
// deployed, the figures live in CloudWatch and the view links to the stack's dashboard.
// Charts are inline SVG styled by classes only: the console's CSP allows no inline style.
import { h, replace, time } from './dom.js';

const refreshMs = 15_000;
const svgNs = 'http://www.w3.org/2000/svg';

export const metricsKeys = [
  ['r', 'refresh the figures'],
  ['w', 'switch between the last hour and since start'],
  ['?', 'this help'],
];

/** The disposition kinds, in the order a mention's fate is decided (lambdas/domain/disposition.ts). */
const dispositionKinds = ['case-created', 'case-appended', 'triage', 'chatter', 'spam', 'duplicate', 'rejected'];

const windows = [
  { id: 'lastHour', label: 'Last hour' },
  { id: 'life', label: 'Since start' },
];

/** An SVG element: attributes only, never `style`. */
const svg = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
};

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Seconds as people say them: "45 s", "12 min", "3.5 h", "2.1 days". */
export const formatDuration = (seconds) => {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds)) return '–';
  if (seconds < 60) return `${decimal.format(seconds)} s`;
  if (seconds < 3600) return `${decimal.format(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${decimal.format(seconds / 3600)} h`;
  return `${decimal.format(seconds / 86_400)} days`;
};

/**
 * The figures of the catalog's metrics over one window. They are published service-wide (dimension
 * `service` only), as the dashboard reads them; a function may emit a metric of the same name with
 * dimensions of its own (the SLA monitor's breaches by kind), which would count twice.
 */
const reader = (summary, windowId) => {
  const serviceWide = (entry) => Object.keys(entry.dimensions ?? {}).join() === 'service';
  const series = (name) => (summary?.series ?? []).filter((entry) => entry.name === name && serviceWide(entry));
  return {
    sum: (name) => series(name).reduce((total, entry) => total + (entry[windowId]?.sum ?? 0), 0),
    figures: (name) => series(name)[0]?.[windowId],
    trend: (name) =>
      series(name).reduce(
        (total, entry) => (entry.lastHour?.trend ?? []).map((value, index) => (total[index] ?? 0) + value),
        [],
      ),
  };
};

const ratio = (part, whole) => (whole > 0 ? percent.format(part / whole) : '–');

let chartIds = 0;
/** A fresh id for a chart's title, which its `aria-labelledby` names. */
const nextChartId = () => {
  chartIds += 1;
  return `chart-${chartIds}`;
};

/** A horizontal bar chart of `[label, value]` rows, labelled in text and described for screen readers. */
const barChart = (caption, rows) => {
  const titleId = nextChartId();
  const max = Math.max(1, ...rows.map(([, value]) => value));
  const rowHeight = 20;
  const labelWidth = 110;
  const barSpace = 170;
  return svg(
    'svg',
    {
      class: 'chart bars',
      role: 'img',
      'aria-labelledby': titleId,
      viewBox: `0 0 ${labelWidth + barSpace + 50} ${rows.length * rowHeight}`,
      width: labelWidth + barSpace + 50,
      height: rows.length * rowHeight,
    },
    svg(
      'title',
      { id: titleId },
      `${caption}: ${rows.map(([label, value]) => `${label} ${count.format(value)}`).join(', ')}`,
    ),
    rows.map(([label, value], index) => {
      const y = index * rowHeight;
      const width = Math.round((value / max) * barSpace);
      return svg(
        'g',
        { class: 'bar-row' },
        svg('text', { class: 'bar-label', x: 0, y: y + 14 }, label),
        svg('rect', {
          class: value > 0 ? 'bar' : 'bar empty',
          x: labelWidth,
          y: y + 4,
          width: Math.max(width, 1),
          height: 12,
        }),
        svg('text', { class: 'bar-value', x: labelWidth + Math.max(width, 1) + 6, y: y + 14 }, count.format(value)),
      );
    }),
  );
};

/** Columns of a histogram of buckets `{le, count}`, 0 to 1. */
const histogram = (caption, buckets) => {
  const titleId = nextChartId();
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const width = 300;
  const height = 110;
  const plot = 90;
  const column = width / Math.max(1, buckets.length);
  const described = buckets
    .map((bucket, index) => `${index === 0 ? 0 : buckets[index - 1].le}–${bucket.le}: ${count.format(bucket.count)}`)
    .join(', ');
  return svg(
    'svg',
    {
      class: 'chart histogram',
      role: 'img',
      'aria-labelledby': titleId,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
    },
    svg('title', { id: titleId }, `${caption}: ${described}`),
    buckets.map((bucket, index) => {
      const barHeight = Math.round((bucket.count / max) * (plot - 4));
      return svg('rect', {
        class: bucket.count > 0 ? 'bar' : 'bar empty',
        x: index * column + 2,
        y: plot - Math.max(barHeight, 1),
        width: column - 4,
        height: Math.max(barHeight, 1),
      });
    }),
    svg('line', { class: 'axis', x1: 0, y1: plot, x2: width, y2: plot }),
    svg('text', { class: 'axis-label', x: 0, y: height - 4 }, '0'),
    svg('text', { class: 'axis-label middle', x: width / 2, y: height - 4 }, '0.5'),
    svg('text', { class: 'axis-label end', x: width, y: height - 4 }, '1'),
  );
};

/** A sparkline of the last hour, five minutes a point, oldest first, with what it spans in words. */
const sparkline = (caption, values) =>
  h(
    'div',
    { className: 'trend' },
    sparklineChart(caption, values),
    h('span', { className: 'hint' }, 'last 60 min, by 5 min'),
  );

const sparklineChart = (caption, values) => {
  const titleId = nextChartId();
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map(
    (value, index) => `${Math.round(index * step)},${height - 2 - Math.round((value / max) * (height - 4))}`,
  );
  return svg(
    'svg',
    {
      class: 'chart sparkline',
      role: 'img',
      'aria-labelledby': titleId,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
    },
    svg(
      'title',
      { id: titleId },
      `${caption}, five minutes a point, oldest first: ${values.map((value) => count.format(value)).join(', ')}`,
    ),
    svg('polyline', { class: 'spark', points: points.join(' ') }),
  );
};

const card = (title, ...content) =>
  h('section', { className: 'card metric-card', 'aria-label': title }, h('h3', {}, title), ...content);

const figure = (value, caption) =>
  h(
    'p',
    { className: 'figure' },
    h('span', { className: 'figure-value' }, value),
    ' ',
    h('span', { className: 'hint' }, caption),
  );

export const createMetricsView = ({ api, ui, config }) => {
  let windowId = 'lastHour';
  let summary = null;
  let timer = null;
  let busy = 0;

  const body = h('div', { className: 'metrics-grid', id: 'metrics-body' });
  const updated = h('span', { className: 'updated hint' });
  const choices = windows.map((option) =>
    h(
      'label',
      { className: 'choice' },
      h('input', {
        type: 'radio',
        name: 'metrics-window',
        value: option.id,
        checked: option.id === windowId,
        onchange: () => {
          windowId = option.id;
          render();
        },
      }),
      ` ${option.label}`,
    ),
  );
  const local = config?.mode === 'local';
  const view = h(
    'section',
    { className: 'metrics-view', 'aria-labelledby': 'metrics-title', dataset: { busy: 'false' } },
    h(
      'div',
      { className: 'pane-head' },
      h('h2', { id: 'metrics-title' }, 'Metrics'),
      local
        ? h(
            'fieldset',
            { className: 'window-choice' },
            h('legend', { className: 'visually-hidden' }, 'Window'),
            choices,
          )
        : null,
      local ? h('button', { type: 'button', className: 'small', onclick: () => load() }, 'Refresh') : null,
      updated,
    ),
    body,
  );

  const render = () => {
    if (!summary) return;
    const read = reader(summary, windowId);
    const decided = read.sum('MentionsDecided');
    const escalated = read.sum('Escalated');
    const contacts = read.sum('CaseContacts');
    const joins = read.sum('CrossChannelJoin');
    const breaches = read.sum('SlaBreaches');
    const firstResponse = read.figures('FirstResponseTime');
    const resolution = read.figures('ResolutionTime');
    const confidence = read.figures('ModelConfidence');
    const hourOnly = windowId === 'lastHour';
    replace(
      body,
      card(
        'Mentions by disposition',
        figure(count.format(decided), 'mentions decided'),
        barChart(
          'Mentions by disposition',
          dispositionKinds.map((kind) => [kind, read.sum(`Disposition_${kind}`)]),
        ),
        hourOnly ? sparkline('Mentions decided in the last hour', read.trend('MentionsDecided')) : null,
      ),
      card(
        'Escalation rate',
        figure(ratio(escalated, decided), `${count.format(escalated)} of ${count.format(decided)} handed to people`),
        h('p', { className: 'hint' }, 'A new case, a case joined, or the triage queue.'),
        hourOnly ? sparkline('Escalated in the last hour', read.trend('Escalated')) : null,
      ),
      card(
        'Response and resolution',
        h(
          'table',
          { className: 'figures' },
          h('caption', { className: 'visually-hidden' }, 'Times to first response and to resolution'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Time to'),
              h('th', { scope: 'col' }, 'p50'),
              h('th', { scope: 'col' }, 'p95'),
              h('th', { scope: 'col' }, 'Cases'),
            ),
          ),
          h(
            'tbody',
            {},
            [
              ['First response', firstResponse],
              ['Resolution', resolution],
            ].map(([label, figures]) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, label),
                h('td', {}, formatDuration(figures?.p50)),
                h('td', {}, formatDuration(figures?.p95)),
                h('td', {}, count.format(figures?.count ?? 0)),
              ),
            ),
          ),
        ),
      ),
      card(
        'SLA breaches',
        figure(count.format(breaches), 'due times missed'),
        barChart('SLA breaches by due time', [
          ['first response', read.sum('SlaBreach_first-response')],
          ['resolution', read.sum('SlaBreach_resolution')],
        ]),
        hourOnly ? sparkline('SLA breaches in the last hour', read.trend('SlaBreaches')) : null,
      ),
      card(
        'Cross-channel joins',
        figure(count.format(joins), `${ratio(joins, contacts)} of ${count.format(contacts)} contacts put on a case`),
        h('p', { className: 'hint' }, 'Contacts joined to a case opened on another channel.'),
      ),
      card(
        'Classifier confidence',
        figure(
          confidence?.p50 === undefined ? '–' : decimal.format(confidence.p50),
          `median of ${count.format(confidence?.count ?? 0)} mentions`,
        ),
        histogram(
          'Mentions by classifier confidence, in tenths',
          confidence?.histogram ?? Array.from({ length: 10 }, (_, index) => ({ le: (index + 1) / 10, count: 0 })),
        ),
      ),
      card(
        'Amazon Comprehend',
        figure(count.format(read.sum('ComprehendCalls')), 'calls'),
        figure(usd.format(read.sum('ComprehendSpendUsd')), 'estimated spend'),
      ),
    );
  };

  const load = async () => {
    busy += 1;
    view.dataset.busy = 'true';
    try {
      summary = await api.get('/metrics');
      replace(updated, 'Updated ', time(summary.generatedAt), ` · running since `, time(summary.since));
      render();
      ui.clearProblem();
    } catch (error) {
      ui.problem(error);
    } finally {
      busy -= 1;
      view.dataset.busy = String(busy > 0);
    }
  };

  const showDashboard = () => {
    replace(
      body,
      card(
        'CloudWatch',
        h(
          'p',
          {},
          'Deployed, the bridge’s figures are CloudWatch metrics: dispositions, escalation rate, response and resolution times, SLA breaches, cross-channel joins, classifier confidence and Comprehend spend.',
        ),
        config?.dashboardUrl
          ? h(
              'p',
              {},
              h(
                'a',
                { href: config.dashboardUrl, target: '_blank', rel: 'noopener noreferrer' },
                'Open the CloudWatch dashboard',
              ),
            )
          : h('p', { className: 'hint' }, 'The stack output DashboardUrl names the dashboard.'),
      ),
    );
  };

  return {
    element: view,
    title: 'Metrics',
    onKey: (event) => {
      if (!local) return false;
      if (event.key === 'r') {
        load();
        return true;
      }
      if (event.key === 'w') {
        windowId = windowId === 'lastHour' ? 'life' : 'lastHour';
        for (const input of view.querySelectorAll('input[name=metrics-window]'))
          input.checked = input.value === windowId;
        render();
        ui.announce(windows.find((option) => option.id === windowId)?.label ?? '');
        return true;
      }
      return false;
    },
    activate: async () => {
      if (!local) {
        showDashboard();
        return;
      }
      await load();
      clearInterval(timer);
      timer = setInterval(load, refreshMs);
    },
    deactivate: () => {
      clearInterval(timer);
      timer = null;
    },
  };
};
