"""The baseline for bench_rerun.py: a Streamlit script that draws one line of text."""

import streamlit as st

st.write("empty")
