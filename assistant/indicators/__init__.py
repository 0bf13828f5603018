"""An indicator table — this year's and last year's figures of a bureau's indicators, with their cells —
read from a workbook, CSV file or Word table, and the changes computed from it in code. Drafting writes
a report from it and the figures feature cites its cells; neither owns it."""
