"""Pure chart builders: (df, *, ...) -> go.Figure. No streamlit, no duckdb."""
