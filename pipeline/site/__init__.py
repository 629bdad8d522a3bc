"""The web edition of the report and the adoption map (landkort).

Modules: `build` (the static site, both editions), `landkort` (map layers and the tile map
SVG), `tiles` (placing the 98 tiles), `svg` (charts inlined in pages). Nothing is imported
here, so `pipeline.report.model` can use `landkort` without importing the site builder.
"""
