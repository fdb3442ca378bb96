"""The Streamlit boundary: the only package that imports streamlit (``tests/test_boundary.py``
fails when another module does).

=====================  =====================================================================
``navigation``         the pages in navigation order (read by app.py and the tests)
``ui``                 language, badges, figure cards, charts with summary and source, the
                       briefing collected from what a page shows, the share link
``scorecard_widgets``  the scorecard views shared by Scoring and Your data
=====================  =====================================================================
"""
