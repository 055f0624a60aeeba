/** 处理: the allowed plans side by side, each with its computed effects; deciding sends {plan, version}. */
import { App, Alert, Button, Descriptions, Drawer, Flex, Skeleton } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import { useLabels } from '../../../api/catalog';
import { keys } from '../../../api/keys';
import { useDeliveryNote } from '../../../api/hooks/deliveryNotes';
import { useDecideException, useException, type PlanPreview } from '../../../api/hooks/exceptions';
import { problemMessage } from '../shared/problem';
import type { Plan } from '../../../../../src/domain/catalog';
import { ErrorState } from '../../../components/States';
import { PlanCard } from './PlanCard';

export function DecideDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('ops');
  const { label } = useLabels();
  const { message } = App.useApp();
  const exc = useException(id);
  const note = useDeliveryNote(exc.data?.deliveryNoteId);
  const [plan, setPlan] = useState<Plan>();
  const decide = useDecideException();
  useEffect(() => setPlan(undefined), [id]);
  const plans = exc.data?.allowedPlans ?? [];
  const previews = useQueries({
    queries: plans.map((p) => ({
      queryKey: [...keys.exceptions.all, 'preview', id, p],
      queryFn: () => api.get<PlanPreview>(`/exceptions/${id}/preview`, { plan: p }),
      staleTime: 10_000,
    })),
  });
  const names = (skuId: string) => {
    const l = note.data?.lines.find((x) => x.skuId === skuId) ?? exc.data?.lines.find((x) => x.skuId === skuId);
    return l ? `${l.skuCode} ${l.skuName}` : skuId;
  };
  const confirm = async () => {
    if (!exc.data || !plan) return;
    try {
      await decide.mutateAsync({ id: exc.data.id, plan, version: exc.data.version });
      message.success(t('decide.done', { no: exc.data.no, plan: label('plans', plan) }));
      onClose();
    } catch (e) {
      message.error(problemMessage(e, t('decide.failed')));
      if (e instanceof ApiError && e.status === 409) void exc.refetch();
    }
  };
  const e = exc.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={760} destroyOnHidden title={e ? t('decide.title', { no: e.no }) : t('decide.titleLoading')}
      footer={(
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common:common.cancel')}</Button>
          <Button type="primary" disabled={!plan || e?.status !== 'PENDING'} loading={decide.isPending} onClick={confirm} data-testid="decide-confirm">
            {plan ? t('decide.confirmPlan', { plan: label('plans', plan) }) : t('decide.pickFirst')}
          </Button>
        </Flex>
      )}>
      {exc.isError ? <ErrorState error={exc.error} onRetry={() => exc.refetch()} />
        : !e ? <Skeleton active />
        : (
          <>
            <Descriptions size="small" column={2} style={{ marginBottom: 16 }} items={[
              { key: 'sub', label: t('field.subtype'), children: `${label('types', e.type)} / ${label('subtypes', e.subtype)}` },
              { key: 'note', label: t('field.deliveryNoteNo'), children: e.deliveryNoteNo },
              { key: 'order', label: t('field.orderType'), children: label('orderTypes', e.orderType) },
              { key: 'qty', label: t('field.lines'), children: e.lines.map((l) => `${l.skuCode} ×${l.qty}`).join(', ') || '-' },
            ]} />
            {e.status !== 'PENDING'
              ? <Alert type="info" showIcon title={t('decide.notPending')} />
              : (
                <>
                  <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('decide.hint')} />
                  <Flex vertical gap={12}>
                    {plans.map((p, i) => (
                      <PlanCard key={p} plan={p} selected={plan === p} onSelect={() => setPlan(p)} names={names}
                        preview={{ data: previews[i]?.data, isLoading: !!previews[i]?.isLoading, error: previews[i]?.error }} />
                    ))}
                  </Flex>
                </>
              )}
          </>
        )}
    </Drawer>
  );
}
