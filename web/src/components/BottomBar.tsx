/**
 * The step's main action. On a handheld it is fixed at the bottom of the screen (where the thumb
 * is), its buttons share the width, and a spacer keeps the page's last lines from hiding under it;
 * on a desktop the same buttons sit inline at the end of the content, `hint` on their left.
 */
import { Children, isValidElement, type ReactNode } from 'react';
import { ConfigProvider, Flex, Typography } from 'antd';
import { useNarrow } from './useNarrow';

const BAR_BUTTON = { minHeight: 48, height: 'auto', whiteSpace: 'normal', lineHeight: 1.25, paddingBlock: 4 } as const;

/** `inline`: a secondary set of actions (e.g. counting by hand below the scan): never fixed at the bottom. */
export function BottomBar({ children, hint, inline = false }: { children: ReactNode; hint?: ReactNode; inline?: boolean }) {
  const narrow = useNarrow() && !inline;
  const hintText = hint && <Typography.Text type="secondary">{hint}</Typography.Text>;
  if (!narrow) {
    return (
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 16 }} data-testid={inline ? 'secondary-actions' : 'bottom-bar'}>
        <div>{hintText}</div>
        <Flex gap={8} wrap>{children}</Flex>
      </Flex>
    );
  }
  return (
    <>
      {hintText && <div style={{ marginTop: 12 }}>{hintText}</div>}
      <div aria-hidden style={{ height: 72 }} />
      <div data-testid="bottom-bar" style={{
        position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: 100, display: 'flex', gap: 8,
        padding: '8px 12px calc(8px + env(safe-area-inset-bottom))', background: '#fff',
        borderTop: '1px solid #f0f0f0', boxShadow: '0 -2px 8px rgba(0, 0, 0, 0.06)',
      }}>
        {/* a grid cell stretches the button in it to the cell's width; a label too long for it wraps instead of running under the next */}
        <ConfigProvider button={{ style: BAR_BUTTON }}>
          {Children.toArray(children).map((child, i) => <div key={isValidElement(child) ? child.key : i} style={{ flex: '1 1 0', minWidth: 0, display: 'grid' }}>{child}</div>)}
        </ConfigProvider>
      </div>
    </>
  );
}
