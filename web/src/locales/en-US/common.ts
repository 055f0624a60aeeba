import type zh from '../zh-CN/common';

const en: typeof zh = {
  appName: 'Tally Inbound Exceptions',
  login: { title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', failed: 'Wrong username or password', disabled: 'This account is disabled; ask your administrator', tooMany: 'Too many attempts, try again in a minute' },
  inbox: {
    title: 'Notifications', empty: 'No notifications', readAll: 'Mark all as read', viewAll: 'View all',
    subtitle: 'What happened to your documents; click a message to open its document.', unread: 'Unread', all: 'All', emptyUnread: 'No unread notifications; you are all caught up',
    message: 'Message', document: 'Document', markRead: 'Mark read', allRead: 'All marked as read', readDone: 'Marked as read',
    doc: { exception: 'Exception', returnOrder: 'Return order', stockingOrder: 'Stocking order', deliveryNote: 'Delivery note', compensation: 'Compensation', penalty: 'Penalty', ticket: 'Ticket', dispute: 'Dispute', fee: 'Fee' },
  },
  account: {
    title: 'My account', subtitle: 'Change your password; see and end your sessions.', password: 'Change password', current: 'Current password', next: 'New password', confirm: 'Confirm new password',
    mismatch: 'The two new passwords differ', policy: 'At least 10 characters, and not a common password', save: 'Change password', saved: 'Password changed; your other sessions were ended',
    forcedTitle: 'Choose a new password', forcedHint: 'An administrator reset your password. Choose a new one to continue.',
    sessions: 'Sessions', sessionsHint: 'Each login is a session; end any you do not recognise and change your password.', current_: 'This session', kind: 'Via', cookie: 'Web', bearer: 'API token',
    ip: 'IP', device: 'Device', since: 'Logged in', lastSeen: 'Last active', expires: 'Expires', end: 'End', ended: 'Session ended', endConfirm: 'End this session? That device will have to log in again.',
  },
  header: { logout: 'Log out', account: 'My account', language: '中文', languageShort: '中', menu: 'Menu' },
  workspace: { merchant: 'Merchant portal', warehouse: 'Warehouse console', ops: 'Operations desk' },
  menu: {
    exceptions: 'Exceptions', returns: 'Returns', orders: 'Order follow-up', jitOrders: 'JIT order follow-up', deliveryNotes: 'Delivery notes',
    addresses: 'Addresses', preferences: 'Handling preferences', webhooks: 'Webhooks', tickets: 'Tickets', compensations: 'Compensations', penalties: 'Penalties', fees: 'Fees', disputes: 'My disputes', opsDisputes: 'Disputes', performance: 'Inbound performance', merchantPerformance: 'Merchant performance',
    arrival: 'Arrival', receiving: 'Receiving', qc: 'Inspection', putaway: 'Put-away', registerException: 'Register exception', newNotes: 'Receive new notes', returnWork: 'Return work',
    dashboard: 'Dashboard', opsExceptions: 'Exception desk', opsOrders: 'Stocking orders', opsReturns: 'Return orders', settings: 'Settings', policies: 'Auto-decision rules',
    admin: 'Master data', merchants: 'Merchants', warehouses: 'Warehouses', skus: 'SKUs', users: 'Users', audit: 'Audit log',
  },
  list: {
    search: 'Search', reset: 'Reset', all: 'All', export: { button: 'Export', xlsx: 'Excel (XLSX)', csv: 'CSV' }, next: 'Next', prev: 'Previous', empty: 'Nothing here yet', emptyFiltered: 'Nothing matches these filters; change or reset them',
    loadError: 'Could not load', retry: 'Retry', moreFilters: 'More filters', fewerFilters: 'Fewer filters', actions: 'Actions', detail: 'Details', createdAt: 'Created', status: 'Status', no: 'No.',
  },
  returnMethods: { PLATFORM_LOGISTICS: 'Platform logistics', MERCHANT_PICKUP: 'Merchant pickup', ABANDON: 'Abandon' },
  error: { notFound: 'Not found', notFoundHint: 'This page or document does not exist, or you may not see it.', back: 'Back', generic: 'Something went wrong', network: 'Network problem; check your connection and retry' },
  photos: { none: 'The warehouse attached no photos', failed: 'Failed to load' },
  common: { confirm: 'Confirm', cancel: 'Cancel', save: 'Save', submit: 'Submit', close: 'Close', yes: 'Yes', no: 'No', qty: 'Qty', sku: 'SKU', remark: 'Remark', success: 'Done' },
};
export default en;
