"""The year's report tables and charts, built from the data, the codebook and the statistics."""
