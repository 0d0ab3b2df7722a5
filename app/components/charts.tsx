/**
 * Charts drawn as SVG by React on the server (d3 computes the scales, ticks and the target line;
 * nothing needs JavaScript in the browser). Each chart is an image with a title and a short
 * description; the table beside it carries every figure for screen readers and for reading exact
 * values (ADR 0015). Withheld figures draw no bar and say what the table says: "fewer than 5",
 * or "not shown" for a row withheld only so that a small one cannot be worked out.
 */
import { scaleBand, scaleLinear, type ScaleLinear } from "d3-scale";
import type { ReactNode } from "react";
import { line } from "d3-shape";
import { fewerThanFive, withheldToProtect } from "../modules/evidence/suppression";

export interface ChartRow {
  label: string;
  /** Null when withheld or missing: no bar is drawn. */
  value: number | null;
  /** What to write beside the bar: for a withheld row, exactly what its table says ("fewer than 5", "not shown"). */
  display: string;
}

const width = 720;
const ink = "#0b0c0c";
const bar = "#1d70b8";
const grid = "#b1b4b6";

/** Whole pence as short axis money: £0, £500, £12k, £1.2m. */
export function shortPounds(pence: number): string {
  const pounds = pence / 100;
  if (Math.abs(pounds) >= 1_000_000) return `£${(pounds / 1_000_000).toFixed(1).replace(/\.0$/, "")}m`;
  if (Math.abs(pounds) >= 1_000) return `£${(pounds / 1_000).toFixed(1).replace(/\.0$/, "")}k`;
  return `£${Math.round(pounds)}`;
}

/** A chart's image: an SVG that is one image, with its title and description for screen readers. */
function ChartFrame({ id, title, description, height, children }: { id: string; title: string; description: string; height: number; children: ReactNode }) {
  return (
    <svg className="atlas-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-chart={id}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** Horizontal grid lines with their values, for a chart whose bars stand up. */
function ValueGrid({ y, left, right, format }: { y: ScaleLinear<number, number>; left: number; right: number; format: (value: number) => string }) {
  return (
    <>
      {y.ticks(5).map((tick) => (
        <g key={tick}>
          <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke={grid} strokeWidth={1} />
          <text x={left - 8} y={y(tick) + 5} textAnchor="end" fontSize={15} fill={ink}>
            {format(tick)}
          </text>
        </g>
      ))}
    </>
  );
}

/** Where a bar is withheld: what its table row says, shortened to fit ("<5", "not shown", "–" for no figure). */
function WithheldMark({ x, y, display }: { x: number; y: number; display: string }) {
  if (display === fewerThanFive || display === withheldToProtect) {
    const words = display === fewerThanFive ? ["<5"] : ["not", "shown"];
    return (
      <text x={x} y={y - 8 - (words.length - 1) * 16} textAnchor="middle" fontSize={14} fill={ink}>
        {words.map((word, index) => (
          <tspan key={word} x={x} dy={index === 0 ? 0 : 16}>
            {word}
          </tspan>
        ))}
      </text>
    );
  }
  return (
    <text x={x} y={y - 8} textAnchor="middle" fontSize={14} fill={ink}>
      –
    </text>
  );
}

export function HorizontalBarChart({
  id,
  title,
  description,
  rows,
  tickFormat,
}: {
  id: string;
  title: string;
  description: string;
  rows: ChartRow[];
  tickFormat: (value: number) => string;
}) {
  const labelWidth = 250;
  const valueWidth = 120;
  const rowHeight = 30;
  const top = 10;
  const axis = 28;
  const height = top + rows.length * rowHeight + axis;
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
  const x = scaleLinear().domain([0, max]).nice(4).range([labelWidth, width - valueWidth]);
  const ticks = x.ticks(4);
  return (
    <ChartFrame id={id} title={title} description={description} height={height}>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={top - 4} y2={height - axis} stroke={grid} strokeWidth={1} />
          <text x={x(tick)} y={height - axis + 18} textAnchor="middle" fontSize={15} fill={ink}>
            {tickFormat(tick)}
          </text>
        </g>
      ))}
      {rows.map((row, index) => {
        const y = top + index * rowHeight;
        const end = row.value === null ? labelWidth : x(row.value);
        return (
          <g key={row.label} data-row={row.label} data-label={row.display}>
            <text x={labelWidth - 8} y={y + rowHeight / 2 + 5} textAnchor="end" fontSize={16} fill={ink}>
              {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
            </text>
            {row.value !== null && <rect x={labelWidth} y={y + 4} width={Math.max(0, end - labelWidth)} height={rowHeight - 8} fill={bar} />}
            <text x={end + 6} y={y + rowHeight / 2 + 5} fontSize={16} fill={ink}>
              {row.display}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} x2={labelWidth} y1={top - 4} y2={height - axis} stroke={ink} strokeWidth={1} />
    </ChartFrame>
  );
}

export function MonthlyChart({
  id,
  title,
  description,
  rows,
  targets,
}: {
  id: string;
  title: string;
  description: string;
  rows: ChartRow[];
  /** The monthly target, in the same units, month by month (null where none was set). */
  targets: Array<number | null>;
}) {
  const height = 340;
  const margin = { top: 16, right: 16, bottom: 76, left: 72 };
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0), ...targets.map((target) => target ?? 0));
  const x = scaleBand<number>()
    .domain(rows.map((_, index) => index))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const y = scaleLinear().domain([0, max]).nice(5).range([height - margin.bottom, margin.top]);
  const targetPath = line<number | null>()
    .defined((value) => value !== null)
    .x((_, index) => x(index)! + x.bandwidth() / 2)
    .y((value) => y(value ?? 0))(targets);
  const hasTarget = targets.some((target) => target !== null);
  return (
    <ChartFrame id={id} title={title} description={description} height={height}>
      <ValueGrid y={y} left={margin.left} right={width - margin.right} format={shortPounds} />
      {rows.map((row, index) => {
        const left = x(index)!;
        const centre = left + x.bandwidth() / 2;
        return (
          <g key={row.label} data-row={row.label} data-label={row.value === null ? row.display : undefined}>
            {row.value !== null ? (
              <rect x={left} y={y(row.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(row.value))} fill={bar} />
            ) : (
              <WithheldMark x={centre} y={y(0)} display={row.display} />
            )}
            <text x={centre} y={height - margin.bottom + 18} textAnchor="middle" fontSize={14} fill={ink}>
              {row.label.split(" ")[0]}
            </text>
            {(index === 0 || row.label.endsWith(rows[index - 1]!.label.split(" ")[1] ?? "") === false) && (
              <text x={centre} y={height - margin.bottom + 34} textAnchor="middle" fontSize={14} fill={ink}>
                {row.label.split(" ")[1]}
              </text>
            )}
          </g>
        );
      })}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} stroke={ink} strokeWidth={1} />
      {hasTarget && targetPath && <path d={targetPath} fill="none" stroke={ink} strokeWidth={3} strokeDasharray="8 5" />}
      <g transform={`translate(${margin.left}, ${height - 8})`}>
        <rect x={0} y={-11} width={14} height={14} fill={bar} />
        <text x={20} y={0} fontSize={15} fill={ink}>
          Cost avoided
        </text>
        {hasTarget && (
          <>
            <line x1={150} x2={180} y1={-4} y2={-4} stroke={ink} strokeWidth={3} strokeDasharray="8 5" />
            <text x={186} y={0} fontSize={15} fill={ink}>
              Monthly target
            </text>
          </>
        )}
      </g>
    </ChartFrame>
  );
}

