/** 对账单 (statements): the merchant's and ops' pages and the shared statement view. */
export default {
  title: '对账单',
  merchantSubtitle: '按自然月(平台时区)汇总赔付、处罚与豁免;已结月份不再变动,之后的豁免计入下一月',
  opsSubtitle: '按商家与月份查看对账单;到结账日自动结账,也可手动结账',
  month: '月份', merchant: '商家', currency: '币种', status: '状态', opening: '期初余额', closing: '期末余额', lines: '明细',
  time: '时间', kind: '类型', document: '单据', amount: '金额', no: '对账单号', closedAt: '结账时间', closeDueAt: '自动结账时间', period: '期间',
  statuses: { OPEN: '未结(实时)', CLOSED: '已结' },
  kinds: { COMPENSATION: '赔付', PENALTY: '处罚', PENALTY_WAIVER: '处罚豁免', FEE: '扣费', FEE_WAIVER: '扣费豁免' },
  sign: '余额 = 平台应付商家金额:赔付、豁免为正,处罚为负',
  none: '本月无记录',
  empty: '暂无对账单',
  open: '查看',
  pdf: '下载 PDF', xlsx: '下载 Excel',
  close: '结账', closeConfirm: '确认结账 {{month}}?结账后该月对账单不再变动,之后的记录计入下一月。', closed: '{{month}} 已结账',
  notEnded: '该月尚未结束',
  back: '返回列表',
  pickMonth: '选择月份',
};
