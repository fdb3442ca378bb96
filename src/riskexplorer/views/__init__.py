"""Presenters, one module per page: Streamlit-free functions that return what a page shows —
texts in the page language, numbers already formatted, frames and chart options — so a page holds
only widgets and layout and makes one call per result.

=================  ==========================================================================
``figures``        Overview, Documented statistics, Methodology: cards, trends, tables, sources
``risk_factors``   Risk factors: the NEET arithmetic, its formulas and the RR grid
``who_can_act``    Who can act: each factor's change, its stakeholders and their actions
``scorecard``      Scoring model (and the scorecard part of Your data): points, risk table, lesson
``your_data``      Your data: preview, column roles, the fit of an upload, per-group table
=================  ==========================================================================
"""
