"""Shared Streamlit pieces used by the pages."""
