"""The style sheet of the HTML report: readable at 390 px, at 1280 px and on paper.

Text is never below 12 px; wide tables scroll inside their own box on a small
screen (the page itself never scrolls sideways).  Every chart comes in two
drawings, wide and narrow (for a phone); a media query shows the wide one only
where its text comes out at 12 px or more and the narrow one elsewhere, so charts
scale to their column and never scroll.
Printed, each area starts a new page, tables may run over pages with their
headings repeated, notes wrap across the full width of their table, and the
table of contents is left out.
"""

from __future__ import annotations

__all__ = ["CSS"]

#: The report's inline style sheet.
CSS = """
html { font-size: 16px; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif;
       margin: 0 auto; max-width: 72rem; color: #222; line-height: 1.45; padding: 0 1rem 1rem;
       overflow-wrap: break-word; }
h1 { border-bottom: 2px solid #345; font-size: 1.8rem; }
h2 { border-bottom: 1px solid #999; margin-top: 2em; font-size: 1.4rem; }
h3 { font-size: 1.1rem; }
nav ol { columns: 2 18rem; padding-left: 1.5em; }
.scroll { overflow-x: auto; max-width: 100%; margin: 0.5em 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
th { background: #eef2f5; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.notes td { font-size: 0.8125rem; color: #444; background: #fafafa; }
table.matrix td { min-width: 6em; }
.finding { color: #9b1c1c; }
.note { color: #555; font-style: italic; }
.warning { color: #8a1c1c; font-weight: bold; border-left: 4px solid #c0392b; padding-left: 0.5em; }
#notes li { margin: 0.5em 0; }
#notes li.warning { font-weight: normal; border: 0; padding: 0; color: inherit; }
.concerns { display: block; font-size: 0.8125rem; color: #555; }
figure { margin: 1em 0; max-width: 100%; }
figure svg { width: 100%; max-width: 100%; height: auto; display: block; }
figure.chart svg.wide { max-width: 42rem; }
figure.trajectory svg.wide { max-width: 640px; }
figure svg.narrow { display: none; max-width: 30rem; }
figure.timeline svg.narrow { max-width: 36rem; }
figcaption { font-size: 0.875rem; color: #555; }
footer { margin-top: 3em; border-top: 1px solid #999; font-size: 0.8125rem; color: #555; }
@media (max-width: 40rem) {
  body { padding: 0 0.5rem 1rem; }
  h1 { font-size: 1.4rem; }
  th, td { padding: 0.2em 0.35em; }
  nav ol { columns: 1; }
}
/* Each chart is drawn twice, its text 12 units or more; the wide drawing (461 units wide
   for a chart, 640 for a trajectory, 1000 for a timeline) shows only where its box is at
   least that wide (beside a 15 px scrollbar and the body's padding), so that its text comes
   out at 12 px or more; the narrow one (346 or 344 units, drawn for a phone) elsewhere.
   Paper always gets the wide one. */
@media screen and (max-width: 600px) {
  figure.chart svg.wide { display: none; }
  figure.chart svg.narrow { display: block; }
}
@media screen and (max-width: 720px) {
  figure.trajectory svg.wide { display: none; }
  figure.trajectory svg.narrow { display: block; }
}
@media screen and (max-width: 1060px) {
  figure.timeline svg.wide { display: none; }
  figure.timeline svg.narrow { display: block; }
}
@media print {
  @page { margin: 15mm 12mm; }
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  nav { display: none; }
  section.area { break-before: page; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  td { overflow-wrap: anywhere; }
  td.num { white-space: nowrap; overflow-wrap: normal; }
  td:first-child { overflow-wrap: normal; }  /* a country's name is never broken mid-word */
  figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  footer { break-before: avoid; }
}
"""
