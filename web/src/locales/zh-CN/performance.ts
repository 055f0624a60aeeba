// UI text of 入库表现 / 商家表现 (zh-CN); en-US mirrors these keys.
export default {
  merchantTitle: '入库表现',
  merchantSubtitle: '你的送货质量:异常率、准时足量、JIT 准时率与成本。点击数字查看对应的异常单。',
  rankingTitle: '商家表现',
  rankingSubtitle: '按评分、异常率或 OTIF 排名;点击商家查看详情、异常原因与辅导记录。',
  drillTitle: '{{name}} · 入库表现',
  period: { 7: '近 7 天', 30: '近 30 天', 90: '近 90 天' },
  range: '{{from}} 至 {{to}}',
  none: '—',
  score: {
    title: '综合评分', noData: '本期暂无可评分的数据', warn: '评分偏低,请关注下方异常率较高的类型',
    weights: '权重:异常率 {{exceptionRate}} · OTIF {{otif}} · JIT {{jitOnTime}} · 响应 {{response}}',
  },
  component: { exceptionRate: '异常率', otif: 'OTIF', jitOnTime: 'JIT 准时', response: '响应时效' },
  fig: {
    exceptionRate: '异常率', exceptionHint: '{{ppm}} PPM · 异常 {{units}} / 到货 {{arrived}} 件',
    otif: '准时足量 (OTIF)', otifHint: '已完结送货单 {{due}} 张 · 准时 {{onTime}} · 足量 {{inFull}}',
    jit: 'JIT 准时率', jitHint: '接单 {{accept}} · 发货 {{ship}}',
    compensations: '收到赔付', compensationsHint: '{{count}} 笔 · 已付 {{paid}}',
    penalties: '支付处罚', penaltiesHint: '{{count}} 笔',
  },
  byType: { title: '按异常类型', type: '异常类型', exceptions: '异常单', units: '异常件数', rate: '异常率', ppm: 'PPM', level: '辅导等级' },
  byPlan: { title: '按处理方案', plan: '处理方案', undecided: '待处理', empty: '本期没有异常' },
  trend: { title: '每周趋势', units: '异常件数', rate: '异常率', empty: '本期没有到货或异常', week: '{{day}} 当周' },
  coaching: {
    title: '辅导等级', subtitle: '每种异常类型单独评估:按近 {{window}} 天的异常件数 / 到货件数,每天与可接受异常率比较。',
    acceptable: '可接受异常率 {{rate}}%', current: '本期 {{rate}}', since: '自 {{day}} 起', evaluated: '已评估至 {{day}}',
    meaning: '含义:', next: '下一步:',
    level: { STANDARD: '标准', ELEVATED: '关注', CRITICAL: '严重' },
    explain: {
      STANDARD: '该类型的异常率在可接受范围内。',
      ELEVATED: '近 {{window}} 天的异常率已连续 {{elevate}} 天高于可接受的 {{rate}}%。',
      CRITICAL: '升为“关注”后,异常率又连续 {{critical}} 天高于可接受的 {{rate}}%。平台可能对这类异常采取更严格的处理,例如自动处理规则把超出申报数量的货物退回,而不是收货入库。',
    },
    todo: {
      STANDARD: '继续保持现在的包装、贴标和发货核对。若近 {{window}} 天的异常率连续 {{elevate}} 天高于 {{rate}}%,将升为“关注”。',
      ELEVATED: '请检查箱唛与商品标签、包装方式和发货数量。若再连续 {{critical}} 天超标,将升为“严重”;连续 {{recover}} 天(约 4 个月)低于 {{rate}}% 即恢复“标准”。',
      CRITICAL: '请尽快整改包装、标签与数量核对;连续 {{recover}} 天(约 4 个月)低于 {{rate}}% 即恢复“标准”。',
    },
    history: '等级变更记录', historyEmpty: '暂无等级变更', change: '{{type}}:{{from}} → {{to}}', day: '评估日 {{day}}',
  },
  rank: {
    merchant: '商家', score: '评分', exceptionRate: '异常率', otif: 'OTIF', jit: 'JIT 准时', arrived: '到货件数', level: '辅导等级', total: '共 {{n}} 个商家', response: '平均响应(小时)', penalties: '罚款',
  },
  pareto: { title: '异常原因(帕累托)', subtitle: '按异常细分统计的异常件数,从多到少;折线为累计占比。点击下表查看对应异常单。', units: '异常件数', cumulative: '累计占比', empty: '本期没有异常', cause: '异常原因', share: '占比' },
};
