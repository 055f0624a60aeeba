/** Statements (对账单): the merchant's and ops' pages and the shared statement view. */
export default {
  title: 'Statements',
  merchantSubtitle: 'Compensations, penalties and waivers per calendar month (platform time zone); a closed month never changes, later waivers go on the next month',
  opsSubtitle: 'Statements by merchant and month; months close automatically on the close day, or by hand',
  month: 'Month', merchant: 'Merchant', currency: 'Currency', status: 'Status', opening: 'Opening balance', closing: 'Closing balance', lines: 'Lines',
  time: 'Time', kind: 'Kind', document: 'Document', amount: 'Amount', no: 'Statement no.', closedAt: 'Closed at', closeDueAt: 'Closes automatically at', period: 'Period',
  statuses: { OPEN: 'Open (live)', CLOSED: 'Closed' },
  kinds: { COMPENSATION: 'Compensation', PENALTY: 'Penalty', PENALTY_WAIVER: 'Penalty waiver', FEE: 'Fee', FEE_WAIVER: 'Fee waiver' },
  sign: 'Balance = what the platform owes the merchant: compensations and waivers +, penalties −',
  none: 'Nothing this month',
  empty: 'No statements yet',
  open: 'View',
  pdf: 'Download PDF', xlsx: 'Download Excel',
  close: 'Close month', closeConfirm: 'Close {{month}}? Its statement will never change again; later lines go on the next month.', closed: '{{month}} closed',
  notEnded: 'This month has not ended yet',
  back: 'Back to the list',
  pickMonth: 'Pick a month',
};
