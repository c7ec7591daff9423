"""Reports and exports: a self-contained HTML report, JSON/CSV/GraphML exports, SVG plots."""
