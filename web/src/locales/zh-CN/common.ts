export default {
  appName: 'Tally 入库异常管理',
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '用户名或密码错误', tooMany: '尝试次数过多,请稍后再试', disabled: '该账号已停用,请联系管理员' },
  account: {
    title: '我的账号', subtitle: '修改密码,查看并结束你的登录会话。', password: '修改密码', current: '当前密码', next: '新密码', confirm: '确认新密码',
    mismatch: '两次输入的新密码不一致', policy: '至少 10 个字符,且不能是常见密码', save: '修改密码', saved: '密码已修改,其他会话已结束',
    forcedTitle: '请设置新密码', forcedHint: '管理员重置了你的密码。设置新密码后才能继续使用。',
    sessions: '登录会话', sessionsHint: '每次登录都是一个会话;不认识的会话请结束并修改密码。', current_: '当前会话', kind: '方式', cookie: '网页', bearer: 'API 令牌',
    ip: 'IP', device: '设备', since: '登录时间', lastSeen: '最近活动', expires: '到期', end: '结束', ended: '会话已结束', endConfirm: '结束这个会话?该设备需重新登录。',
  },
  inbox: {
    title: '消息通知', empty: '暂无消息', readAll: '全部标为已读', viewAll: '查看全部',
    subtitle: '与你相关的单据动态;点击消息打开对应单据。', unread: '未读', all: '全部', emptyUnread: '没有未读消息,都看完了',
    message: '消息', document: '单据', markRead: '标为已读', allRead: '已全部标为已读', readDone: '已标为已读',
    doc: { exception: '异常单', returnOrder: '退货单', stockingOrder: '备货订单', deliveryNote: '送货单', compensation: '赔付单', penalty: '处罚单', ticket: '工单', dispute: '申诉', fee: '扣费' },
  },
  header: { logout: '退出登录', language: 'English', languageShort: 'EN', account: '我的账号', menu: '菜单' },
  workspace: { merchant: '商家中心', warehouse: '仓库作业台', ops: '运营工作台' },
  menu: {
    exceptions: '异常管理', returns: '退货管理', orders: '备货订单跟进', jitOrders: 'JIT备货订单跟进', deliveryNotes: '送货单',
    addresses: '地址管理', preferences: '处理偏好', webhooks: 'Webhook', tickets: '工单', compensations: '赔付', penalties: '处罚', fees: '费用', disputes: '我的申诉', opsDisputes: '申诉处理', performance: '入库表现', merchantPerformance: '商家表现',
    arrival: '到货', receiving: '收货', qc: '质检', putaway: '上架', registerException: '异常登记', newNotes: '补收', returnWork: '退货作业',
    dashboard: '运营看板', opsExceptions: '异常处理台', opsOrders: '备货订单', opsReturns: '退货单', settings: '设置', policies: '自动处理规则',
    admin: '主数据', merchants: '商家', warehouses: '仓库', skus: '商品', users: '用户', audit: '审计日志',
  },
  list: {
    search: '查询', reset: '重置', all: '全部', export: { button: '导出', xlsx: 'Excel (XLSX)', csv: 'CSV' }, next: '下一页', prev: '上一页', empty: '暂无数据', emptyFiltered: '没有符合条件的记录,试试调整或重置筛选条件',
    loadError: '加载失败', retry: '重试', moreFilters: '更多筛选', fewerFilters: '收起筛选', actions: '操作', detail: '详情', createdAt: '创建时间', status: '状态', no: '单号',
  },
  /** How returned goods come back (退货方式); every workspace names them the same way. */
  returnMethods: { PLATFORM_LOGISTICS: '平台物流', MERCHANT_PICKUP: '商家自提', ABANDON: '弃货' },
  error: { notFound: '未找到', notFoundHint: '该页面或单据不存在,或你没有查看权限。', back: '返回', generic: '操作失败', network: '网络异常,请检查网络后重试' },
  photos: { none: '仓库未上传照片', failed: '加载失败' },
  common: { confirm: '确认', cancel: '取消', save: '保存', submit: '提交', close: '关闭', yes: '是', no: '否', qty: '数量', sku: '商品', remark: '备注', success: '操作成功' },
};
