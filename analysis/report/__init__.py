"""Stage 5, report: charts, HTML, the notebooks' cache and `framing run`.

Public entry points::

    from analysis.report import cache, charts, html, footer, validation_charts
    from analysis.report.batch import run_batch
"""
