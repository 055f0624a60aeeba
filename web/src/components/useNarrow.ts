/**
 * A handheld (narrower than antd's md breakpoint, 768 px): one column, the menu in a drawer, cards
 * instead of wide tables, the step's action in a bottom bar. antd's breakpoints decide; the first
 * render already knows the answer, so a page does not mount its desktop version only to swap it.
 */
import { Grid } from 'antd';

/** Before antd's observer has answered (the first render): the same question, asked once. */
const narrowAtFirst = () => typeof window !== 'undefined' && !!window.matchMedia && !window.matchMedia('(min-width: 768px)').matches;

export function useNarrow(): boolean {
  const md = Grid.useBreakpoint().md;
  return md === undefined ? narrowAtFirst() : !md;
}

/**
 * Touch targets of at least 44 px on a handheld: controls (buttons of every size, inputs, selects,
 * pickers) and menu items; for a nested ConfigProvider around the pages.
 */
export const TOUCH_THEME = {
  token: { controlHeight: 44 },
  components: {
    Button: { controlHeightSM: 44, controlHeightLG: 48 },
    Input: { controlHeightLG: 52 },
    Menu: { itemHeight: 48 },
    // every pixel of width is the content's: cards and drawers keep narrow margins
    Card: { bodyPadding: 12, headerPadding: 12 },
    Drawer: { paddingLG: 16 },
  },
};