export interface ReferenceLine {
  label: string;
  value: number;
  /** An SVG dash pattern, so lines differ by more than colour. */
  dash: string;
}

/**
 * One indicator over time: a bar for each period, and horizontal lines for the baseline, the
 * England average and the target. A period withheld or not known has no bar and its label says
 * what the table says.
 */
export function IndicatorChart({
  id,
  title,
  description,
  rows,
  references,
  format,
}: {
  id: string;
  title: string;
  description: string;
  rows: ChartRow[];
  references: ReferenceLine[];
  format: (value: number) => string;
}) {
  const height = 320;
  const margin = { top: 16, right: 16, bottom: 64 + references.length * 20, left: 80 };
  const total = height + references.length * 20;
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0), ...references.map((line) => line.value));
  const x = scaleBand<number>()
    .domain(rows.map((_, index) => index))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const y = scaleLinear().domain([0, max]).nice(5).range([total - margin.bottom, margin.top]);
  return (
    <ChartFrame id={id} title={title} description={description} height={total}>
      <ValueGrid y={y} left={margin.left} right={width - margin.right} format={format} />
      {rows.map((row, index) => {
        const left = x(index)!;
        const centre = left + x.bandwidth() / 2;
        return (
          <g key={row.label} data-row={row.label} data-label={row.display}>
            {row.value !== null ? (
              <rect x={left} y={y(row.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(row.value))} fill={bar} />
            ) : (
              <WithheldMark x={centre} y={y(0)} display={row.display} />
            )}
            {rows.length <= 12 && (
              <text x={centre} y={total - margin.bottom + 18} textAnchor="middle" fontSize={13} fill={ink}>
                {row.label}
              </text>
            )}
          </g>
        );
      })}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} stroke={ink} strokeWidth={1} />
      {references.map((reference, index) => (
        <g key={reference.label}>
          <line x1={margin.left} x2={width - margin.right} y1={y(reference.value)} y2={y(reference.value)} stroke={ink} strokeWidth={3} strokeDasharray={reference.dash} />
          <line x1={margin.left} x2={margin.left + 30} y1={total - margin.bottom + 40 + index * 20} y2={total - margin.bottom + 40 + index * 20} stroke={ink} strokeWidth={3} strokeDasharray={reference.dash} />
          <text x={margin.left + 38} y={total - margin.bottom + 45 + index * 20} fontSize={14} fill={ink}>
            {`${reference.label}: ${format(reference.value)}`}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
