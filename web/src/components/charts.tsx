/**
 * Charts (@ant-design/plots, G2 on a canvas): columns on the left axis with a percentage line on the
 * right axis — the weekly trend (exception units by type, the exception rate) and the Pareto of
 * causes (units per cause, largest first, and the cumulative share). They fill their container's
 * width and follow it when it resizes. Only pages loaded lazily import this module, so the chart
 * library stays out of the handheld's bundle.
 */
import { DualAxes } from '@ant-design/plots';
import { Empty } from 'antd';
import type { ReactNode } from 'react';

export interface ColumnDatum { x: string; y: number; series: string }
export interface LineDatum { x: string; pct: number | null }

const HEIGHT = 300;
const PALETTE = ['#1677ff', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#13c2c2', '#faad14', '#2f54eb'];

/** A round top for a percentage axis: 36.4 → 40, 3.2 → 4, 0.3 → 0.4, 100 → 100. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = max <= 1 ? 0.2 : max <= 5 ? 1 : max <= 20 ? 5 : max <= 50 ? 10 : 20;
  return Math.round(Math.ceil(max / step) * step * 10) / 10;
}

/** Columns (stacked by `series`) against the left axis, a line of percentages against the right one. */
export function ColumnsWithLine({ columns, line, columnsTitle, lineTitle, lineName, empty, testId }: {
  columns: ColumnDatum[];
  line: LineDatum[];
  columnsTitle: string;
  lineTitle: string;
  /** The line's name in the legend and tooltip. */
  lineName: string;
  empty: ReactNode;
  testId?: string;
}) {
  if (!columns.some((c) => c.y > 0)) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} data-testid={testId && `${testId}-empty`} />;
  const series = [...new Set(columns.map((c) => c.series))];
  const points = line.filter((l) => l.pct !== null).map((l) => ({ ...l, name: lineName }));
  // the line and its points on one explicit domain (two independent scales would each fit their own)
  const pctScale = { independent: true, domain: [0, niceMax(Math.max(0, ...points.map((p) => p.pct!)))] };
  const config = {
    xField: 'x',
    autoFit: true,
    height: HEIGHT,
    legend: { color: { position: 'top' as const, layout: { justifyContent: 'center' } } },
    scale: { color: { domain: [...series, lineName], range: [...PALETTE.slice(0, series.length), '#cf1322'] } },
    children: [
      {
        type: 'interval',
        data: columns,
        yField: 'y',
        colorField: 'series',
        stack: true,
        style: { maxWidth: 48 },
        axis: { y: { title: columnsTitle, position: 'left' }, x: { title: false } },
      },
      {
        type: 'line',
        data: points,
        yField: 'pct',
        colorField: 'name',
        style: { lineWidth: 2 },
        scale: { y: pctScale },
        axis: { y: { title: lineTitle, position: 'right', labelFormatter: (v: number) => `${v}%` } },
        tooltip: { items: [{ channel: 'y', valueFormatter: (v: number) => `${v}%` }] },
      },
      // a week or a cause alone still shows its value
      { type: 'point', data: points, yField: 'pct', colorField: 'name', scale: { y: pctScale }, axis: { y: false }, tooltip: false, style: { r: 3 } },
    ],
  };
  return <div data-testid={testId} style={{ width: '100%', minWidth: 0 }}><DualAxes {...config} /></div>;
}
