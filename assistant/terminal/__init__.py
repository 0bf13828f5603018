"""The terminal front end: the `bureau` command (cli) and how each command prints what the core returns
(answer, kb, figures, inspection, eligibility). Nothing below imports it."""
