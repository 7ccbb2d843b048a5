"""What the survey is: the codebook of each fiscal year, the reference facts, the size schemes."""
