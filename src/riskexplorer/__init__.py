"""riskexplorer: documented statistics on crimes by and against minors in Kazakhstan, and a
transparent risk-factor scorecard for population-level prevention (never for labelling a child)."""

__version__ = "0.1.0"
