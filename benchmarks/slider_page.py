"""The baseline for bench_keypress.py: one slider and one metric computed from it, nothing else.
What a key press costs in Streamlit itself (websocket round trip, an almost empty rerun, React
drawing one number), measured side by side with the app's pages."""

import streamlit as st

value = st.slider("Share", 0, 100, 50, key="share")
st.metric("Relative risk", f"{1 + value / 10:.2f}")
