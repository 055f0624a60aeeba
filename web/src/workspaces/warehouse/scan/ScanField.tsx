/**
 * The one scan field of a step: it keeps focus (after a message, a drawer closing, a re-render),
 * and keystrokes typed while nothing editable has focus are taken into it, so a keyboard-wedge
 * scanner's fast keystrokes + Enter are never lost. Uncontrolled: no render per character.
 */
import { ScanOutlined } from '@ant-design/icons';
import { useEffect, useRef, type RefObject } from 'react';

const editable = (el: Element | null) => !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
  || (el as HTMLElement).isContentEditable || !!el.closest('.ant-select'));
/** Inside a drawer or a modal, open or closing. */
const OVERLAY = '.ant-drawer, .ant-modal-wrap';
/** A drawer or modal is open: it owns the keyboard until it closes. */
const overlayOpen = () => !!document.querySelector('.ant-drawer-open, .ant-modal-wrap:not([style*="display: none"]) .ant-modal');

/** `inputRef`: for a page that hands the field the keyboard itself (e.g. after the button it was on is gone). */
export function ScanField({ onScan, placeholder, hint, testId = 'scan-field', inputRef }: {
  onScan: (text: string) => void; placeholder: string; hint?: string; testId?: string; inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  /** `at`: the Enter key event's time, so the mark counts any wait before the page could handle it (bench/scan-feedback.ts). */
  const take = (at: number) => {
    const el = input.current;
    if (!el) return;
    const text = el.value;
    el.value = '';
    performance.mark('scan-start', { startTime: at });
    if (text.trim()) onScan(text);
  };
  useEffect(() => { input.current?.focus(); }, []); // the step opens with the scan field ready
  useEffect(() => {
    const el = input.current;
    const onKey = (e: KeyboardEvent) => {
      if (!el || document.activeElement === el || editable(document.activeElement) || overlayOpen()) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key.length === 1) { el.focus(); el.value += e.key; e.preventDefault(); } else if (e.key === 'Enter' && el.value) { e.preventDefault(); take(e.timeStamp); el.focus(); }
    };
    // back to the field when its focus falls to the page (a message, a closed drawer, a click on text);
    // focus leaving another input (counting by hand) is that input's business
    const onFocusOut = (e: FocusEvent) => e.target === el && requestAnimationFrame(() => {
      if (!el || overlayOpen()) return;
      const active = document.activeElement;
      if (!active || active === document.body || !editable(active) && !active.closest('button, a, [role="button"]')) el.focus();
    });
    // a drawer or modal that closes hands focus back to what opened it (a button): the field takes it instead
    const onFocusIn = (e: FocusEvent) => {
      const from = e.relatedTarget instanceof Element ? e.relatedTarget : null;
      if (!el || e.target === el || !from?.closest(OVERLAY) || editable(e.target as Element)) return;
      requestAnimationFrame(() => { if (!overlayOpen() && !editable(document.activeElement)) el.focus(); });
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusout', onFocusOut);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true); document.removeEventListener('focusout', onFocusOut); document.removeEventListener('focusin', onFocusIn);
    };
  }); // every render: the handlers see the current onScan
  return (
    <label style={{ display: 'block' }}>
      <span style={{ display: 'flex', alignItems: 'center', gap: 8, border: '2px solid #1677ff', borderRadius: 8, padding: '0 12px', background: '#fff', minHeight: 52 }}>
        <ScanOutlined style={{ fontSize: 22, color: '#1677ff' }} />
        <input ref={input} data-testid={testId} placeholder={placeholder} autoComplete="off" autoCapitalize="off" spellCheck={false}
          inputMode="text" enterKeyHint="send"
          style={{ border: 0, outline: 'none', fontSize: 18, flex: 1, minWidth: 0, height: 48, background: 'transparent' }}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); take(e.timeStamp); } }} />
      </span>
      {hint && <span style={{ display: 'block', fontSize: 12, color: '#888', marginTop: 4 }}>{hint}</span>}
    </label>
  );
}
