/** Where a merchant sees each kind of document (a JIT order lives under JIT备货订单跟进). */
export function docPath(kind: string, id: string, orderType?: string | null): string | null {
  switch (kind) {
    case 'exception': return `/merchant/exceptions/${id}`;
    case 'returnOrder': return `/merchant/returns/${id}`;
    case 'stockingOrder': return orderType === 'JIT_REPEAT' ? `/merchant/jit-orders/${id}` : `/merchant/orders/${id}`;
    case 'deliveryNote': return `/merchant/delivery-notes/${id}`;
    case 'ticket': return `/merchant/tickets/${id}`;
    case 'compensation': return `/merchant/compensations?open=${id}`;
    case 'penalty': return `/merchant/penalties?open=${id}`;
    case 'fee': return `/merchant/fees?open=${id}`;
    default: return null;
  }
}
