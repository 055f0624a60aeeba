// UI text of Inbound performance / Merchant performance (en-US); mirrors zh-CN.
export default {
  merchantTitle: 'Inbound performance',
  merchantSubtitle: 'How well your deliveries arrive: exception rate, on time in full, JIT on-time and cost. Click a figure to see its exceptions.',
  rankingTitle: 'Merchant performance',
  rankingSubtitle: 'Ranked by score, exception rate or OTIF; open a merchant for its figures, causes and coaching history.',
  drillTitle: '{{name}} · Inbound performance',
  period: { 7: 'Last 7 days', 30: 'Last 30 days', 90: 'Last 90 days' },
  range: '{{from}} to {{to}}',
  none: '—',
  score: {
    title: 'Score', noData: 'Nothing to score in this period', warn: 'A low score: look at the exception types with the highest rates below',
    weights: 'Weights: exception rate {{exceptionRate}} · OTIF {{otif}} · JIT {{jitOnTime}} · response {{response}}',
  },
  component: { exceptionRate: 'Exception rate', otif: 'OTIF', jitOnTime: 'JIT on time', response: 'Response time' },
  fig: {
    exceptionRate: 'Exception rate', exceptionHint: '{{ppm}} PPM · {{units}} of {{arrived}} units',
    otif: 'On time in full (OTIF)', otifHint: 'Notes closed {{due}} · on time {{onTime}} · in full {{inFull}}',
    jit: 'JIT on time', jitHint: 'accepted {{accept}} · shipped {{ship}}',
    compensations: 'Compensations received', compensationsHint: 'Count {{count}} · paid {{paid}}',
    penalties: 'Penalties paid', penaltiesHint: 'Count {{count}}',
  },
  byType: { title: 'By exception type', type: 'Exception type', exceptions: 'Exceptions', units: 'Units', rate: 'Rate', ppm: 'PPM', level: 'Coaching level' },
  byPlan: { title: 'By plan', plan: 'Plan', undecided: 'Pending', empty: 'No exceptions in this period' },
  trend: { title: 'Week by week', units: 'Exception units', rate: 'Exception rate', empty: 'Nothing arrived and no exceptions in this period', week: 'Week of {{day}}' },
  coaching: {
    title: 'Coaching levels', subtitle: 'Each exception type on its own: every day, its units over the last {{window}} days per arrived unit against the acceptable rate.',
    acceptable: 'Acceptable rate {{rate}}%', current: 'This period {{rate}}', since: 'since {{day}}', evaluated: 'evaluated through {{day}}',
    meaning: 'What it means: ', next: 'What to do next: ',
    level: { STANDARD: 'Standard', ELEVATED: 'Elevated', CRITICAL: 'Critical' },
    explain: {
      STANDARD: 'The exception rate of this type is acceptable.',
      ELEVATED: 'The rate over the last {{window}} days has been above the acceptable {{rate}}% for {{elevate}} days in a row.',
      CRITICAL: 'After reaching Elevated, the rate stayed above the acceptable {{rate}}% for {{critical}} more days. The platform may handle these exceptions more strictly, e.g. policies returning units beyond the declared quantity instead of receiving them.',
    },
    todo: {
      STANDARD: 'Keep going: keep checking packing, labels and quantities before you ship. {{elevate}} days in a row above {{rate}}% over the last {{window}} days make it Elevated.',
      ELEVATED: 'Check box and product labels, packing and the quantities you ship. After {{critical}} more days above, the level becomes Critical; {{recover}} days (about 4 months) in a row at or below {{rate}}% bring it back to Standard.',
      CRITICAL: 'Fix packing, labels and quantity checks now; {{recover}} days (about 4 months) in a row at or below {{rate}}% bring it back to Standard.',
    },
    history: 'Level changes', historyEmpty: 'No level changes yet', change: '{{type}}: {{from}} → {{to}}', day: 'evaluated day {{day}}',
  },
  rank: {
    merchant: 'Merchant', score: 'Score', exceptionRate: 'Exception rate', otif: 'OTIF', jit: 'JIT on time', arrived: 'Units arrived', level: 'Coaching level', total: '{{n}} merchants', response: 'Mean response (h)', penalties: 'Penalties',
  },
  pareto: { title: 'Causes (Pareto)', subtitle: 'Exception units per subtype, largest first; the line is the cumulative share. Open a row below for its exceptions.', units: 'Exception units', cumulative: 'Cumulative share', empty: 'No exceptions in this period', cause: 'Cause', share: 'Share' },
};
